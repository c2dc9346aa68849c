"""What a model's attribute is, for `flag_modified(obj, "name")` (ORM005).

Answers from the project index only, and only when it can answer for sure:
a model whose attributes cannot all be seen (a mapped `Table`, reflection, a
base or mixin from an installed package) knows no attribute for sure, and a
name mapped by any subclass counts (the object may be an instance of it).
"""

from __future__ import annotations

import difflib

from lint_rules.facts import ColumnFacts
from lint_rules.index import ModelInfo, ProjectIndex

#: SQLAlchemy column types whose Python values cannot change in place
SCALAR_TYPES = frozenset(
    {
        "BigInteger",
        "Boolean",
        "CHAR",
        "Date",
        "DateTime",
        "Double",
        "Enum",
        "Float",
        "INTEGER",
        "Integer",
        "Interval",
        "LargeBinary",
        "Numeric",
        "SmallInteger",
        "String",
        "TIMESTAMP",
        "Text",
        "Time",
        "UUID",
        "Unicode",
        "UnicodeText",
        "Uuid",
        "VARCHAR",
    }
)
#: `Mapped[...]` arguments that map to such types by default
SCALAR_ANNOTATIONS = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "Decimal",
        "decimal.Decimal",
        "datetime",
        "datetime.datetime",
        "date",
        "datetime.date",
        "time",
        "datetime.time",
        "timedelta",
        "datetime.timedelta",
        "UUID",
        "uuid.UUID",
    }
)
_SA_ROOTS = ("sqlalchemy", "sa", "db")


def family(index: ProjectIndex, model: str) -> list[ModelInfo]:
    """The model and every model that inherits from it (the object may be any of them)."""
    found = []
    for qualname, info in index.models.items():
        if qualname == model or model in index.ancestors(qualname):
            found.append(info)
    return found


def is_known(index: ProjectIndex, model: str, attr: str) -> bool | None:
    """Does the model (or a subclass) define `attr`? `None` when its attributes are open."""
    infos = family(index, model)
    if not infos or any(info.open for info in infos):
        return None
    return any(attr in info.mapped or attr in info.members for info in infos)


def close_json_name(index: ProjectIndex, model: str, attr: str) -> str | None:
    """The single JSON attribute of the model whose name is close to `attr` (a typo's fix)."""
    info = index.model(model)
    if info is None:
        return None
    names = sorted(a for a in info.mapped if index.json_status(model, a) is not None)
    close = difflib.get_close_matches(attr, names, n=2, cutoff=0.75)
    return close[0] if len(close) == 1 else None


def _column(index: ProjectIndex, model: str, attr: str) -> tuple[ColumnFacts, list[str]] | None:
    """The column that maps `attr` (nearest class first) and the chain's annotation-map keys."""
    chain = index.ancestors(model)
    keys = [key for cls in chain for key, _ref in index.classes[cls].type_map]
    for cls in chain:
        for column in index.classes[cls].columns:
            if column.attr == attr:
                return column, keys
    return None


def is_plain_scalar(index: ProjectIndex, model: str, attr: str) -> bool:
    """Is `model.attr` a column whose values are immutable (a string, a number, a date)?

    Only SQLAlchemy's own types count; a project `TypeDecorator`, `ARRAY`,
    `PickleType`, `HSTORE` or anything unresolved hold values that can change
    in place, and `flag_modified` on them is how such a change is saved.
    """
    if index.json_status(model, attr) is not None:
        return False
    found = _column(index, model, attr)
    if found is None:
        return False
    column, map_keys = found
    if column.kind != "column":
        return False
    if column.type is not None and column.type.names:
        return all(_scalar_type_name(index, name) for name in column.type.names)
    # the facts keep `Mapped[...]`'s argument normalised (`Optional[str]` is `str`)
    annotation = column.annotation
    return annotation in SCALAR_ANNOTATIONS and annotation not in map_keys


def _scalar_type_name(index: ProjectIndex, name: str) -> bool:
    owner, _, short = name.rpartition(".")
    if short not in SCALAR_TYPES:
        return False
    return not owner or owner.split(".", 1)[0] in _SA_ROOTS or owner in index.flask_dbs
