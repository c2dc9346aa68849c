"""Stage 3, check: judge a run's history against what PostgreSQL stored, read directly."""

from harness.check.evidence import Evidence, Invariant, InvariantFailure
from harness.check.storage import Storage, StorageMap, open_storage
from harness.check.verdict import (
    INVARIANT_FUNCTIONS,
    InvariantResult,
    Verdict,
    VerdictFailed,
    judge,
    judge_url,
)

__all__ = [
    "INVARIANT_FUNCTIONS",
    "Evidence",
    "Invariant",
    "InvariantFailure",
    "InvariantResult",
    "Storage",
    "StorageMap",
    "Verdict",
    "VerdictFailed",
    "judge",
    "judge_url",
    "open_storage",
]
