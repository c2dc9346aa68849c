"""Frozen dataclasses <-> JSON-able data, checked field by field against the type hints.

The cache stores data, never pickles: reading a pickle runs code, so a planted
cache file would run code on whoever lints the project. `from_data` rebuilds a
dataclass only from values whose types match its annotations exactly and
raises `ValueError` on anything else, so a bad entry is a cache miss, not a
crash or a wrong answer.

Supported field types: `str`, `int`, `bool`, `float`, `None`, `Literal[...]`,
unions of those (`X | None`), `tuple[X, ...]`, `tuple[X, Y]`, `dict[str, X]`
and nested frozen dataclasses.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

T = TypeVar("T")
_SCALARS = (str, int, float, bool, type(None))


def to_data(value: object) -> Any:
    """JSON-able form: a dataclass becomes a dict of its fields, a tuple a list.

    A field equal to its default is left out (most summaries are mostly
    defaults); `from_data` puts it back.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = {}
        for name, default in _defaults(type(value)):
            item = getattr(value, name)
            if default is _REQUIRED or item != default:
                found[name] = to_data(item)
        return found
    if isinstance(value, tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("to_data: dict keys must be strings")
        return {k: to_data(v) for k, v in value.items()}
    if isinstance(value, _SCALARS):
        return value
    raise TypeError(f"to_data: cannot serialise {type(value).__name__}")


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a `cls` from `to_data`'s output; `ValueError` names the first mismatch."""
    try:
        return typing.cast(T, _converter(typing.cast(Any, cls))(data))
    except _Mismatch as exc:
        where = cls.__name__ + "".join(reversed(exc.path))
        raise ValueError(f"{where}: {exc.message}") from None


class _Mismatch(Exception):
    """A value that does not fit its annotation; `path` grows as it leaves each container."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str] = []


Convert = Callable[[Any], Any]


_REQUIRED = object()


@functools.cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each init field and its default value (`_REQUIRED` when it has none)."""
    found: list[tuple[str, Any]] = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            found.append((f.name, f.default))
        elif f.default_factory is not dataclasses.MISSING:
            found.append((f.name, f.default_factory()))
        else:
            found.append((f.name, _REQUIRED))
    return tuple(found)


@functools.cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """The fields and their resolved annotations (string annotations evaluated once)."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"from_data: {cls.__name__} is not a dataclass")
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)


@functools.cache
def _converter(hint: Any) -> Convert:
    """A checking converter for one annotation, built once: reading a cache reads many values."""
    origin = get_origin(hint)
    if hint is typing.Any:
        raise TypeError("from_data: `Any` cannot be checked")
    if hint in (str, int, bool, type(None)):
        return _exact(hint)
    if hint is float:
        return _float
    if origin is Literal:
        return _literal(get_args(hint))
    if origin in (Union, types.UnionType):
        arms = get_args(hint)
        if len(arms) == 2 and type(None) in arms:
            other = arms[0] if arms[1] is type(None) else arms[1]
            return _optional(_converter(other))
        return _union(tuple(_converter(arm) for arm in arms))
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis and args[0] in (str, int, bool):
            return _scalars(args[0])
        if len(args) == 2 and args[1] is Ellipsis:
            return _homogeneous(_converter(args[0]))
        return _fixed(tuple(_converter(a) for a in args))
    if origin is dict:
        key, item = get_args(hint)
        if key is not str:
            raise TypeError("from_data: only `dict[str, ...]` is supported")
        return _mapping(_converter(item))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    raise TypeError(f"from_data: unsupported type {hint!r}")


def _exact(hint: type) -> Convert:
    def convert(data: Any) -> Any:
        if type(data) is not hint:  # exact: `True` is not an int, `1` is not a bool
            raise _Mismatch(f"expected {_name(hint)}, got {type(data).__name__}")
        return data

    return convert


def _float(data: Any) -> Any:
    if type(data) not in (int, float):
        raise _Mismatch(f"expected float, got {type(data).__name__}")
    return float(data)


def _literal(allowed: tuple[Any, ...]) -> Convert:
    def convert(data: Any) -> Any:
        if not any(type(data) is type(a) and data == a for a in allowed):
            raise _Mismatch(f"expected one of {list(allowed)}, got {data!r}")
        return data

    return convert


def _optional(arm: Convert) -> Convert:
    def convert(data: Any) -> Any:
        return None if data is None else arm(data)

    return convert


def _scalars(hint: type) -> Convert:
    """`tuple[str, ...]` and the like: one pass in C for the common case."""

    def convert(data: Any) -> Any:
        if type(data) is not list:
            raise _Mismatch(f"expected a list, got {type(data).__name__}")
        for number, value in enumerate(data):
            if type(value) is not hint:
                exc = _Mismatch(f"expected {_name(hint)}, got {type(value).__name__}")
                exc.path.append(f"[{number}]")
                raise exc
        return tuple(data)

    return convert


def _union(arms: tuple[Convert, ...]) -> Convert:
    def convert(data: Any) -> Any:
        problems = []
        for arm in arms:
            try:
                return arm(data)
            except _Mismatch as exc:
                problems.append(exc.message)
        raise _Mismatch(" / ".join(problems))

    return convert


def _homogeneous(item: Convert) -> Convert:
    def convert(data: Any) -> Any:
        if type(data) is not list:
            raise _Mismatch(f"expected a list, got {type(data).__name__}")
        try:
            return tuple([item(value) for value in data])
        except _Mismatch as exc:
            exc.path.append(f"[{_first_bad(item, data)}]")
            raise

    return convert


def _fixed(items: tuple[Convert, ...]) -> Convert:
    def convert(data: Any) -> Any:
        if type(data) is not list:
            raise _Mismatch(f"expected a list, got {type(data).__name__}")
        if len(data) != len(items):
            raise _Mismatch(f"expected {len(items)} items, got {len(data)}")
        for number, (item, value) in enumerate(zip(items, data, strict=True)):
            try:
                item(value)
            except _Mismatch as exc:
                exc.path.append(f"[{number}]")
                raise
        return tuple(item(value) for item, value in zip(items, data, strict=True))

    return convert


def _mapping(item: Convert) -> Convert:
    def convert(data: Any) -> Any:
        if type(data) is not dict or not all(type(k) is str for k in data):
            raise _Mismatch(f"expected an object, got {type(data).__name__}")
        result = {}
        for key, value in data.items():
            try:
                result[key] = item(value)
            except _Mismatch as exc:
                exc.path.append(f"[{key!r}]")
                raise
        return result

    return convert


def _record(cls: type) -> Convert:
    fields: list[tuple[str, Convert]] | None = None
    names: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()

    def convert(data: Any) -> Any:
        nonlocal fields, names, required
        if fields is None:  # built on first use: a dataclass may refer to itself
            fields = [(name, _converter(hint)) for name, hint in _hints(cls)]
            names = frozenset(name for name, _ in fields)
            required = frozenset(n for n, default in _defaults(cls) if default is _REQUIRED)
        if type(data) is not dict:
            raise _Mismatch(f"expected an object, got {type(data).__name__}")
        keys = data.keys()
        if not (required <= keys <= names):
            extra, missing = sorted(set(keys) - names), sorted(required - set(keys))
            raise _Mismatch(f"unexpected keys {extra}, missing keys {missing}")
        values = {}
        for name, field_converter in fields:
            if name not in data:
                continue  # left out because it was the default
            try:
                values[name] = field_converter(data[name])
            except _Mismatch as exc:
                exc.path.append(f".{name}")
                raise
        return cls(**values)

    return convert


def _first_bad(item: Convert, data: list[Any]) -> int:
    """Which list item failed (looked for only once something did)."""
    for number, value in enumerate(data):
        try:
            item(value)
        except _Mismatch:
            return number
    return -1


def _name(hint: Any) -> str:
    return "null" if hint is type(None) else str(getattr(hint, "__name__", hint))
