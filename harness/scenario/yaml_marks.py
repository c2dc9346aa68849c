"""YAML with positions: data plus the `line:column` of every key and value, read within bounds.

PyYAML throws the marks away once it builds Python objects, yet an error that
says *where* is the whole point of a validator. `MarkedLoader` composes the
node tree itself (from libyaml's events when PyYAML has them, the C parser
being many times faster) and records, for each path such as
`("steps", 2, "action")`, where the value starts and where its key starts.
Duplicate keys, which YAML silently collapses, are reported here.

It also refuses what a scenario never needs and an attacker loves, with the
place (`harness.scenario.limits`): aliases that expand past a small budget (a
700-byte "billion laughs" file), recursive aliases, nesting no person writes,
more values than any script holds, integers too long to convert, and
non-finite numbers (`.nan`, `.inf`), which compare false with every bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.resolver import Resolver

from harness.scenario.limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_DIGITS, MAX_VALUES

try:  # libyaml scans and parses; composing stays here, where the marks and limits are
    from yaml._yaml import CParser as _Parser

    C_PARSER = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

    C_PARSER = False

Path = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


@dataclass(frozen=True)
class Mark:
    """A 1-based position in the source."""

    line: int
    column: int


class RefusedYaml(yaml.YAMLError):
    """The file goes past a bound (`harness.scenario.limits`), or a key is a collection."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


@dataclass(frozen=True)
class Marked:
    """The loaded document, where each path starts, and YAML-level problems."""

    data: Any
    values: dict[Path, Mark]
    keys: dict[Path, Mark]
    duplicates: tuple[tuple[Path, Mark], ...]
    #: Values read but unusable (a non-finite number, an integer too long): path and why.
    invalid: tuple[tuple[Path, str], ...] = ()

    def at(self, path: Path) -> Mark:
        """The mark of `path`, or of its closest ancestor that has one."""
        probe = tuple(path)
        while probe not in self.values and probe:
            probe = probe[:-1]
        return self.values.get(probe, Mark(1, 1))

    def key_at(self, path: Path) -> Mark:
        """Where the key that introduces `path` is written (falls back to the value)."""
        return self.keys.get(tuple(path)) or self.at(path)


def _mark(node: Any) -> Mark:
    """Where a node or event starts, 1-based."""
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class MarkedLoader(Composer, _Parser, SafeConstructor, Resolver):
    """Composes with limits, then builds data path by path, recording marks as it goes."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.values: dict[Path, Mark] = {}
        self.keys: dict[Path, Mark] = {}
        self.duplicates: list[tuple[Path, Mark]] = []
        self.invalid: list[tuple[Path, str]] = []
        self._depth = 0
        self._composed = 0
        self._visited = 0
        self._aliases: dict[tuple[int, int], Mark] = {}  # (parent, slot) -> where `*name` is
        self._open: set[int] = set()  # nodes being built: meeting one again is a loop

    # -- composing: Composer's own methods, with bounds -------------------------------------

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if self.check_event(AliasEvent):
            if parent is not None:
                self._aliases[(id(parent), _slot(index))] = _mark(event)
            return super().compose_node(parent, index)
        self._composed += 1
        if self._composed > MAX_VALUES:
            raise RefusedYaml(
                _mark(event),
                f"more than {MAX_VALUES:,} values; a scenario is a short script "
                "(split it, or use `load.interviews` to repeat it)",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise RefusedYaml(_mark(event), f"nested deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Resolve `<<` merge keys, within the alias budget (merges copy their pairs)."""
        super().flatten_mapping(node)
        if len(node.value) > MAX_ALIAS_VALUES:
            raise RefusedYaml(
                _mark(node),
                f"merge keys expand to more than {MAX_ALIAS_VALUES:,} values; "
                "write the values out or merge less",
            )

    # -- building data ---------------------------------------------------------------------

    def construct_marked(self, node: yaml.Node, path: Path = (), alias: Mark | None = None) -> Any:
        """Plain Python data for `node`; marks of `node` and its children are recorded."""
        self._visited += 1
        if alias is not None and self._visited > self._composed + MAX_ALIAS_VALUES:
            raise RefusedYaml(
                alias,
                f"aliases expand to more than {MAX_ALIAS_VALUES:,} values; "
                "write the values out or use fewer aliases",
            )
        if id(node) in self._open:
            raise RefusedYaml(alias or _mark(node), "recursive alias: the value contains itself")
        self.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            self._open.add(id(node))
            self.flatten_mapping(node)  # resolves `<<` merge keys like SafeLoader does
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise RefusedYaml(_mark(key_node), "expected a plain key, found a collection")
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    key = str(key)
                child = (*path, key)
                if key in result:
                    self.duplicates.append((child, _mark(key_node)))
                self.keys[child] = _mark(key_node)
                via = alias or self._aliases.get((id(node), id(key_node)))
                result[key] = self.construct_marked(value_node, child, via)
            self._open.discard(id(node))
            return result
        if isinstance(node, yaml.SequenceNode):
            self._open.add(id(node))
            items = [
                self.construct_marked(item, (*path, i), alias or self._aliases.get((id(node), i)))
                for i, item in enumerate(node.value)
            ]
            self._open.discard(id(node))
            return items
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path) -> Any:
        if node.tag == _INT:
            digits = sum(ch.isdigit() for ch in str(node.value))
            if digits > MAX_DIGITS:
                self.invalid.append(
                    (path, f"integer of {digits} digits is too long (at most {MAX_DIGITS:,})")
                )
                return None
        value = self.construct_object(node, deep=True)
        if node.tag == _FLOAT and isinstance(value, float) and not math.isfinite(value):
            self.invalid.append((path, f"expected a finite number, found {node.value}"))
            return None
        return value


def _slot(index: Any) -> int:
    """A child's place in its parent: its position in a list, its key node in a mapping."""
    return index if isinstance(index, int) else id(index)


def load_marked(text: str) -> Marked:
    """Parse one YAML document; raise `yaml.YAMLError` (with a mark) on bad syntax or a bound."""
    loader = MarkedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_marked(node) if node is not None else None
    finally:
        loader.dispose()
    return Marked(
        data=data,
        values=loader.values,
        keys=loader.keys,
        duplicates=tuple(loader.duplicates),
        invalid=tuple(loader.invalid),
    )
