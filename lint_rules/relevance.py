"""Text gates: can a file (or one function in it) hold a finding of a rule at all?

They run before any parse, so they are plain string and regex searches over
words the index knows: JSON attribute names, model names, the names of project
functions that spawn or write. A `Text` computes each reading of a file once
(the rules share it); a function is judged by the lines it spans.
"""

from __future__ import annotations

import re
from functools import cached_property

from lint_rules.config import LintConfig
from lint_rules.index import ProjectIndex
from lint_rules.syntax import LineHits

#: words of calls that start work (ORM002/ORM003 need one to find anything)
SPAWN_WORDS = (
    "create_task",
    "ensure_future",
    "add_task",
    "Thread",
    "Process",
    "Timer",
    "submit",
    "run_in_executor",
    "delay",
    "apply_async",
    "start_soon",
    "enqueue",
    ".send(",
    ".map(",
)
#: words of session writes (ORM002 needs one with a session, or a model, or a writing helper)
WRITE_WORDS = (".add(", ".add_all(", ".merge(", ".delete(", "execute(", "bulk_")
_SPAWN_ALIAS = re.compile(
    r"\b(?:create_task|ensure_future|Thread|Process|Timer|submit|run_in_executor)\s+as\s+(\w+)"
    r"|^\s*(\w+)\s*=\s*(?:asyncio\.)?(?:create_task|ensure_future)\s*$",
    re.MULTILINE,
)
_CALLED = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
_SESSION = re.compile(r"[sS]ession|\bdb\b")
_FLAG_ALIAS = re.compile(r"\bflag_modified\s+as\s+(\w+)")


class Text:
    """One file's text and what the gates read from it, each computed once."""

    def __init__(self, source: str, index: ProjectIndex, config: LintConfig) -> None:
        self.source = source
        self.index = index
        self.config = config

    @cached_property
    def called(self) -> set[str]:
        """Every `name(` in the text."""
        return set(_CALLED.findall(self.source))

    def calls_any(self, names: frozenset[str]) -> list[str]:
        """Which of `names` the text calls (`name(`); a substring search per name when few."""
        if not names:
            return []
        if len(names) <= 64:
            return sorted(n for n in names if f"{n}(" in self.source or f"{n} (" in self.source)
        return sorted(self.called & names)

    @cached_property
    def may_spawn(self) -> bool:
        """A spawn word, a configured spawn function, or a project helper that spawns is named."""
        source = self.source
        if any(word in source for word in SPAWN_WORDS):
            return True
        if any(n.rsplit(".", 1)[-1] in source for n in self.config.spawn_functions):
            return True
        if self.stores_work:
            return True
        return bool(self.calls_any(self.index.spawn_helper_names()))

    @cached_property
    def stores_work(self) -> list[str]:
        """Where work is stored for a function to spawn: `after_commit=`, `.after_commit`."""
        found: list[str] = []
        for name in sorted(self.index.spawned_fields):
            found += [w for w in (f"{name}=", f".{name}") if w in self.source]
        return found

    @cached_property
    def spawn_words(self) -> list[str]:
        """The ways to start work this file names: spawn words, configured names, helpers.

        A spawn imported or bound under another name (`create_task as spawn`)
        counts under that name too.
        """
        words = [w for w in SPAWN_WORDS if w in self.source]
        words += [f"{m.group(1) or m.group(2)}(" for m in _SPAWN_ALIAS.finditer(self.source)]
        words += [
            n.rsplit(".", 1)[-1]
            for n in self.config.spawn_functions
            if n.rsplit(".", 1)[-1] in self.source
        ]
        words += [f"{name}(" for name in self.calls_any(self.index.spawn_helper_names())]
        return words + self.stores_work

    @cached_property
    def mutates_json(self) -> bool:
        """ORM001/ORM004: a JSON attribute is named, or `flag_modified` is called."""
        if "flag_modified" in self.source:
            return True
        pattern = self.index.attribute_pattern()
        if pattern is not None and pattern.search(self.source) is not None:
            return True
        return bool(self.calls_any(self.index.mutator_names()))

    @cached_property
    def flags(self) -> bool:
        """ORM005: `flag_modified` is named (an alias is imported under that name too)."""
        return "flag_modified" in self.source

    @cached_property
    def flag_lines(self) -> LineHits:
        """The lines that call `flag_modified` or an alias of it (`import ... as fm`)."""
        names = {"flag_modified", *_FLAG_ALIAS.findall(self.source)}
        words = "|".join(sorted(map(re.escape, names)))
        return LineHits(self.source, re.compile(rf"\b(?:{words})\b"))

    @cached_property
    def names_model(self) -> bool:
        """A model of the project is named."""
        pattern = self.index.model_pattern()
        return pattern is not None and pattern.search(self.source) is not None

    @cached_property
    def writes(self) -> bool:
        """A session write, a model, or a project function that writes is named."""
        source = self.source
        if "flag_modified" in source or self.names_model:
            return True
        if any(word in source for word in WRITE_WORDS) and (
            _SESSION.search(source) or any(n in source for n in self.config.session_names)
        ):
            return True
        return bool(self.calls_any(self.index.writer_names()))

    @cached_property
    def holds_orm(self) -> bool:
        """A model or a session can be named here (what ORM003 looks for)."""
        return self.names_model or _SESSION.search(self.source) is not None

    @cached_property
    def spawn_lines(self) -> LineHits:
        """The lines that name a way to start work."""
        words = self.spawn_words
        pattern = re.compile("|".join(map(re.escape, words))) if words else None
        return LineHits(self.source, pattern)

    @cached_property
    def json_lines(self) -> LineHits:
        """The lines that name a JSON attribute or call `flag_modified`."""
        pattern = self.index.attribute_pattern()
        both = f"flag_modified|{pattern.pattern}" if pattern is not None else "flag_modified"
        helpers = self.calls_any(self.index.mutator_names())
        if helpers:  # a helper that changes its argument's JSON in place is a mutation here
            both += "|" + "|".join(rf"\b{re.escape(name)}\s*\(" for name in helpers)
        return LineHits(self.source, re.compile(both))
