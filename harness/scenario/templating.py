"""A tiny, safe templater for scenario strings: `{{ interview.project_title }}` and nothing else.

Scenario files are data written by hand, so the templater evaluates no code:
a placeholder is a dotted name looked up in a fixed context. Jinja would
bring expressions, filters and a sandbox to worry about for no gain here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from harness.errors import ScenarioError

_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>" + _NAME + r")\s*\}\}")
_OPEN = re.compile(r"\{\{|\}\}")

#: Every name a scenario may use, and what it means (documented in scenarios/README.md).
VARIABLES: dict[str, str] = {
    "interview.project_title": "the title the interview was created with",
    "interview.project_description": "the description the interview was created with",
    "interview.ai_followups": "the number of AI follow-ups (N)",
    "interview.id": "the interview's id, as returned by the backend",
    "interview.number": "which copy of the interview this is (1..load.interviews)",
    "question.index": "question_index of the question pending when the step starts",
    "question.kind": "kind (fixed or ai) of the question pending when the step starts",
    "step.number": "the step's 1-based position in the file",
    "attempt": "1..count inside a burst or a retry, else 1",
    "seed": "the scheduler seed of this run",
}


def placeholders(text: str) -> Iterator[str]:
    """Every dotted name used in `text`, in order."""
    for match in PLACEHOLDER.finditer(text):
        yield match["name"]


def problems(text: str) -> list[str]:
    """Why `text` is not a valid template (unknown names, unbalanced braces); empty if fine."""
    found: list[str] = []
    for name in placeholders(text):
        if name not in VARIABLES:
            found.append(
                f"unknown template variable `{name}` (expected one of: {', '.join(VARIABLES)})"
            )
    if _OPEN.search(PLACEHOLDER.sub("", text)):
        found.append(f"malformed placeholder in {text!r} (expected `{{{{ name }}}}`)")
    return found


def render(
    text: str, context: Mapping[str, Any], *, escape: Callable[[str], str] | None = None
) -> str:
    """Replace each placeholder with its value from `context` (flat dotted keys).

    `escape` is applied to substituted values only, so a pattern such as
    `^{{ interview.project_title }}` matches a title containing `(` literally.
    """

    def substitute(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in context:
            raise ScenarioError(f"template variable `{name}` has no value at this point")
        value = context[name]
        value = "" if value is None else str(value)
        return escape(value) if escape else value

    return PLACEHOLDER.sub(substitute, text)


def render_value(value: Any, context: Mapping[str, Any]) -> Any:
    """Render every string inside a JSON-like value (request bodies, headers)."""
    if isinstance(value, str):
        return render(value, context)
    if isinstance(value, list):
        return [render_value(item, context) for item in value]
    if isinstance(value, dict):
        return {key: render_value(item, context) for key, item in value.items()}
    return value
