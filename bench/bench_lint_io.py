"""Measure the linter's input/output layer: fixes per finding, a virtualenv inside the project,
the cost of the guard.

    python bench/bench_lint_io.py [--findings 100,200,400,800] [--venv-files 1000]

Prints times and ratios measured in this one run. Numbers, not asserts.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lint_rules import LintConfig, Violation, build_index, lint_paths
from lint_rules.engine import check_source
from lint_rules.fix_files import fix_text
from lint_rules.guard import check_guarded, parse
from lint_rules.reading import SourceFile

MODELS = """\
from sqlalchemy import Column, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Doc(Base):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
    data = Column(JSONB)
"""
HANDLER = """

def handler_{n}(session, doc: Doc):
    doc.data.append({n})
    session.commit()
"""
PLAIN = """\
def helper_{n}(values: list[int]) -> int:
    return sum(v * {n} for v in values if v % 2)
"""


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def findings(counts: list[int]) -> None:
    """Lint and fix one file with N findings: time per finding should stay flat (linear)."""
    print(f"{'findings':>8} {'lint s':>8} {'fix s':>8} {'fix ms/finding':>15}")
    for count in counts:
        lint, fix = _lint_and_fix(MODELS + "".join(HANDLER.format(n=n) for n in range(count)))
        print(f"{count:8} {lint:8.2f} {fix:8.2f} {1000 * fix / count:15.2f}")


def _lint_and_fix(source: str) -> tuple[float, float]:
    config = LintConfig(json_attributes=("data",))
    index = build_index([], config.json_attributes)

    def check(text: str) -> list[Violation]:
        return check_guarded(
            lambda t, tree: check_source(t, "m.py", config, index, tree=tree), text, "m.py"
        )

    start = time.perf_counter()
    found = check(source)
    middle = time.perf_counter()
    fix_text("m.py", SourceFile(source, "utf-8"), found, check)  # fix, then re-lint the result
    return middle - start, time.perf_counter() - middle


def venv_inside(files: int) -> None:
    """`lint .` on a project, then on the same project with a virtualenv folder inside."""
    folder = Path(tempfile.mkdtemp(prefix="persistguard-bench-io-"))
    cache = Path(tempfile.mkdtemp(prefix="persistguard-bench-io-cache-"))
    try:
        (folder / "pyproject.toml").write_text('[project]\nname = "bench"\n')
        (folder / "models.py").write_text(MODELS)
        for n in range(20):
            (folder / f"mod{n}.py").write_text(HANDLER.format(n=n) + PLAIN.format(n=n))
        config = LintConfig(root=folder)
        without = timed(lambda: lint_paths([folder], config, use_cache=False, jobs=1))
        # named `env` (not `.venv`): only its `pyvenv.cfg` says what it is
        site = folder / "env" / "lib" / "python3.11" / "site-packages"
        for n in range(files):
            package = site / f"pkg{n % 50}"
            package.mkdir(parents=True, exist_ok=True)
            text = MODELS if n % 10 == 0 else HANDLER.format(n=n) + PLAIN.format(n=n) * 5
            (package / f"m{n}.py").write_text(text)
        (folder / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
        with_venv = timed(lambda: lint_paths([folder], config, use_cache=False, jobs=1))
        print(f"project alone:                        {without:6.2f} s")
        print(
            f"with a {files}-file virtualenv inside:  {with_venv:6.2f} s "
            f"({with_venv / without:.2f}x)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)


def guard_cost() -> None:
    """The guarded check (parse and analysis in a deep-stack thread) against the bare check."""
    root = Path(__file__).resolve().parents[1]
    sources = [p.read_text() for p in sorted((root / "lint_rules").rglob("*.py"))]
    sources += [p.read_text() for p in sorted((root / "reference_app").rglob("*.py"))]
    config = LintConfig(json_attributes=("conversation_data",))
    index = build_index([], config.json_attributes)
    gc.disable()  # as `lint_paths` runs
    bare_s = timed(lambda: [check_source(s, "m.py", config, index) for s in sources])
    guarded_s = timed(
        lambda: [
            check_guarded(
                lambda t, tree: check_source(t, "m.py", config, index, tree=tree), s, "m.py"
            )
            for s in sources
        ]
    )
    parse_s = timed(lambda: [parse(s) for s in sources])
    print(f"{len(sources)} files (lint_rules/, reference_app/):")
    print(f"  bare check       {bare_s:6.2f} s")
    print(f"  guarded check    {guarded_s:6.2f} s  ({guarded_s / bare_s:.2f}x)")
    print(f"  (the guard's parse alone, in its thread: {parse_s:.2f} s; the bare check parses too)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--findings", default="100,200,400,800")
    parser.add_argument("--venv-files", type=int, default=1000)
    args = parser.parse_args()
    findings([int(n) for n in args.findings.split(",")])
    print()
    venv_inside(args.venv_files)
    print()
    guard_cost()


if __name__ == "__main__":
    main()
