"""Progress while a replay runs: a line per scenario in logs, a bar on a terminal.

Where output is not a terminal (CI, a pipe) each scenario prints one line as
it finishes, with its verdict. On a terminal a rich bar appears once the run
has lasted `BAR_DELAY` seconds, so short runs stay quiet; the per-scenario
lines are printed above it.
"""

from __future__ import annotations

import threading
import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from harness.check.verdict import Verdict
from harness.report.summary import summarize

#: Seconds a run lasts before the terminal gets a bar.
BAR_DELAY = 2.0


def verdict_line(verdict: Verdict, done: int, total: int) -> str:
    """`[2/8] scenarios/bad-inputs.yaml: ok, 8/8 invariants held (34 ops, 0.41 s)`."""
    s = summarize(verdict)
    held = len(s.invariants_passed)
    checked = held + len(s.invariants_failed)
    word = "ok," if verdict.passed else "FAILED " + ", ".join(s.invariants_failed) + ";"
    return (
        f"[{done}/{total}] {s.path}: {word} {held}/{checked} invariants held "
        f"({s.operations} ops, {s.elapsed_s:.2f} s)"
    )


class ReplayProgress:
    """Receives the replay's callbacks; prints lines, and on a terminal shows a delayed bar."""

    def __init__(
        self, console: Console, *, scenarios: int, interviews: int, delay: float = BAR_DELAY
    ) -> None:
        self.console = console
        self.scenarios = scenarios
        self.done = 0
        self._interviews = interviews
        self._delay = delay
        self._started = time.monotonic()
        self._lock = threading.RLock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._completed = 0
        self._timer: threading.Timer | None = None
        if console.is_terminal:
            self._timer = threading.Timer(delay, self._show_bar)
            self._timer.daemon = True
            self._timer.start()

    def _show_bar(self) -> None:
        with self._lock:
            if self._bar is not None or self._timer is None:
                return
            bar = Progress(
                TextColumn("replaying"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("interviews"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            task = bar.add_task("interviews", total=self._interviews)
            bar.update(task, completed=self._completed)
            self._task = task
            bar.start()
            self._bar = bar

    def interview_done(self) -> None:
        """One interview copy finished."""
        with self._lock:
            self._completed += 1
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=self._completed)
            elif self._timer is not None and time.monotonic() - self._started >= self._delay:
                self._show_bar()

    def scenario_done(self, verdict: Verdict) -> None:
        """One scenario judged: its line, above the bar if there is one."""
        with self._lock:
            self.done += 1
            line = verdict_line(verdict, self.done, self.scenarios)
            console = self._bar.console if self._bar is not None else self.console
            console.print(line, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        """Stop the timer and remove the bar (it is transient)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._bar is not None:
                self._bar.stop()
                self._bar = None
