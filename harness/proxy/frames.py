"""Frontend message framing: where each message the client sends starts and ends.

The proxy never re-encodes: it cuts the client's byte stream at message
boundaries only where a statement must wait, and hands on the bytes it was
given. Only the messages that name or run SQL (`Query`, `Parse`, `Bind`,
`Execute`, `Close`) are read whole; everything else, COPY data of any size
included, streams through without being buffered.

Message layout (PostgreSQL protocol 3): one type byte, then an Int32 length
that counts itself and the body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Startup packets have no type byte: Int32 length, Int32 code.
SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102
#: PostgreSQL's own bound on a startup packet (MAX_STARTUP_PACKET_LENGTH).
MAX_STARTUP_LENGTH = 10000

_QUERY, _PARSE, _BIND, _EXECUTE, _CLOSE = b"QPBEC"
_INSPECTED = frozenset((_QUERY, _PARSE, _BIND, _EXECUTE, _CLOSE))


class ProtocolError(Exception):
    """The client sent bytes that are not PostgreSQL frontend messages."""


@dataclass(frozen=True)
class Piece:
    """Bytes to pass on after waiting `delay` seconds."""

    delay: float
    data: bytes


Decide = Callable[[str], float]


def _cstring(body: bytes | bytearray, start: int) -> tuple[str, int]:
    end = body.index(0, start)
    return bytes(body[start:end]).decode("utf-8", "replace"), end + 1


class FrontendFramer:
    """Feed it what the client sent; it returns the same bytes cut where statements wait.

    It remembers the SQL of prepared statements and the statement behind each
    portal, so an `Execute` of the extended protocol is held back like a
    simple `Query` with the same text.
    """

    def __init__(self, decide: Decide) -> None:
        self._decide = decide
        self._buffer = bytearray()  # an incomplete header, or an incomplete inspected message
        self._skip = 0  # bytes of an uninspected message still to pass on
        self._statements: dict[str, str] = {}
        self._portals: dict[str, str] = {}

    def feed(self, data: bytes) -> list[Piece]:
        """The pieces to send for `data`, in order; bytes of an unfinished message are kept."""
        pieces: list[Piece] = []
        if self._skip:
            taken = min(self._skip, len(data))
            self._skip -= taken
            pieces.append(Piece(0.0, data[:taken]))
            data = data[taken:]
            if not data:
                return pieces
        buffer = self._buffer
        buffer += data
        size = len(buffer)
        pos = start = 0
        delay = 0.0
        while size - pos >= 5:
            kind = buffer[pos]
            length = int.from_bytes(buffer[pos + 1 : pos + 5], "big")
            if length < 4:
                raise ProtocolError(f"message {chr(kind)!r} declares length {length}")
            end = pos + 1 + length
            if kind not in _INSPECTED:
                if end > size:  # pass on what arrived; skip the rest as it comes
                    self._skip = end - size
                    pos = size
                    break
                pos = end
                continue
            if end > size:
                break  # wait for the whole message
            wait = self._inspect(kind, buffer[pos + 5 : end])
            if wait > 0:
                if pos > start:
                    pieces.append(Piece(delay, bytes(buffer[start:pos])))
                start, delay = pos, wait
            pos = end
        if pos > start:
            pieces.append(Piece(delay, bytes(buffer[start:pos])))
        del buffer[:pos]
        return pieces

    def _inspect(self, kind: int, body: bytearray) -> float:
        try:
            if kind == _QUERY:
                sql, _ = _cstring(body, 0)
                return self._decide(sql)
            if kind == _PARSE:
                name, at = _cstring(body, 0)
                self._statements[name], _ = _cstring(body, at)
            elif kind == _BIND:
                portal, at = _cstring(body, 0)
                statement, _ = _cstring(body, at)
                self._portals[portal] = self._statements.get(statement, "")
            elif kind == _EXECUTE:
                portal, _ = _cstring(body, 0)
                return self._decide(self._portals.get(portal, ""))
            elif kind == _CLOSE and body:
                name, _ = _cstring(body, 1)
                table = self._statements if body[0] == ord("S") else self._portals
                table.pop(name, None)
        except ValueError:  # no terminating NUL: PostgreSQL will refuse it; pass it on as is
            return 0.0
        return 0.0
