"""A 422 echoes a short prefix of what was sent, and rendering it never fails.

FastAPI's default handler echoed every `input` whole (a 900 KB answer came back as a
900 KB error) and could not encode non-finite floats or lone surrogates (so the 422
became a 500). The renderer is checked alone on values that broke it, then through the
app over both transports.
"""

from __future__ import annotations

import json
import math

import pytest
from factories import ANSWER, interview_payload, make_started_interview

from reference_app.validation_errors import preview, render_errors


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no")


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


NASTY = [
    math.nan,
    math.inf,
    -math.inf,
    "\ud800" * 10_000,
    "\x00" * 10_000,
    "x" * 1_000_000,
    10**4000,
    b"\xff" * 1_000_000,
    nested(100_000),
    {"k" * 10_000: [math.nan] * 10_000},
    {1: "int key", (2, 3): "tuple key"},
    (math.inf, "\udfff"),
    Unprintable(),
    ValueError("x" * 10_000),
]


@pytest.mark.parametrize("value", NASTY, ids=lambda v: type(v).__name__)
def test_any_input_renders_to_short_encodable_json(value):
    error = {"type": "t", "loc": ("body", "k" * 10_000, 0), "msg": "m", "input": value}

    rendered = render_errors([{**error, "ctx": {"error": value, "limit": value}}])

    encoded = json.dumps(rendered, ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert len(encoded) < 2048


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (1.5, 1.5),
        (12, 12),
        (True, True),
        (None, None),
        ("a\ud800b", "a\ufffdb"),
        ("a\x00b", "a\x00b"),
        ("y" * 65, "y" * 64 + "…"),
        (10**70, "1" + "0" * 63 + "…"),
        (10**4000, "<13288-bit integer>"),
        (b"ab\xff", "ab\ufffd"),
        ({"a": [1, math.nan]}, {"a": [1, "NaN"]}),
        ([1] * 100, "[" + "1, " * 21 + "…"),
        (Unprintable(), "<Unprintable>"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_preview(value, shown):
    assert preview(value) == shown


def test_errors_past_ten_are_counted_not_listed():
    errors = [{"type": "missing", "loc": ("header", f"h{i}"), "msg": "m"} for i in range(25)]

    rendered = render_errors(errors)

    assert [e["loc"] for e in rendered] == [["header", f"h{i}"] for i in range(10)] + [["header"]]
    assert rendered[-1]["msg"] == "15 more errors not shown"


def test_long_loc_is_cut():
    rendered = render_errors([{"type": "t", "loc": tuple(range(20)), "msg": "m"}])

    assert rendered[0]["loc"] == [0, 1, 2, 3, 4, 5, 6, 7, "…"]


@pytest.mark.parametrize(
    ("endpoint", "payload", "field"),
    [
        pytest.param("create", interview_payload(), "project_title", id="create"),
        pytest.param("send-message", ANSWER, "content", id="send-message"),
        pytest.param("messages", {"role": "user", "content": "x"}, "content", id="messages"),
    ],
)
async def test_invalid_input_is_echoed_as_a_short_prefix(client, endpoint, payload, field):
    # ~900 KB: under the default cap, so it reaches validation and gets its 422.
    url = "/interviews"
    if endpoint != "create":
        interview = await make_started_interview(client)
        url = f"/interviews/{interview['id']}/{endpoint}"

    response = await client.post(url, json={**payload, field: "x" * 900_000})

    assert response.status_code == 422
    assert len(response.content) < 2048
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("string_too_long", ["body", field])
    assert error["input"] == "x" * 64 + "…"


@pytest.mark.parametrize("transport", ["asgi"])
async def test_overlong_field_name_is_echoed_as_a_short_prefix(client):
    response = await client.post("/interviews", json={**interview_payload(), "k" * 900_000: 1})

    assert response.status_code == 422
    assert len(response.content) < 2048
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("extra_forbidden", ["body", "k" * 64 + "…"])


@pytest.mark.parametrize("transport", ["asgi"])
async def test_whole_body_echo_is_a_short_prefix(client):
    # A missing field echoes the whole body as `input`: a prefix of its JSON text here.
    response = await client.post("/interviews", json={"project_title": "t" * 900_000})

    assert response.status_code == 422
    assert len(response.content) < 2048
    too_long, missing = response.json()["detail"]
    assert (too_long["loc"], too_long["input"]) == (["body", "project_title"], "t" * 64 + "…")
    assert missing["loc"] == ["body", "project_description"]
    assert missing["input"] == '{"project_title": "' + "t" * 45 + "…"


@pytest.mark.parametrize("transport", ["asgi"])
async def test_small_invalid_input_is_echoed_whole(client):
    response = await client.post("/interviews", json={"project_title": "t", "ai_followups": "many"})

    assert response.status_code == 422
    assert [(e["loc"], e["input"]) for e in response.json()["detail"]] == [
        (["body", "project_description"], {"project_title": "t", "ai_followups": "many"}),
        (["body", "ai_followups"], "many"),
    ]


@pytest.mark.parametrize("transport", ["asgi"])
async def test_thousands_of_errors_are_summarised(client):
    extra = {f"field{i}": i for i in range(20_000)}

    response = await client.post("/interviews", json={**interview_payload(), **extra})

    assert response.status_code == 422
    assert len(response.content) < 4096
    errors = response.json()["detail"]
    assert len(errors) == 11
    assert errors[-1] == {
        "type": "too_many_errors",
        "loc": ["body"],
        "msg": "19990 more errors not shown",
    }
