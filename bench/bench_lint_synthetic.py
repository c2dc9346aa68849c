"""Measure the linter on a generated project: cold vs cached, serial vs parallel, pre-filter.

    python bench/bench_lint_synthetic.py [--files 500] [--relevant 0.1]

Generates N files (a fraction of them touch a JSON column or spawn a task, the
rest are ordinary code), runs each configuration once in this process and
prints wall times and ratios measured in the same run. Numbers, not asserts.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lint_rules import LintConfig, lint_paths

MODELS = """\
from sqlalchemy import Column, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Doc(Base):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
    conversation_data = Column(JSONB)
"""
RELEVANT = """\
import asyncio


async def handler_{n}(session, doc_id, message):
    doc = await session.get(Doc, doc_id)
    doc.conversation_data.append(message)
    asyncio.create_task(notify(doc_id))
    await session.commit()
"""
PLAIN = """\
def helper_{n}(values: list[int]) -> int:
    total = 0
    for value in values:
        if value % 2:
            total += value * {n}
        else:
            total -= value
    return total


class Thing{n}:
    def __init__(self) -> None:
        self.items: list[int] = []

    def add(self, x: int) -> None:
        self.items.append(x)
"""


def generate(folder: Path, files: int, relevant: float, seed: int = 7) -> int:
    """Write the tree; returns how many files are relevant."""
    rng = random.Random(seed)
    (folder / "pyproject.toml").write_text('[project]\nname = "bench"\n')
    (folder / "models.py").write_text(MODELS)
    hits = 0
    for n in range(files):
        package = folder / f"pkg{n % 20}"
        package.mkdir(exist_ok=True)
        if rng.random() < relevant:
            hits += 1
            body = RELEVANT.format(n=n) + PLAIN.format(n=n) * 3
        else:
            body = PLAIN.format(n=n) * 4
        (package / f"mod{n}.py").write_text(body)
    return hits


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--relevant", type=float, default=0.1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="persistguard-bench-"))
    cache_dir = Path(tempfile.mkdtemp(prefix="persistguard-bench-cache-"))
    try:
        hits = generate(folder, args.files, args.relevant)
        config = LintConfig(root=folder)

        def clear() -> None:
            shutil.rmtree(cache_dir, ignore_errors=True)

        def run(**kwargs: object) -> Callable[[], object]:
            return lambda: lint_paths(
                [folder],
                config,
                cache_dir=cache_dir,
                **kwargs,  # type: ignore[arg-type]
            )

        rows: dict[str, float] = {}
        rows["cold, serial, no pre-filter"] = timed(run(use_cache=False, jobs=1, prefilter=False))
        rows["cold, serial"] = timed(run(use_cache=False, jobs=1))
        rows["cold, parallel, no pre-filter"] = timed(
            run(use_cache=False, jobs=args.jobs, prefilter=False)
        )
        rows["cold, parallel"] = timed(run(use_cache=False, jobs=args.jobs))
        clear()
        rows["cache fill (serial)"] = timed(run(use_cache=True, jobs=1))
        rows["cached"] = timed(run(use_cache=True, jobs=1))
        found = lint_paths([folder], config, use_cache=True, jobs=1, cache_dir=cache_dir)
        clear()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(cache_dir, ignore_errors=True)

    base = rows["cold, serial, no pre-filter"]
    print(
        f"{args.files} files, {hits} relevant, {len(found.violations)} findings, jobs={args.jobs}"
    )
    print(f"{'configuration':34} {'seconds':>8} {'vs baseline':>12}")
    for name, seconds in rows.items():
        print(f"{name:34} {seconds:8.3f} {base / seconds:11.1f}x")
    print()
    unfiltered = rows["cold, serial, no pre-filter"]
    print(f"pre-filter speed-up (serial):   {unfiltered / rows['cold, serial']:.1f}x")
    print(
        f"parallel speed-up (no filter):  "
        f"{rows['cold, serial, no pre-filter'] / rows['cold, parallel, no pre-filter']:.1f}x"
    )
    print(f"cached vs cold serial:          {rows['cold, serial'] / rows['cached']:.1f}x")


if __name__ == "__main__":
    main()
