"""Before any load: the backend answers and its database holds the table the checks read.

A Locust run can take minutes and leave thousands of rows behind; finding
out at the end that the base URL was mistyped or the storage mapping points
nowhere wastes both, so both are tried first, with `replay`'s own errors.
"""

from __future__ import annotations

import asyncio

from harness.check.storage import MESSAGES, StorageMap, open_storage
from harness.run.target import Limits, UrlTarget


async def _reach(base_url: str) -> None:
    async with UrlTarget(base_url).client(Limits(connections=1, timeout=10.0)):
        pass  # entering the client checks that the backend answers


def preflight(base_url: str, db_url: str, storage: StorageMap) -> None:
    """Raise a one-line `HarnessError` if the backend or its storage cannot be used."""
    asyncio.run(_reach(base_url))
    with open_storage(db_url, storage) as opened:
        opened.query(MESSAGES, {"ids": []})
