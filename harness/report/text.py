"""Plain-text evidence of a failure, for reports: `harness.check.explain` applied to a verdict.

Shared by the CLI's table and the pytest item, so a failure reads the same
wherever it shows up.
"""

from __future__ import annotations

from harness.check.evidence import InvariantFailure
from harness.check.explain import transcript as run_transcript
from harness.check.verdict import Verdict


def transcript(verdict: Verdict, failure: InvariantFailure, *, around: int = 6) -> str:
    """The failing interview's operations near the one the failure names."""
    return run_transcript(verdict.run, failure, around=around)


def describe_failure(verdict: Verdict) -> str:
    """The violated invariants, each with its evidence and the interview's transcript."""
    return str(verdict)
