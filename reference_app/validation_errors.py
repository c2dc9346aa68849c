"""422 bodies that are short and always encodable, whatever the client sent.

FastAPI's default handler echoes each error's whole `input`: a 900 KB answer comes back as
a 900 KB error, and an input holding NaN, infinity or a lone surrogate cannot be encoded
at all, so the 422 itself fails with a 500. Here every echoed value is cut to a short
prefix, non-finite numbers become their JSON names as strings, lone surrogates become
U+FFFD, and only the first errors are listed.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

PREVIEW_CHARS = 64
MAX_ERRORS = 10
MAX_LOC_ITEMS = 8
ELLIPSIS = "…"

# json.loads joins an escaped pair into one character, so a surrogate code point left in a
# str is a lone one, which UTF-8 cannot encode.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

_NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    """`text` cut to `limit` characters (plus an ellipsis when cut), lone surrogates (which
    UTF-8 cannot encode) replaced by U+FFFD."""
    cut = text[:limit] + ELLIPSIS if len(text) > limit else text
    return LONE_SURROGATE.sub("\ufffd", cut)


def _scalar(value: object) -> object:
    """A JSON-encodable stand-in for a non-container value, already clipped."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return _NON_FINITE.get(value, value)
    if isinstance(value, int):
        if value.bit_length() > 4 * PREVIEW_CHARS:  # also keeps clear of str()'s digit cap
            return f"<{value.bit_length()}-bit integer>"
        digits = str(value)
        return value if len(digits) <= PREVIEW_CHARS else clip(digits)
    if isinstance(value, bytes):
        return clip(value[: PREVIEW_CHARS * 4].decode("utf-8", "replace"))
    if isinstance(value, str):
        return clip(value)
    try:  # an exception in `ctx`, a UUID, ...: whatever it says of itself
        return clip(str(value))
    except Exception:  # a 422 must not turn into a 500 over a value's __str__
        return f"<{type(value).__name__}>"


def _tokens(value: object) -> Iterator[str]:
    """JSON text of `value`, lazily: the caller stops reading once it has enough, so a
    huge or deeply nested input is never walked whole (each level yields a bracket first,
    so the depth reached is bounded by the characters read)."""
    if isinstance(value, Mapping):
        yield "{"
        for position, (key, item) in enumerate(value.items()):
            yield (", " if position else "") + json.dumps(clip(str(key))) + ": "
            yield from _tokens(item)
        yield "}"
    elif isinstance(value, list | tuple):
        yield "["
        for position, item in enumerate(value):
            if position:
                yield ", "
            yield from _tokens(item)
        yield "]"
    else:
        yield json.dumps(_scalar(value), ensure_ascii=False)


def preview(value: object) -> object:
    """What a 422 may echo of `value`: scalars clipped; a container whole when its JSON text
    is short, else that text's first characters as a string ending in an ellipsis."""
    if not isinstance(value, Mapping | list | tuple):
        return _scalar(value)
    text = ""
    for token in _tokens(value):
        text += token
        if len(text) > PREVIEW_CHARS:
            return text[:PREVIEW_CHARS] + ELLIPSIS
    return json.loads(text)


def _loc(loc: object) -> list[object]:
    """Where the error is; keys come from the client, so they are clipped too."""
    items = list(loc) if isinstance(loc, Sequence) and not isinstance(loc, str) else [loc]
    shown: list[object] = [
        item if isinstance(item, int) and not isinstance(item, bool) else clip(str(item))
        for item in items[:MAX_LOC_ITEMS]
    ]
    return [*shown, ELLIPSIS] if len(items) > MAX_LOC_ITEMS else shown


def render_error(error: Mapping[str, Any]) -> dict[str, Any]:
    """One error as FastAPI lays it out (`type`, `loc`, `msg`, `input`, `ctx`), bounded."""
    rendered: dict[str, Any] = {
        "type": clip(str(error.get("type", "value_error"))),
        "loc": _loc(error.get("loc", ())),
        "msg": clip(str(error.get("msg", "")), 4 * PREVIEW_CHARS),
    }
    if "input" in error:
        rendered["input"] = preview(error["input"])
    ctx = error.get("ctx")
    if isinstance(ctx, Mapping):
        rendered["ctx"] = {clip(str(k)): preview(v) for k, v in list(ctx.items())[:MAX_ERRORS]}
    return rendered


def render_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The first `MAX_ERRORS` errors, then one line counting the rest."""
    shown = [render_error(error) for error in errors[:MAX_ERRORS]]
    if len(errors) > MAX_ERRORS:
        hidden = len(errors) - MAX_ERRORS
        where = _loc(errors[MAX_ERRORS].get("loc", ()))[:1]
        shown.append(
            {"type": "too_many_errors", "loc": where, "msg": f"{hidden} more errors not shown"}
        )
    return shown


async def validation_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    """The app's 422: FastAPI's layout, bounded and encodable."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(status_code=422, content={"detail": render_errors(exc.errors())})
