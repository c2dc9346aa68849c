"""The harness's own overhead, measured in one run and printed as ratios (never asserted).

1. Driving: the same 50-interview full flow (sync answers, 16 in flight) by a
   minimal hand-written httpx loop vs by the runner (seeded scheduler,
   history, expectations) plus the invariant checks.
2. Isolation: a fresh database by template clone vs by building the schema.

    /work/venv/bin/python bench/bench_harness.py [--interviews 50] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx
from rich.console import Console
from rich.table import Table

from harness.checker import judge_url
from harness.postgres import PostgresChoice, TemplateDatabase, database_name, provision, release
from harness.runner import Runner
from harness.scenario_loader import parse_scenario
from harness.target import reference_target
from reference_app import Settings, create_app, shutdown
from reference_app.db import create_schema

SCENARIO = """\
name: bench
interview: {{project_title: Bench, project_description: Bench flow., ai_followups: 2}}
load: {{interviews: {n}, concurrency: {c}, seed: 1}}
steps: [start, answer_all]
final: {{status: completed, message_count: 40}}
"""


async def hand_loop(url: str, interviews: int, concurrency: int) -> int:
    """The least a client can do: create, start, answer until completed; count requests."""
    app = create_app(Settings(url))
    gate = asyncio.Semaphore(concurrency)
    sent = 0

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal sent

        async def post(path: str, body: dict[str, object] | None = None) -> dict[str, object]:
            nonlocal sent
            async with gate:
                sent += 1
                reply = await client.post(path, json=body)
            reply.raise_for_status()
            return dict(reply.json())

        created = await post(
            "/interviews",
            {"project_title": "Bench", "project_description": "Bench flow.", "ai_followups": 2},
        )
        state = await post(f"/interviews/{created['id']}/start")
        n = 1
        while state["status"] != "completed":
            state = await post(
                f"/interviews/{created['id']}/send-message", {"content": f"answer {n}"}
            )
            n += 1

    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client:
            await asyncio.gather(*(one(client) for _ in range(interviews)))
    finally:
        await shutdown(app)
    return sent


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--clones", type=int, default=10)
    args = parser.parse_args()
    server = provision(PostgresChoice.from_env())
    console = Console()
    try:
        template = TemplateDatabase(server, create_schema, label="bench_tpl")
        scenario = parse_scenario(SCENARIO.format(n=args.interviews, c=args.concurrency))

        hand_db = template.clone("bench_hand")
        hand_s, sent = timed(
            lambda: asyncio.run(hand_loop(hand_db.url, args.interviews, args.concurrency))
        )
        run_db = template.clone("bench_runner")
        run_s, run = timed(lambda: asyncio.run(Runner(reference_target(run_db.url)).run(scenario)))
        check_s, verdict = timed(judge_url, run, run_db.url)
        assert verdict.passed, verdict.failures()[:1]

        drive = Table(
            title=f"driving {args.interviews} full interviews ({args.concurrency} in flight)"
        )
        for column in ("driver", "requests", "seconds", "req/s", "ratio"):
            drive.add_column(column, justify="right")
        http_ops = sum(1 for op in run.history if op.f != "wait")
        drive.add_row(
            "hand-written httpx loop", str(sent), f"{hand_s:.2f}", f"{sent / hand_s:.0f}", "1.00"
        )
        drive.add_row(
            "runner (scheduler + history)",
            str(http_ops),
            f"{run_s:.2f}",
            f"{http_ops / run_s:.0f}",
            f"{run_s / hand_s:.2f}",
        )
        drive.add_row(
            "runner + invariant checks",
            str(http_ops),
            f"{run_s + check_s:.2f}",
            f"{http_ops / (run_s + check_s):.0f}",
            f"{(run_s + check_s) / hand_s:.2f}",
        )
        console.print(drive)

        clone_times, build_times = [], []
        for _ in range(args.clones):
            t, db = timed(template.clone, "bench_iso")
            clone_times.append(t)
            server.drop_database(db.name)
            name = database_name("bench_build")
            start = time.perf_counter()
            create_schema(server.create_database(name))
            build_times.append(time.perf_counter() - start)
            server.drop_database(name)
        clone_ms = 1000 * sum(clone_times) / len(clone_times)
        build_ms = 1000 * sum(build_times) / len(build_times)
        iso = Table(title=f"a fresh database, mean of {args.clones}")
        for column in ("method", "ms", "ratio"):
            iso.add_column(column, justify="right")
        iso.add_row("CREATE DATABASE ... TEMPLATE", f"{clone_ms:.1f}", "1.00")
        iso.add_row(
            "CREATE DATABASE + create_schema", f"{build_ms:.1f}", f"{build_ms / clone_ms:.2f}"
        )
        console.print(iso)
        template.drop()
    finally:
        release(server)


if __name__ == "__main__":
    main()
