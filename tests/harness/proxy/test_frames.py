"""Frontend framing: the bytes come out as they went in, cut only before held statements."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.proxy.frames import FrontendFramer, ProtocolError


def message(kind: bytes, body: bytes) -> bytes:
    return kind + (len(body) + 4).to_bytes(4, "big") + body


def query(sql: str) -> bytes:
    return message(b"Q", sql.encode() + b"\0")


def parse(name: str, sql: str) -> bytes:
    return message(b"P", name.encode() + b"\0" + sql.encode() + b"\0\0\0")


def bind(portal: str, statement: str) -> bytes:
    return message(b"B", portal.encode() + b"\0" + statement.encode() + b"\0" + b"\0" * 6)


def execute(portal: str) -> bytes:
    return message(b"E", portal.encode() + b"\0" + b"\0\0\0\0")


def close(kind: bytes, name: str) -> bytes:
    return message(b"C", kind + name.encode() + b"\0")


SYNC = message(b"S", b"")
STREAM = b"".join(
    [
        query("SELECT 1"),
        message(b"d", b"x" * 70_000),  # CopyData, never buffered
        query("COMMIT"),
        parse("s1", "COMMIT"),
        bind("", "s1"),
        execute(""),
        SYNC,
        close(b"S", "s1"),
        bind("", "s1"),  # the statement is gone: nothing to hold
        execute(""),
        SYNC,
        parse("", "UPDATE t SET n = 1"),
        bind("p", ""),
        execute("p"),
        SYNC,
    ]
)


def held_sql(sql: str) -> float:
    return 1.0 if sql.strip().upper().startswith("COMMIT") else 0.0


def run(chunks: list[bytes]) -> list[tuple[float, bytes]]:
    framer = FrontendFramer(held_sql)
    return [(p.delay, p.data) for chunk in chunks for p in framer.feed(chunk)]


@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=30))
def test_any_split_gives_the_same_bytes_and_the_same_holds(cuts):
    bounds = [0, *sorted(cuts), len(STREAM)]
    pieces = run([STREAM[a:b] for a, b in itertools.pairwise(bounds)])
    assert b"".join(data for _, data in pieces) == STREAM
    held = [data for delay, data in pieces if delay]
    assert len(held) == 2
    assert held[0].startswith(query("COMMIT"))
    assert held[1].startswith(execute(""))


def test_a_held_statement_starts_its_own_piece_and_waits_once():
    pieces = run([query("SELECT 1") + query("COMMIT") + query("SELECT 2")])
    assert pieces == [(0.0, query("SELECT 1")), (1.0, query("COMMIT") + query("SELECT 2"))]


def test_a_negative_length_is_a_protocol_error():
    with pytest.raises(ProtocolError):
        run([b"Q" + (3).to_bytes(4, "big")])


def test_a_query_without_its_terminator_is_passed_on_unheld():
    broken = message(b"Q", b"COMMIT")
    assert run([broken]) == [(0.0, broken)]
