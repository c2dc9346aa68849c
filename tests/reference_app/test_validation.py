"""422 for malformed payloads, ids and headers, with nothing stored.

Validation is FastAPI's and identical over both transports, so these run in-process only,
keeping the suite fast; the 404/409 paths in test_error_paths.py run over both.
"""

from __future__ import annotations

import pytest
from factories import (
    ANSWER,
    CALLS_ON_AN_INTERVIEW,
    SENDS,
    interview_payload,
    make_started_interview,
)

pytestmark = pytest.mark.parametrize("transport", ["asgi"])


def _error_types(body) -> list[tuple[str, tuple]]:
    return [(error["type"], tuple(error["loc"])) for error in body["detail"]]


@pytest.mark.parametrize(("method", "action", "json"), CALLS_ON_AN_INTERVIEW)
async def test_non_uuid_interview_id_is_rejected(client, query, method, action, json):
    response = await client.request(
        method, f"/interviews/not-a-uuid/{action}".rstrip("/"), json=json
    )

    assert response.status_code == 422
    assert _error_types(response.json()) == [("uuid_parsing", ("path", "interview_id"))]
    assert query("SELECT count(*) FROM interviews") == [(0,)]


async def test_non_uuid_job_id_is_rejected(client):
    response = await client.get("/jobs/42")

    assert response.status_code == 422
    assert _error_types(response.json()) == [("uuid_parsing", ("path", "job_id"))]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({}, [("missing", ("body", "content"))], id="missing-content"),
        pytest.param({"content": ""}, [("string_too_short", ("body", "content"))], id="empty"),
        pytest.param(
            {"content": "x" * 10_001}, [("string_too_long", ("body", "content"))], id="too-long"
        ),
        pytest.param(
            {"content": "ok", "role": "user"},
            [("extra_forbidden", ("body", "role"))],
            id="extra-field",
        ),
        pytest.param({"content": 7}, [("string_type", ("body", "content"))], id="not-a-string"),
    ],
)
@pytest.mark.parametrize("send", SENDS)
async def test_malformed_answer_is_rejected(client, stored, query, send, body, expected):
    interview = await make_started_interview(client)

    response = await client.post(f"/interviews/{interview['id']}/{send}", json=body)

    assert response.status_code == 422
    assert _error_types(response.json()) == expected
    assert len(stored(interview["id"])["conversation_data"]) == 1
    assert query("SELECT count(*) FROM jobs") == [(0,)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"role": "system", "content": "hi"},
            [("literal_error", ("body", "role"))],
            id="bad-role",
        ),
        pytest.param({"content": "hi"}, [("missing", ("body", "role"))], id="missing-role"),
        pytest.param(
            {"role": "user", "content": ""},
            [("string_too_short", ("body", "content"))],
            id="empty-content",
        ),
    ],
)
async def test_malformed_manual_message_is_rejected(client, stored, body, expected):
    interview = await make_started_interview(client)

    response = await client.post(f"/interviews/{interview['id']}/messages", json=body)

    assert response.status_code == 422
    assert _error_types(response.json()) == expected
    assert len(stored(interview["id"])["conversation_data"]) == 1


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"ai_followups": -1}, [("greater_than_equal", ("body", "ai_followups"))], id="below-0"
        ),
        pytest.param(
            {"ai_followups": 51}, [("less_than_equal", ("body", "ai_followups"))], id="above-50"
        ),
        pytest.param(
            {"project_title": ""}, [("string_too_short", ("body", "project_title"))], id="no-title"
        ),
        pytest.param(
            {"project_description": "x" * 5001},
            [("string_too_long", ("body", "project_description"))],
            id="long-description",
        ),
        pytest.param(
            {"status": "completed"}, [("extra_forbidden", ("body", "status"))], id="extra"
        ),
    ],
)
async def test_malformed_interview_is_rejected(client, query, overrides, expected):
    response = await client.post("/interviews", json=interview_payload(**overrides))

    assert response.status_code == 422
    assert _error_types(response.json()) == expected
    assert query("SELECT count(*) FROM interviews") == [(0,)]


@pytest.mark.parametrize("key", ["", "k" * 201], ids=["empty", "too-long"])
async def test_malformed_idempotency_key_is_rejected(client, stored, key):
    interview = await make_started_interview(client)

    response = await client.post(
        f"/interviews/{interview['id']}/send-message", json=ANSWER, headers={"Idempotency-Key": key}
    )

    assert response.status_code == 422
    assert [t for t, _loc in _error_types(response.json())] == [
        "string_too_short" if not key else "string_too_long"
    ]
    assert len(stored(interview["id"])["conversation_data"]) == 1
