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
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

T = TypeVar("T")
_SCALARS = (str, int, float, bool, type(None))


def to_data(value: object) -> Any:
    """JSON-able form: a dataclass becomes a dict of its fields, a tuple a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
    return typing.cast(T, _dataclass(cls, data, cls.__name__))


@functools.cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """The fields and their resolved annotations (string annotations evaluated once)."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"from_data: {cls.__name__} is not a dataclass")
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)


def _dataclass(cls: type, data: Any, where: str) -> object:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
    fields = _hints(cls)
    names = {name for name, _ in fields}
    if set(data) != names:
        extra, missing = sorted(set(data) - names), sorted(names - set(data))
        raise ValueError(f"{where}: unexpected keys {extra}, missing keys {missing}")
    values = {name: _value(hint, data[name], f"{where}.{name}") for name, hint in fields}
    return cls(**values)


def _value(hint: Any, data: Any, where: str) -> Any:
    origin = get_origin(hint)
    if hint is typing.Any:
        raise TypeError(f"from_data: {where}: `Any` cannot be checked")
    if hint in (str, int, bool, type(None)):
        if type(data) is not hint:  # exact: `True` is not an int, `1` is not a bool
            raise ValueError(f"{where}: expected {_name(hint)}, got {type(data).__name__}")
        return data
    if hint is float:
        if type(data) not in (int, float):
            raise ValueError(f"{where}: expected float, got {type(data).__name__}")
        return float(data)
    if origin is Literal:
        allowed = get_args(hint)
        if not any(type(data) is type(a) and data == a for a in allowed):
            raise ValueError(f"{where}: expected one of {list(allowed)}, got {data!r}")
        return data
    if origin in (Union, types.UnionType):
        problems = []
        for arm in get_args(hint):
            try:
                return _value(arm, data, where)
            except ValueError as exc:
                problems.append(str(exc))
        raise ValueError(" / ".join(problems))
    if origin is tuple:
        return _tuple(get_args(hint), data, where)
    if origin is dict:
        key, item = get_args(hint)
        if key is not str:
            raise TypeError(f"from_data: {where}: only `dict[str, ...]` is supported")
        if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
            raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
        return {k: _value(item, v, f"{where}[{k!r}]") for k, v in data.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint, data, where)
    raise TypeError(f"from_data: {where}: unsupported type {hint!r}")


def _tuple(args: tuple[Any, ...], data: Any, where: str) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise ValueError(f"{where}: expected a list, got {type(data).__name__}")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_value(args[0], item, f"{where}[{n}]") for n, item in enumerate(data))
    if len(args) != len(data):
        raise ValueError(f"{where}: expected {len(args)} items, got {len(data)}")
    return tuple(
        _value(a, item, f"{where}[{n}]") for n, (a, item) in enumerate(zip(args, data, strict=True))
    )


def _name(hint: Any) -> str:
    return "null" if hint is type(None) else str(getattr(hint, "__name__", hint))
