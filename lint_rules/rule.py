"""`LintRule`: a rule's metadata, its documentation and its own examples, in one class.

The docstring is the rule's documentation page (ruff's sections); `VALID` and
`INVALID` carry executable examples (as in Fixit) that the tests lint *and* run
against PostgreSQL, so the docs cannot drift from the behaviour.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from lint_rules.violation import Fix, Violation

if TYPE_CHECKING:
    from lint_rules.config import LintConfig
    from lint_rules.index import ProjectIndex
    from lint_rules.modules import Resolver
    from lint_rules.relevance import Text

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Valid:
    """Example code the rule must accept (and that keeps the write when run)."""

    code: str


@dataclass(frozen=True)
class Invalid:
    """Example code the rule must flag at 1-based `line`/`col` of `code`.

    `fixed` is the expected result of the autofix, when the rule has one.
    """

    code: str
    line: int
    col: int
    fixed: str | None = None


@dataclass(frozen=True)
class FileContext:
    """What a rule sees of one file: its tree, the project index, the config, shared analyses."""

    path: str
    source: str
    tree: ast.Module
    resolver: Resolver
    index: ProjectIndex
    config: LintConfig
    #: analyses shared by several rules (ORM001 and ORM004 read the same flow result)
    memo: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def lines(self) -> list[str]:
        """The source's lines as the parser counts them (`\\n`, `\\r\\n` or `\\r`)."""
        cached = self.memo.get("lines")
        if cached is None:
            cached = _LINE_BREAK.split(self.source)
            self.memo["lines"] = cached
        return cached  # type: ignore[return-value]

    @property
    def text(self) -> Text:
        """The file's text gates (shared by the rules)."""
        cached = self.memo.get("text")
        if cached is None:
            from lint_rules.relevance import Text

            cached = Text(self.source, self.index, self.config)
            self.memo["text"] = cached
        return cached  # type: ignore[return-value]

    def column(self, line: int, offset: int) -> int:
        """A 0-based character column from the parser's UTF-8 byte offset."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return offset
        return len(text.encode("utf-8")[:offset].decode("utf-8", errors="replace"))

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        """1-based (line, col, end_line, end_col) of a node, columns in characters."""
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        col = self.column(line, getattr(node, "col_offset", 0))
        end_col = self.column(end_line, getattr(node, "end_col_offset", None) or 0)
        return line, col + 1, end_line, end_col + 1


class LintRule:
    """Base class: subclasses under `lint_rules/rules/` are discovered as rules."""

    CODE: ClassVar[str]
    NAME: ClassVar[str]
    MESSAGE: ClassVar[str]
    FIX_TITLE: ClassVar[str | None] = None
    #: the autofix can change what the code does beyond the bug: it waits for `--unsafe-fixes`
    UNSAFE_FIX: ClassVar[bool] = False
    VALID: ClassVar[Sequence[Valid]] = ()
    INVALID: ClassVar[Sequence[Invalid]] = ()

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self._found: list[Violation] = []

    @classmethod
    def relevant(cls, text: Text) -> bool:
        """Can this file hold a finding? A cheap, text-only test run before any parse."""
        return True

    @classmethod
    def autofix(cls) -> bool:
        """A rule is fixable when one of its invalid examples shows the fixed code."""
        return any(case.fixed is not None for case in cls.INVALID)

    @classmethod
    def documentation(cls) -> str:
        """The rule's docs page (Markdown), generated from its docstring."""
        body = inspect.cleandoc(cls.__doc__ or "")
        if not cls.autofix():
            fix = "not available"
        elif cls.UNSAFE_FIX:
            fix = "sometimes available (unsafe): `persistguard fix --unsafe-fixes`"
        else:
            fix = "available: `persistguard fix`"
        return f"# {cls.NAME} ({cls.CODE})\n\nFix is {fix}.\n\n{body}\n"

    def check(self) -> Iterator[Violation]:
        """Run the rule on the file; subclasses implement `run` and call `report`."""
        self.run()
        yield from self._found

    def run(self) -> None:
        """Look at `self.context` and `report` what is wrong."""
        raise NotImplementedError

    def report(self, node: ast.AST, message: str, fix: Fix | None = None) -> None:
        """Record a finding at `node`'s position (columns 1-based, in characters)."""
        line, col, end_line, end_col = self.context.span(node)
        self._found.append(
            Violation(
                code=self.CODE,
                name=self.NAME,
                message=message,
                path=str(PurePath(self.context.path)),
                line=line,
                col=col,
                end_line=end_line,
                end_col=end_col,
                fix=fix,
            )
        )
