"""files -> index -> rules -> violations: text pre-filter, parse, run rules; parallel + cache.

A run first asks the snapshot which files changed since the last run (their
size and mtime; only those are read and hashed), then looks up each linted
file's findings by its content and the project's fact state: a warm run
builds no index and parses nothing. For the files that miss, the survey
(`survey.py`) parses each file that can declare facts once (or takes its facts
from the cache) and builds the index; the rules then run only on the files
whose text can hold a finding of an enabled rule, and inside them only on the
functions that can. Many files are spread over processes.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lint_rules.cache import Cache, code_fingerprint, key
from lint_rules.config import LintConfig, find_root, load_config
from lint_rules.files import python_files
from lint_rules.pool import PARALLEL_THRESHOLD, default_jobs, paused_gc, pool_map
from lint_rules.reading import ReadError, io_error
from lint_rules.snapshot import FileState, Snapshot
from lint_rules.suppression import SKIP_FILE, per_file_ignored, suppressed
from lint_rules.violation import Violation

# The analysis (index, rules, survey) is imported where a file must be checked:
# a warm run answers from the cache without it.
if TYPE_CHECKING:
    import ast

    from lint_rules.index import ProjectIndex
    from lint_rules.rule import LintRule
    from lint_rules.survey import ProjectSurvey

__all__ = ["PARALLEL_THRESHOLD", "LintResult", "lint_paths", "lint_source"]


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
    digests: dict[str, str] = field(default_factory=dict)
    _index: ProjectIndex | None = field(default=None, repr=False)
    _build_index: Callable[[], ProjectIndex] | None = field(default=None, repr=False)

    @property
    def index(self) -> ProjectIndex | None:
        """The project index (built on first use: a warm run never needs it)."""
        if self._index is None and self._build_index is not None:
            self._index = self._build_index()
        return self._index


def display_path(path: Path, cwd: str | None = None) -> str:
    """Relative to the working directory when below it (as ruff prints), else absolute."""
    here = cwd if cwd is not None else os.getcwd()
    text = str(path)
    if text.startswith(here + os.sep):
        return text[len(here) + 1 :]
    return text


def rules_for(config: LintConfig) -> list[type[LintRule]]:
    """The enabled rules."""
    from lint_rules.registry import all_rules

    return [rule for rule in all_rules() if config.enabled(rule.CODE)]


def worth_parsing(
    source: str, rules: Sequence[type[LintRule]], index: ProjectIndex, config: LintConfig
) -> bool:
    """The text pre-filter: can any enabled rule find anything in this file?"""
    from lint_rules.relevance import Text

    text = Text(source, index, config)
    return any(rule.relevant(text) for rule in rules)


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
    from lint_rules.modules import Resolver, import_table, module_name, top_level_names
    from lint_rules.parsing import parse, syntax_error
    from lint_rules.rule import FileContext

    if SKIP_FILE.search(source):
        return []
    if tree is None:
        try:
            tree = parse(source, path)
        except SyntaxError as error:
            return [syntax_error(path, error)]
        except (ValueError, RecursionError, MemoryError) as error:
            return [syntax_error(path, SyntaxError(str(error), (path, 1, 1, "")))]
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


def lint_source(
    source: str,
    path: str = "<stdin>",
    config: LintConfig | None = None,
    index: ProjectIndex | None = None,
) -> list[Violation]:
    """Lint one source text; without an index, the index is built from the text itself."""
    from lint_rules import guard
    from lint_rules.index import build_index
    from lint_rules.modules import module_name
    from lint_rules.survey import source_facts

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
    from lint_rules import guard
    from lint_rules.index import ProjectIndex

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
        return _Run(paths, config, use_cache, jobs, root, prefilter, cache_dir).run()


class _Run:
    """One `lint_paths` call: the files, the snapshot, the cache, and the index when needed."""

    def __init__(
        self,
        paths: Iterable[Path | str],
        config: LintConfig | None,
        use_cache: bool,
        jobs: int | None,
        root: Path | None,
        prefilter: bool,
        cache_dir: Path | None,
    ) -> None:
        self.targets = [Path(p) for p in paths] or [Path.cwd()]
        self.config = config or load_config(self.targets[0])
        self.root = root or self.config.root or find_root(self.targets[0])
        self.jobs = default_jobs() if jobs is None else jobs
        self.prefilter = prefilter
        self.cache = Cache(self.root, enabled=use_cache, folder=cache_dir)
        self.snapshot = Snapshot(self.cache, self.root)
        self.real_root = os.path.realpath(self.root)
        self.result = LintResult(root=self.root, config=self.config)
        self._project: list[Path] | None = None
        self._survey: ProjectSurvey | None = None

    def project_files(self, linted: list[Path]) -> list[Path]:
        """Every Python file of the project (the linted ones when they are the whole project)."""
        if self._project is None:
            whole = [os.path.realpath(t) for t in self.targets] == [self.real_root]
            self._project = (
                linted
                if whole
                else list(python_files([self.root], self.root, self.config.exclude).files)
            )
        return self._project

    def fact_state(self, project: list[Path]) -> str:
        """A digest of everything the index is built from: the fact files' contents and names."""
        parts = []
        for path in project:
            state = self.snapshot.state(path)
            if isinstance(state, FileState) and state.fact:
                parts.append(f"{_project_path(path, self.root)}:{state.digest}")
        return key(*parts)

    def run(self) -> LintResult:
        config, result = self.config, self.result
        listing = python_files(self.targets, self.root, config.exclude)
        files = list(listing.files)
        for missing in listing.missing:
            result.violations.append(io_error(display_path(missing), "No such file or directory"))
        project = self.project_files(files)
        # the linter's code and the config decide which rules run and how: no import needed
        context = key(code_fingerprint(), config.digest(), self.fact_state(project))
        result._build_index = lambda: self.survey(project, files).index
        cwd = os.getcwd()
        misses: list[tuple[Path, str, str, str]] = []
        for path in files:
            shown = display_path(path, cwd)
            result.files += 1
            state = self.snapshot.state(path)
            if isinstance(state, ReadError):
                result.violations.append(state.violation(shown))
                continue
            relative = _project_path(path, self.root)  # the cache's name, whatever the cwd
            name = key(context, relative, state.digest, str(self.prefilter))
            cached = self.cache.get_violations(name)
            if cached is not None:
                result.cache_hits += 1
                result.violations.extend(_for_file(cached, shown, relative, config))
                if cached:
                    result.digests[shown] = state.digest
                continue
            misses.append((path, shown, relative, name))
        if misses:
            self.check(misses, project, files)
        self.snapshot.save()
        result.violations.sort(key=lambda v: v.sort_key)
        return result

    def survey(self, project: list[Path], files: list[Path]) -> ProjectSurvey:
        """The first pass (built once, when a file misses the cache or `fix` asks)."""
        if self._survey is None:
            from lint_rules.survey import survey_project

            self._survey = survey_project(
                self.root, self.config, self.cache, self.jobs, self.snapshot, project, set(files)
            )
        return self._survey

    def check(
        self, misses: list[tuple[Path, str, str, str]], project: list[Path], files: list[Path]
    ) -> None:
        """Lint the files the cache could not answer for."""
        from lint_rules.modules import module_name
        from lint_rules.parsing import unparsable

        config, result = self.config, self.result
        rules = rules_for(config)
        surveyed = self.survey(project, files)
        index = surveyed.index
        todo: list[tuple[str, str, str, str, str]] = []
        for path, shown, relative, name in misses:
            text = self.snapshot.text(path)
            if isinstance(text, ReadError):
                result.violations.append(text.violation(shown))
                continue
            source = text.text
            broken = surveyed.unparsable.get(path)
            if broken is not None:
                found = [unparsable(relative, broken)]
            elif SKIP_FILE.search(source) or (
                self.prefilter
                and path in surveyed.surveyed
                and not worth_parsing(source, rules, index, config)
            ):
                result.prefiltered += 1
                found = []
            else:
                module = module_name(Path(os.path.realpath(path)), Path(self.real_root))
                todo.append((name, shown, relative, source, module))
                continue
            self.cache.put_violations(name, found)
            result.violations.extend(_for_file(found, shown, relative, config))
            if found:
                result.digests[shown] = key(source)
        checked = pool_map(
            _check_in_worker,
            [(shown, source, module) for _, shown, _, source, module in todo],
            self.jobs,
            functools.partial(_init_worker, config, index),
        )
        for (name, shown, relative, source, _), violations in zip(todo, checked, strict=True):
            assert isinstance(violations, list)
            self.cache.put_violations(
                name, [dataclasses.replace(v, path=relative) for v in violations]
            )
            result.violations.extend(_for_file(violations, shown, relative, config))
            if violations:
                result.digests[shown] = key(source)
        result.parsed = len(todo)


def recheck(
    source: str, shown: str, root: Path, config: LintConfig, index: ProjectIndex
) -> list[Violation]:
    """Lint one file's new text as `lint_paths` would (guarded, `per-file-ignores` applied)."""
    from lint_rules import guard
    from lint_rules.modules import module_name

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
