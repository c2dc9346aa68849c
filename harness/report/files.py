"""Reports for tools: JSON with every failure's SQL and rows, and JUnit XML for CI.

A JUnit testsuite per scenario and a testcase per invariant, so CI systems
show which invariant broke without parsing anything of ours.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from harness.check.verdict import Verdict
from harness.report.summary import summarize


def to_json(verdicts: list[Verdict]) -> dict[str, Any]:
    """A JSON-ready report: summaries, and every failure with its SQL and rows."""
    scenarios = []
    for verdict in verdicts:
        summary = asdict(summarize(verdict))
        summary["passed"] = verdict.passed
        summary["failures"] = [asdict(f) for f in verdict.failures()]
        scenarios.append(summary)
    return {"passed": all(v.passed for v in verdicts), "scenarios": scenarios}


def write_json(verdicts: list[Verdict], path: str | Path) -> None:
    """Write `to_json` to `path`."""
    Path(path).write_text(json.dumps(to_json(verdicts), indent=2, default=str) + "\n")


def to_junit(verdicts: list[Verdict]) -> str:
    """JUnit XML: a testsuite per scenario, a testcase per invariant."""
    suites = ET.Element("testsuites", name="persistguard replay")
    for verdict in verdicts:
        s = summarize(verdict)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=s.scenario,
            tests=str(len(verdict.results)),
            failures=str(len(s.invariants_failed)),
            errors="0",
            time=f"{s.elapsed:.3f}",
        )
        for result in verdict.results:
            case = ET.SubElement(
                suite, "testcase", classname=f"scenarios.{s.scenario}", name=result.name, time="0"
            )
            if result.failures:
                first = result.failures[0]
                failure = ET.SubElement(
                    case, "failure", message=f"{first.expected}; stored/found: {first.found}"
                )
                failure.text = "\n\n".join(f.describe() for f in result.failures)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(verdicts: list[Verdict], path: str | Path) -> None:
    """Write `to_junit` to `path`."""
    Path(path).write_text(to_junit(verdicts))
