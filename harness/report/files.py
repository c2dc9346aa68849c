"""Reports for tools: JSON with every failure's SQL, rows and transcript, and JUnit XML for CI.

A JUnit testsuite per scenario and a testcase per invariant, so CI systems
show which invariant broke without parsing anything of ours. Every figure in
the JSON carries its unit in its name (`p95_ms`, `elapsed_s`, `throughput_ops_per_s`);
the rest are counts.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET

from harness.check.verdict import Verdict
from harness.errors import HarnessError
from harness.report.context import ReportContext
from harness.report.summary import summarize
from harness.run.history import Operation, body_summary

#: The JSON report's layout version; bump it when a key changes meaning.
SCHEMA_VERSION = 2


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
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HarnessError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def operation_record(op: Operation) -> dict[str, Any]:
    """One transcript entry: the request, how it ended, when (seconds from the run's start)."""
    return {
        "op": op.index,
        "step": op.step,
        "action": op.action,
        "kind": op.f,
        "request": op.request,
        "outcome": op.outcome,
        "status": op.status,
        "error": op.error,
        "invoked_at_s": round(op.invoked_at, 4),
        "latency_ms": round(op.latency * 1000, 2) if op.latency is not None else None,
        "response": body_summary(op.body),
    }


def failing_interviews(verdict: Verdict) -> list[dict[str, Any]]:
    """Each interview some invariant failed on, with its whole transcript."""
    numbers = sorted({f.interview for f in verdict.failures()})
    ids = {r.number: r.id for r in verdict.run.interviews}
    return [
        {
            "interview": number,
            "interview_id": ids.get(number),
            "transcript": [
                operation_record(op) for op in verdict.run.history if op.interview == number
            ],
        }
        for number in numbers
    ]


def to_json(verdicts: list[Verdict], context: ReportContext | None = None) -> dict[str, Any]:
    """A JSON-ready report: the run's context, summaries, every failure with SQL, rows and
    the failing interviews' transcripts."""
    context = context or ReportContext()
    scenarios = []
    for verdict in verdicts:
        summary = asdict(summarize(verdict))
        summary["passed"] = verdict.passed
        summary["invariants"] = [
            {
                "name": r.name,
                "passed": r.passed,
                "failures": len(r.failures),
                "check_s": round(r.elapsed, 4),
            }
            for r in verdict.results
        ]
        summary["failures"] = [asdict(f) for f in verdict.failures()]
        summary["failing_interviews"] = failing_interviews(verdict)
        scenarios.append(summary)
    postgres = context.postgres
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "persistguard", "version": context.tool_version},
        "generated_at": context.generated_at,
        "postgres": asdict(postgres) if postgres is not None else None,
        "passed": all(v.passed for v in verdicts),
        "scenarios": scenarios,
    }


def write_json(
    verdicts: list[Verdict], path: str | Path, context: ReportContext | None = None
) -> None:
    """Write `to_json` to `path`."""
    _write(path, json.dumps(to_json(verdicts, context), indent=2, default=str) + "\n")


def junit_classname(path: str) -> str:
    """`scenarios/flows/sync.yaml` -> `scenarios.flows.sync`: unique per file, as CI groups it."""
    pure = PurePosixPath(path.replace("\\", "/"))
    parts = [p for p in pure.with_suffix("").parts if p not in ("/", ".", "..")]
    return ".".join(parts) or "scenario"


def to_junit(verdicts: list[Verdict], context: ReportContext | None = None) -> str:
    """JUnit XML: a testsuite per scenario, a testcase per invariant (its time: the check's)."""
    context = context or ReportContext()
    suites = ET.Element("testsuites", name="persistguard replay")
    for verdict in verdicts:
        s = summarize(verdict)
        checks = sum(r.elapsed for r in verdict.results)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=s.scenario,
            tests=str(len(verdict.results)),
            failures=str(len(s.invariants_failed)),
            errors="0",
            time=f"{s.elapsed_s + checks:.3f}",
            timestamp=context.generated_at,
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("path", s.path),
            ("seed", str(s.seed)),
            ("target", s.target),
            ("persistguard_version", context.tool_version),
            ("postgres", context.postgres.line() if context.postgres else "unknown"),
            ("replay_s", f"{s.elapsed_s:.3f}"),
        ):
            ET.SubElement(properties, "property", name=name, value=value)
        classname = junit_classname(s.path)
        for result in verdict.results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=classname,
                name=result.name,
                time=f"{result.elapsed:.3f}",
            )
            if result.failures:
                first = result.failures[0]
                failure = ET.SubElement(
                    case, "failure", message=f"{first.expected}; stored/found: {first.found}"
                )
                failure.text = "\n\n".join(f.describe() for f in result.failures)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(
    verdicts: list[Verdict], path: str | Path, context: ReportContext | None = None
) -> None:
    """Write `to_junit` to `path`."""
    _write(path, to_junit(verdicts, context))
