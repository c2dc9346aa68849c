"""Hostile input gets a 4xx, never a 500, and nothing is stored.

Every text and number field of every endpoint is sent NUL characters, lone surrogates and
non-finite numbers as raw JSON bytes (a pydantic-validated client could not send them);
then duplicate keys, deep nesting, bodies that are not UTF-8, and malformed ids and
headers. Each 422 must name the field in `loc`, and PostgreSQL, read through a separate
connection, must hold nothing new. Validation is identical over both transports, so these
run in-process, but for a NUL in a header, which only a raw socket can send over HTTP.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from factories import ANSWER, interview_payload, make_started_interview
from factories import JSON_HEADERS as JSON
from raw_http import exchange, status_and_body


@pytest.fixture
def transport() -> str:
    """In-process unless a test asks for uvicorn (validation is FastAPI's either way)."""
    return "asgi"


KEY = {"Idempotency-Key": "hostile-1", **JSON}
MARK = "@@hostile@@"

# Raw JSON tokens, spliced into an otherwise valid body in place of one field's value.
HOSTILE = [
    '"a\\u0000b"',  # NUL
    '"\\u0000"',
    '"a\\ud800b"',  # lone high surrogate
    '"\\udfff"',  # lone low surrogate
    '"\\ude00\\ud83d"',  # a pair in the wrong order
    "1e400",  # overflows to infinity
    "-1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "[NaN, 1e400]",
    '{"a": "\\ud800"}',
]

# (endpoint, a valid body, the field replaced)
FIELDS = [
    pytest.param("create", interview_payload(), "project_title", id="create.project_title"),
    pytest.param(
        "create", interview_payload(), "project_description", id="create.project_description"
    ),
    pytest.param("create", interview_payload(), "ai_followups", id="create.ai_followups"),
    pytest.param("send-message", ANSWER, "content", id="send-message.content"),
    pytest.param("send-message-async", ANSWER, "content", id="send-message-async.content"),
    pytest.param("messages", {"role": "user", "content": "hi"}, "role", id="messages.role"),
    pytest.param("messages", {"role": "user", "content": "hi"}, "content", id="messages.content"),
]


def raw_body(payload: dict, field: str, token: str) -> bytes:
    """`payload` as JSON with `field`'s value replaced by the raw JSON `token`."""
    text = json.dumps({**payload, field: MARK})
    return text.replace(json.dumps(MARK), token).encode()


def locs(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


async def post_to(client, url: str | None, endpoint: str, body: bytes, headers=JSON):
    """POST `body` to `endpoint` of the interview at `url` (None when creating)."""
    if url is None:
        return await client.post("/interviews", content=body, headers=headers)
    return await client.post(f"{url}/{endpoint}", content=body, headers=headers)


async def target(client, endpoint: str) -> str | None:
    """Where `endpoint` is called: None for create, else a new started interview's URL."""
    if endpoint == "create":
        return None
    interview = await make_started_interview(client)
    return f"/interviews/{interview['id']}"


def stored_rows(query) -> list[tuple]:
    """Everything a rejected request could have written: interviews (with message counts),
    jobs and idempotency records."""
    return [
        *query("SELECT id::text, jsonb_array_length(conversation_data) FROM interviews"),
        *query("SELECT 'job', id::text FROM jobs"),
        *query("SELECT 'key', key FROM idempotency_keys"),
    ]


def nothing_stored(url: str | None) -> list[tuple]:
    """The rows expected after any number of rejected requests: at most the started
    interview, still holding only Q1."""
    return [] if url is None else [(url.rsplit("/", 1)[1], 1)]


@pytest.mark.parametrize(("endpoint", "payload", "field"), FIELDS)
async def test_hostile_value_is_rejected_naming_the_field(client, query, endpoint, payload, field):
    # One test per field, every token in turn (a database per token would cost more than
    # the checks): the outcome list shows exactly which tokens were not refused.
    url = await target(client, endpoint)
    headers = JSON if url is None else KEY
    outcomes = []
    for token in HOSTILE:
        response = await post_to(client, url, endpoint, raw_body(payload, field, token), headers)
        found = locs(response) if response.status_code == 422 else response.text[:200]
        outcomes.append((token, response.status_code, found))

    assert outcomes == [(token, 422, [["body", field]]) for token in HOSTILE]
    assert stored_rows(query) == nothing_stored(url)


async def test_nul_is_named_in_the_message(client, query):
    body = raw_body(interview_payload(), "project_title", '"ab\\u0000c"')

    response = await client.post("/interviews", content=body, headers=JSON)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["msg"], error["input"]) == (
        "invalid_character",
        "Text must not contain NUL (U+0000); found at position 2",
        "ab\x00c",
    )
    assert stored_rows(query) == []


@pytest.mark.parametrize(
    ("token", "echoed"),
    [('"ab\\ud800"', "ab\ufffd"), ('"\\udc00"', "\ufffd")],
    ids=["high", "low"],
)
async def test_lone_surrogate_is_refused_and_echoed_as_replacement(client, query, token, echoed):
    body = raw_body(interview_payload(), "project_title", token)

    response = await client.post("/interviews", content=body, headers=JSON)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["type"] == "string_unicode"
    assert error["input"] == echoed
    assert stored_rows(query) == []


async def test_surrogate_pair_and_control_characters_are_stored_intact(client, query):
    # The checks reject only what PostgreSQL cannot store: a pair (an emoji), tabs and
    # newlines are text like any other.
    body = raw_body(interview_payload(), "project_title", '"a\\ud83d\\ude00\\tb\\nc"')

    response = await client.post("/interviews", content=body, headers=JSON)

    assert response.status_code == 201
    assert query("SELECT project_title FROM interviews") == [("a\U0001f600\tb\nc",)]


@pytest.mark.parametrize(
    ("endpoint", "body", "loc"),
    [
        pytest.param(
            "create",
            b'{"project_title": "a", "project_title": "b", "project_description": "d"}',
            ["body", "project_title"],
            id="top-level",
        ),
        pytest.param(
            "create",
            b'{"project_title": {"x": 1, "y": [{"z": 1, "z": 2}]}, "project_description": "d"}',
            ["body", "project_title", "y", 0, "z"],
            id="nested",
        ),
        pytest.param(
            "send-message",
            b'{"content": "first", "content": "second"}',
            ["body", "content"],
            id="answer",
        ),
    ],
)
async def test_duplicate_key_is_rejected_naming_it(client, query, endpoint, body, loc):
    url = await target(client, endpoint)

    response = await post_to(client, url, endpoint, body, KEY)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("duplicate_key", loc)
    assert stored_rows(query) == nothing_stored(url)


async def test_deeply_nested_json_is_rejected(client, query):
    # 500 levels parse, and fail validation; deeper ones fail parsing. Each echo is short.
    outcomes = []
    for depth in (500, 10_000, 400_000):
        nested = b"[" * depth + b"]" * depth
        for body in (nested, b'{"project_title": ' + nested + b"}"):
            response = await client.post("/interviews", content=body, headers=JSON)
            outcomes.append((depth, response.status_code, len(response.content) < 2048))

    assert outcomes == [(depth, 422, True) for depth in (500, 10_000, 400_000) for _ in "ab"]
    assert stored_rows(query) == []


async def test_body_that_is_not_utf8_json_is_rejected(client, query):
    valid = json.dumps(interview_payload())
    bodies = {
        "latin-1": b'{"project_title": "\xff\xfe", "project_description": "d"}',
        "encoded-surrogate": b'{"project_title": "\xed\xa0\x80", "project_description": "d"}',
        "utf-16": valid.encode("utf-16"),
        "utf-32": valid.encode("utf-32-le"),
        "utf-8-bom": b"\xef\xbb\xbf" + valid.encode(),
    }
    outcomes = {}
    for name, body in bodies.items():
        response = await client.post("/interviews", content=body, headers=JSON)
        outcomes[name] = (response.status_code, [e["type"] for e in response.json()["detail"]])

    assert outcomes == {name: (422, ["json_invalid"]) for name in bodies}
    assert stored_rows(query) == []


async def test_invalid_utf8_is_located(client):
    body = b'{"project_title": "\xff"}'

    response = await client.post("/interviews", content=body, headers=JSON)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (
        ["body", 19],
        "Body is not UTF-8: byte 0xff at position 19",
    )


async def test_integer_too_long_to_parse_is_rejected(client, query):
    body = raw_body(interview_payload(), "ai_followups", "9" * 5000)

    response = await client.post("/interviews", content=body, headers=JSON)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["msg"]) == ("json_invalid", "JSON integer literal too long")
    assert len(response.content) < 2048
    assert stored_rows(query) == []


