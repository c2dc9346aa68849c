"""What `persistguard replay` shows and writes: the start line, progress, the table at 80
columns, JSON, JUnit XML and the self-contained HTML report."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console

from harness.cli import main
from harness.postgres import PostgresChoice, describe_url
from harness.replay import ReplaySettings, replay_all
from harness.report.context import ReportContext
from harness.report.files import junit_classname, to_json, to_junit
from harness.report.html import to_html
from harness.report.progress import ReplayProgress
from harness.report.table import build_table
from harness.scenario.loader import load_paths
from lint_rules.version import package_version

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PASSING = (SCENARIOS / "full-interview-sync.yaml").read_text()
FAILING = PASSING.replace(
    "final:\n  status: completed\n  message_count: 42",
    "final:\n  status: completed\n  message_count: 40",
)


@pytest.fixture(scope="module")
def two_files(tmp_path_factory) -> list[Path]:
    """The same file name in two folders: one failing copy, one passing."""
    root = tmp_path_factory.mktemp("same-stem")
    (root / "a").mkdir()
    (root / "b").mkdir()
    (root / "a" / "full-interview-sync.yaml").write_text(FAILING)
    (root / "b" / "full-interview-sync.yaml").write_text(PASSING)
    return [root / "a" / "full-interview-sync.yaml", root / "b" / "full-interview-sync.yaml"]


@pytest.fixture(scope="module")
def verdicts(two_files, postgres_server):
    return replay_all(
        load_paths(two_files), ReplaySettings(postgres=PostgresChoice(url=postgres_server.url))
    )


@pytest.fixture(scope="module")
def context(postgres_server):
    return ReportContext(postgres=describe_url(postgres_server.url))


# -- the start line and progress ------------------------------------------------------------


def test_the_start_line_names_postgres_without_its_password(postgres_server, capsys):
    url = re.sub(r"^postgresql://postgres:?@", "postgresql://postgres:s3cret@", postgres_server.url)
    assert "s3cret" in url  # trust authentication ignores it; the output must not show it
    code = main(["replay", str(SCENARIOS / "full-interview-sync.yaml"), "--pg-url", url])
    err = capsys.readouterr().err
    assert code == 0, err
    first = err.splitlines()[0]
    assert re.match(
        r"persistguard replay: 1 scenario\(s\), 1 interview\(s\) against the "
        r"reference app \(in-process\) on PostgreSQL \d+\.\d+.* \(url, .+\)$",
        first,
    )
    assert "s3cret" not in err


def test_without_a_terminal_each_scenario_prints_a_line_as_it_finishes(postgres_server, capsys):
    files = [SCENARIOS / "full-interview-sync.yaml", SCENARIOS / "bad-inputs.yaml"]
    assert main(["replay", *map(str, files), "--pg-url", postgres_server.url]) == 0
    lines = capsys.readouterr().err.splitlines()[1:]
    assert [re.sub(r"\(.*\)", "()", line) for line in lines] == [
        f"[1/2] {files[0]}: ok, 8/8 invariants held ()",
        f"[2/2] {files[1]}: ok, 8/8 invariants held ()",
    ]


def test_a_failed_scenario_line_names_the_invariant(verdicts):
    out = io.StringIO()
    progress = ReplayProgress(Console(file=out, width=200), scenarios=2, interviews=2)
    progress.scenario_done(verdicts[0])
    progress.close()
    assert re.match(
        r"\[1/2\] .*a/full-interview-sync\.yaml: FAILED final_state; 7/8 invariants "
        r"held \(25 ops, [\d.]+ s\)\n$",
        out.getvalue(),
    )


def test_on_a_terminal_a_bar_shows_once_the_delay_has_passed(verdicts):
    out = io.StringIO()
    terminal = Console(file=out, force_terminal=True, width=100)
    progress = ReplayProgress(terminal, scenarios=1, interviews=3, delay=0.0)
    progress.interview_done()
    progress.scenario_done(verdicts[1])
    progress.close()
    text = out.getvalue()
    assert "replaying" in text and "interviews" in text  # the bar was drawn
    assert "[1/1]" in text  # and the scenario's line printed above it


def test_a_quiet_terminal_run_shorter_than_the_delay_draws_no_bar(verdicts):
    out = io.StringIO()
    progress = ReplayProgress(
        Console(file=out, force_terminal=True), scenarios=1, interviews=1, delay=3600
    )
    progress.interview_done()
    progress.close()
    assert "replaying" not in out.getvalue()


# -- the table ------------------------------------------------------------------------------


def test_the_table_fits_80_columns_and_never_cuts_names_into_stubs(verdicts):
    names = [p.stem for p in SCENARIOS.glob("*.yaml")]
    fake = [verdicts[0]] * len(names)
    out = io.StringIO()
    console = Console(file=out, width=80)
    console.print(build_table(fake))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    # with the real names: every name is whole, read down its (folded) cell
    from dataclasses import replace

    renamed = [
        replace(v, run=replace(v.run, scenario=replace(v.run.scenario, path=f"{n}.yaml")))
        for v, n in zip(fake, names, strict=True)
    ]
    out = io.StringIO()
    Console(file=out, width=80).print(build_table(renamed))
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in out.getvalue()
    # a folded name goes on in the first column of the next line, alone there
    cells: list[str] = []
    for line in lines:
        words = line.split()
        if len(words) == 1 and cells and line.startswith(words[0]):
            cells[-1] += words[0]
        elif words and not line.startswith(" "):
            cells.append(words[0])
    for name in names:
        assert name in cells, (name, cells)


# -- JSON -----------------------------------------------------------------------------------


def test_json_carries_version_time_postgres_units_and_failing_transcripts(verdicts, context):
    report = json.loads(json.dumps(to_json(verdicts, context), default=str))
    assert report["tool"] == {"name": "persistguard", "version": package_version()}
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", report["generated_at"])
    assert report["postgres"]["provider"] == "url"
    assert re.match(r"\d+\.\d+", report["postgres"]["version"])
    failed, passed = report["scenarios"]
    figures = {k for k, v in failed.items() if isinstance(v, float)}
    assert figures == {"p50_ms", "p95_ms", "p99_ms", "throughput_ops_per_s", "elapsed_s"}
    assert [i["name"] for i in failed["invariants"] if not i["passed"]] == ["final_state"]
    (interview,) = failed["failing_interviews"]
    assert interview["interview"] == 1 and len(interview["transcript"]) == 25
    entry = interview["transcript"][-1]
    assert entry["request"].startswith("GET /interviews/") and entry["status"] == 200
    assert entry["latency_ms"] > 0 and entry["invoked_at_s"] > 0
    assert passed["failing_interviews"] == [] and passed["passed"] is True


# -- JUnit ----------------------------------------------------------------------------------


def test_junit_classnames_follow_the_file_path_and_times_are_measured(verdicts, context):
    suites = ET.fromstring(to_junit(verdicts, context))
    a, b = (suite.find("testcase").get("classname") for suite in suites)
    assert a != b and a.endswith("a.full-interview-sync") and b.endswith("b.full-interview-sync")
    times = [float(case.get("time")) for case in suites.iter("testcase")]
    assert sum(times) > 0
    cases = suites[0].findall("testcase")
    assert float(suites[0].get("time")) >= sum(float(c.get("time")) for c in cases)


def test_junit_classname_of_a_relative_path():
    assert junit_classname("scenarios/flows/sync.yaml") == "scenarios.flows.sync"
    assert junit_classname("./x.yml") == "x"


# -- HTML -----------------------------------------------------------------------------------


def test_html_is_self_contained(verdicts, context):
    page = to_html(verdicts, context)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert re.findall(r"https?://[^\s\"'<]+", page) == ["http://www.w3.org/2000/svg"] * 4


def test_html_has_charts_verdicts_and_each_failures_evidence(verdicts, context):
    page = to_html(verdicts, context)
    assert page.count("<svg") == 4  # a histogram and a throughput plot per scenario
    assert "latency (ms)" in page and "time since start (s)" in page and "ops/s" in page
    assert page.count("final_state") >= 3
    assert "expected: status completed, 40 messages" in page
    assert "SELECT t.&quot;id&quot;::text AS interview_id" in page
    assert "<th>message_count</th>" in page and "<td>42</td>" in page
    assert "transcript of interview 1 (25 operations)" in page
    assert context.postgres is not None and context.postgres.version in page


def test_replay_writes_every_report_it_is_asked_for(postgres_server, tmp_path, capsys):
    code = main(
        [
            "replay",
            str(SCENARIOS / "full-interview-sync.yaml"),
            "--pg-url",
            postgres_server.url,
            "--report-html",
            str(tmp_path / "r.html"),
            "--report-json",
            str(tmp_path / "r.json"),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "<svg" in (tmp_path / "r.html").read_text()
    assert json.loads((tmp_path / "r.json").read_text())["postgres"]["provider"] == "url"


def test_a_report_in_a_missing_folder_is_refused_before_the_run(tmp_path, capsys):
    code = main(
        [
            "replay",
            str(SCENARIOS / "full-interview-sync.yaml"),
            "--report-html",
            str(tmp_path / "nope" / "r.html"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err == f"persistguard: error: --report-html {tmp_path / 'nope' / 'r.html'}: folder "
        f"{tmp_path / 'nope'} does not exist\n"
    )


def test_replay_with_nothing_to_replay_is_a_usage_error(capsys):
    assert main(["replay"]) == 2
    assert "give scenario files or folders, or --bundled" in capsys.readouterr().err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)"
)
def test_a_headless_browser_renders_the_html_report(verdicts, context, tmp_path):
    import subprocess

    page = tmp_path / "report.html"
    page.write_text(to_html(verdicts, context))
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert dom.count("<svg") == 4 and "transcript of interview 1" in dom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report-screenshot.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
