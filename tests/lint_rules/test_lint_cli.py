"""`persistguard lint|fix|rule|rules` on files in tmp_path: exit codes, flags, formats."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lint_samples import BAD, GOOD, MODELS

from lint_rules.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_findings_are_printed_sorted_and_exit_1(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "lint")
    assert code == 1
    assert out.splitlines()[:2] == [
        "bad.py:6:5: ORM001 in-place mutation of JSON column `data` is not flagged before the "
        "commit",
        "bad.py:7:5: ORM002 `asyncio.create_task` starts work while the write on line 6 is not "
        "committed",
    ]


def test_clean_file_exits_0_and_says_so(project: Path, capsys) -> None:
    assert run(capsys, "lint", "good.py") == (0, "All checks passed! (persistguard lint)\n", "")


def test_exit_zero_keeps_the_report(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "lint", "--exit-zero")
    assert code == 0
    assert "ORM001" in out


def test_select_and_ignore(project: Path, capsys) -> None:
    _, only_002, _ = run(capsys, "lint", "--select", "ORM002")
    _, without_002, _ = run(capsys, "lint", "--ignore", "ORM002")
    assert "ORM002" in only_002 and "ORM001" not in only_002
    assert "ORM001" in without_002 and "ORM002" not in without_002


def test_unknown_rule_code_in_select_is_a_usage_error(project: Path, capsys) -> None:
    code, out, err = run(capsys, "lint", "--select", "FOO1")
    assert (code, out) == (2, "")
    assert "--select: unknown rule code `FOO1`" in err


def test_statistics_count_per_rule(project: Path, capsys) -> None:
    _, out, _ = run(capsys, "lint", "--statistics")
    assert "1\tORM001\t[*] json-mutation-not-flagged" in out
    assert "1\tORM002\tspawn-before-commit" in out


def test_stdin_filename_reads_source_from_stdin(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(BAD))
    code, out, _ = run(capsys, "lint", "--stdin-filename", "pasted.py")
    assert code == 1
    assert out.startswith("pasted.py:6:5: ORM001")


def test_noqa_with_codes_and_bare(project: Path, capsys) -> None:
    source = BAD.replace("doc.data.append(m)", "doc.data.append(m)  # noqa: ORM001, ORM002")
    spawn = "asyncio.create_task(job(doc_id))"
    source = source.replace(spawn, f"{spawn}  # noqa")
    (project / "bad.py").write_text(source)
    assert run(capsys, "lint")[0] == 0


def test_noqa_for_another_code_does_not_suppress(project: Path, capsys) -> None:
    source = BAD.replace("doc.data.append(m)", "doc.data.append(m)  # noqa: ORM002")
    (project / "bad.py").write_text(source)
    _, out, _ = run(capsys, "lint", "--select", "ORM001")
    assert "bad.py:6:5: ORM001" in out


def test_skip_file_comment(project: Path, capsys) -> None:
    (project / "bad.py").write_text("# persistguard: skip-file\n" + BAD)
    assert run(capsys, "lint")[0] == 0


def test_syntax_error_is_reported_and_the_run_continues(project: Path, capsys) -> None:
    (project / "broken.py").write_text("def f(:\n    pass\n")
    code, out, _ = run(capsys, "lint")
    assert code == 1
    assert "broken.py:1:7: ORM000 cannot parse: invalid syntax" in out
    assert "bad.py:6:5: ORM001" in out


def test_gitignore_and_exclude_are_honoured(project: Path, capsys) -> None:
    (project / ".gitignore").write_text("generated/\n")
    (project / "generated").mkdir()
    (project / "generated" / "bad.py").write_text(BAD)
    (project / "vendor").mkdir()
    (project / "vendor" / "bad.py").write_text(BAD)
    (project / "pyproject.toml").write_text('[tool.persistguard]\nexclude = ["vendor/"]\n')
    _, out, _ = run(capsys, "lint")
    assert "generated" not in out and "vendor" not in out
    assert "bad.py:6:5" in out


def test_config_error_names_file_and_key(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text('[tool.persistguard]\nselec = ["ORM001"]\n')
    code, out, err = run(capsys, "lint")
    assert (code, out) == (2, "")
    assert "pyproject.toml [tool.persistguard] selec: unknown key (expected: select, ignore" in err


def test_config_select_applies(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text('[tool.persistguard]\nselect = ["ORM002"]\n')
    _, out, _ = run(capsys, "lint")
    assert "ORM002" in out and "ORM001" not in out


def test_second_run_is_served_from_cache(project: Path, cache_dir: Path) -> None:
    from lint_rules.engine import lint_paths

    first = lint_paths([project])
    second = lint_paths([project])
    assert (first.cache_hits, first.parsed) == (0, 2)  # bad.py and good.py; models.py filtered
    # every file is served, the pre-filtered models.py included
    assert (second.cache_hits, second.parsed) == (3, 0)
    assert second.violations == first.violations
    assert (cache_dir / "projects").is_dir()
    assert not (project / ".persistguard_cache").exists()  # nothing written into the project


def test_no_cache_neither_reads_nor_writes(project: Path, capsys, cache_dir: Path) -> None:
    run(capsys, "lint", "--no-cache")
    assert list(cache_dir.iterdir()) == []


def test_changing_a_plain_file_misses_only_that_file(project: Path) -> None:
    from lint_rules.engine import lint_paths

    (project / "util.py").write_text("def double(x):\n    return 2 * x\n")
    lint_paths([project])
    (project / "util.py").write_text("def double(x):\n    return x + x\n")
    again = lint_paths([project])
    assert again.cache_hits == again.files - 1 == 3


def test_changing_a_file_that_declares_facts_rechecks_against_the_new_index(
    project: Path,
) -> None:
    """bad.py can declare facts (it commits): every finding may depend on it."""
    from lint_rules.engine import lint_paths

    first = lint_paths([project])
    (project / "bad.py").write_text(BAD.replace("(m)", "(m, )"))
    again = lint_paths([project])
    assert again.cache_hits == 0 and again.parsed == first.parsed == 2


def test_fix_inserts_flag_modified_and_import(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "fix")
    fixed = (project / "bad.py").read_text()
    assert "from sqlalchemy.orm.attributes import flag_modified\n" in fixed
    assert '    doc.data.append(m)\n    flag_modified(doc, "data")\n' in fixed
    assert code == 1  # ORM002 has no autofix and is still reported
    assert "Fixed 1 error." in out
    assert run(capsys, "lint", "--select", "ORM001")[0] == 0


def test_rule_prints_its_documentation(capsys) -> None:
    code, out, _ = run(capsys, "rule", "ORM001")
    assert code == 0
    assert out.startswith("# json-mutation-not-flagged (ORM001)")
    assert "## Why is this bad?" in out


def test_rule_by_name_and_unknown(capsys) -> None:
    assert run(capsys, "rule", "spawn-before-commit")[0] == 0
    code, _, err = run(capsys, "rule", "ORM999")
    assert code == 2
    assert "unknown rule `ORM999`" in err


def test_rules_lists_every_rule(capsys) -> None:
    _, out, _ = run(capsys, "rules")
    assert [line.split()[0] for line in out.splitlines()] == [
        "ORM001",
        "ORM002",
        "ORM003",
        "ORM004",
        "ORM005",
    ]


def test_json_format(project: Path, capsys) -> None:
    _, out, _ = run(capsys, "lint", "--format", "json")
    assert [item["code"] for item in json.loads(out)] == ["ORM001", "ORM002"]


def test_console_script_runs_the_linter(project: Path) -> None:
    script = Path(sys.executable).with_name("persistguard")
    result = subprocess.run(
        [str(script), "lint", "--no-cache", "bad.py"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("bad.py:6:5: ORM001")


def test_stdin_source_is_indexed_instead_of_the_file_on_disk(
    project: Path, capsys, monkeypatch
) -> None:
    (project / "models.py").write_text(MODELS.replace("pg.JSONB", "Integer"))
    buffer = MODELS + "\n\n" + BAD.replace("import asyncio", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO(buffer))
    code, out, _ = run(
        capsys, "lint", "--no-cache", "--select", "ORM001", "--stdin-filename", "models.py"
    )
    assert code == 1
    assert "models.py:19:5: ORM001" in out


def test_check_is_an_alias_of_lint(project: Path, capsys) -> None:
    assert run(capsys, "check") == run(capsys, "lint")


def test_version(capsys) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"persistguard {version('persistguard')}\n"


def test_statistics_prints_only_the_counts(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "lint", "--statistics")
    assert code == 1
    assert out == "1\tORM001\t[*] json-mutation-not-flagged\n1\tORM002\tspawn-before-commit\n"
    _, out, _ = run(capsys, "lint", "--statistics", "--output-format", "json")
    assert [(row["code"], row["count"]) for row in json.loads(out)] == [
        ("ORM001", 1),
        ("ORM002", 1),
    ]


def test_output_format_and_its_old_name(project: Path, capsys) -> None:
    assert run(capsys, "lint", "--output-format", "json") == run(capsys, "lint", "--format", "json")


def test_extend_select_adds_to_select(project: Path, capsys) -> None:
    _, out, _ = run(capsys, "lint", "--select", "ORM001", "--extend-select", "ORM002")
    assert "ORM001" in out and "ORM002" in out


@pytest.mark.parametrize("selector", ["ORM9", "ORM006", "ORM1"])
def test_a_selector_that_matches_no_rule_is_a_usage_error(project: Path, capsys, selector) -> None:
    code, out, err = run(capsys, "lint", "--select", selector)
    assert (code, out) == (2, "")
    assert err == (
        f"persistguard: error: --select: `{selector}` matches no rule "
        "(expected a code or a prefix of: ORM001, ORM002, ORM003, ORM004, ORM005)\n"
    )


def test_a_config_selector_that_matches_no_rule_names_the_file(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text('[tool.persistguard]\nignore = ["ORM07"]\n')
    code, _, err = run(capsys, "lint")
    assert code == 2
    assert "pyproject.toml [tool.persistguard] ignore: `ORM07` matches no rule" in err


def test_per_file_ignores(project: Path, capsys) -> None:
    (project / "tests").mkdir()
    (project / "tests" / "bad.py").write_text(BAD)
    (project / "pkg").mkdir()
    (project / "pkg" / "handlers.py").write_text(BAD)
    (project / "pyproject.toml").write_text(
        "[tool.persistguard.per-file-ignores]\n"
        '"tests/**" = ["ORM002"]\n'
        '"handlers.py" = ["ORM0"]\n'  # no slash: that name in any folder, as in ruff
    )
    _, out, _ = run(capsys, "lint")
    assert [line.split(" ")[:2] for line in out.splitlines()[:-2]] == [
        ["bad.py:6:5:", "ORM001"],
        ["bad.py:7:5:", "ORM002"],
        ["tests/bad.py:6:5:", "ORM001"],
    ]


def test_per_file_ignores_never_hide_a_file_that_was_not_checked(project: Path, capsys) -> None:
    (project / "broken.py").write_text("def f(:\n")
    (project / "pyproject.toml").write_text(
        '[tool.persistguard.per-file-ignores]\n"*.py" = ["ORM"]\n'
    )
    _, out, _ = run(capsys, "lint")
    assert out.splitlines()[0].startswith("broken.py:1:7: ORM000")


def test_config_file_with_top_level_keys_is_read(project: Path, capsys) -> None:
    (project / "persistguard.toml").write_text('select = ["ORM002"]\n')
    _, out, _ = run(capsys, "lint", "--config", "persistguard.toml")
    assert "ORM002" in out and "ORM001" not in out


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        (
            "pyproject.toml",
            'select = ["ORM002"]\n',
            "pyproject.toml: no [tool.persistguard] table",
        ),
        ("lint.toml", 'selec = ["ORM002"]\n', "lint.toml selec: unknown key"),
        ("lint.toml", "[harness]\nseed = 1\n", "lint.toml harness: unknown key"),
        ("lint.toml", "select = [", "lint.toml: invalid TOML"),
        ("missing.toml", None, "missing.toml: cannot read the config file"),
    ],
)
def test_a_config_file_is_read_or_refused(project: Path, capsys, name, body, message) -> None:
    folder = project / "conf"
    folder.mkdir()
    if body is not None:
        (folder / name).write_text(body)
    code, out, err = run(capsys, "lint", "--config", f"conf/{name}")
    assert (code, out) == (2, "")
    assert message in err


def test_unsafe_fixes_flag_is_accepted_and_json_names_each_fixs_applicability(
    project: Path, capsys
) -> None:
    # every fix shipped today is safe: the flag changes nothing, and the output says "safe"
    code, out, _ = run(capsys, "lint", "bad.py", "--unsafe-fixes", "--output-format", "json")
    assert code == 1
    fixes = [v["fix"] for v in json.loads(out) if v.get("fix")]
    assert fixes and {f["applicability"] for f in fixes} == {"safe"}
    assert run(capsys, "fix", "bad.py", "--unsafe-fixes")[0] in (0, 1)
    assert 'flag_modified(' in (project / "bad.py").read_text()
