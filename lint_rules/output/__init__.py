"""Reporters: each renders the same `Violation`s; JSON and SARIF are serialisations of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lint_rules.output.github import render_github
from lint_rules.output.json import render_json
from lint_rules.output.sarif import render_sarif
from lint_rules.output.text import render_statistics, render_statistics_json, render_text
from lint_rules.violation import Violation

FORMATS: dict[str, Callable[[Sequence[Violation]], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}

__all__ = [
    "FORMATS",
    "render_github",
    "render_json",
    "render_sarif",
    "render_statistics",
    "render_statistics_json",
    "render_text",
]
