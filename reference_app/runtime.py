"""What the app shares between requests and background jobs: sessions, AI, live tasks."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from reference_app.followups import FollowUpGenerator

logger = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Per-app state; background tasks are kept referenced until they finish."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    followups: FollowUpGenerator
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def track(self, task: asyncio.Task[None]) -> None:
        """Keep `task` alive (the loop holds only weak references) until it is done."""
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait for every background task (shutdown, tests)."""
        while self.tasks:
            _done, pending = await asyncio.wait(set(self.tasks), timeout=timeout)
            if pending:
                logger.warning("%d background task(s) still running at shutdown", len(pending))
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                return

    async def close(self) -> None:
        """Drain the tasks, then close the pool."""
        await self.drain()
        await self.engine.dispose()