MALFORMED_KEYS = [b"a\x00b", b"\x00", b"tab\there", "clé".encode(), b"\xff\xfe", b"k" * 5000]


@pytest.mark.parametrize("endpoint", ["send-message", "send-message-async", "messages"])
async def test_malformed_idempotency_key_is_rejected(client, query, endpoint):
    url = await target(client, endpoint)
    body = json.dumps({"role": "user", **ANSWER} if endpoint == "messages" else ANSWER).encode()
    outcomes = []
    for key in MALFORMED_KEYS:
        headers = [(b"content-type", b"application/json"), (b"idempotency-key", key)]
        response = await post_to(client, url, endpoint, body, headers)
        outcomes.append((key[:8], response.status_code, locs(response), len(response.content)))

    assert [outcome[:3] for outcome in outcomes] == [
        (key[:8], 422, [["header", "Idempotency-Key"]]) for key in MALFORMED_KEYS
    ]
    assert max(size for *_, size in outcomes) < 2048
    assert stored_rows(query) == nothing_stored(url)


async def test_printable_ascii_idempotency_key_is_accepted(client, query):
    interview = await make_started_interview(client)
    key = "Retry 7/3: (a+b)~[c]"

    response = await client.post(
        f"/interviews/{interview['id']}/send-message",
        json=ANSWER,
        headers={"Idempotency-Key": key},
    )

    assert response.status_code == 200
    assert query("SELECT key FROM idempotency_keys") == [(key,)]


