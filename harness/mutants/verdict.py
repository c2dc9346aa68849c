"""What both checks made of one mutant, and whether that is what they should have made of it."""

from __future__ import annotations

from dataclasses import dataclass

from harness.mutants.lint_check import Finding
from harness.mutants.model import Mutant
from harness.mutants.runtime_check import RuntimeOutcome


@dataclass(frozen=True)
class MutantResult:
    """One row of the table. `mutant` None is the unmutated reference app (the control)."""

    mutant: Mutant | None
    findings: tuple[Finding, ...]
    runtime: RuntimeOutcome | None
    known_rules: frozenset[str]

    @property
    def name(self) -> str:
        return self.mutant.name if self.mutant else "reference (no mutation)"

    def lint_cell(self) -> str:
        """Rule and line, a pending rule, or "runtime-only" (the table prints the reason
        under it: in a cell it would fill a narrow terminal's screen)."""
        if self.findings:
            return ", ".join(str(f) for f in self.findings)
        if self.mutant is None:
            return "clean"
        if self.mutant.lint and self.mutant.lint not in self.known_rules:
            return f"pending {self.mutant.lint} (rule not in this build)"
        if self.mutant.lint:
            return f"missed (expected {self.mutant.lint})"
        return "runtime-only"

    def kill_cell(self, *, every: bool = False) -> str:
        """The killing scenarios, each with the runs it killed in (more than three: the first
        three and how many more, unless `every`)."""
        if self.runtime is None:
            return "(not run)"
        killers = self.runtime.killers()
        if not killers:
            return "none (equivalent)" if self.mutant and self.mutant.equivalent else "none"
        runs = self.runtime.runs
        cells = [f"{name} {count}/{runs}" for name, count in killers.items()]
        if every or len(cells) <= 3:
            return ", ".join(cells)
        return ", ".join(cells[:3]) + f" and {len(cells) - 3} more"

    def runs_cell(self) -> str:
        """In how many of the N runs some scenario failed."""
        if self.runtime is None:
            return "-"
        return f"{self.runtime.killed_runs()}/{self.runtime.runs}"

    def problems(self) -> list[str]:
        """Why this row is a failing result; empty when both checks did what they should."""
        found: list[str] = []
        codes = {f.code for f in self.findings}
        mutant = self.mutant
        if mutant is None:
            if self.findings:
                found.append("the linter flags the reference app")
        elif mutant.lint and mutant.lint in self.known_rules and mutant.lint not in codes:
            found.append(f"the linter missed it: no {mutant.lint} finding")
        if self.runtime is None:
            return found
        killed, runs = self.runtime.killed_runs(), self.runtime.runs
        if mutant is None or mutant.equivalent:
            if killed:
                what = "the reference app" if mutant is None else "argued equivalent, yet it"
                found.append(f"{what} failed {', '.join(self.runtime.killers())}")
        elif killed < runs:
            found.append(
                f"survived {runs - killed} of {runs} run(s): no scenario failed"
                + (" (timing-dependent: amplify the race)" if mutant.timing else "")
            )
        return found

    @property
    def passed(self) -> bool:
        return not self.problems()
