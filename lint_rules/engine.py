"""files -> index -> rules -> violations: text pre-filter, parse, run rules; parallel + cache.

Two passes. The survey parses (with CPython's own parser, `ast`) each file
whose text can declare something the index needs, and each file being linted
(to report ORM000), once; its facts are cached by content. The rules then run
only on the files whose text can hold a finding of an enabled rule (a JSON
attribute the project declares, a spawn next to a write...), and inside them
only on the functions that can. Results are cached per file, and many files
are spread over processes.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import functools
import gc
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lint_rules import guard
from lint_rules.cache import Cache, code_fingerprint, key
from lint_rules.config import LintConfig, find_root, load_config
from lint_rules.facts import FileFacts, file_facts
from lint_rules.files import python_files
from lint_rules.index import ProjectIndex, build_index
from lint_rules.modules import Resolver, import_table, module_name, top_level_names
from lint_rules.reading import ReadError, SourceFile, io_error, read_source
from lint_rules.registry import all_rules
from lint_rules.relevance import Text
from lint_rules.rule import FileContext, LintRule
from lint_rules.suppression import SKIP_FILE, per_file_ignored, suppressed
from lint_rules.version import package_version
from lint_rules.violation import Violation

VERSION = package_version()
T = TypeVar("T")
R = TypeVar("R")
#: below this many files to parse, process start-up costs more than it saves
PARALLEL_THRESHOLD = 24
#: words without which a file declares no model, JSON type, session factory or summary worth keeping
_FACT_WORDS = re.compile(
    r"sqlalchemy|sqlmodel|Column\(|mapped_column|__tablename__|declarative|flag_modified"
    r"|[sS]ession|commit|create_task|ensure_future|add_task|apply_async|\.delay\("
    r"|run_in_executor|start_soon|enqueue|Thread\(|submit\(|shared_task|\.task\b|\bactor\b"
)


@dataclass
class LintResult:
    """Findings plus what the run did (for `--statistics` and the bench)."""

    violations: list[Violation] = field(default_factory=list)
    files: int = 0
    parsed: int = 0
    prefiltered: int = 0
    cache_hits: int = 0
    #: what `fix` needs to re-check a file it edits: the project, its index, and the
    #: hash of each file's text as linted (a file changed since is re-checked first)
    root: Path | None = None
    config: LintConfig | None = None
    index: ProjectIndex | None = None
    digests: dict[str, str] = field(default_factory=dict)


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
    text = Text(source, index, config)
    return any(rule.relevant(text) for rule in rules)


def _syntax_error(path: str, error: SyntaxError) -> Violation:
    """ORM000 at CPython's position for the error."""
    line, col = error.lineno or 1, error.offset or 1
    message = error.msg
    return Violation(
        "ORM000", "syntax-error", f"cannot parse: {message}", path, line, col, line, col
    )


