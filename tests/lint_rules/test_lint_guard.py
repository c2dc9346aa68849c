"""One file never sinks the run: deep code is linted or reported as ORM000, never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lint_samples import BAD, MODELS

from lint_rules import LintConfig, apply_fixes, lint_source
from lint_rules.guard import check_guarded, run_deep

CONFIG = LintConfig(json_attributes=("data",))


def handler(expression: str) -> str:
    """A function with an ORM001 finding on line 2 and `expression` on line 3."""
    body = f"    doc.data.append(1)\n    x = {expression}\n    session.commit()\n"
    return "def f(session, doc):\n" + body


@pytest.mark.parametrize(
    "expression",
    ["+".join(["1"] * 400), "[" * 150 + "]" * 150, " and ".join(["a"] * 300), "f" + "()" * 200],
    ids=["400-term sum", "150-deep list", "300-term and", "200 chained calls"],
)
def test_deep_but_sane_code_is_linted(expression: str) -> None:
    found = lint_source(handler(expression), config=CONFIG)
    assert [(v.code, v.line) for v in found] == [("ORM001", 2)]


def test_code_too_deep_even_for_cpython_is_orm000_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.persistguard]\njson-attributes = ["data"]\n'
    )
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "sum.py").write_text(handler("+".join(["1"] * 10_000)))
    (tmp_path / "both.py").write_text(handler(" and ".join(["a"] * 20_000)))
    (tmp_path / "minus.py").write_text(handler("-" * 10_000 + "a"))
    # in a child process: were the guard to fail, the process could die of the C stack
    script = Path(sys.executable).with_name("persistguard")
    result = subprocess.run(
        [str(script), "lint", "--no-cache", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    # CPython's parser gives up on 10,000 nested unary minuses (MemoryError): ORM000
    assert any(line.startswith("minus.py:1:1: ORM000 cannot") for line in lines), lines
    for linted in ("bad.py:6:5", "both.py:2:5", "sum.py:2:5"):  # 10,000 deep is still linted
        assert any(line.startswith(f"{linted}: ORM001") for line in lines), linted


def test_a_recursion_error_in_the_analysis_is_orm000_for_that_file() -> None:
    def check(_source: str, _tree: object) -> list:
        raise RecursionError("maximum recursion depth exceeded")

    (found,) = check_guarded(check, "x = 1\n", "deep.py")
    assert (found.code, found.path, found.message) == (
        "ORM000",
        "deep.py",
        "cannot analyse: nested too deeply (RecursionError)",
    )


def test_the_guard_restores_the_recursion_limit_and_passes_errors_on() -> None:
    before = sys.getrecursionlimit()
    assert run_deep(sys.getrecursionlimit) > before
    with pytest.raises(KeyError):
        run_deep(lambda: {}["x"])
    assert sys.getrecursionlimit() == before


@pytest.mark.parametrize("inner", ["\t ", "\t\t", "\t  "], ids=["tab-space", "tabs", "tab-2"])
def test_mixed_indentation_cpython_accepts_is_linted_not_orm000(inner: str) -> None:
    # one space, then a tab: a tokenizer stricter than CPython's would refuse it
    source = f"def f(session, doc, y):\n if y:\n{inner}doc.data.append(1)\n"
    compile(source, "x.py", "exec")
    found = lint_source(source, config=CONFIG)
    assert [(v.code, v.line, v.col) for v in found] == [("ORM001", 3, len(inner) + 1)]
    fixed, _ = apply_fixes(source, found)
    compile(fixed, "x.py", "exec")  # the fix indents as its statement does


def test_mixed_indentation_cpython_rejects_is_still_a_syntax_error() -> None:
    source = "def f(a):\n    if a:\n\treturn 1\n    return 2\n"
    (found,) = lint_source(source)
    assert found.code == "ORM000" and "inconsistent use of tabs" in found.message
