"""The shipped JSON Schema of scenario files, and its errors in words a person reads.

The schema (`harness/scenario/scenario.schema.json`) is the contract editors
and other tools can use; here it is the first validation pass. jsonschema's
own messages (`'anwser' is not one of [...]`) are rewritten into the
harness's style: where, what was expected, what was found.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from harness.scenario.yaml_marks import Marked, Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (a data path) and what."""

    path: Path
    message: str
    at_key: bool = False


@cache
def scenario_schema() -> dict[str, Any]:
    """The JSON Schema shipped in the package."""
    text = resources.files("harness.scenario").joinpath("scenario.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(scenario_schema())


def schema_problems(document: Marked) -> list[Problem]:
    """Every schema violation of `document`, one `Problem` each, in file order."""
    found: list[Problem] = []
    for error in _validator().iter_errors(document.data):
        found.extend(_convert(error))
    return found


def describe(value: Any) -> str:
    """`'abc'`, `3`, `a list`, `a mapping`, `nothing` — how a found value is shown."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _expected(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "a valid value"
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    words = " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds) or "a valid value"
    bounds = [f">= {schema['minimum']}" for _ in [0] if "minimum" in schema]
    bounds += [f"<= {schema['maximum']}" for _ in [0] if "maximum" in schema]
    return words + (f" ({', '.join(bounds)})" if bounds else "")


def _suggest(word: Any, choices: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _convert(error: ValidationError) -> list[Problem]:
    path: Path = tuple(error.absolute_path)
    value = error.instance
    rule = error.validator
    if rule == "additionalProperties" and isinstance(value, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = [key for key in value if key not in allowed]
        return [
            Problem(
                (*path, key),
                f"unknown key '{key}' (expected: {', '.join(allowed)}){_suggest(key, allowed)}",
                at_key=True,
            )
            for key in extra
        ]
    if rule == "required":
        missing = [key for key in error.validator_value if key not in value]
        return [Problem(path, f"missing key '{key}'") for key in missing]
    if rule == "enum":
        choices = [str(v) for v in error.validator_value]
        noun = "action" if (path and path[-1] == "action") or _is_step(path) else "value"
        return [
            Problem(
                path,
                f"unknown {noun} {describe(value)} (expected: {', '.join(choices)})"
                + _suggest(value, choices),
            )
        ]
    if rule == "type":
        return [Problem(path, f"expected {_expected(error.schema)}, found {describe(value)}")]
    if rule in ("oneOf", "anyOf"):
        options = " or ".join(_expected(sub) for sub in error.validator_value)
        return [Problem(path, f"expected {options}, found {describe(value)}")]
    if rule in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[
            str(rule)
        ]
        return [
            Problem(
                path, f"expected a value {sign} {error.validator_value}, found {describe(value)}"
            )
        ]
    if rule in ("minLength", "maxLength"):
        word = "at least" if rule == "minLength" else "at most"
        return [
            Problem(path, f"expected {word} {error.validator_value} characters, found {len(value)}")
        ]
    if rule == "minItems":
        return [Problem(path, f"expected at least {error.validator_value} item(s), found none")]
    if rule == "maxItems":
        return [
            Problem(path, f"expected at most {error.validator_value} item(s), found {len(value):,}")
        ]
    if rule == "uniqueItems":
        return [Problem(path, "expected each item once, found duplicates")]
    if rule == "pattern":
        return [
            Problem(
                path,
                f"expected a value matching `{error.validator_value}`, found {describe(value)}",
            )
        ]
    return [Problem(path, error.message)]


def _is_step(path: Path) -> bool:
    return len(path) == 2 and path[0] == "steps"
