"""files -> index -> rules -> violations: text pre-filter, parse, run rules; parallel + cache.

A file pays for a libcst parse only if its text can matter: it mentions a JSON
attribute of the project, `flag_modified`, or a spawn function. Results are
cached per file (see `cache.py`), and many files are spread over processes.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lint_rules.cache import Cache, key
from lint_rules.config import LintConfig, load_config
from lint_rules.facts import FileFacts, file_facts
from lint_rules.files import python_files
from lint_rules.index import ProjectIndex, build_index
from lint_rules.registry import all_rules
from lint_rules.rule import FileContext, LintRule
from lint_rules.suppression import SKIP_FILE, suppressed
from lint_rules.violation import Violation

VERSION = "0.1.0"
T = TypeVar("T")
R = TypeVar("R")
#: below this many files to parse, process start-up costs more than it saves
PARALLEL_THRESHOLD = 24
#: words without which a file declares no model, JSON type, type map or flagging helper
_FACT_WORDS = (
    "Column",
    "mapped_column",
    "Mapped[",
    "__tablename__",
    "JSON",
    "type_annotation_map",
    "flag_modified",
    "declarative_base",
    "Model",
    "TypeDecorator",
    "relationship",
    "Field(",
)


@dataclass
class LintResult:
    """Findings plus what the run did (for `--statistics` and the bench)."""

    violations: list[Violation] = field(default_factory=list)
    files: int = 0
    parsed: int = 0
    prefiltered: int = 0
    cache_hits: int = 0


def display_path(path: Path) -> str:
    """Relative to the working directory when below it (as ruff prints), else absolute."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def rules_for(config: LintConfig) -> list[type[LintRule]]:
    """The enabled rules."""
    return [rule for rule in all_rules() if config.enabled(rule.CODE)]


def worth_parsing(
    source: str, rules: Sequence[type[LintRule]], index: ProjectIndex, config: LintConfig
) -> bool:
    """The text pre-filter: can any enabled rule find anything in this file?"""
    codes = {rule.CODE for rule in rules}
    if codes & {"ORM001", "ORM004"}:
        if "flag_modified" in source:
            return True
        if any(f".{attr}" in source for attr in index.attribute_names()):
            return True
    if "ORM002" in codes:
        words = [w for r in rules if r.CODE == "ORM002" for w in r.TRIGGERS]
        words += [name.rsplit(".", 1)[-1] for name in config.spawn_functions]
        if any(word in source for word in words):
            return True
    return False


def _syntax_error(path: str, source: str, exc: cst.ParserSyntaxError) -> Violation:
    """ORM000 at the parser's position (CPython's, which is exact; else libcst's message)."""
    line, col, message = exc.raw_line, exc.raw_column + 1, str(exc.message).splitlines()[0]
    try:
        compile(source, path, "exec", flags=0x400, dont_inherit=True)  # PyCF_ONLY_AST
    except SyntaxError as error:
        line, col, message = error.lineno or line, error.offset or col, error.msg
    except ValueError:
        pass
    else:
        where = re.search(r"error at (\d+):(\d+)", message)
        if where:
            line, col = int(where.group(1)), int(where.group(2)) + 1
    return Violation(
        "ORM000", "syntax-error", f"cannot parse: {message}", path, line, col, line, col
    )


def check_source(
    source: str,
    path: str,
    config: LintConfig,
    index: ProjectIndex,
    rules: Sequence[type[LintRule]] | None = None,
) -> list[Violation]:
    """Parse one file and run the rules on it (no pre-filter, no cache)."""
    if SKIP_FILE.search(source):
        return []
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return [_syntax_error(path, source, exc)]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = dict(wrapper.resolve(PositionProvider))
    context = FileContext(path, source, wrapper.module, positions, index, config)
    found: list[Violation] = []
    for rule in rules if rules is not None else rules_for(config):
        found.extend(rule(context).check())
    return sorted(suppressed(found, source), key=lambda v: v.sort_key)


def lint_source(
    source: str,
    path: str = "<stdin>",
    config: LintConfig | None = None,
    index: ProjectIndex | None = None,
) -> list[Violation]:
    """Lint one source text; without an index, the index is built from the text itself."""
    config = config or LintConfig()
    if index is None:
        try:
            facts = [file_facts(cst.parse_module(source))]
        except cst.ParserSyntaxError:
            facts = []
        index = build_index(facts, config.json_attributes)
    return check_source(source, path, config, index)


# -- the project-wide run ------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _init_worker(config: LintConfig, index: ProjectIndex) -> None:
    _WORKER["config"] = config
    _WORKER["index"] = index


