"""YAML with positions: plain data plus the `line:column` of every key and value.

PyYAML throws the marks away once it builds Python objects, yet an error that
says *where* is the whole point of a validator. `MarkedLoader` (a SafeLoader)
walks the composed node tree itself and records, for each path such as
`("steps", 2, "action")`, where the value starts and where its key starts.
Duplicate keys, which YAML silently collapses, are reported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based position in the source."""

    line: int
    column: int


@dataclass(frozen=True)
class Marked:
    """The loaded document, where each path starts, and YAML-level problems."""

    data: Any
    values: dict[Path, Mark]
    keys: dict[Path, Mark]
    duplicates: tuple[tuple[Path, Mark], ...]

    def at(self, path: Path) -> Mark:
        """The mark of `path`, or of its closest ancestor that has one."""
        probe = tuple(path)
        while probe not in self.values and probe:
            probe = probe[:-1]
        return self.values.get(probe, Mark(1, 1))

    def key_at(self, path: Path) -> Mark:
        """Where the key that introduces `path` is written (falls back to the value)."""
        return self.keys.get(tuple(path)) or self.at(path)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class MarkedLoader(yaml.SafeLoader):
    """A SafeLoader that builds data path by path, recording marks as it goes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.values: dict[Path, Mark] = {}
        self.keys: dict[Path, Mark] = {}
        self.duplicates: list[tuple[Path, Mark]] = []

    def construct_marked(self, node: yaml.Node, path: Path = ()) -> Any:
        """Plain Python data for `node`; marks of `node` and its children are recorded."""
        self.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)  # resolves `<<` merge keys like SafeLoader does
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    key = str(key)
                child = (*path, key)
                if key in result:
                    self.duplicates.append((child, _mark(key_node)))
                self.keys[child] = _mark(key_node)
                result[key] = self.construct_marked(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self.construct_marked(item, (*path, index)) for index, item in enumerate(node.value)
            ]
        return self.construct_object(node, deep=True)


def load_marked(text: str) -> Marked:
    """Parse one YAML document; raise `yaml.YAMLError` (which has a mark) on bad syntax."""
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
    )