def parse(source: str, path: str) -> ast.Module:
    """CPython's own parser (raises `SyntaxError`); the code's warnings are not ours to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the linted code, on 3.12+
        return ast.parse(source, filename=path, type_comments=False)


def check_source(
    source: str,
    path: str,
    config: LintConfig,
    index: ProjectIndex,
    rules: Sequence[type[LintRule]] | None = None,
    module: str | None = None,
    tree: ast.Module | None = None,
) -> list[Violation]:
    """Parse one file and run the rules on it (no pre-filter, no cache)."""
    if SKIP_FILE.search(source):
        return []
    if tree is None:
        try:
            tree = parse(source, path)
        except SyntaxError as error:
            return [_syntax_error(path, error)]
        except (ValueError, RecursionError, MemoryError) as error:
            return [_syntax_error(path, SyntaxError(str(error), (path, 1, 1, "")))]
    name = module if module is not None else module_name(Path(path), config.root)
    is_package = Path(path).name == "__init__.py"
    resolver = Resolver(import_table(tree, name, is_package), top_level_names(tree))
    context = FileContext(path, source, tree, resolver, index, config)
    found: list[Violation] = []
    try:
        for rule in rules if rules is not None else rules_for(config):
            found.extend(rule(context).check())
    finally:
        context.memo.clear()  # shared analyses point back at the context: break the cycle
    return sorted(suppressed(found, source), key=lambda v: v.sort_key)


def source_facts(source: str, path: str, module: str) -> FileFacts | None:
    """The index facts of a source text, `None` if it does not parse."""
    try:
        tree = parse(source, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return file_facts(tree, module, Path(path).name == "__init__.py", source)


def lint_source(
    source: str,
    path: str = "<stdin>",
    config: LintConfig | None = None,
    index: ProjectIndex | None = None,
) -> list[Violation]:
    """Lint one source text; without an index, the index is built from the text itself."""
    config = config or LintConfig()
    module = module_name(Path(path), config.root)
    if index is None:
        facts = guard.guarded(lambda: source_facts(source, path, module), lambda _: None)
        index = build_index([facts] if facts else [], config.json_attributes)
    own = index
    return guard.check_guarded(
        lambda text, tree: check_source(text, path, config, own, module=module, tree=tree),
        source,
        path,
    )


# -- the project-wide run ------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _init_worker(config: LintConfig, index: ProjectIndex) -> None:
    _WORKER["config"] = config
    _WORKER["index"] = index


def _check_in_worker(item: tuple[str, str, str]) -> list[Violation]:
    gc.disable()
    config = _WORKER["config"]
    index = _WORKER["index"]
    assert isinstance(config, LintConfig) and isinstance(index, ProjectIndex)
    path, source, module = item
    # the guard: no file can crash the process or lose the other files' findings
    return guard.check_guarded(
        lambda text, tree: check_source(text, path, config, index, module=module, tree=tree),
        source,
        path,
    )


@dataclass(frozen=True)
class Unparsable:
    """A file CPython refuses: where and why (reported as ORM000 without parsing it again)."""

    line: int
    col: int
    message: str


#: what the first pass learns of a file: its facts, or why it does not parse
Survey = FileFacts | Unparsable


def survey(source: str, path: str, module: str, want_facts: bool) -> Survey:
    """Parse a file once: its index facts (if it can declare any), or why it does not parse."""
    try:
        tree = parse(source, path)
    except SyntaxError as error:
        return Unparsable(error.lineno or 1, error.offset or 1, error.msg)
    except (ValueError, RecursionError, MemoryError) as error:
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return Unparsable(1, 1, reason)
    if not want_facts:
        return FileFacts(module)
    return file_facts(tree, module, Path(path).name == "__init__.py", source)


def _survey_in_worker(item: tuple[str, str, str, bool]) -> Survey:
    gc.disable()  # see `paused_gc`: a worker holds no cycles worth collecting mid-run
    path, source, module, want_facts = item
    return guard.guarded(
        lambda: survey(source, path, module, want_facts), lambda why: Unparsable(1, 1, why)
    )


def _read(path: Path) -> str | None:
    """The file's text (decoded as CPython does); `None` if it cannot be read."""
    found = read_source(path)
    return found.text if isinstance(found, SourceFile) else None


def _cached_survey(cache: Cache, name: str) -> Survey | None:
    """A survey from the cache: data checked field by field against either shape."""
    return cache.get_facts(name, FileFacts) or cache.get_facts(name, Unparsable)


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


@dataclass
class ProjectSurvey:
    """The first pass over the project: the index, and which files do not parse."""

    index: ProjectIndex
    unparsable: dict[Path, Unparsable] = field(default_factory=dict)
    surveyed: set[Path] = field(default_factory=set)


def project_index(
    root: Path,
    config: LintConfig,
    cache: Cache,
    jobs: int,
    replace: tuple[Path, str] | None = None,
) -> ProjectIndex:
    """Index every Python file of the project (cached per file content)."""
    return survey_project(root, config, cache, jobs, replace).index


