"""A copy played alone (as a Locust user plays it) takes the runner's steps, in the runner's order.

No Locust here: `CopyPlayer` is plain asyncio, driven against the reference
app over real HTTP (uvicorn), and its transcripts are assembled and judged
on the real database exactly as `persistguard locust` does it.
"""

from __future__ import annotations

from probe import write_probe

from harness.check.verdict import judge_url
from harness.locust.copy_player import CopyPlayer
from harness.locust.transcript import NOT_PLAYED, assemble
from harness.run.history import Operation
from harness.run.http_server import serve_in_thread
from harness.run.runner import Runner
from harness.run.target import UrlTarget
from harness.scenario.loader import load_scenario
from reference_app import Settings, create_app


def steps_of(history: tuple[Operation, ...], number: int) -> list[tuple[int, str]]:
    return [(op.step, op.f) for op in history if op.interview == number]


async def test_copies_played_one_by_one_keep_the_runners_order_and_pass(
    reference_database, tmp_path
):
    scenario = load_scenario(write_probe(tmp_path))
    seen: list[Operation] = []
    with serve_in_thread(create_app(Settings(reference_database.url))) as base_url:
        player = CopyPlayer(base_url, seen.append)
        try:
            copies = [await player.play(scenario, number) for number in (3, 1, 2)]
        finally:
            await player.close()
        alone = assemble(scenario, copies, base_url)
        together = await Runner(UrlTarget(base_url)).run(scenario)
    for number in (1, 2, 3):
        assert steps_of(alone.history, number) == steps_of(together.history, number)
    sends = {op.f for op in alone.history if op.f.startswith("send_")}
    assert sends == {"send_sync", "send_async"}  # `mixed` drew both, from the copy's own seed
    assert len(seen) == len(alone.history)  # every completed operation reached the listener
    assert [op.index for op in alone.history] == list(range(len(alone.history)))
    waits = [op for op in alone.history if op.f == "wait"]
    assert waits and all(alone.history[op.ref].f == "send_async" for op in waits)
    verdict = judge_url(alone, reference_database.url)
    assert verdict.passed, [f.describe() for f in verdict.failures()]


async def test_a_copy_that_never_came_back_fails_final_state(reference_database, tmp_path):
    scenario = load_scenario(write_probe(tmp_path, interviews=2))
    with serve_in_thread(create_app(Settings(reference_database.url))) as base_url:
        player = CopyPlayer(base_url, lambda op: None)
        try:
            copies = [await player.play(scenario, 1)]
        finally:
            await player.close()
    verdict = judge_url(assemble(scenario, copies, base_url), reference_database.url)
    (failure,) = verdict.failures()
    assert failure.invariant == "final_state" and failure.interview == 2
    assert NOT_PLAYED in failure.found


async def test_an_unreachable_backend_aborts_the_copy_with_the_reason(tmp_path):
    scenario = load_scenario(write_probe(tmp_path, interviews=1))
    player = CopyPlayer("http://127.0.0.1:9", lambda op: None)
    copy = await player.play(scenario, 1)
    await player.close()
    assert copy["operations"] == []
    assert copy["record"]["aborted"].startswith("crashed: TargetError: cannot reach the backend")
