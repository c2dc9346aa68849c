"""The first pass: each file that can declare facts, or is linted, parsed once into the index.

A file's facts (its classes, columns, function summaries) or the reason it
does not parse are cached by content digest, so a run re-parses only what
changed; the files whose text cannot declare anything the index needs (no
SQLAlchemy, no session, no spawn word) are not parsed here at all.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from lint_rules import guard
from lint_rules.cache import Cache, code_fingerprint, key
from lint_rules.config import LintConfig
from lint_rules.facts import FileFacts, file_facts
from lint_rules.files import python_files
from lint_rules.index import ProjectIndex, build_index
from lint_rules.modules import module_name
from lint_rules.parsing import Unparsable, parse
from lint_rules.pool import pool_map
from lint_rules.reading import ReadError
from lint_rules.snapshot import Snapshot
from lint_rules.version import package_version

VERSION = package_version()
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


def source_facts(source: str, path: str, module: str) -> FileFacts | None:
    """The index facts of a source text, `None` if it does not parse."""
    found = survey(source, path, module, True)
    return found if isinstance(found, FileFacts) else None


def _survey_in_worker(item: tuple[str, str, str, bool]) -> Survey:
    gc.disable()  # see `pool.paused_gc`: a worker holds no cycles worth collecting mid-run
    path, source, module, want_facts = item
    return guard.guarded(
        lambda: survey(source, path, module, want_facts), lambda why: Unparsable(1, 1, why)
    )


def _cached_survey(cache: Cache, name: str) -> Survey | None:
    """A survey from the cache: data checked field by field against either shape."""
    return cache.get_facts(name, FileFacts) or cache.get_facts(name, Unparsable)


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
    """Index every Python file of the project (cached per file content).

    `replace=(path, source)` indexes `source` instead of the file at `path`
    (for `--stdin-filename`: the editor's buffer is newer than the disk).
    """
    snapshot = Snapshot(cache, root)
    files = list(python_files([root], root, config.exclude).files)
    if replace is not None:
        swapped = Path(os.path.realpath(replace[0]))
        files = [p for p in files if os.path.realpath(p) != str(swapped)] + [swapped]
        snapshot.replace(swapped, replace[1])
    return survey_project(root, config, cache, jobs, snapshot, files).index


def survey_project(
    root: Path,
    config: LintConfig,
    cache: Cache,
    jobs: int,
    snapshot: Snapshot,
    files: list[Path],
    targets: set[Path] | None = None,
) -> ProjectSurvey:
    """Parse each file that can declare facts, or that is among `targets`, once (or not: cached)."""
    wanted = targets or set()
    facts: list[FileFacts] = []
    result = ProjectSurvey(ProjectIndex())
    todo: list[tuple[Path, str, tuple[str, str, str, bool]]] = []
    resolved_root = Path(os.path.realpath(root))
    fingerprint = code_fingerprint()
    for path in files:
        state = snapshot.state(path)
        if isinstance(state, ReadError) or not (state.fact or path in wanted):
            continue
        module = module_name(path, resolved_root)
        name = key("survey", VERSION, fingerprint, module, path.name, str(state.fact), state.digest)
        cached = _cached_survey(cache, name)
        if cached is not None:
            _record(result, facts, path, cached)
            continue
        text = snapshot.text(path)
        if isinstance(text, ReadError):
            continue
        todo.append((path, name, (str(path), text.text, module, state.fact)))
    surveys = pool_map(_survey_in_worker, [item for _, _, item in todo], jobs)
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
