"""Raw HTTP/1.1 over a socket, for what httpx will not send or will not wait for."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def exchange(base_url: str, head: bytes, chunks: list[bytes]) -> bytes:
    """Send `head` and `chunks` over a raw socket, half-close nothing, read the response."""
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks:
            sock.sendall(chunk)
        received = b""
        while b"\r\n\r\n" not in received:
            data = sock.recv(65536)
            if not data:
                break
            received += data
        head_end = received.find(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in received[:head_end].split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        while len(received) < head_end + 4 + length:
            data = sock.recv(65536)
            if not data:
                break
            received += data
        return received


def status_and_body(raw: bytes) -> tuple[int, bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body
