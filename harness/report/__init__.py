"""Stage 4, report: verdicts as a table for people, JSON for tools and JUnit XML for CI."""

from harness.report.summary import (
    ScenarioSummary,
    print_table,
    summarize,
    to_json,
    to_junit,
    transcript,
    write_json,
    write_junit,
)

__all__ = [
    "ScenarioSummary",
    "print_table",
    "summarize",
    "to_json",
    "to_junit",
    "transcript",
    "write_json",
    "write_junit",
]