def survey_project(
    root: Path,
    config: LintConfig,
    cache: Cache,
    jobs: int,
    replace: tuple[Path, str] | None = None,
    targets: Iterable[Path] = (),
    project_files: list[Path] | None = None,
) -> ProjectSurvey:
    """Parse each file that can declare facts, or that is linted, exactly once (or not: cached).

    `replace=(path, source)` indexes `source` instead of the file at `path`
    (for `--stdin-filename`: the editor's buffer is newer than the disk).
    """
    wanted = set(targets)
    files = (
        project_files
        if project_files is not None
        else list(python_files([root], root, config.exclude).files)
    )
    sources: list[tuple[Path, str | None]] = [(path, _read(path)) for path in files]
    if replace is not None:
        swapped = Path(os.path.realpath(replace[0]))
        sources = [(p, s) for p, s in sources if os.path.realpath(p) != str(swapped)]
        sources.append((swapped, replace[1]))
    facts: list[FileFacts] = []
    result = ProjectSurvey(ProjectIndex())
    todo: list[tuple[Path, str, tuple[str, str, str, bool]]] = []
    resolved_root = Path(os.path.realpath(root))
    for path, source in sources:
        if source is None:
            continue
        want_facts = _FACT_WORDS.search(source) is not None
        if not want_facts and path not in wanted:
            continue
        module = module_name(path, resolved_root)
        name = key(
            "survey", VERSION, code_fingerprint(), module, path.name, str(want_facts), source
        )
        cached = _cached_survey(cache, name)
        if cached is not None:
            _record(result, facts, path, cached)
        else:
            todo.append((path, name, (str(path), source, module, want_facts)))
    surveys = _map(_survey_in_worker, [item for _, _, item in todo], jobs)
    for (path, name, _), found in zip(todo, surveys, strict=True):
        cache.put_facts(name, found)
        _record(result, facts, path, found)
    result.index = build_index(facts, config.json_attributes)
    return result


def _record(result: ProjectSurvey, facts: list[FileFacts], path: Path, found: Survey) -> None:
    result.surveyed.add(path)
    if isinstance(found, Unparsable):
        result.unparsable[path] = found
    elif (
        found.classes
        or found.functions
        or found.bases
        or found.aliases
        or found.flask_dbs
        or found.session_factories
        or found.registries
    ):
        facts.append(found)


def default_jobs() -> int:
    """One worker per CPU."""
    return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Run without the cyclic garbage collector, then collect once.

    Parsing allocates millions of short-lived nodes; with the run's own
    objects alive, each automatic collection rescans all of them (measured on
    1.4 million lines: 21 s of parsing instead of 14). Syntax trees hold no
    reference cycles, so nothing is lost by collecting once at the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


def lint_paths(
    paths: Iterable[Path | str],
    config: LintConfig | None = None,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
    root: Path | None = None,
    prefilter: bool = True,
    cache_dir: Path | None = None,
) -> LintResult:
    """Lint files and folders; the index covers the whole project they belong to.

    The project root (the folder of the governing pyproject.toml, else the
    git root) anchors the index, the cache and the `exclude` globs, whatever
    the current directory. A path that does not exist, or a file that cannot
    be read, is reported as E902. `prefilter=False` parses every file (for the
    benchmark and for checking the filter).
    """
    with paused_gc():
        return _lint_paths(paths, config, use_cache, jobs, root, prefilter, cache_dir)


