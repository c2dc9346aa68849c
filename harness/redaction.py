"""Passwords out of every line the harness shows: messages, reports, log lines.

URLs reach the harness in every shape (`postgresql://u:pw@h/db`, libpq
conninfo `password=pw`, `http://user:pw@host`, broken ones libpq cannot
parse) and libraries echo them back in their errors, sometimes only a piece of
them (`invalid percent-encoded token: "pw%zz"`). One helper masks them all:
`redact_url` for a URL shown on purpose, `scrub` for any text that may quote one.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "***"

#: `scheme://user:password@` — the password runs to the last `@` before a space (it may
#: hold `/`, `?` or `@` that libpq would choke on: mask too much rather than too little).
_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\- ]*://[^/?#@\s:]*:)(?P<pw>\S*)@")
#: `password=value` in conninfo (quoted or not) and `password=value` in a query string.
_KEYWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|[^\s&'\"]+)", re.I)
#: Quoted pieces of a message (libpq and psycopg quote what they could not read).
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")
#: The shortest piece of a password worth masking when a message quotes part of it.
_PIECE = 4


def redact_url(url: str) -> str:
    """`url` with its password replaced by `***`, everything else kept (any URL or conninfo)."""
    return _mask_shapes(url)


def passwords(url: str) -> list[str]:
    """The password(s) written in `url`, as written and percent-decoded, longest first."""
    found: set[str] = set()
    for match in _USERINFO.finditer(url):
        found.add(match["pw"])
    for match in _KEYWORD.finditer(url):
        found.add(match["pw"].strip("'"))
    found |= {unquote(secret) for secret in found}
    return sorted((s for s in found if s), key=len, reverse=True)


def scrub(text: str, *urls: str | None) -> str:
    """`text` without any password: those of `urls`, even quoted in part, and any URL's in it."""
    secrets = [s for url in urls if url for s in passwords(url)]
    for secret in secrets:
        text = text.replace(secret, MASK)
    if secrets:
        text = _QUOTED.sub(lambda m: _mask_quoted(m, secrets), text)
    return _mask_shapes(text)


def _mask_shapes(text: str) -> str:
    text = _USERINFO.sub(lambda m: f"{m['head']}{MASK}@", text)
    return _KEYWORD.sub(lambda m: f"{m['head']}{MASK}", text)


def _mask_quoted(match: re.Match[str], secrets: list[str]) -> str:
    quoted = match.group(1) if match.group(1) is not None else match.group(2)
    for secret in secrets:
        if _shares_piece(quoted, secret):
            quote = match.group(0)[0]
            return f"{quote}{MASK}{quote}"
    return match.group(0)


def _shares_piece(text: str, secret: str) -> bool:
    """Whether `text` holds `_PIECE` or more consecutive characters of `secret`."""
    size = min(_PIECE, len(secret))
    return any(secret[i : i + size] in text for i in range(len(secret) - size + 1))
