"""The linter on large real trees, against the parse floor, measured in one run.

    python bench/bench_lint.py [--tree PATH] [--backend-copies 40] [--skip-libcst]

Two trees: a real one (default: this environment's site-packages, hundreds of
thousands of lines of other people's code, heavy in pydantic models) and a
backend made of N renamed copies of `reference_app/` (every file is FastAPI +
SQLAlchemy code, so most of them reach the rules). Each configuration runs in
a fresh process, so CPU seconds and peak memory are its own. Prints a table of
lines per second and the ratios the linter is judged by: cold / parse every
file with libcst, cold / `ast.parse` every file, warm / cold, 2 vs 1 process,
and one changed file with the rest cached (the pre-commit case).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: runs in a child process; prints {"cpu": s, "wall": s, "rss": MiB, ...} as JSON
CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    from pathlib import Path
    mode, tree, jobs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    files = [p for p in tree.rglob("*.py") if p.is_file()]
    start, wall = time.process_time(), time.perf_counter()
    extra = {}
    if mode in ("ast", "libcst"):
        import ast
        if mode == "libcst":
            import libcst
        parsed = 0
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
                ast.parse(text) if mode == "ast" else libcst.parse_module(text)
                parsed += 1
            except Exception:
                pass
        extra["files"] = parsed
    else:
        from lint_rules import LintConfig, lint_paths
        targets = [tree / sys.argv[4]] if mode == "one" else [tree]
        result = lint_paths(targets, LintConfig(root=tree), use_cache=mode != "cold", jobs=jobs)
        extra = {"files": result.files, "findings": len(result.violations)}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - start + children.ru_utime + children.ru_stime
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss) / 1024
    print(json.dumps({"cpu": cpu, "wall": time.perf_counter() - wall, "rss": rss, **extra}))
    """
)


def measure(
    mode: str, tree: Path, jobs: int = 1, target: str = "", cache: Path | None = None
) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if cache is not None:
        env["PERSISTGUARD_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(tree), str(jobs), target],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def lines_of(tree: Path) -> int:
    total = 0
    for path in tree.rglob("*.py"):
        with contextlib.suppress(OSError):
            total += path.read_bytes().count(b"\n")
    return total


def make_backend(folder: Path, copies: int) -> Path:
    """N copies of the reference app, each its own package (imports renamed)."""
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text('[project]\nname = "backend"\n')
    for number in range(copies):
        package = folder / f"app_{number}"
        shutil.copytree(
            ROOT / "reference_app", package, ignore=shutil.ignore_patterns("__pycache__")
        )
        for path in package.rglob("*.py"):
            path.write_text(path.read_text().replace("reference_app", package.name))
    return folder


def report(name: str, tree: Path, changed: str, args: argparse.Namespace, cache: Path) -> None:
    lines = lines_of(tree)
    rows: dict[str, dict[str, float]] = {}
    rows["ast.parse every file"] = measure("ast", tree)
    if not args.skip_libcst:
        rows["libcst parse every file"] = measure("libcst", tree)
    shutil.rmtree(cache, ignore_errors=True)
    rows["lint cold, 1 process"] = measure("cold", tree, 1, cache=cache)
    rows["lint cold, 2 processes"] = measure("cold", tree, 2, cache=cache)
    rows["lint, cache filled"] = measure("warm", tree, 2, cache=cache)
    rows["lint warm (all cached)"] = measure("warm", tree, 2, cache=cache)
    if changed:
        path = tree / changed
        original = path.read_text()
        path.write_text(original + "\n\ndef _bench_changed() -> int:\n    return 1\n")
        try:
            rows["one changed file, rest cached"] = measure("one", tree, 2, changed, cache=cache)
        finally:
            path.write_text(original)
        shutil.rmtree(cache, ignore_errors=True)
        rows["one file, nothing cached"] = measure("one", tree, 2, changed, cache=cache)

    cold = rows["lint cold, 1 process"]
    print(
        f"\n{name}: {lines:,} lines in {cold.get('files', 0):.0f} files, "
        f"{cold.get('findings', 0):.0f} findings"
    )
    print(f"{'configuration':34} {'cpu s':>8} {'wall s':>8} {'peak MiB':>9} {'lines/cpu s':>12}")
    for label, row in rows.items():
        rate = lines / row["cpu"] if row["cpu"] else 0
        print(f"{label:34} {row['cpu']:8.2f} {row['wall']:8.2f} {row['rss']:9.0f} {rate:12,.0f}")
    print()
    ratios = {"cold lint CPU / ast.parse CPU": cold["cpu"] / rows["ast.parse every file"]["cpu"]}
    if "libcst parse every file" in rows:
        ratios["cold lint CPU / libcst-parse CPU"] = (
            cold["cpu"] / rows["libcst parse every file"]["cpu"]
        )
    ratios["warm / cold (CPU)"] = rows["lint warm (all cached)"]["cpu"] / cold["cpu"]
    for name, ratio in ratios.items():
        print(f"{name + ':':36}{ratio:.2f}x")
    two = rows["lint cold, 2 processes"]
    print(f"1 vs 2 processes (wall):            {cold['wall'] / two['wall']:.2f}x faster with 2")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tree", type=Path, default=Path(sysconfig.get_paths()["purelib"]))
    parser.add_argument("--backend-copies", type=int, default=40)
    parser.add_argument(
        "--skip-libcst", action="store_true", help="do not measure the libcst parse"
    )
    parser.add_argument("--backend-only", action="store_true", help="skip the real tree")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="persistguard-bench-"))
    try:
        if not args.backend_only:
            report(f"real tree {args.tree}", args.tree.resolve(), "", args, work / "cache")
        backend = make_backend(work / "backend", args.backend_copies)
        report("generated backend", backend, "app_0/services/conversation.py", args, work / "cache")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
