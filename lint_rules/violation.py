"""The one value every rule produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "content": self.content,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        """Inverse of `to_dict`."""
        return cls(
            int(data["line"]),
            int(data["col"]),
            int(data["end_line"]),
            int(data["end_col"]),
            str(data["content"]),
        )


@dataclass(frozen=True, order=True)
class Fix:
    """An autofix: an imperative title and the edits that carry it out."""

    title: str
    edits: tuple[Edit, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {"title": self.title, "edits": [edit.to_dict() for edit in self.edits]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fix:
        """Inverse of `to_dict`."""
        return cls(str(data["title"]), tuple(Edit.from_dict(e) for e in data["edits"]))


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
        return {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "fix": self.fix.to_dict() if self.fix else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Violation:
        """Inverse of `to_dict`."""
        fix = data.get("fix")
        return cls(
            path=str(data["path"]),
            line=int(data["line"]),
            col=int(data["col"]),
            code=str(data["code"]),
            name=str(data["name"]),
            message=str(data["message"]),
            end_line=int(data["end_line"]),
            end_col=int(data["end_col"]),
            fix=Fix.from_dict(fix) if fix else None,
        )
