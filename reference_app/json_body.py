"""Request bodies parsed as strict JSON: UTF-8 only, no duplicate keys, bounded depth.

Python's `json.loads` guesses UTF-16 and UTF-32, keeps the last of two equal keys (so a
proxy that reads the first and the app see different requests), and raises
`RecursionError` on deep nesting, which FastAPI answers with a bare 400. Routes of
`StrictJSONRoute` parse through `parse_json` instead, and every refusal is a 422 in the
same layout as FastAPI's validation errors, naming where the problem is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute

from reference_app.validation_errors import clip, render_errors


class InvalidJSONBody(HTTPException):
    """A 422 for a body that is not strict JSON. An HTTPException, because FastAPI re-raises
    those from body parsing (anything else there becomes a 400 that says nothing)."""

    def __init__(self, *, type_: str, loc: list[str | int], msg: str, input_: object) -> None:
        error = {"type": type_, "loc": ["body", *loc], "msg": msg, "input": input_}
        super().__init__(status_code=422, detail=render_errors([error]))


class _DuplicateKeys(dict[str, Any]):
    """An object in which `key` came twice; found after parsing, so its path can be named."""

    def __init__(self, pairs: list[tuple[str, Any]], key: str) -> None:
        super().__init__(pairs)
        self.key = key


def _repeated_key(pairs: list[tuple[str, Any]]) -> str:
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            return key
        seen.add(key)
    raise AssertionError("no repeated key")


def _path_to_duplicate(document: object) -> list[str | int]:
    """Path to the first object with a repeated key, in document order, ending with that
    key; iterative, so whatever depth the parser accepted cannot overflow the stack."""
    stack: list[tuple[object, list[str | int]]] = [(document, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _DuplicateKeys):
            return [*path, node.key]
        if isinstance(node, dict):
            stack.extend((value, [*path, key]) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((node[i], [*path, i]) for i in reversed(range(len(node))))
    raise AssertionError("no object with a repeated key")


def parse_json(body: bytes) -> Any:
    """The JSON document in `body`; raises InvalidJSONBody, or json.JSONDecodeError for a
    syntax error (which FastAPI already turns into a 422 naming the position)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJSONBody(
            type_="json_invalid",
            loc=[exc.start],
            msg=f"Body is not UTF-8: byte 0x{body[exc.start]:02x} at position {exc.start}",
            input_=body[exc.start : exc.start + 16],
        ) from None
    repeated = False

    def make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        made = dict(pairs)
        if len(made) == len(pairs):
            return made
        repeated = True
        return _DuplicateKeys(pairs, _repeated_key(pairs))

    try:
        document = json.loads(text, object_pairs_hook=make_object)
    except RecursionError:
        raise InvalidJSONBody(
            type_="json_invalid", loc=[], msg="JSON nested too deeply", input_=text
        ) from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer literal past Python's 4300-digit cap
        raise InvalidJSONBody(
            type_="json_invalid", loc=[], msg="JSON integer literal too long", input_=text
        ) from None
    if repeated:
        duplicate = _path_to_duplicate(document)
        raise InvalidJSONBody(
            type_="duplicate_key",
            loc=duplicate,
            msg=f"Duplicate key `{clip(str(duplicate[-1]))}` in a JSON object",
            input_=duplicate[-1],
        )
    return document


class StrictJSONRequest(Request):
    """A request whose `json()` is `parse_json`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """A route that parses its JSON body with `parse_json` (FastAPI's documented way to
    change how a request is read: a custom Request class)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handle(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
