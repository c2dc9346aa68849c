"""`--report-html FILE`: one self-contained page per run, readable with no network.

Inline CSS and SVG only (no script, no font, no CDN): per scenario its
figures, a latency histogram, throughput over time, every invariant's verdict,
and for each failure the evidence (expected, stored, SQL, rows) and the
failing interview's transcript.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from harness.check.evidence import MAX_ROWS, InvariantFailure
from harness.check.explain import transcript
from harness.check.verdict import Verdict
from harness.report.charts import histogram, series, throughput_points
from harness.report.context import ReportContext
from harness.report.summary import summarize

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d1f23; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 6px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: #555; margin-bottom: 12px; }
.pass { color: #11702f; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
section { border-top: 2px solid #e4e4e4; margin-top: 18px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
svg.chart { background: #fafafa; border: 1px solid #e4e4e4; font-size: 11px; }
svg .axis { stroke: #444; } svg .grid { stroke: #e6e6e6; }
svg .bar { fill: #4a7bd0; } svg .line { fill: none; stroke: #c0562c; stroke-width: 2; }
svg .dot { fill: #c0562c; } svg .label { fill: #333; font-size: 12px; }
pre { background: #f5f5f5; padding: 8px; font-size: 12px;
      white-space: pre-wrap; overflow-wrap: anywhere; }
.failure { border-left: 4px solid #b3261e; padding-left: 12px; margin: 12px 0; }
"""


def _verdict_word(passed: bool) -> str:
    return '<span class="pass">passed</span>' if passed else '<span class="fail">FAILED</span>'


def _summary_table(verdicts: list[Verdict]) -> str:
    rows: list[str] = []
    for verdict in verdicts:
        s = summarize(verdict)
        held = len(s.invariants_passed)
        rows.append(
            f'<tr><td><a href="#s{len(rows)}">{escape(s.scenario)}</a></td>'
            f"<td>{s.interviews}</td><td>{s.operations}</td>"
            f"<td>{s.failed_operations}/{s.unknown_operations}</td><td>{s.p50_ms:.1f}</td>"
            f"<td>{s.p95_ms:.1f}</td><td>{s.p99_ms:.1f}</td><td>{s.throughput_ops_per_s:.0f}</td>"
            f"<td>{held}/{held + len(s.invariants_failed)}</td>"
            f"<td>{_verdict_word(verdict.passed)}</td></tr>"
        )
    head = (
        "<tr><th>scenario</th><th>interviews</th><th>operations</th><th>fail/info</th>"
        "<th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>ops/s</th><th>invariants held</th>"
        "<th>verdict</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _rows_table(rows: tuple[dict[str, Any], ...]) -> str:
    if not rows:
        return ""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(row.get(c, '')))}</td>" for c in columns) + "</tr>"
        for row in rows[:MAX_ROWS]
    )
    return f'<table class="rows"><tr>{head}</tr>{body}</table>'


def _failure(verdict: Verdict, failure: InvariantFailure) -> str:
    parts = [
        '<div class="failure">',
        f"<h3>[{escape(failure.invariant)}] interview {failure.interview} "
        f"({escape(str(failure.interview_id))})</h3>",
    ]
    if failure.operation:
        parts.append(f"<div>operation: <code>{escape(failure.operation)}</code></div>")
    parts.append(f"<div>expected: {escape(failure.expected)}</div>")
    parts.append(f"<div>stored/found: {escape(failure.found)}</div>")
    if failure.sql:
        parts.append(f"<h4>SQL</h4><pre>{escape(' '.join(failure.sql.split()))}</pre>")
    if failure.rows:
        parts.append("<h4>rows</h4>" + _rows_table(failure.rows))
    parts.append(f"<h4>transcript</h4><pre>{escape(transcript(verdict.run, failure))}</pre>")
    parts.append("</div>")
    return "".join(parts)


def _scenario(index: int, verdict: Verdict) -> str:
    s = summarize(verdict)
    http = [op for op in verdict.run.history if not op.is_wait]
    latencies = [op.latency * 1000 for op in http if op.latency is not None]
    completions = [op.completed_at for op in http if op.completed_at is not None]
    charts = histogram(latencies, title=f"{s.scenario}: latency", unit="latency (ms)") + series(
        throughput_points(completions, verdict.run.elapsed),
        title=f"{s.scenario}: throughput",
        x_unit="time since start (s)",
        y_unit="ops/s",
    )
    invariants = "".join(
        f"<tr><td>{escape(r.name)}</td><td>{_verdict_word(r.passed)}</td>"
        f"<td>{len(r.failures)}</td><td>{r.elapsed * 1000:.1f}</td></tr>"
        for r in verdict.results
    )
    failures = "".join(_failure(verdict, f) for f in verdict.failures()[:50])
    more = len(verdict.failures()) - 50
    return (
        f'<section id="s{index}"><h2>{escape(s.scenario)} {_verdict_word(verdict.passed)}</h2>'
        f'<div class="meta">{escape(s.path)} · seed {s.seed} · target {escape(s.target)} · '
        f"{s.interviews} interview(s) · {s.operations} operations in {s.elapsed_s:.2f} s · "
        f"p50/p95/p99 {s.p50_ms:.1f}/{s.p95_ms:.1f}/{s.p99_ms:.1f} ms · "
        f"{s.throughput_ops_per_s:.0f} ops/s</div>"
        f'<div class="charts">{charts}</div>'
        "<h3>invariants</h3><table><tr><th>invariant</th><th>verdict</th><th>failures</th>"
        f"<th>check ms</th></tr>{invariants}</table>"
        + (f"<h3>failures</h3>{failures}" if failures else "")
        + (f"<p>... and {more} more failure(s) (see the JSON report)</p>" if more > 0 else "")
        + "</section>"
    )


def to_html(verdicts: list[Verdict], context: ReportContext | None = None) -> str:
    """The whole page as one string."""
    context = context or ReportContext()
    passed = all(v.passed for v in verdicts)
    postgres = escape(context.postgres.line()) if context.postgres else "PostgreSQL: unknown"
    body = "".join(_scenario(i, v) for i, v in enumerate(verdicts))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>persistguard replay: {'passed' if passed else 'FAILED'}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>persistguard replay {_verdict_word(passed)}</h1>"
        f'<div class="meta">persistguard {escape(context.tool_version)} · '
        f"{escape(context.generated_at)} · {postgres} · {len(verdicts)} scenario(s)</div>"
        f"{_summary_table(verdicts)}{body}</body></html>\n"
    )


def write_html(
    verdicts: list[Verdict], path: str | Path, context: ReportContext | None = None
) -> None:
    """Write `to_html` to `path`."""
    Path(path).write_text(to_html(verdicts, context), encoding="utf-8")
