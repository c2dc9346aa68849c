"""Build a mutant: a temporary copy of the reference app with the mutant's edits applied.

The copy is laid out twice. `lint/reference_app/` is the mutated source under
its real name, so the linter sees exactly what a developer would have
written. `run/<alias>/` is the same source with its absolute
`reference_app` imports renamed to a unique package name, so the mutant can
be imported into this process next to the reference app (and next to other
mutants) without either seeing the other's modules.
"""

from __future__ import annotations

import difflib
import importlib
import logging
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import libcst as cst

from harness.mutants.catalog import load_source
from harness.mutants.edits import MutantError
from harness.mutants.model import Mutant

PACKAGE = "reference_app"


@dataclass
class MutantCopy:
    """A built mutant: where its source lives, the diff, and (once imported) its package."""

    mutant: Mutant | None
    root: Path
    source: dict[str, str]
    diff: str
    alias: str
    _modules: list[str] = field(default_factory=list)

    @property
    def lint_root(self) -> Path:
        """The project folder to lint (holds `reference_app/` and a pyproject.toml)."""
        return self.root / "lint"

    @property
    def name(self) -> str:
        return self.mutant.name if self.mutant else "reference"

    def import_app(self) -> ModuleType:
        """The mutant's `main` module (`create_app`, `shutdown`), imported under its alias."""
        run_root = str(self.root / "run")
        sys.path.insert(0, run_root)
        try:
            main = importlib.import_module(f"{self.alias}.main")
        finally:
            sys.path.remove(run_root)
        self._modules = [
            n for n in sys.modules if n == self.alias or n.startswith(self.alias + ".")
        ]
        # A mutant's background jobs fail by design; their tracebacks would bury the table.
        logging.getLogger(self.alias).setLevel(logging.CRITICAL)
        return main

    def forget(self) -> None:
        """Drop the mutant's modules from `sys.modules` (its files go with the temp folder)."""
        for name in self._modules:
            sys.modules.pop(name, None)
        self._modules = []


class _RenameImports(cst.CSTTransformer):
    def __init__(self, alias: str) -> None:
        super().__init__()
        self.alias = alias

    def _rename(self, node: cst.Attribute | cst.Name) -> cst.Attribute | cst.Name:
        dotted = cst.Module([]).code_for_node(node)
        head, _, rest = dotted.partition(".")
        if head != PACKAGE:
            return node
        renamed = cst.parse_expression(self.alias + (f".{rest}" if rest else ""))
        assert isinstance(renamed, cst.Attribute | cst.Name)
        return renamed

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        if updated_node.module is None or updated_node.relative:
            return updated_node
        return updated_node.with_changes(module=self._rename(updated_node.module))

    def leave_ImportAlias(
        self, original_node: cst.ImportAlias, updated_node: cst.ImportAlias
    ) -> cst.ImportAlias:
        return updated_node.with_changes(name=self._rename(updated_node.name))


def mutate(mutant: Mutant, source: dict[str, str]) -> dict[str, str]:
    """The reference source with the mutant's edits applied (every edited file must change)."""
    mutated = dict(source)
    for path, edit in mutant.edits:
        if path not in mutated:
            raise MutantError(f"{mutant.name}: `reference_app/{path}` does not exist")
        before = mutated[path]
        after = edit(cst.parse_module(before)).code
        if after == before:
            raise MutantError(f"{mutant.name}: the edit of `{path}` changed nothing")
        compile(after, f"reference_app/{path}", "exec")  # a mutant must at least be Python
        mutated[path] = after
    return mutated


def unified_diff(before: dict[str, str], after: dict[str, str]) -> str:
    """The mutant as a patch against the reference app."""
    chunks: list[str] = []
    for path in sorted(after):
        if before.get(path) != after[path]:
            chunks.extend(
                difflib.unified_diff(
                    before.get(path, "").splitlines(keepends=True),
                    after[path].splitlines(keepends=True),
                    f"a/reference_app/{path}",
                    f"b/reference_app/{path}",
                )
            )
    return "".join(chunks)


def build(mutant: Mutant | None, into: Path, source: dict[str, str] | None = None) -> MutantCopy:
    """Write the mutant (None: the unmutated reference app) into `into`; import nothing yet."""
    original = source if source is not None else load_source()
    mutated = original if mutant is None else mutate(mutant, original)
    slug = (mutant.name if mutant else "reference").replace("-", "_")
    alias = f"pg_mutant_{slug}_{uuid.uuid4().hex[:8]}"
    lint_package = into / "lint" / PACKAGE
    run_package = into / "run" / alias
    for path, text in mutated.items():
        for folder, body in (
            (lint_package, text),
            (run_package, cst.parse_module(text).visit(_RenameImports(alias)).code),
        ):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
    # The linted copy is its own project: no settings leak in from wherever `into` is.
    (into / "lint" / "pyproject.toml").write_text("[tool.persistguard]\n", encoding="utf-8")
    return MutantCopy(mutant, into, mutated, unified_diff(original, mutated), alias)
