"""The one value every rule produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from lint_rules.serial import from_data, to_data

#: `safe` fixes are applied by `fix`; `unsafe` ones only with `--unsafe-fixes` (as in ruff)
Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text between two 1-based (line, col) positions with `content`.

    Text edits rather than CST nodes so a fix survives serialisation (JSON,
    cache) and can be applied by a reporter that never parses the file.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    content: str


@dataclass(frozen=True, order=True)
class Fix:
    """An autofix: an imperative title, the edits that carry it out, and whether it is safe.

    A fix is `unsafe` when it can change what the program does beyond
    removing the bug (ruff's definition); those wait for `--unsafe-fixes`.
    """

    title: str
    edits: tuple[Edit, ...] = field(default_factory=tuple)
    applicability: Applicability = "safe"


@dataclass(frozen=True)
class Violation:
    """One finding: which rule, what, where (1-based line and column), and how to fix it."""

    code: str
    name: str
    message: str
    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, int, int, str]:
        """Reports are sorted by file, position, then code: stable across runs."""
        return (
            self.path,
            self.line,
            self.col,
            self.code,
            self.end_line,
            self.end_col,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form; `Violation.from_dict` reads it back."""
        data: dict[str, Any] = to_data(self)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Violation:
        """Inverse of `to_dict`; `ValueError` when any field is missing or of the wrong type."""
        return from_data(cls, data)
