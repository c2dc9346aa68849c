"""AI follow-up questions behind one small interface.

The default is deterministic, derived from the conversation so far, so that
scenarios can assert on content and runs are reproducible; its latency is
configurable so that the slow path of a real model can be exercised.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from typing import Any, Protocol

_ANGLES = (
    "What makes that hard today?",
    "Can you give a concrete example?",
    "Who else is affected by that?",
    "What would change if that were solved?",
    "How often does that happen?",
    "What have you already tried about it?",
)


class FollowUpGenerator(Protocol):
    """Writes follow-up question `index` of `total` for a conversation."""

    async def generate(
        self, *, conversation: Sequence[dict[str, Any]], index: int, total: int
    ) -> str: ...


class DeterministicFollowUps:
    """Picks an angle by hashing the conversation and quotes the latest answer."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency

    async def generate(
        self, *, conversation: Sequence[dict[str, Any]], index: int, total: int
    ) -> str:
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        answers = [m["content"] for m in conversation if m.get("role") == "user"]
        last = answers[-1] if answers else ""
        digest = hashlib.sha256("\x1f".join(m["content"] for m in conversation).encode())
        angle = _ANGLES[digest.digest()[0] % len(_ANGLES)]
        quote = last if len(last) <= 80 else last[:77] + "..."
        return f"Follow-up {index} of {total}: You said “{quote}”. {angle}"
