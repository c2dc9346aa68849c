"""The CLI's harness commands: stdlib-only registration, the extra named when it is missing,
and the bundled scenarios from a checkout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness.cli import main
from harness.commands.serve import PROVIDER_NAMES
from harness.extras import HARNESS_MODULES
from harness.postgres import PROVIDERS

ROOT = Path(__file__).resolve().parents[2]

#: Runs the CLI with the harness's dependencies made unimportable, as on the lean install.
LEAN = """
import sys
for name in {modules!r}:
    sys.modules[name] = None
from harness.cli import main
sys.exit(main({argv!r}))
"""


def _lean(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    code = LEAN.format(modules=HARNESS_MODULES, argv=list(argv))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_serve_offers_every_provider():
    assert PROVIDER_NAMES == PROVIDERS


def test_without_the_extra_replay_prints_one_line_naming_it():
    result = _lean("replay", "scenarios/")
    assert result.returncode == 2
    assert result.stderr == (
        "persistguard: error: `persistguard replay` needs the harness, which this install lacks "
        f"({', '.join(HARNESS_MODULES)}): pip install 'persistguard[harness]'\n"
    )


def test_without_the_extra_locust_names_it_too():
    result = _lean("locust", "scenarios/", "--base-url", "http://127.0.0.1:9", "--db-url", "x")
    assert result.returncode == 2
    assert result.stderr.startswith("persistguard: error: `persistguard locust` needs the harness")
    assert result.stderr.count("\n") == 1


def test_without_the_extra_proxy_names_it_too():
    result = _lean("proxy", "--upstream", "postgresql://postgres@127.0.0.1:5432/postgres")
    assert result.returncode == 2
    assert result.stderr.startswith("persistguard: error: `persistguard proxy` needs the harness")
    assert result.stderr.count("\n") == 1


def test_without_the_extra_mutants_and_explore_name_it_too():
    for command in ("mutants", "explore"):
        result = _lean(command)
        assert result.returncode == 2, command
        assert result.stderr.startswith(
            f"persistguard: error: `persistguard {command}` needs the harness"
        )


def test_proxy_default_host_is_the_proxys_own():
    from harness.commands.proxy import DEFAULT_HOST
    from harness.proxy import DEFAULT_HOST as OWN

    assert DEFAULT_HOST == OWN


def test_without_the_extra_help_and_lint_still_work():
    assert _lean("--help").returncode == 0
    assert "replay" in _lean("replay", "--help").stdout
    linted = _lean("lint", "lint_rules/version.py", "--no-cache")
    assert linted.returncode == 0, linted.stderr
    assert linted.stdout == "All checks passed! (persistguard lint)\n"


def test_scenarios_list_names_each_bundled_file(capsys):
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    files = sorted((ROOT / "scenarios").rglob("*.y*ml"))
    assert out.startswith(f"{len(files)} bundled scenarios in {ROOT / 'scenarios'}:\n")
    assert all(path.name in out for path in files)
    assert "fifty-interviews-side-by-side.yaml" in out and "(50 interviews)" in out


def test_scenarios_copy_copies_and_never_overwrites(tmp_path, capsys):
    assert main(["scenarios", "copy", str(tmp_path / "mine")]) == 0
    mine, bundled = tmp_path / "mine", ROOT / "scenarios"
    copied = sorted(p.relative_to(mine) for p in mine.rglob("*") if p.is_file())
    assert copied == sorted(p.relative_to(bundled) for p in bundled.rglob("*") if p.is_file())
    (tmp_path / "mine" / "bad-inputs.yaml").write_text("mine")
    assert main(["scenarios", "copy", str(tmp_path / "mine")]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "mine" / "bad-inputs.yaml").read_text() == "mine"