def _lint_paths(
    paths: Iterable[Path | str],
    config: LintConfig | None,
    use_cache: bool,
    jobs: int | None,
    root: Path | None,
    prefilter: bool,
    cache_dir: Path | None = None,
) -> LintResult:
    targets = [Path(p) for p in paths] or [Path.cwd()]
    config = config or load_config(targets[0])
    root = root or config.root or find_root(targets[0])
    jobs = default_jobs() if jobs is None else jobs
    cache = Cache(root, enabled=use_cache, folder=cache_dir)
    listing = python_files(targets, root, config.exclude)
    files = list(listing.files)
    real_root = os.path.realpath(root)
    whole = files if [os.path.realpath(t) for t in targets] == [real_root] else None
    surveyed = survey_project(root, config, cache, jobs, targets=files, project_files=whole)
    index = surveyed.index
    rules = rules_for(config)
    context_key = key(
        VERSION, code_fingerprint(), config.digest(), index.digest(), *[r.CODE for r in rules]
    )
    result = LintResult(root=root, config=config, index=index)
    for missing in listing.missing:
        result.violations.append(io_error(display_path(missing), "No such file or directory"))
    todo: list[tuple[str, str, str, str, str]] = []
    for path in files:
        shown = display_path(path)
        result.files += 1
        read = read_source(path)
        if isinstance(read, ReadError):
            result.violations.append(read.violation(shown))
            continue
        source = read.text
        if SKIP_FILE.search(source):
            result.prefiltered += 1
            continue
        relative = _project_path(path, root)  # the cache's name for it, whatever the cwd
        broken = surveyed.unparsable.get(path)
        if broken is not None:
            result.violations.extend(
                _for_file([_unparsable(shown, broken)], shown, relative, config)
            )
            continue
        if (
            prefilter
            and path in surveyed.surveyed
            and not worth_parsing(source, rules, index, config)
        ):
            result.prefiltered += 1
            continue
        name = key(context_key, relative, source)
        cached = cache.get_violations(name)
        if cached is not None:
            result.cache_hits += 1
            result.violations.extend(_for_file(cached, shown, relative, config))
            if cached:
                result.digests[shown] = key(source)
            continue
        module = module_name(Path(os.path.realpath(path)), Path(real_root))
        todo.append((name, shown, relative, source, module))
    found = _map(
        _check_in_worker,
        [(shown, source, module) for _, shown, _, source, module in todo],
        jobs,
        functools.partial(_init_worker, config, index),
    )
    for (name, shown, relative, source, _), violations in zip(todo, found, strict=True):
        assert isinstance(violations, list)
        cache.put_violations(name, [dataclasses.replace(v, path=relative) for v in violations])
        result.violations.extend(_for_file(violations, shown, relative, config))
        if violations:
            result.digests[shown] = key(source)
    result.parsed = len(todo)
    result.violations.sort(key=lambda v: v.sort_key)
    return result


def recheck(
    source: str, shown: str, root: Path, config: LintConfig, index: ProjectIndex
) -> list[Violation]:
    """Lint one file's new text as `lint_paths` would (guarded, `per-file-ignores` applied)."""
    path = Path(os.path.abspath(shown))
    module = module_name(Path(os.path.realpath(path)), Path(os.path.realpath(root)))
    found = guard.check_guarded(
        lambda text, tree: check_source(text, shown, config, index, module=module, tree=tree),
        source,
        shown,
    )
    return _for_file(found, shown, _project_path(path, root), config)


def _project_path(path: Path, root: Path) -> str:
    """`path` relative to the project root (POSIX), or absolute when outside it."""
    try:
        return path.relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return str(path)


def _for_file(
    violations: Sequence[Violation], shown: str, relative: str, config: LintConfig
) -> list[Violation]:
    """One file's findings under its displayed path, minus its `per-file-ignores`."""
    kept = per_file_ignored(violations, relative, config.per_file_ignores)
    return [dataclasses.replace(v, path=shown) for v in kept]


def _unparsable(path: str, where: Unparsable) -> Violation:
    return Violation(
        "ORM000",
        "syntax-error",
        f"cannot parse: {where.message}",
        path,
        where.line,
        where.col,
        where.line,
        where.col,
    )
