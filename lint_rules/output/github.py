"""GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=ORM001::message`."""

from __future__ import annotations

from collections.abc import Sequence

from lint_rules.violation import Violation


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(violations: Sequence[Violation]) -> str:
    """One annotation line per finding (escaped as the runner expects)."""
    return "".join(
        f"::error file={_property(v.path)},line={v.line},col={v.col},"
        f"endLine={v.end_line},endColumn={v.end_col},"
        f"title={_property(v.code)}::{_data(v.message)}\n"
        for v in violations
    )
