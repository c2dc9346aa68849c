"""The master's side of a Locust run: which copies are left to play, and what came back.

Users on any worker ask the master for the next copy; the master hands the
copies of every scenario out once each, with the scenario file's text, so a
worker on another machine needs persistguard installed but not the files.
Transcripts come back as plain data and are written to one JSON file that
persistguard judges when the run is over. Nothing here imports locust.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.scenario.loader import load_paths, read_text, scenario_files
from harness.scenario.model import Scenario


class Handout:
    """Copies still to hand out, in scenario order and copy order, and the transcripts back."""

    def __init__(self, paths: Sequence[str], seed: int | None = None) -> None:
        files = [str(path) for path in scenario_files(paths)]
        self.scenarios: list[Scenario] = [s.with_seed(seed) for s in load_paths(files)]
        self.texts = [read_text(path) for path in files]
        self.seed = seed
        self._pending = deque(
            (index, number)
            for index, scenario in enumerate(self.scenarios)
            for number in range(1, scenario.load.interviews + 1)
        )
        self.total = len(self._pending)
        self.played: list[dict[str, Any]] = []

    @property
    def done(self) -> bool:
        """Every copy handed out has come back, and none is left."""
        return len(self.played) >= self.total

    def claim(self) -> dict[str, Any] | None:
        """The next copy to play (with what a worker needs to load its scenario), or None."""
        if not self._pending:
            return None
        index, number = self._pending.popleft()
        scenario = self.scenarios[index]
        return {
            "scenario": index,
            "number": number,
            "path": scenario.path,
            "text": self.texts[index],
            "seed": self.seed,
        }

    def receive(self, scenario: int, transcript: dict[str, Any]) -> None:
        """A copy's transcript came back from a user."""
        self.played.append({"scenario": scenario, **transcript})

    def write(self, path: str | Path, locust: dict[str, Any]) -> None:
        """Every transcript received so far, and Locust's own figures, as one JSON file."""
        document = {
            "scenarios": [scenario.path for scenario in self.scenarios],
            "copies": self.played,
            "expected_copies": self.total,
            "locust": locust,
        }
        target = Path(path)
        partial = target.with_name(target.name + ".part")
        partial.write_text(json.dumps(document), encoding="utf-8")
        partial.replace(target)  # whole or absent: persistguard never reads half a file
