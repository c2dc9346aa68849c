"""A mutant: edits to the reference app's source, and what each check must make of them."""

from __future__ import annotations

from dataclasses import dataclass

from harness.mutants.edits import Edit


@dataclass(frozen=True)
class Mutant:
    """One realistic member of the bug class, as edits to files of `reference_app/`.

    `lint` is the rule that must flag it; None means no rule can (then
    `runtime_only` says why). `equivalent` says why no scenario can kill it:
    such a mutant must *survive* every run, and docs/mutants.md argues it.
    `timing` marks a kill that depends on timing, where
    amplification matters.
    """

    name: str
    family: str
    summary: str
    edits: tuple[tuple[str, Edit], ...]
    lint: str | None = None
    runtime_only: str = ""
    equivalent: str = ""
    timing: bool = False

    @property
    def files(self) -> tuple[str, ...]:
        """The files the mutant changes, relative to `reference_app/`."""
        return tuple(dict.fromkeys(path for path, _ in self.edits))
