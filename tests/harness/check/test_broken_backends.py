"""Each invariant fails, with a readable message, against a backend that breaks it.

The backends are the reference app with one bug each (tests/harness/broken_backends.py);
the checks read the real PostgreSQL database the app wrote to.
"""

from __future__ import annotations

import pytest
from broken_backends import (
    WireFault,
    patch_finish_early,
    patch_no_state_check,
    patch_skip_question,
    patch_stalled_jobs,
)

from harness.check.verdict import Verdict, judge_url
from harness.run.runner import Runner
from harness.run.target import AppTarget
from harness.scenario.loader import parse_scenario
from reference_app import Settings, create_app, shutdown

SCENARIO = """\
name: broken backend probe
interview: {{project_title: Probe, project_description: A probe., ai_followups: 1}}
defaults: {{deadline: 0.5}}
steps:
{steps}
final: {{status: completed, message_count: {count}}}
"""
FULL = "  - start\n  - action: answer_all\n"
WITH_NOTE = "  - start\n  - {action: message, content: A note}\n  - action: answer_all\n"


async def verdict(database, steps: str, fault: str | None = None) -> Verdict:
    app = create_app(Settings(database.url))
    asgi = WireFault(app, fault) if fault else app
    target = AppTarget(asgi, shutdown=lambda _app: shutdown(app))
    text = SCENARIO.format(steps=steps, count=38 + steps.count("message"))
    run = await Runner(target).run(parse_scenario(text, "probe.yaml"))
    return judge_url(run, database.url)


def failed(result: Verdict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for failure in result.failures():
        out.setdefault(failure.invariant, []).append(failure.describe())
    return out


async def test_the_correct_backend_passes_every_invariant(reference_database):
    result = await verdict(reference_database, WITH_NOTE)
    assert result.passed, failed(result)
    assert [r.name for r in result.results][1:] == list(result.run.scenario.invariants)


async def test_an_acknowledged_message_that_was_never_stored_is_reported(reference_database):
    result = await verdict(reference_database, WITH_NOTE, "drop_manual")
    (text,) = failed(result)["acknowledged_stored_once"]
    assert "interview 1" in text
    assert "operation: op 2 (interview 1, step 2, message: POST /interviews/" in text
    assert "expected: 1 stored user message(s) 'A note' (1 acknowledged)" in text
    assert "stored:   0 copies: the message was lost" in text
    assert "SQL: SELECT interview_id, role" in text and "jsonb_array_elements" in text


async def test_a_message_stored_twice_is_reported(reference_database):
    result = await verdict(reference_database, WITH_NOTE, "duplicate_manual")
    (text,) = failed(result)["acknowledged_stored_once"]
    assert "stored:   2 copies" in text
    assert "'stored': 2" in text


async def test_an_unknown_outcome_stored_twice_breaks_info_at_most_once(reference_database):
    result = await verdict(reference_database, WITH_NOTE, "unknown_outcome")
    info = [op for op in result.run.history if op.outcome == "info"]
    assert [op.f for op in info] == ["message"] and info[0].status == 503
    (text,) = failed(result)["info_at_most_once"]
    assert "expected: at most 1 stored user message(s) 'A note' (0 ok, 1 unknown outcome)" in text
    assert "stored:   2 copies" in text


async def test_a_skipped_question_breaks_question_order(reference_database, monkeypatch):
    patch_skip_question(monkeypatch)
    result = await verdict(reference_database, FULL)
    (text,) = failed(result)["question_order"]
    assert "expected: message 9 (assistant) to be fixed 5" in text
    assert "stored:   fixed 6:" in text
    assert "'question_index': 6, 'expected_kind': 'fixed', 'expected_index': 5" in text


async def test_an_answer_accepted_with_no_question_pending_breaks_alternation(
    reference_database, monkeypatch
):
    patch_no_state_check(monkeypatch)
    steps = "  - start\n  - {action: burst, mode: async, count: 3}\n  - action: answer_all\n"
    result = await verdict(reference_database, steps)
    texts = failed(result)["roles_alternate"]
    assert "expected: assistant first, then user and assistant alternating" in texts[0]
    assert "is user after user" in texts[0]


async def test_a_wrong_reported_count_breaks_count_matches(reference_database):
    result = await verdict(reference_database, FULL, "count")
    texts = failed(result)["count_matches"]
    assert any("expected: the final read's message_count (39) stored" in t and
               "stored:   38 messages stored" in t for t in texts)
    assert any("message_count equal to the 0 messages in the response" in t for t in texts)


async def test_an_async_job_that_never_finishes_breaks_followups_on_time(
    reference_database, monkeypatch
):
    patch_stalled_jobs(monkeypatch)
    steps = "  - start\n  - {action: answer, mode: async}\n"
    result = await verdict(reference_database, steps)
    (text,) = failed(result)["followups_on_time"]
    assert "send_async: POST /interviews/" in text
    assert "expected: a follow-up question within 0.5s" in text
    assert "stored:   no follow-up after 0.5s (job still pending)" in text
    assert "'next_role': None" in text


async def test_an_interview_that_completes_early_breaks_final_state(
    reference_database, monkeypatch
):
    patch_finish_early(monkeypatch)
    result = await verdict(reference_database, FULL)
    (text,) = failed(result)["final_state"]
    assert "expected: status completed, 38 messages" in text
    assert "stored:   20 messages" in text


@pytest.mark.parametrize("fault", ["drop_manual", "count"])
async def test_the_verdict_is_failed_whenever_an_invariant_fails(reference_database, fault):
    result = await verdict(reference_database, WITH_NOTE, fault)
    assert not result.passed


def test_every_invariant_a_scenario_may_name_has_a_check():
    from harness.check.verdict import INVARIANT_FUNCTIONS
    from harness.scenario.model import INVARIANTS

    assert tuple(INVARIANT_FUNCTIONS) == INVARIANTS
