"""The app bounds what it reads: 413 once a body passes the cap, nothing stored.

The cap is checked twice: a declared `Content-Length` over it is refused before a byte of
the body is read, and a chunked body (no length) is cut off as soon as it passes the cap.
Both run in-process and over real HTTP; over HTTP a raw socket sends the headers (and
only as much body as the test wants), so the 413 must come back without the server
waiting for the rest. The middleware is also driven alone, around bare ASGI apps.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from factories import JSON_HEADERS as JSON
from factories import interview_payload, make_started_interview
from raw_http import exchange, status_and_body

from reference_app import Settings
from reference_app.body_limit import BodyLimit, BodyTooLarge

SMALL_CAP = 4096
CHUNK = 1024


def padded_interview(size: int) -> bytes:
    """A valid `POST /interviews` body padded with spaces to exactly `size` bytes."""
    body = json.dumps(interview_payload()).encode()
    return body + b" " * (size - len(body))


class CountingBody:
    """An async request body of `total` bytes in `CHUNK`-sized pieces; counts what was read."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.sent = 0

    async def __aiter__(self):
        piece = b" " * CHUNK
        while self.sent < self.total:
            self.sent += CHUNK
            yield piece


def test_default_cap_is_one_mebibyte():
    assert Settings("postgresql://unused").max_body_bytes == 1024 * 1024


def test_cap_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused")
    monkeypatch.setenv("PERSISTGUARD_MAX_BODY_BYTES", "2048")

    assert Settings.from_env().max_body_bytes == 2048


@pytest.mark.parametrize("value", [0, -1])
def test_cap_must_be_positive(value):
    with pytest.raises(ValueError) as raised:
        Settings("postgresql://unused", max_body_bytes=value)

    assert str(raised.value) == f"`max_body_bytes` must be a positive number of bytes, got {value}"


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_bad_cap_in_the_environment_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused")
    monkeypatch.setenv("PERSISTGUARD_MAX_BODY_BYTES", value)

    with pytest.raises(ValueError) as raised:
        Settings.from_env()

    assert str(raised.value) == (
        f"`PERSISTGUARD_MAX_BODY_BYTES` must be a positive number of bytes, got {value!r}"
    )


@pytest.mark.parametrize("transport", ["asgi"])
@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
async def test_body_at_the_cap_is_accepted(open_client, query, chunked):
    body = padded_interview(SMALL_CAP)
    async with open_client(max_body_bytes=SMALL_CAP) as client:

        async def stream():
            yield body

        response = await client.post(
            "/interviews", content=stream() if chunked else body, headers=JSON
        )

    assert response.status_code == 201, response.text
    assert query("SELECT count(*) FROM interviews") == [(1,)]


@pytest.mark.parametrize("transport", ["asgi"])
async def test_declared_length_over_the_cap_is_refused_unread(open_client, query):
    body = CountingBody(100 * 1024 * 1024)
    async with open_client(max_body_bytes=SMALL_CAP) as client:
        response = await client.post(
            "/interviews",
            content=body,
            headers={**JSON, "content-length": str(body.total)},
        )

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body exceeds the limit of 4096 bytes"}
    assert body.sent == 0
    assert query("SELECT count(*) FROM interviews") == [(0,)]


@pytest.mark.parametrize("transport", ["asgi"])
@pytest.mark.parametrize("endpoint", ["create", "send-message", "send-message-async", "messages"])
async def test_chunked_body_over_the_cap_is_cut_off(open_client, query, stored, endpoint):
    body = CountingBody(100 * 1024 * 1024)
    async with open_client(max_body_bytes=SMALL_CAP) as client:
        url = "/interviews"
        if endpoint != "create":
            interview = await make_started_interview(client)
            url = f"/interviews/{interview['id']}/{endpoint}"
        response = await client.post(url, content=body, headers=JSON)

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body exceeds the limit of 4096 bytes"}
    assert body.sent <= SMALL_CAP + CHUNK
    assert query("SELECT count(*) FROM interviews") == [(0 if endpoint == "create" else 1,)]
    if endpoint != "create":
        assert len(stored(interview["id"])["conversation_data"]) == 1
    assert query("SELECT count(*) FROM jobs") == [(0,)]


@pytest.mark.parametrize("transport", ["asgi"])
async def test_one_byte_over_the_cap_is_refused(open_client, query):
    async with open_client(max_body_bytes=SMALL_CAP) as client:
        response = await client.post(
            "/interviews", content=padded_interview(SMALL_CAP + 1), headers=JSON
        )

    assert response.status_code == 413
    assert query("SELECT count(*) FROM interviews") == [(0,)]


