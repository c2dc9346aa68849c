"""The installed persistguard's version, as `--version`, SARIF and the cache keys report it."""

from __future__ import annotations


def package_version() -> str:
    """`X.Y.Z` from the installed distribution; `0+unknown` when run from a bare checkout."""
    from importlib.metadata import PackageNotFoundError, version  # slow to import: on demand

    try:
        return version("persistguard")
    except PackageNotFoundError:
        return "0+unknown"