def _check_in_worker(item: tuple[str, str]) -> list[Violation]:
    config = _WORKER["config"]
    index = _WORKER["index"]
    assert isinstance(config, LintConfig) and isinstance(index, ProjectIndex)
    return check_source(item[1], item[0], config, index)


def _facts_in_worker(source: str) -> FileFacts | None:
    try:
        return file_facts(cst.parse_module(source))
    except cst.ParserSyntaxError:
        return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _map(
    function: Callable[[T], R],
    items: list[T],
    jobs: int,
    initializer: Callable[[], object] | None = None,
) -> list[R]:
    """`map`, over processes when there are enough items to pay for starting them."""
    if jobs > 1 and len(items) >= PARALLEL_THRESHOLD:
        chunk = max(1, len(items) // (jobs * 4))
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=initializer)
        with pool:
            return list(pool.map(function, items, chunksize=chunk))
    if initializer is not None:
        initializer()
    return [function(item) for item in items]


def project_index(
    root: Path,
    config: LintConfig,
    cache: Cache,
    jobs: int,
    replace: tuple[Path, str] | None = None,
) -> ProjectIndex:
    """Index every Python file of the project (cached per file content).

    `replace=(path, source)` indexes `source` instead of the file at `path`
    (for `--stdin-filename`: the editor's buffer is newer than the disk).
    """
    facts: list[FileFacts] = []
    todo: list[tuple[str, str]] = []
    sources = [(path, _read(path)) for path in python_files([root], root, config.exclude)]
    if replace is not None:
        swapped = replace[0].resolve()
        sources = [(p, s) for p, s in sources if p != swapped]
        sources.append(replace)
    for _path, source in sources:
        if source is None or not any(word in source for word in _FACT_WORDS):
            continue
        name = key("facts", VERSION, source)
        cached = cache.get_object(name)
        if isinstance(cached, FileFacts):
            facts.append(cached)
        else:
            todo.append((name, source))
    results = _map(_facts_in_worker, [s for _, s in todo], jobs)
    for (name, _), result in zip(todo, results, strict=True):
        if isinstance(result, FileFacts):
            cache.put_object(name, result)
            facts.append(result)
    return build_index(facts, config.json_attributes)


def default_jobs() -> int:
    """One worker per CPU."""
    return max(1, os.cpu_count() or 1)


def lint_paths(
    paths: Iterable[Path | str],
    config: LintConfig | None = None,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
    root: Path | None = None,
    prefilter: bool = True,
) -> LintResult:
    """Lint files and folders; the index covers the whole project they belong to.

    `prefilter=False` parses every file (for the benchmark and for checking the filter).
    """
    targets = [Path(p) for p in paths] or [Path.cwd()]
    config = config or load_config(targets[0])
    root = root or config.root or Path.cwd()
    jobs = default_jobs() if jobs is None else jobs
    cache = Cache(root, enabled=use_cache)
    index = project_index(root, config, cache, jobs)
    rules = rules_for(config)
    context_key = key(VERSION, config.digest(), index.digest(), *[r.CODE for r in rules])
    result = LintResult()
    todo: list[tuple[str, str, str]] = []
    for path in python_files(targets, root, config.exclude):
        shown = display_path(path)
        result.files += 1
        source = _read(path)
        if source is None:
            continue
        if SKIP_FILE.search(source) or (
            prefilter and not _could_fail(source, rules, index, config)
        ):
            result.prefiltered += 1
            continue
        name = key(context_key, shown, source)
        cached = cache.get_violations(name)
        if cached is not None:
            result.cache_hits += 1
            result.violations.extend(cached)
            continue
        todo.append((name, shown, source))
    found = _map(
        _check_in_worker,
        [(s, src) for _, s, src in todo],
        jobs,
        functools.partial(_init_worker, config, index),
    )
    for (name, _, _), violations in zip(todo, found, strict=True):
        assert isinstance(violations, list)
        cache.put_violations(name, violations)
        result.violations.extend(violations)
    result.parsed = len(todo)
    result.violations.sort(key=lambda v: v.sort_key)
    return result


_MAYBE_SYNTAX = re.compile(r"\S")


def _could_fail(
    source: str, rules: Sequence[type[LintRule]], index: ProjectIndex, config: LintConfig
) -> bool:
    """Pre-filter, except that a file that does not compile is still reported (ORM000)."""
    if worth_parsing(source, rules, index, config):
        return True
    if not _MAYBE_SYNTAX.search(source):
        return False
    try:
        compile(source, "<check>", "exec", dont_inherit=True, flags=0x400)  # PyCF_ONLY_AST
    except SyntaxError:
        return True
    except ValueError:
        return True
    return False