@pytest.mark.parametrize("transport", ["asgi"])
async def test_malformed_content_length_falls_back_to_counting(open_client, query):
    # Real servers refuse these framings themselves; in-process the middleware must not
    # trip over them, and still counts what actually arrives.
    outcomes = []
    async with open_client(max_body_bytes=SMALL_CAP) as client:
        for declared in (b"abc", b"\xb2", b"-1", b"1e9", b"1_000", b""):
            for body in (padded_interview(200), b" " * (SMALL_CAP + 1)):
                headers = [(b"content-type", b"application/json"), (b"content-length", declared)]
                response = await client.post("/interviews", content=body, headers=headers)
                outcomes.append((declared, len(body), response.status_code))

    assert outcomes == [
        (declared, size, 201 if size == 200 else 413)
        for declared in (b"abc", b"\xb2", b"-1", b"1e9", b"1_000", b"")
        for size in (200, SMALL_CAP + 1)
    ]
    assert query("SELECT count(*) FROM interviews") == [(6,)]


@pytest.mark.parametrize("transport", ["uvicorn"])
async def test_declared_length_over_the_default_cap_is_refused_over_http(open_client, query):
    # 100 MB announced, not one byte sent: the 413 must not wait for the body.
    async with open_client() as client:
        head = (
            b"POST /interviews HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            b"Content-Length: 104857600\r\n\r\n"
        )
        raw = await asyncio.to_thread(exchange, str(client.base_url), head, [])

    status, body = status_and_body(raw)
    assert status == 413
    assert json.loads(body) == {"detail": "Request body exceeds the limit of 1048576 bytes"}
    assert query("SELECT count(*) FROM interviews") == [(0,)]


@pytest.mark.parametrize("transport", ["uvicorn"])
async def test_chunked_body_over_the_cap_is_cut_off_over_http(open_client, query):
    # Chunks up to just past the cap, then nothing: no terminating chunk is ever sent, so
    # a server that waited for the whole body would never answer.
    async with open_client(max_body_bytes=SMALL_CAP) as client:
        head = (
            b"POST /interviews HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n%s\r\n" % (CHUNK, b" " * CHUNK)
        count = SMALL_CAP // CHUNK + 1
        raw = await asyncio.to_thread(exchange, str(client.base_url), head, [chunk] * count)

    status, body = status_and_body(raw)
    assert status == 413
    assert json.loads(body) == {"detail": "Request body exceeds the limit of 4096 bytes"}
    assert query("SELECT count(*) FROM interviews") == [(0,)]


@pytest.mark.parametrize("transport", ["uvicorn"])
@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
async def test_client_that_writes_the_whole_body_first_reads_the_413(open_client, query, chunked):
    # httpx writes the whole request before reading: had the server closed the connection
    # on its 413, the client would see a reset, not the answer. 8 MiB outgrows the socket
    # buffers, so the server must really take (and drop) the rest of the body.
    size = 8 * 1024 * 1024
    async with open_client(max_body_bytes=SMALL_CAP) as client:
        body = CountingBody(size)
        response = await client.post(
            "/interviews",
            content=body,
            headers={**JSON, **({} if chunked else {"content-length": str(size)})},
        )
        after = await client.post("/interviews", json=interview_payload())

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body exceeds the limit of 4096 bytes"}
    assert after.status_code == 201
    assert query("SELECT count(*) FROM interviews") == [(1,)]


async def _read_all_then_answer(scope, receive, send):
    """A bare ASGI app that reads its whole body and lets any error escape."""
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"read"})


async def _answer_then_read(scope, receive, send):
    """A bare ASGI app that starts its response before reading the body."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    while (await receive()).get("more_body", False):
        pass
    await send({"type": "http.response.body", "body": b"late"})


async def _chunks(count: int):
    for _ in range(count):
        yield b"x" * 100


async def test_middleware_answers_413_when_the_app_lets_the_error_escape():
    app = BodyLimit(_read_all_then_answer, max_bytes=250)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        small = await c.post("/", content=_chunks(2))
        large = await c.post("/", content=_chunks(3))

    assert (small.status_code, small.text) == (200, "read")
    assert large.status_code == 413
    assert large.json() == {"detail": "Request body exceeds the limit of 250 bytes"}


async def test_middleware_lets_the_server_drop_a_response_already_started():
    # Too late for a 413: the error propagates, and the server ends the connection.
    app = BodyLimit(_answer_then_read, max_bytes=250)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        with pytest.raises(BodyTooLarge):
            await c.post("/", content=_chunks(3))
