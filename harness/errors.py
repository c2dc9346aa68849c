"""Errors raised by the harness.

One base class so callers (the CLI, the pytest plugin) can turn any of them
into one readable line instead of a traceback::

    HarnessError
    ├── ProvisioningError      no PostgreSQL could be had, or a database operation failed
    ├── ScenarioError          a scenario file is invalid (carries every problem found)
    └── TargetError            the backend under test could not be reached
"""

from __future__ import annotations


class HarnessError(Exception):
    """Base class: its message is one line meant for a human."""


class ProvisioningError(HarnessError):
    """No PostgreSQL server could be provided, or a database could not be managed."""


class ScenarioError(HarnessError):
    """A scenario file failed validation."""


class TargetError(HarnessError):
    """The backend under test could not be reached."""
