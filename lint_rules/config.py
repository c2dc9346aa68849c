"""`[tool.persistguard]` in pyproject.toml -> a frozen `LintConfig`.

Strict on purpose: a misspelt key silently ignored is a rule silently off, so
unknown keys and wrong types are errors that name the file and the key.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from lint_rules.errors import LintConfigError

DEFAULT_SESSION_NAMES: tuple[str, ...] = ("session", "db", "db_session", "s", "async_session")
_CODE = re.compile(r"^ORM\d{0,3}$")

_KEYS: dict[str, str] = {
    "select": "a list of rule codes",
    "ignore": "a list of rule codes",
    "extend-select": "a list of rule codes",
    "per-file-ignores": "a table of glob pattern = list of rule codes",
    "exclude": "a list of glob patterns",
    "json-attributes": "a list of attribute names (`Model.attr` or `attr`)",
    "spawn-functions": "a list of function names (dotted or plain)",
    "session-names": "a list of variable names",
    "commit-functions": "a list of function names (dotted or plain) that commit",
    "after-commit-spawns": "a list of task names (dotted or plain) that wait for the commit",
}


@dataclass(frozen=True)
class LintConfig:
    """Resolved linter settings; the defaults are what an empty config means."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    #: (glob relative to the project root, codes) as in ruff: `{"tests/**" = ["ORM002"]}`
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    json_attributes: tuple[str, ...] = ()
    spawn_functions: tuple[str, ...] = ()
    session_names: tuple[str, ...] = DEFAULT_SESSION_NAMES
    commit_functions: tuple[str, ...] = ()
    after_commit_spawns: tuple[str, ...] = ()
    root: Path | None = field(default=None, compare=False)
    source: Path | None = field(default=None, compare=False)
    #: where the settings came from, as errors name it: `pyproject.toml [tool.persistguard] `
    origin: str = field(default="", compare=False)

    def enabled(self, code: str) -> bool:
        """Prefix matching as in ruff: `ORM` selects every rule, `ORM00` the first nine."""
        selected = not self.select or any(code.startswith(s) for s in self.select)
        selected = selected or any(code.startswith(s) for s in self.extend_select)
        return selected and not any(code.startswith(i) for i in self.ignore)

    def with_overrides(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] | None = None,
    ) -> LintConfig:
        """Command-line `--select` replaces `select`; `--ignore`, `--extend-select` extend."""
        new = self
        if select is not None:
            new = replace(new, select=_codes("--select", list(select)))
        if extend_select is not None:
            extended = _codes("--extend-select", list(extend_select))
            new = replace(new, extend_select=(*new.extend_select, *extended))
        if ignore is not None:
            new = replace(new, ignore=(*new.ignore, *_codes("--ignore", list(ignore))))
        return new

    def selectors(self) -> list[tuple[str, str]]:
        """(setting, code) for every rule selector, to check each matches a rule."""
        found = [
            (name, code)
            for name in ("select", "extend-select", "ignore")
            for code in getattr(self, name.replace("-", "_"))
        ]
        found += [
            (f"per-file-ignores {pattern!r}", code)
            for pattern, codes in self.per_file_ignores
            for code in codes
        ]
        return found

    def digest(self) -> str:
        """Hash of every setting that changes results (part of the cache key)."""
        data = asdict(self)
        for unrelated in ("root", "source", "origin"):
            data.pop(unrelated)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _codes(where: str, values: list[Any]) -> tuple[str, ...]:
    codes = tuple(str(v).strip().upper() for v in values if str(v).strip())
    for code in codes:
        if not _CODE.match(code):
            raise LintConfigError(f"{where}: unknown rule code `{code}` (expected e.g. ORM001)")
    return codes


def check_selectors(where: str, selectors: Iterable[tuple[str, str]], known: Iterable[str]) -> None:
    """Each selector must select at least one of the `known` rule codes (ruff exits 2 too)."""
    codes = sorted(known)
    for setting, selector in selectors:
        if not any(code.startswith(selector) for code in codes):
            raise LintConfigError(
                f"{where}{setting}: `{selector}` matches no rule "
                f"(expected a code or a prefix of: {', '.join(codes)})"
            )


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a `[tool.persistguard]` table, walking up from `start`."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
                data = tomllib.loads(text)
            except OSError:
                continue
            except tomllib.TOMLDecodeError as exc:
                if "persistguard" in text:  # ours, and broken: say so rather than use defaults
                    raise LintConfigError(f"{candidate}: invalid TOML: {exc}") from exc
                continue
            if "persistguard" in data.get("tool", {}):
                return candidate
    return None


def find_root(start: Path) -> Path:
    """The project root: the nearest folder with a pyproject.toml or .git, else `start`."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() or (folder / ".git").exists():
            return folder
    return here


def load_config(start: Path) -> LintConfig:
    """Read the config that governs `start` (a file or folder); defaults if there is none."""
    path = find_pyproject(start)
    if path is None:
        return LintConfig(root=find_root(start))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data["tool"]["persistguard"]
    return parse_config(table, path)


def load_config_file(path: Path) -> LintConfig:
    """`--config FILE`: a pyproject.toml's `[tool.persistguard]`, or a file of top-level keys.

    Never silently empty: a pyproject.toml without the table, or a key the
    linter does not know, is an error naming the file.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LintConfigError(f"{path}: cannot read the config file: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LintConfigError(f"{path}: invalid TOML: {exc}") from exc
    tool = data.get("tool")
    if path.name == "pyproject.toml" or isinstance(tool, dict):
        if not isinstance(tool, dict) or "persistguard" not in tool:
            raise LintConfigError(
                f"{path}: no [tool.persistguard] table (put the settings there, "
                "or pass a file whose top-level keys are the settings)"
            )
        return parse_config(tool["persistguard"], path)
    return parse_config(data, path, standalone=True)


def parse_config(table: Any, path: Path, *, standalone: bool = False) -> LintConfig:
    """Validate a `[tool.persistguard]` table; its `lint` subtable may hold the same keys.

    `standalone`: the table is a whole config file of its own, where no other
    tool's subtable can live, so an unknown table is an error too.
    """
    where = f"{path.name}" if standalone else f"{path.name} [tool.persistguard]"
    if not isinstance(table, dict):
        raise LintConfigError(f"{where}: expected a table, got {type(table).__name__}")
    merged: dict[str, Any] = {}
    for key, value in table.items():
        if key == "lint":
            if not isinstance(value, dict):
                raise LintConfigError(f"{where} lint: expected a table, got {_kind(value)}")
            for sub_key, sub_value in value.items():
                _check(
                    f"{where} lint" if standalone else f"{path.name} [tool.persistguard.lint]",
                    sub_key,
                    sub_value,
                )
                merged[sub_key] = sub_value
        elif isinstance(value, dict) and key != "per-file-ignores" and not standalone:
            continue  # another tool's subtable ([tool.persistguard.harness], ...)
        else:
            _check(where, key, value)
            merged[key] = value

    def strings(key: str) -> tuple[str, ...]:
        return tuple(merged.get(key, ()))

    return LintConfig(
        select=_codes(f"{where} select", merged.get("select", [])),
        ignore=_codes(f"{where} ignore", merged.get("ignore", [])),
        extend_select=_codes(f"{where} extend-select", merged.get("extend-select", [])),
        per_file_ignores=tuple(
            (pattern, _codes(f"{where} per-file-ignores {pattern!r}", codes))
            for pattern, codes in merged.get("per-file-ignores", {}).items()
        ),
        exclude=strings("exclude"),
        json_attributes=strings("json-attributes"),
        spawn_functions=strings("spawn-functions"),
        session_names=(*DEFAULT_SESSION_NAMES, *strings("session-names")),
        commit_functions=strings("commit-functions"),
        after_commit_spawns=strings("after-commit-spawns"),
        root=path.parent,
        source=path,
        origin=f"{where} ",
    )


def _check(where: str, key: str, value: Any) -> None:
    if key not in _KEYS:
        expected = ", ".join(_KEYS)
        raise LintConfigError(f"{where} {key}: unknown key (expected: {expected})")
    if key == "per-file-ignores":
        if not isinstance(value, dict):
            raise LintConfigError(f"{where} {key}: expected {_KEYS[key]}, got {_kind(value)}")
        for pattern, codes in value.items():
            _check_strings(f"{where} {key} {pattern!r}", "a list of rule codes", codes)
        return
    _check_strings(f"{where} {key}", _KEYS[key], value)


def _check_strings(where: str, expected: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LintConfigError(f"{where}: expected {expected}, got {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list with non-string items"
    return {dict: "table"}.get(type(value), type(value).__name__)
