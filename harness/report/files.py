"""Reports for tools: JSON with every failure's SQL and rows, and JUnit XML for CI.

A JUnit testsuite per scenario and a testcase per invariant, so CI systems
show which invariant broke without parsing anything of ours.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from harness.check.verdict import Verdict
from harness.errors import HarnessError
from harness.report.summary import summarize


def check_writable(flag: str, path: str | Path) -> None:
    """Refuse an output file that cannot be written, before a run that may take minutes."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise HarnessError(f"{flag} {target}: is a folder")
    if not folder.is_dir():
        raise HarnessError(f"{flag} {target}: folder {folder} does not exist")
    if not os.access(target if target.exists() else folder, os.W_OK):
        raise HarnessError(f"{flag} {target}: not writable")


def _write(path: str | Path, text: str) -> None:
    try:
        Path(path).write_text(text)
    except OSError as exc:
        raise HarnessError(f"{path}: cannot write: {exc.strerror or exc}") from exc


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
    _write(path, json.dumps(to_json(verdicts), indent=2, default=str) + "\n")


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
    _write(path, to_junit(verdicts))
