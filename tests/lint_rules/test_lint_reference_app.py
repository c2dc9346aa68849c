"""The reference app lints clean, and its mutants are caught exactly where they were made.

Mutants are generated with libcst from whatever `reference_app/` contains:
drop one `flag_modified(...)` call (ORM001 must then point at the mutation it
protected), or move a commit below the spawn that follows it (ORM002 must then
point at the spawn). If the app has no such call the tests fail: there would
be nothing left to prove.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from lint_rules import LintConfig, lint_paths
from lint_rules.summaries import MUTATORS

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "reference_app"
SPAWNS = ("create_task", "ensure_future", "add_task", "submit", "delay", "apply_async")


def code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node).strip()


def last_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    return node.attr.value if isinstance(node, cst.Attribute) else None


def positional(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def string_value(node: cst.BaseExpression) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Mutant:
    file: Path  # relative to the app
    source: str
    code: str
    line: int
    col: int


def _statements(module: cst.Module) -> list[tuple[cst.SimpleStatementLine, int]]:
    wrapper = MetadataWrapper(module)
    positions = wrapper.resolve(PositionProvider)
    return [
        (node, positions[node].start.line)
        for node in positions
        if isinstance(node, cst.SimpleStatementLine)
    ]


def drop_flag_modified_mutants() -> list[Mutant]:
    """One mutant per `flag_modified(obj, "attr")` statement in the app."""
    mutants = []
    for path in sorted(APP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        module = cst.parse_module(source)
        for stmt, line in _statements(module):
            call = stmt.body[0].value if isinstance(stmt.body[0], cst.Expr) else None
            if not isinstance(call, cst.Call) or last_name(call.func) != "flag_modified":
                continue
            receiver, attr = code(positional(call)[0]), string_value(positional(call)[1])
            lines = source.splitlines(keepends=True)
            mutated = "".join(lines[: line - 1] + lines[line:])
            target = _last_mutation_before(lines, line, f"{receiver}.{attr}")
            mutants.append(
                Mutant(path.relative_to(APP), mutated, "ORM001", target[0], target[1])
            )
    return mutants


def _last_mutation_before(lines: list[str], line: int, reference: str) -> tuple[int, int]:
    """Where `reference` was mutated last before `line` (what the dropped call protected)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        column = text.find(reference)
        if column < 0:
            continue
        rest = text[column + len(reference):]
        if rest.startswith("[") or any(rest.startswith(f".{m}(") for m in MUTATORS):
            return number, column + 1
    raise AssertionError(f"no mutation of {reference} before line {line}")


class _MoveCommitBelowSpawn(cst.CSTTransformer):
    """In the first block where `await ...commit()` is followed by a spawn, swap them."""

    def __init__(self) -> None:
        self.done = False

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if self.done:
            return updated_node
        body = list(updated_node.body)
        for i, stmt in enumerate(body):
            if not _is_commit(stmt):
                continue
            for j in range(i + 1, len(body)):
                if any(word in code(body[j]) for word in SPAWNS):
                    self.done = True
                    moved = [*body[:i], *body[i + 1 : j + 1], stmt, *body[j + 1 :]]
                    return updated_node.with_changes(body=moved)
        return updated_node


def _is_commit(stmt: cst.BaseStatement) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or not isinstance(stmt.body[0], cst.Expr):
        return False
    value = stmt.body[0].value
    value = value.expression if isinstance(value, cst.Await) else value
    return isinstance(value, cst.Call) and last_name(value.func) == "commit"


def spawn_above_commit_mutants() -> list[Mutant]:
    """One mutant per file whose commit is followed by a spawn in the same block."""
    mutants = []
    for path in sorted(APP.rglob("*.py")):
        module = cst.parse_module(path.read_text(encoding="utf-8"))
        mover = _MoveCommitBelowSpawn()
        mutated = module.visit(mover)
        if not mover.done:
            continue
        wrapper = MetadataWrapper(mutated)
        positions = wrapper.resolve(PositionProvider)
        spawn = next(
            node for node in positions
            if isinstance(node, cst.Call) and last_name(node.func) in SPAWNS
        )
        where = positions[spawn].start
        mutants.append(
            Mutant(path.relative_to(APP), mutated.code, "ORM002", where.line, where.column + 1)
        )
    return mutants


FLAG_MUTANTS = drop_flag_modified_mutants()
SPAWN_MUTANTS = spawn_above_commit_mutants()


def lint_copy(tmp_path: Path, mutant: Mutant | None = None) -> list[tuple[str, str, int, int]]:
    copy = tmp_path / "reference_app"
    shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("__pycache__"))
    if mutant is not None:
        (copy / mutant.file).write_text(mutant.source, encoding="utf-8")
    result = lint_paths([copy], LintConfig(root=tmp_path), use_cache=False, jobs=1)
    return [
        (Path(v.path).resolve().relative_to(copy).as_posix(), v.code, v.line, v.col)
        for v in result.violations
    ]


def test_reference_app_has_calls_to_mutate() -> None:
    assert FLAG_MUTANTS, "reference_app has no flag_modified(...) call to drop"
    assert SPAWN_MUTANTS, "reference_app has no commit followed by a spawn to reorder"


def test_reference_app_lints_clean(tmp_path: Path) -> None:
    assert lint_copy(tmp_path) == []


@pytest.mark.parametrize(
    "mutant", FLAG_MUTANTS + SPAWN_MUTANTS,
    ids=[f"{m.code}-{m.file.as_posix()}:{m.line}" for m in FLAG_MUTANTS + SPAWN_MUTANTS],
)
def test_mutant_is_reported_exactly_where_it_was_made(tmp_path: Path, mutant: Mutant) -> None:
    assert lint_copy(tmp_path, mutant) == [
        (mutant.file.as_posix(), mutant.code, mutant.line, mutant.col)
    ]
