"""The project index: which classes are mapped models, which attributes are JSON, what functions do.

Built once per run from the facts of every Python file of the project (not
only the files being linted): the model that declares `conversation_data`
JSONB usually lives in another file than the service that appends to it, and
the helper that commits lives in a third.

A class is a model only through a real declarative base (`DeclarativeBase`,
`declarative_base()`, a `registry`, Flask-SQLAlchemy's `db.Model`, SQLModel's
`table=True`); names are resolved through imports, never by a short name
alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from lint_rules.facts import ClassFacts, FileFacts, TypeRef
from lint_rules.summaries import FunctionFacts

Status = Literal["untracked", "tracked", "deep"]

#: short names of JSON column types out of the box (SQLAlchemy, its dialects, sqlalchemy-utils)
JSON_TYPE_NAMES = frozenset(
    {"JSON", "JSONB", "JSONType", "NestedMutableJson", "NestedMutableDict", "NestedMutableList"}
)
#: roots under which a short JSON name is trusted (an unresolved name is trusted too)
_JSON_ROOTS = (
    "sqlalchemy",
    "sqlalchemy_utils",
    "sqlalchemy_json",
    "sqlmodel",
    "sa",
    "db",
    "pg",
    "postgresql",
)
_BASE_CLASSES = frozenset({"DeclarativeBase", "DeclarativeBaseNoMeta"})
#: bases known not to be SQLAlchemy models whatever else the class declares
_NOT_ORM_ROOTS = ("pydantic", "typing", "enum", "dataclasses", "msgspec", "attrs", "marshmallow")
_MAX_CHAIN = 24


@dataclass(frozen=True)
class ModelInfo:
    """A mapped class: its JSON columns (with tracking) and every mapped attribute."""

    qualname: str
    json: dict[str, Status] = field(default_factory=dict)
    mapped: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()
    #: attributes cannot all be known (imperative table, reflection, unknown mixins)
    open: bool = False
    #: the mapped attributes that are plain columns (not relationships, synonyms...)
    columns: frozenset[str] = frozenset()


@dataclass
class ProjectIndex:
    """What the rules need to know about the project."""

    classes: dict[str, ClassFacts] = field(default_factory=dict)
    models: dict[str, ModelInfo] = field(default_factory=dict)
    functions: dict[str, FunctionFacts] = field(default_factory=dict)
    #: closed over the call graph: qualname -> does calling it commit / write / spawn
    commits: frozenset[str] = frozenset()
    commits_on_exit: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()
    spawns: frozenset[str] = frozenset()
    #: attributes whose stored callables a project function spawns (`Plan.after_commit`)
    spawned_fields: frozenset[str] = frozenset()
    #: task functions whose `.delay()`/`.apply_async()` waits for the commit
    deferred_tasks: frozenset[str] = frozenset()
    #: (function qualname, parameter, attribute) flagged by every caller that was seen
    flagged_by_callers: frozenset[tuple[str, str, str | None]] = frozenset()
    session_factories: frozenset[str] = frozenset()
    #: module-level scoped-session proxies (a name that is used as a session)
    scoped_sessions: frozenset[str] = frozenset()
    flask_dbs: frozenset[str] = frozenset()
    #: extra JSON attributes from config: (model qualname or "*", attr)
    extra_json: frozenset[tuple[str, str]] = frozenset()
    #: module -> local name -> qualified name (to follow re-exports)
    exports: dict[str, dict[str, str]] = field(default_factory=dict)
    by_short: dict[str, tuple[str, ...]] = field(default_factory=dict)
    functions_by_short: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _attribute_pattern: re.Pattern[str] | bool | None = field(default=False, repr=False)
    _spawn_names: frozenset[str] | None = field(default=None, repr=False)
    _model_pattern: re.Pattern[str] | bool | None = field(default=False, repr=False)
    _writer_names: frozenset[str] | None = field(default=None, repr=False)
    _mutator_names: frozenset[str] | None = field(default=None, repr=False)
    _canonical: dict[str, str] = field(default_factory=dict, repr=False)
    _classes_seen: dict[str, str | None] = field(default_factory=dict, repr=False)
    _functions_seen: dict[str, str | None] = field(default_factory=dict, repr=False)

    # -- resolution ------------------------------------------------------------------------
    def canonical(self, qualified: str) -> str:
        """Follow re-exports: `pkg.X` -> `pkg.mod.X` when `pkg/__init__.py` imports it."""
        cached = self._canonical.get(qualified)
        if cached is None:
            cached = self._canonical[qualified] = self._canonical_uncached(qualified)
        return cached

    def _canonical_uncached(self, qualified: str) -> str:
        name = qualified
        for _ in range(8):
            parts = name.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                module, short = ".".join(parts[:cut]), parts[cut]
                target = self.exports.get(module, {}).get(short)
                if target is not None and target != ".".join(parts[: cut + 1]):
                    name = ".".join([target, *parts[cut + 1 :]])
                    break
            else:
                return name
        return name

    def _follow(
        self, qualified: str, table: dict[str, object], shorts: dict[str, tuple[str, ...]]
    ) -> str | None:
        """The defining name of `qualified` in `table`, following re-exports."""
        if qualified in table:
            return qualified
        name = self.canonical(qualified)
        if name in table:
            return name
        if "." not in name and table is not self.classes:
            return None  # a bare function name that nothing binds is a local variable
        short = name.rsplit(".", 1)[-1]
        matches = [
            q
            for q in shorts.get(short, ())
            if (q.endswith("." + name) or name.endswith("." + q)) and "<locals>" not in q
        ]
        return matches[0] if len(matches) == 1 else None

    def resolve_class(self, qualified: str | None) -> str | None:
        """The project class a qualified name denotes, if any."""
        if not qualified:
            return None
        if qualified in self._classes_seen:
            return self._classes_seen[qualified]
        found = self._resolve_class(qualified)
        self._classes_seen[qualified] = found
        return found

    def _resolve_class(self, qualified: str) -> str | None:
        return self._follow(qualified, self.classes, self.by_short)  # type: ignore[arg-type]

    def resolve_unbound(self, short: str) -> str | None:
        """A name used without import or definition (star import): the unique class so named."""
        found = self.by_short.get(short, ())
        return found[0] if len(found) == 1 else None

    def resolve_function(self, qualified: str | None) -> str | None:
        """The project function a qualified name denotes, methods through their class chain."""
        if not qualified:
            return None
        if qualified in self._functions_seen:
            return self._functions_seen[qualified]
        found = self._resolve_function(qualified)
        self._functions_seen[qualified] = found
        return found

    def _resolve_function(self, qualified: str) -> str | None:
        if qualified in self.functions:
            return qualified
        owner, _, method = qualified.rpartition(".")
        cls = self.resolve_class(owner.removesuffix("()"))
        if cls is not None:
            for ancestor in self.ancestors(cls):
                candidate = f"{ancestor}.{method}"
                if candidate in self.functions:
                    return candidate
            return None
        return self._follow(qualified, self.functions, self.functions_by_short)  # type: ignore[arg-type]

    def ancestors(self, qualname: str) -> list[str]:
        """The class and its project ancestors, nearest first (method resolution, roughly)."""
        order: list[str] = []
        stack = [qualname]
        while stack and len(order) < _MAX_CHAIN:
            current = stack.pop(0)
            if current in order or current not in self.classes:
                continue
            order.append(current)
            for base in self.classes[current].bases:
                resolved = self.resolve_class(base)
                if resolved is not None:
                    stack.append(resolved)
        return order

    def model(self, qualname: str | None) -> ModelInfo | None:
        """The model a class name denotes, if it is one."""
        return self.models.get(qualname) if qualname else None

    def json_status(self, model: str | None, attr: str) -> Status | None:
        """Is `model.attr` a JSON column, and how deeply are its changes tracked?"""
        if (("*", attr)) in self.extra_json:
            return "untracked"
        info = self.model(model)
        if info is None:
            return None
        if (info.qualname, attr) in self.extra_json:
            return "untracked"
        return info.json.get(attr)

    def json_status_any(self, attr: str) -> Status | None:
        """For a row of an unknown model: the status `attr` has in every model that maps it."""
        if ("*", attr) in self.extra_json:
            return "untracked"
        found = {info.json.get(attr) for info in self.models.values() if attr in info.mapped}
        if len(found) != 1:
            return None  # unmapped anywhere, or JSON in one model and not in another
        return found.pop()

    def json_attribute_names(self) -> frozenset[str]:
        """Every JSON attribute name (for the text pre-filter)."""
        names = {a for info in self.models.values() for a, s in info.json.items() if s != "deep"}
        return frozenset(names | {attr for _, attr in self.extra_json})

    def attribute_pattern(self) -> re.Pattern[str] | None:
        """`\\.(data|payload)\\b` over the JSON attribute names (`None` when there are none)."""
        if self._attribute_pattern is False:
            names = sorted(self.json_attribute_names())
            self._attribute_pattern = (
                re.compile(r"\.(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
            )
        return self._attribute_pattern  # type: ignore[return-value]

    def model_pattern(self) -> re.Pattern[str] | None:
        """`\\b(Doc|Interview)\\b` over the models' short names (`None` when there are none)."""
        if self._model_pattern is False:
            names = sorted(self.model_short_names())
            self._model_pattern = (
                re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
            )
        return self._model_pattern  # type: ignore[return-value]

    def writer_names(self) -> frozenset[str]:
        """Short names of project functions that leave a write pending (for the pre-filter)."""
        if self._writer_names is None:
            names = {q.rsplit(".", 1)[-1] for q in self.writes}
            self._writer_names = frozenset(n for n in names if not n.startswith("__"))
        return self._writer_names

    def mutator_names(self) -> frozenset[str]:
        """Short names of project functions that change a parameter's attribute in place."""
        if self._mutator_names is None:
            names = {f.name for f in self.functions.values() if f.mutates}
            self._mutator_names = frozenset(n for n in names if not n.startswith("__"))
        return self._mutator_names

    def spawn_helper_names(self) -> frozenset[str]:
        """Short names of project functions that spawn (for the text pre-filter)."""
        if self._spawn_names is None:
            names = {q.rsplit(".", 1)[-1] for q in self.spawns}
            self._spawn_names = frozenset(n for n in names if not n.startswith("__"))
        return self._spawn_names

    def model_short_names(self) -> frozenset[str]:
        """Short names of every model (for the text pre-filter)."""
        return frozenset(q.rsplit(".", 1)[-1] for q in self.models)

    def function(self, qualname: str | None) -> FunctionFacts | None:
        """A function's summary."""
        return self.functions.get(qualname) if qualname else None

    def digest(self) -> str:
        """Hash of what the rules read (part of the results cache key)."""
        data = {
            "models": {
                k: [sorted(v.json.items()), sorted(v.mapped), v.open]
                for k, v in sorted(self.models.items())
            },
            "commits": sorted(self.commits),
            "exit": sorted(self.commits_on_exit),
            "writes": sorted(self.writes),
            "spawns": sorted(self.spawns),
            "spawned_fields": sorted(self.spawned_fields),
            "deferred": sorted(self.deferred_tasks),
            "flagged": sorted(map(str, self.flagged_by_callers)),
            "factories": sorted(self.session_factories | self.flask_dbs),
            "scoped": sorted(self.scoped_sessions),
            "extra": sorted(self.extra_json),
            "functions": sorted(
                (
                    k,
                    v.returns,
                    v.returns_loaded,
                    v.reads,
                    v.is_task,
                    v.is_async,
                    v.flags,
                    v.reattaches,
                    v.mutates,
                )
                for k, v in self.functions.items()
            ),
            "classes": sorted((k, v.fields) for k, v in self.classes.items()),
        }
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


