"""The table `persistguard mutants` prints: one row per mutant, then the reason for each failure."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from harness.mutants.model import Mutant
from harness.mutants.verdict import MutantResult


def print_results(
    results: Sequence[MutantResult],
    console: Console,
    *,
    runs: bool,
    note: str = "",
    every_killer: bool = False,
) -> None:
    """Linter column always; the scenario columns when the mutants were run."""
    title = "persistguard mutants" + (f" ({note})" if note else "")
    table = Table(title=title, show_lines=False)
    table.add_column("mutant", no_wrap=True, min_width=max(len(r.name) for r in results))
    # Narrow terminals fold the long cells instead of cutting them: a rule's path or a
    # scenario's name cut to `full-interv…` no longer says which one it was.
    table.add_column("linter", overflow="fold")
    if runs:
        table.add_column("killed by (scenario runs/N)", overflow="fold")
        table.add_column("runs killed", justify="right")
    table.add_column("result")
    for result in results:
        mark = "[green]ok" if result.passed else "[red]FAIL"
        row = [result.name, result.lint_cell()]
        if runs:
            row += [result.kill_cell(every=every_killer), result.runs_cell()]
        table.add_row(*row, mark)
    console.print(table)
    argued = [r.mutant for r in results if r.mutant and not r.findings and r.mutant.runtime_only]
    if argued:
        console.print("runtime-only: why no rule can flag them (docs/mutants.md argues each)")
    for mutant in argued:
        console.print(f"  {mutant.name}: {mutant.runtime_only}", markup=False, highlight=False)
    for result in results:
        for problem in result.problems():
            console.print(f"[red]FAIL[/red] {result.name}: {problem}", highlight=False)


def print_catalog(mutants: Sequence[Mutant], console: Console) -> None:
    """`--list`: what each mutant is and what each check should make of it (plain lines, so
    it reads in a narrow terminal and in a log)."""
    for mutant in mutants:
        lint = f"flag {mutant.lint}" if mutant.lint else "runtime-only"
        runtime = "survive (argued equivalent)" if mutant.equivalent else "kill it in every run"
        timing = ", timing-dependent" if mutant.timing else ""
        console.print(f"[bold]{mutant.name}[/bold]  ({mutant.family}{timing})", highlight=False)
        console.print(f"    {mutant.summary}", markup=False, highlight=False)
        console.print(
            f"    files: {', '.join(mutant.files)}; linter: {lint}; scenarios: {runtime}",
            markup=False,
            highlight=False,
        )