MALFORMED_IDS = ["%00", "%ED%A0%80", "%FF", "x" * 5000]


@pytest.mark.parametrize(
    ("method", "path", "param"),
    [
        pytest.param("GET", "/interviews/{}", "interview_id", id="read"),
        pytest.param("POST", "/interviews/{}/start", "interview_id", id="start"),
        pytest.param("POST", "/interviews/{}/send-message", "interview_id", id="send"),
        pytest.param("GET", "/jobs/{}", "job_id", id="job"),
    ],
)
async def test_malformed_path_id_is_rejected(client, query, method, path, param):
    outcomes = []
    for segment in MALFORMED_IDS:
        response = await client.request(method, path.format(segment), json=ANSWER)
        outcomes.append((segment[:9], response.status_code, locs(response)))
        assert len(response.content) < 2048

    assert outcomes == [(segment[:9], 422, [["path", param]]) for segment in MALFORMED_IDS]
    assert stored_rows(query) == []


@pytest.mark.parametrize("transport", ["uvicorn"])
async def test_nul_in_a_header_is_refused_over_http(open_client, query, stored):
    async with open_client() as client:
        interview = await make_started_interview(client)
        body = json.dumps(ANSWER).encode()
        head = (
            b"POST /interviews/%s/send-message HTTP/1.1\r\nHost: test\r\n"
            b"Content-Type: application/json\r\nIdempotency-Key: a\x00b\r\n"
            b"Content-Length: %d\r\n\r\n" % (interview["id"].encode(), len(body))
        )
        raw = await asyncio.to_thread(exchange, str(client.base_url), head, [body])

    status, _body = status_and_body(raw)
    assert 400 <= status < 500
    assert len(stored(interview["id"])["conversation_data"]) == 1
    assert query("SELECT count(*) FROM idempotency_keys") == [(0,)]
