"""Write a finding as `scenarios/regressions/NAME.yaml`: a normal scenario file, kept forever.

The file is the shrunk document itself (so it replays the same steps under
the same scheduler seed), named and described for what it found, with a
header comment saying how it was produced and how to reproduce the search.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import hypothesis

from harness.explore.search import Exploration, dump


def regression_name(exploration: Exploration) -> str:
    """`<target>-<invariant>-<digest>`: what broke where, and a digest of the case."""
    assert exploration.finding is not None
    broken = exploration.finding.broken[0].replace("_", "-")
    digest = hashlib.sha256(dump(exploration.finding.document).encode()).hexdigest()[:6]
    return f"{exploration.target}-{broken}-{digest}"


def write_regression(exploration: Exploration, folder: Path) -> Path:
    """Write the finding into `folder` (created if needed); return the file's path."""
    finding = exploration.finding
    assert finding is not None
    name = regression_name(exploration)
    document = dict(finding.document)
    document["name"] = f"regression: {', '.join(finding.broken)} ({exploration.target})"
    document["description"] = (
        f"Found by `persistguard explore` on {exploration.target}: "
        f"{', '.join(finding.broken)} failed. Shrunk by Hypothesis; replays the same steps "
        "under the same scheduler seed."
    )
    ordered: dict[str, Any] = {k: document[k] for k in ("name", "description") if k in document}
    ordered.update((k, v) for k, v in document.items() if k not in ordered)
    first = finding.verdict.failures()[0].describe().splitlines()
    mutant = f" --mutant {exploration.target}" if exploration.target != "reference" else ""
    header = [
        f"# Regression found by `persistguard explore{mutant} --seed {exploration.seed}`",
        f"# on {datetime.now(UTC):%Y-%m-%d} (Hypothesis {hypothesis.__version__}, "
        f"{exploration.examples} cases run, shrunk to this one).",
        f"# Target: {exploration.target}. Broken: {', '.join(finding.broken)}.",
        "# First failure:",
        *(f"#   {line}" for line in first[:6]),
        "# Replay: persistguard replay " + f"scenarios/regressions/{name}.yaml",
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(header) + "\n" + dump(ordered), encoding="utf-8")
    return path