class _Builder:
    """Merges per-file facts into a `ProjectIndex`."""

    def __init__(self, facts: list[FileFacts]) -> None:
        self.facts = facts
        self.index = ProjectIndex()
        index = self.index
        by_short: dict[str, list[str]] = {}
        functions_by_short: dict[str, list[str]] = {}
        for file in facts:
            index.exports[file.module] = file.imports.lookup()
            for cls in file.classes:
                index.classes[cls.qualname] = cls
                by_short.setdefault(cls.name, []).append(cls.qualname)
            for function in file.functions:
                index.functions[function.qualname] = function
                functions_by_short.setdefault(function.name, []).append(function.qualname)
        index.by_short = {k: tuple(v) for k, v in by_short.items()}
        index.functions_by_short = {k: tuple(v) for k, v in functions_by_short.items()}
        self.declarative = {q for f in facts for q in f.bases}
        self.flask = {q for f in facts for q in f.flask_dbs}
        self.registries = {q for f in facts for q in f.registries}
        self.aliases: dict[str, TypeRef] = {q: ref for f in facts for q, ref in f.aliases}
        self.associated: dict[str, Literal["none", "top", "deep"]] = {
            name: tracking for f in facts for name, tracking in f.associations
        }
        index.session_factories = frozenset(q for f in facts for q in f.session_factories)
        index.scoped_sessions = frozenset(q for f in facts for q in f.scoped_sessions)
        index.flask_dbs = frozenset(self.flask)

    # -- JSON types ------------------------------------------------------------------------
    def json_types(self) -> set[str]:
        """Project classes that are JSON types: `TypeDecorator`s over JSON, JSON subclasses."""
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for qualname, cls in self.index.classes.items():
                if qualname in found:
                    continue
                refs = [*(cls.impl.names if cls.impl else ()), *cls.bases]
                if any(self._is_json_name(n, found) for n in refs):
                    found.add(qualname)
                    changed = True
        return found

    def _is_json_name(self, name: str, project_types: set[str]) -> bool:
        resolved = self.index.resolve_class(name)
        if resolved is not None:
            return resolved in project_types
        if _short(name) not in JSON_TYPE_NAMES:
            return False
        root = name.split(".")[0]
        return (
            "." not in name
            or root in _JSON_ROOTS
            or any(name.startswith(f + ".") for f in self.flask)
        )

    def ref_status(self, ref: TypeRef | None, project_types: set[str]) -> Status | None:
        """`untracked`/`tracked`/`deep` if the type expression is JSON, else `None`."""
        if ref is None:
            return None
        tracking = ref.tracking
        is_json = False
        for name in ref.names:
            associated = self._association(name)
            if associated is not None:  # `associate_with(T)`: T holds a dict or a list
                tracking = _deeper(tracking, associated)
                is_json = True
            alias = self.aliases.get(name)
            if alias is not None:
                inner = self.ref_status(alias, project_types)
                if inner is not None:
                    is_json = True
                    tracking = _deeper(tracking, _tracking_of(inner))
                continue
            if self._is_json_name(name, project_types):
                is_json = True
        if not is_json:
            return None
        return {"none": "untracked", "top": "tracked", "deep": "deep"}[tracking]  # type: ignore[return-value]

    def _association(self, name: str) -> Literal["none", "top", "deep"] | None:
        """The tracking `Mutable*.associate_with(...)` gave columns of this type, if any."""
        if not self.associated:
            return None
        for candidate in (name, self.index.resolve_class(name)):
            if candidate is not None and candidate in self.associated:
                return self.associated[candidate]
        if _short(name) in JSON_TYPE_NAMES:
            for other, tracking in self.associated.items():
                if _short(other) == _short(name) and self._is_json_name(other, set()):
                    return tracking
        return None

    # -- models ----------------------------------------------------------------------------
    def _is_declarative_base_name(self, name: str) -> bool:
        name = self.index.canonical(name)
        if name in self.declarative:
            return True
        if _short(name) in _BASE_CLASSES and (name.startswith("sqlalchemy") or "." not in name):
            return True
        return bool(name.endswith(".Model") and name.rsplit(".", 1)[0] in self.flask)

    def classify(self) -> dict[str, str]:
        """qualname -> "base" | "model" | "mixin-or-other"."""
        index = self.index
        kinds: dict[str, str] = {}

        def kind(qualname: str, depth: int = 0) -> str:
            if qualname in kinds:
                return kinds[qualname]
            kinds[qualname] = "other"  # cycles
            cls = index.classes[qualname]
            result = "other"
            base_kinds: list[str] = []
            unresolved: list[str] = []
            for base in cls.bases:
                resolved = index.resolve_class(base)
                if resolved is not None and depth < _MAX_CHAIN:
                    base_kinds.append(kind(resolved, depth + 1))
                elif self._is_declarative_base_name(base):
                    base_kinds.append("base")
                elif _short(base) == "SQLModel":
                    base_kinds.append("sqlmodel")
                else:
                    unresolved.append(base)
            registry_mapped = any(
                d.rsplit(".", 1)[0] in self.registries and d.endswith(".mapped")
                for d in cls.decorators
            )
            direct_base = any(
                index.resolve_class(b) is None
                and _short(b) in _BASE_CLASSES
                and (b.startswith("sqlalchemy") or "." not in b)
                for b in cls.bases
            )
            if any(_short(d) == "as_declarative" for d in cls.decorators) or direct_base:
                result = "base"
            elif registry_mapped:
                result = "model"
            elif "sqlmodel" in base_kinds:
                result = "model" if cls.table_keyword else "sqlmodel"
            elif "model" in base_kinds or "base" in base_kinds:
                result = "base" if cls.abstract else "model"
            elif (
                cls.tablename
                and any(c.kind == "column" for c in cls.columns)
                and unresolved
                and not any(b.split(".")[0] in _NOT_ORM_ROOTS for b in cls.bases)
            ):
                result = "model"  # a base we cannot see (installed package): strong evidence
            kinds[qualname] = result
            return result

        for qualname in index.classes:
            kind(qualname)
        return kinds

    def build(self, extra: Iterable[str]) -> ProjectIndex:
        index = self.index
        project_types = self.json_types()
        kinds = self.classify()
        for qualname, k in kinds.items():
            if k != "model" or qualname in project_types:
                continue
            chain = index.ancestors(qualname)
            type_map = {key: ref for c in reversed(chain) for key, ref in index.classes[c].type_map}
            json_cols: dict[str, Status] = {}
            mapped: set[str] = set()
            plain: set[str] = set()
            members: set[str] = set()
            unresolved_base = False
            for ancestor in reversed(chain):
                cls = index.classes[ancestor]
                members.update(cls.members)
                for base in cls.bases:
                    if (
                        index.resolve_class(base) is None
                        and not self._is_declarative_base_name(base)
                        and _short(base) not in ("SQLModel", "object", "Generic")
                        and not base.startswith("sqlalchemy")
                    ):
                        unresolved_base = True
                for column in cls.columns:
                    mapped.add(column.attr)
                    if column.kind == "column":
                        plain.add(column.attr)
                    else:
                        plain.discard(column.attr)
                    ref = column.type
                    if ref is None and column.annotation is not None:
                        origin = column.annotation.split("[", 1)[0]
                        ref = type_map.get(column.annotation) or type_map.get(origin)
                    status = (
                        self.ref_status(ref, project_types) if column.kind == "column" else None
                    )
                    if status is not None:
                        json_cols[column.attr] = status
                    else:
                        json_cols.pop(column.attr, None)
            is_open = unresolved_base or any(index.classes[c].open for c in chain)
            index.models[qualname] = ModelInfo(
                qualname,
                json_cols,
                frozenset(mapped),
                frozenset(members),
                is_open,
                frozenset(plain),
            )
        extra_json: set[tuple[str, str]] = set()
        for entry in extra:
            model, _, attr = entry.rpartition(".")
            if not model:
                extra_json.add(("*", attr))
                continue
            resolved = index.resolve_class(model) or index.resolve_unbound(model) or model
            extra_json.add((resolved, attr))
        index.extra_json = frozenset(extra_json)
        self._close_summaries()
        return index

    # -- summaries -------------------------------------------------------------------------
    def _close_summaries(self) -> None:
        """Close commit / write / spawn over the call graph (a fixpoint, bounded)."""
        index = self.index
        callees: dict[str, list[str]] = {}
        for qualname, function in index.functions.items():
            found = [index.resolve_function(c) for c in function.calls]
            callees[qualname] = [c for c in found if c is not None and c != qualname]
        commits = {q for q, f in index.functions.items() if f.commits}
        spawns = {q for q, f in index.functions.items() if f.spawns and not f.after_commit}
        writes = {
            q
            for q, f in index.functions.items()
            if f.writes or any(index.resolve_class(t) in index.models for t in f.writes_params)
        }
        for _ in range(6):
            grew = False
            for qualname, called in callees.items():
                if qualname not in commits and any(c in commits for c in called):
                    commits.add(qualname)
                    grew = True
                if (
                    qualname not in spawns
                    and any(c in spawns for c in called)
                    and not index.functions[qualname].after_commit
                ):
                    spawns.add(qualname)
                    grew = True
                if qualname not in writes and any(c in writes for c in called):
                    writes.add(qualname)
                    grew = True
            if not grew:
                break
        index.commits = frozenset(commits)
        index.spawns = frozenset(spawns)
        index.spawned_fields = frozenset(
            name for f in index.functions.values() for name in f.spawned_fields
        )
        index.writes = frozenset(w for w in writes if w not in commits)
        index.commits_on_exit = frozenset(
            q for q, f in index.functions.items() if f.commits_after_yield
        ) | frozenset(
            cls
            for cls in index.classes
            if any(f"{cls}.{m}" in commits for m in ("__exit__", "__aexit__"))
        )
        deferred_bases = {
            f.owner
            for f in index.functions.values()
            if f.owner and f.name in ("apply_async", "delay") and f.after_commit
        }
        index.deferred_tasks = frozenset(
            q
            for q, f in index.functions.items()
            if f.is_task
            and f.task_base is not None
            and index.resolve_class(f.task_base) in deferred_bases
        )
        flagged: set[tuple[str, str, str | None]] = set()
        for file in self.facts:
            for call_flag in file.call_flags:
                if call_flag.callee.startswith("*."):
                    targets = list(index.functions_by_short.get(call_flag.callee[2:], ()))
                else:
                    target = index.resolve_function(call_flag.callee)
                    targets = [target] if target is not None else []
                for target in targets:
                    function = index.functions[target]
                    params = list(function.params)
                    if call_flag.callee.startswith("*.") and not function.owner:
                        continue
                    if not call_flag.callee.startswith("*.") and function.owner and params:
                        params = params[1:]
                    if call_flag.position < len(params):
                        flagged.add((target, params[call_flag.position], call_flag.attr))
        index.flagged_by_callers = frozenset(flagged)


def _tracking_of(status: Status) -> Literal["none", "top", "deep"]:
    return {"untracked": "none", "tracked": "top", "deep": "deep"}[status]  # type: ignore[return-value]


def _deeper(
    first: Literal["none", "top", "deep"], second: Literal["none", "top", "deep"]
) -> Literal["none", "top", "deep"]:
    order = ["none", "top", "deep"]
    return first if order.index(first) >= order.index(second) else second


def build_index(facts: Iterable[FileFacts], json_attributes: Iterable[str] = ()) -> ProjectIndex:
    """Merge per-file facts: resolve bases, JSON types, type maps and function summaries."""
    return _Builder(list(facts)).build(json_attributes)
