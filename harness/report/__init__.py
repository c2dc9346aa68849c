"""Stage 4, report: verdicts as a table for people, JSON for tools and JUnit XML for CI."""

from harness.report.files import to_json, to_junit, write_json, write_junit
from harness.report.summary import ScenarioSummary, summarize
from harness.report.table import print_table
from harness.report.text import describe_failure, transcript

__all__ = [
    "ScenarioSummary",
    "describe_failure",
    "print_table",
    "summarize",
    "to_json",
    "to_junit",
    "transcript",
    "write_json",
    "write_junit",
]
