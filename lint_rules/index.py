"""The project index: which mapped attributes are JSON columns, which helpers flag.

Built once per run from every Python file of the project (not only the files
being linted): the model that declares `conversation_data` JSONB usually lives
in another file than the service that appends to it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

from lint_rules.facts import ClassFacts, FileFacts, HelperFacts, TypeRef

Status = Literal["untracked", "tracked"]

#: qualified names (or their final part) that are JSON types out of the box
JSON_TYPE_NAMES = frozenset({"JSON", "JSONB"})
#: bases that make a class a declarative base / mapped class
_BASE_MARKERS = frozenset(
    {"DeclarativeBase", "DeclarativeBaseNoMeta", "Model", "SQLModel", "MappedAsDataclass"}
)
ANY_MODEL = "*"


@dataclass(frozen=True)
class ProjectIndex:
    """What the rules need to know about the project's models."""

    #: model -> attribute -> "untracked" (plain JSON) or "tracked" (MutableDict/MutableList)
    json_columns: dict[str, dict[str, Status]] = field(default_factory=dict)
    #: model -> attributes that are mapped but not JSON (used to avoid name clashes)
    other_columns: dict[str, frozenset[str]] = field(default_factory=dict)
    models: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    helpers: dict[str, HelperFacts] = field(default_factory=dict)

    def json_status(self, attr: str, model: str | None = None) -> Status | None:
        """Is `model.attr` (or, model unknown, any `.attr`) a JSON column? And is it tracked?"""
        wildcard = self.json_columns.get(ANY_MODEL, {}).get(attr)
        if model is not None and model in self.models:
            return self.json_columns.get(model, {}).get(attr) or wildcard
        if wildcard is not None:
            return wildcard
        found = {cols[attr] for cols in self.json_columns.values() if attr in cols}
        if not found:
            return None
        if any(attr in other for other in self.other_columns.values()):
            return None  # the same name is a non-JSON column elsewhere: need the type to judge
        return "untracked" if "untracked" in found else "tracked"

    def attribute_names(self) -> frozenset[str]:
        """Every JSON attribute name (for the text pre-filter)."""
        return frozenset(a for cols in self.json_columns.values() for a in cols)

    def digest(self) -> str:
        """Hash of the index (part of the cache key: a new JSON column changes results)."""
        data = {
            "json": self.json_columns,
            "other": {k: sorted(v) for k, v in self.other_columns.items()},
            "models": sorted(self.models),
            "classes": sorted(self.classes),
            "helpers": {k: asdict(v) for k, v in self.helpers.items()},
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def build_index(facts: Iterable[FileFacts], json_attributes: Iterable[str] = ()) -> ProjectIndex:
    """Merge per-file facts: resolve JSON types, declarative bases and type annotation maps."""
    classes: dict[str, list[ClassFacts]] = {}
    helpers: dict[str, HelperFacts] = {}
    declarative: set[str] = set()
    for file in facts:
        for cls in file.classes:
            classes.setdefault(cls.name, []).append(cls)
        for helper in file.helpers:
            helpers[helper.name] = helper
        declarative.update(file.declarative_names)

    json_types = set(JSON_TYPE_NAMES)
    changed = True
    while changed:  # JSON TypeDecorators and subclasses, possibly of each other
        changed = False
        for name, variants in classes.items():
            if name in json_types:
                continue
            for cls in variants:
                refs = [*(cls.impl.names if cls.impl else ()), *cls.bases]
                if any(_short(n) in json_types for n in refs):
                    json_types.add(name)
                    changed = True

    def is_json(ref: TypeRef | None) -> bool:
        return ref is not None and any(_short(n) in json_types for n in ref.names)

    def ancestors(name: str, seen: frozenset[str] = frozenset()) -> list[ClassFacts]:
        found: list[ClassFacts] = []
        for cls in classes.get(name, []):
            found.append(cls)
            for base in cls.bases:
                short = _short(base)
                if short not in seen and short != name:
                    found.extend(ancestors(short, seen | {name}))
        return found

    def is_model(name: str) -> bool:
        chain = ancestors(name)
        if any(c.table or c.columns for c in chain):
            return True
        bases = {_short(b) for c in chain for b in c.bases}
        return bool(bases & (_BASE_MARKERS | declarative))

    json_columns: dict[str, dict[str, Status]] = {}
    other: dict[str, frozenset[str]] = {}
    models = frozenset(name for name in classes if is_model(name) and name not in json_types)
    for name in models:
        chain = ancestors(name)
        type_map = {key: ref for c in reversed(chain) for key, ref in c.type_map}
        cols: dict[str, Status] = {}
        non_json: set[str] = set()
        for cls in reversed(chain):
            for column in cls.columns:
                ref = column.type
                if ref is None and column.annotation is not None:
                    origin = column.annotation.split("[", 1)[0]
                    ref = type_map.get(column.annotation) or type_map.get(origin)
                if is_json(ref):
                    assert ref is not None
                    cols[column.attr] = "tracked" if ref.tracked else "untracked"
                    non_json.discard(column.attr)
                else:
                    non_json.add(column.attr)
                    cols.pop(column.attr, None)
        if cols:
            json_columns[name] = cols
        if non_json:
            other[name] = frozenset(non_json)

    for entry in json_attributes:
        model, _, attr = entry.rpartition(".")
        json_columns.setdefault(model or ANY_MODEL, {})[attr] = "untracked"
    all_models = models | {m for m in json_columns if m != ANY_MODEL}
    return ProjectIndex(json_columns, other, frozenset(all_models), frozenset(classes), helpers)
