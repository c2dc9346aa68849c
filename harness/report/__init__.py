"""Stage 4, report: verdicts as a table and progress for people, JSON, JUnit XML and HTML for
tools and browsers."""

from harness.report.context import ReportContext
from harness.report.files import to_json, to_junit, write_json, write_junit
from harness.report.html import to_html, write_html
from harness.report.progress import ReplayProgress
from harness.report.summary import ScenarioSummary, summarize
from harness.report.table import build_table, print_table
from harness.report.text import describe_failure, transcript

__all__ = [
    "ReplayProgress",
    "ReportContext",
    "ScenarioSummary",
    "build_table",
    "describe_failure",
    "print_table",
    "summarize",
    "to_html",
    "to_json",
    "to_junit",
    "transcript",
    "write_html",
    "write_json",
    "write_junit",
]
