"""The attack cases of the harness, measured: hostile scenario files and signals.

Each case runs `persistguard` in a child process (this tree, or the tree given
with `--tree`, e.g. an older checkout, to compare) and prints what happened:
exit code, seconds, peak memory, lines of output, and what was left on the
server or in the temporary folder. Printed, never asserted; timings depend on
the machine (Linux only: peak memory comes from `wait4`).

    .venv/bin/python bench/bench_attack.py --pg-url postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_attack.py --pg-url ... --tree /path/to/older/checkout
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
HEAD = "name: x\ninterview: {project_title: T, project_description: D}\n"


@dataclass(frozen=True)
class Outcome:
    """What one run of a case did."""

    code: int
    seconds: float
    peak_mb: int
    lines: int
    left: str = ""


def _bomb(levels: int) -> str:
    rows = ["l0: &l0 [" + ", ".join(["x"] * 10) + "]"]
    rows += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return HEAD + "steps: [start]\nbomb:\n" + "".join(f"  {row}\n" for row in rows)


FILES: dict[str, bytes] = {
    "alias bomb, 10^6 values": _bomb(6).encode(),
    "non-UTF-8 file": HEAD.encode() + b"description: \xff\nsteps: [start]\n",
    "5,000-digit integer": (HEAD + "load: {seed: " + "9" * 5000 + "}\nsteps: [start]\n").encode(),
    "5,000-deep nesting": (
        HEAD + "description: " + "[" * 5000 + "]" * 5000 + "\nsteps: [start]\n"
    ).encode(),
    "recursive alias": (HEAD + "description: &a [*a]\nsteps: [start]\n").encode(),
    "timeout: .nan": (HEAD + "load: {timeout: .nan}\nsteps: [start]\n").encode(),
    "552k steps, 10 MB": (HEAD + "steps:\n" + "  - {action: read}\n" * 552_000).encode(),
}


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PERSISTGUARD_PG_URL", "DATABASE_URL")}
    env["PYTHONPATH"] = str(tree)
    return env


def _child(tree: Path, args: list[str], timeout: float) -> Outcome:
    """Run `persistguard ARGS` from `tree`; its exit, seconds, own peak memory, output lines."""
    with tempfile.TemporaryFile() as output:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "harness.cli", *args],
            cwd=tempfile.gettempdir(),  # never a tree's folder: `-m` would import from it
            env=_env(tree),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        output.seek(0)
        lines = len(output.read().splitlines())
    return Outcome(proc.returncode, seconds, int(usage.ru_maxrss / 1024), lines)


def file_cases(tree: Path, pg_url: str, timeout: float) -> list[tuple[str, Outcome]]:
    """Every hostile file, and an empty folder, through `replay`."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, data in FILES.items():
            path = Path(folder) / "case.yaml"
            path.write_bytes(data)
            rows.append((name, _child(tree, ["replay", str(path), "--pg-url", pg_url], timeout)))
        empty = Path(folder) / "empty"
        empty.mkdir()
        args = ["replay", str(empty), "--pg-url", pg_url]
        rows.append(("folder with no scenario file", _child(tree, args, timeout)))
    return rows


def _ours(pg_url: str, pid: int) -> list[str]:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"persistguard_%_{pid}_%",)
        ).fetchall()
    return [row[0] for row in rows]


def _stored(pg_url: str, pid: int) -> int:
    for name in _ours(pg_url, pid):
        if "_tpl_" in name:
            continue
        url = pg_url.rsplit("/", 1)[0] + "/" + name
        try:
            with psycopg.connect(url, connect_timeout=5) as conn:
                row = conn.execute("SELECT count(*) FROM interviews").fetchone()
            return int(row[0]) if row else 0
        except psycopg.Error:
            return 0
    return 0


def sigterm_replay(tree: Path, pg_url: str) -> Outcome:
    """SIGTERM once the replay has stored ten interviews: seconds to exit, lines, databases left."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "replay",
            str(ROOT / "scenarios" / "fifty-interviews-side-by-side.yaml"),
            "--pg-url",
            pg_url,
        ],
        cwd=tempfile.gettempdir(),
        env=_env(tree),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while _stored(pg_url, proc.pid) < 10 and proc.poll() is None:
        time.sleep(0.02)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    took = time.monotonic() - sent
    left = _ours(pg_url, proc.pid)
    return Outcome(proc.returncode, took, 0, len(err.splitlines()), f"{len(left)} database(s)")


def _cluster_folders(pid: int) -> list[Path]:
    found = []
    for folder in Path(tempfile.gettempdir()).glob("persistguard-pg-*"):
        try:
            if int((folder / "owner.pid").read_text()) == pid:
                found.append(folder)
        except (OSError, ValueError):
            continue
    return found


def interrupted_start(tree: Path, signum: int, delay: float) -> Outcome:
    """Signal `serve --pg-provider embedded` `delay` s after its cluster folder appears."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0", "--pg-provider", "embedded"],
        cwd=tempfile.gettempdir(),
        env=_env(tree),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not _cluster_folders(proc.pid) and proc.poll() is None:
        time.sleep(0.005)
    folders = _cluster_folders(proc.pid)
    time.sleep(delay)
    sent = time.monotonic()
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    took = time.monotonic() - sent
    left = [f for f in folders if f.exists()]
    for folder in left:  # the bench must not leave what it measures
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    last = (err.strip().splitlines() or [""])[-1]
    return Outcome(
        proc.returncode, took, 0, len(err.splitlines()), f"{len(left)} folder(s); {last}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per file case")
    parser.add_argument("--starts", type=int, default=6, help="interrupted embedded starts")
    args = parser.parse_args()
    console = Console(width=160)
    table = Table(title=f"attack cases on {args.tree}")
    for column in ("case", "exit", "seconds", "peak MB", "lines", "left / last line"):
        table.add_column(column)
    for name, outcome in file_cases(args.tree, args.pg_url, args.timeout):
        table.add_row(
            name,
            str(outcome.code),
            f"{outcome.seconds:.1f}",
            str(outcome.peak_mb),
            str(outcome.lines),
            "",
        )
    for run in range(3):
        outcome = sigterm_replay(args.tree, args.pg_url)
        table.add_row(
            f"SIGTERM during replay #{run + 1}",
            str(outcome.code),
            f"{outcome.seconds:.2f}",
            "",
            str(outcome.lines),
            outcome.left,
        )
    for run in range(args.starts):
        signum = signal.SIGINT if run % 2 == 0 else signal.SIGTERM
        delay = 0.5 * (run // 2)
        outcome = interrupted_start(args.tree, signum, delay)
        table.add_row(
            f"{signal.Signals(signum).name} {delay:.1f}s into an embedded start",
            str(outcome.code),
            f"{outcome.seconds:.2f}",
            "",
            str(outcome.lines),
            outcome.left,
        )
    console.print(table)


if __name__ == "__main__":
    main()
