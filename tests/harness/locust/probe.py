"""The small scenario the Locust tests play: manual notes, mixed sync/async answers, 3 copies."""

from __future__ import annotations

from pathlib import Path

PROBE = """\
name: locust probe
interview: {project_title: Probe, project_description: A probe., ai_followups: 1}
load: {interviews: 3, concurrency: 2, seed: 7}
steps:
  - start
  - {action: message, content: "A note on copy {{ interview.number }}"}
  - {action: answer_all, mode: mixed}
final: {status: completed, message_count: 39}
"""


def write_probe(folder: Path, interviews: int = 3) -> Path:
    """The probe scenario as a file in `folder`, with `interviews` copies."""
    path = folder / "locust-probe.yaml"
    path.write_text(PROBE.replace("interviews: 3", f"interviews: {interviews}"))
    return path
