"""Generated programs (hypothesmith) never crash the linter or the fixer, and the engine's
shortcuts never change the findings: serial or parallel, cold or warm cache.

The default run tries 200 programs; `pytest -m fuzz` (run by `.ci/run`) tries 2,000.
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lint_rules import LintConfig, Violation, build_index, lint_paths, lint_source
from lint_rules.engine import PARALLEL_THRESHOLD
from lint_rules.fix_files import fix_text
from lint_rules.reading import SourceFile

CONFIG = LintConfig(json_attributes=("data",))
#: appended to each program so that the rules, and the fixer, have work to do
HANDLER = (
    "\n\ndef handler(session, doc):\n"
    "    doc.data.append(1)\n"
    "    asyncio.create_task(job(doc))\n"
    "    session.commit()\n"
)
INDEX = build_index([], CONFIG.json_attributes)
SETTINGS = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    "database": None,
    # no target phase: hill-climbing the grammar's size metrics took over ten minutes
    # for the 200 default examples, and finds nothing generation does not
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
}


def compiles(source: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(source, "<fuzz>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    return True


def check_program(program: str) -> None:
    """The linter returns findings (never raises); fixing keeps valid code valid."""
    source = program + HANDLER
    found = lint_source(source, "fuzz.py", CONFIG, INDEX)
    assert all(isinstance(v, Violation) for v in found)
    if not compiles(source):
        return
    assert all(v.code != "ORM000" or "cannot analyse" in v.message for v in found), found
    fixed = fix_text(
        "fuzz.py",
        SourceFile(source, "utf-8"),
        found,
        lambda text: lint_source(text, "fuzz.py", CONFIG, INDEX),
    )
    assert fixed.error is None
    assert compiles(fixed.after), fixed.after


@settings(max_examples=200, **SETTINGS)  # type: ignore[arg-type]
@given(hypothesmith.from_grammar())
def test_generated_programs_never_crash_the_linter_or_the_fixer(program: str) -> None:
    check_program(program)


@pytest.mark.fuzz
@settings(max_examples=2000, **SETTINGS)  # type: ignore[arg-type]
@given(hypothesmith.from_grammar())
def test_fuzz_2000_generated_programs(program: str) -> None:
    check_program(program)


def check_project(programs: list[str], folder: Path) -> None:
    """The same findings serial and parallel, from a cold cache and a warm one."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "fuzz"\n\n[tool.persistguard]\njson-attributes = ["data"]\n'
    )
    copies = -(-PARALLEL_THRESHOLD // len(programs))  # enough files to take the parallel path
    for number, program in enumerate(programs):
        (folder / f"plain{number}.py").write_text(program)
        for copy in range(copies):
            handler = HANDLER.replace("handler(", f"handler{copy}(")
            (folder / f"m{number}_{copy}.py").write_text(program + handler)
    serial = lint_paths([folder], use_cache=False, jobs=1)
    parallel = lint_paths([folder], use_cache=False, jobs=2)
    cold = lint_paths([folder], jobs=1)
    warm = lint_paths([folder], jobs=2)
    assert parallel.parsed >= PARALLEL_THRESHOLD and warm.parsed == 0
    assert serial.violations == parallel.violations == cold.violations == warm.violations


PROJECT = st.lists(hypothesmith.from_grammar(), min_size=3, max_size=8)


@settings(max_examples=3, **SETTINGS)  # type: ignore[arg-type]
@given(programs=PROJECT)
def test_findings_do_not_depend_on_processes_or_cache(
    programs: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    check_project(programs, tmp_path_factory.mktemp("fuzz") / "project")


@pytest.mark.fuzz
@settings(max_examples=20, **SETTINGS)  # type: ignore[arg-type]
@given(programs=PROJECT)
def test_fuzz_findings_do_not_depend_on_processes_or_cache(
    programs: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    check_project(programs, tmp_path_factory.mktemp("fuzz") / "project")
