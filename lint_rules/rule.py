"""`LintRule`: a rule's metadata, its documentation and its own examples, in one class.

The docstring is the rule's documentation page (ruff's sections); `VALID` and
`INVALID` carry executable examples (as in Fixit) that the tests lint *and* run
against PostgreSQL, so the docs cannot drift from the behaviour.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

import libcst as cst
from libcst.metadata import CodeRange

from lint_rules.violation import Fix, Violation

if TYPE_CHECKING:
    from lint_rules.config import LintConfig
    from lint_rules.index import ProjectIndex


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
    """What a rule sees of one file: its tree, positions, the project index and the config."""

    path: str
    source: str
    module: cst.Module
    positions: dict[cst.CSTNode, CodeRange]
    index: ProjectIndex
    config: LintConfig
    #: analyses shared by several rules (ORM001 and ORM004 read the same flow result)
    memo: dict[str, object] = field(default_factory=dict, compare=False)


class LintRule:
    """Base class: subclasses under `lint_rules/rules/` are discovered as rules."""

    CODE: ClassVar[str]
    NAME: ClassVar[str]
    MESSAGE: ClassVar[str]
    FIX_TITLE: ClassVar[str | None] = None
    VALID: ClassVar[Sequence[Valid]] = ()
    INVALID: ClassVar[Sequence[Invalid]] = ()
    #: words of which at least one must occur in a file for the rule to be worth a parse
    TRIGGERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self._found: list[Violation] = []

    @classmethod
    def autofix(cls) -> bool:
        """A rule is fixable when one of its invalid examples shows the fixed code."""
        return any(case.fixed is not None for case in cls.INVALID)

    @classmethod
    def documentation(cls) -> str:
        """The rule's docs page (Markdown), generated from its docstring."""
        body = inspect.cleandoc(cls.__doc__ or "")
        fix = "available: `persistguard fix`" if cls.autofix() else "not available"
        return f"# {cls.NAME} ({cls.CODE})\n\nFix is {fix}.\n\n{body}\n"

    def check(self) -> Iterator[Violation]:
        """Run the rule on the file; subclasses implement `run` and call `report`."""
        self.run()
        yield from self._found

    def run(self) -> None:
        """Look at `self.context` and `report` what is wrong."""
        raise NotImplementedError

    def report(self, node: cst.CSTNode, message: str, fix: Fix | None = None) -> None:
        """Record a finding at `node`'s position (columns become 1-based)."""
        where = self.context.positions[node]
        self._found.append(
            Violation(
                code=self.CODE,
                name=self.NAME,
                message=message,
                path=str(PurePath(self.context.path)),
                line=where.start.line,
                col=where.start.column + 1,
                end_line=where.end.line,
                end_col=where.end.column + 1,
                fix=fix,
            )
        )
