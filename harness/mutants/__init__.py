"""Mutants of the reference app: generated with libcst, linted, and replayed against.

catalog (sites found in the source) -> build (a temporary copy, importable
under its own name) -> lint_check and runtime_check -> verdict -> table.
"""

from harness.mutants.build import MutantCopy, build
from harness.mutants.catalog import all_mutants
from harness.mutants.edits import MutantError
from harness.mutants.evaluate import evaluate
from harness.mutants.model import Mutant
from harness.mutants.runtime_check import RunSettings, bundled_scenario_paths
from harness.mutants.verdict import MutantResult

__all__ = [
    "Mutant",
    "MutantCopy",
    "MutantError",
    "MutantResult",
    "RunSettings",
    "all_mutants",
    "build",
    "bundled_scenario_paths",
    "evaluate",
]
