"""Hypothesis explores interview flows, interleavings and seeds; failures become scenario files."""

from harness.explore.regression import write_regression
from harness.explore.search import Exploration, ExploreSettings, Finding, explore
from harness.explore.strategies import scenario_documents

__all__ = [
    "Exploration",
    "ExploreSettings",
    "Finding",
    "explore",
    "scenario_documents",
    "write_regression",
]
