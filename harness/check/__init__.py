"""Stage 3, check: judge a run's history against what PostgreSQL stored, read directly."""

from harness.check.appends import INVARIANT_FUNCTIONS, Evidence, InvariantFailure
from harness.check.storage import Storage, StorageMap, open_storage
from harness.check.verdict import InvariantResult, Verdict, judge, judge_url

__all__ = [
    "INVARIANT_FUNCTIONS",
    "Evidence",
    "InvariantFailure",
    "InvariantResult",
    "Storage",
    "StorageMap",
    "Verdict",
    "judge",
    "judge_url",
    "open_storage",
]
