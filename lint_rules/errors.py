"""The linter's one base exception.

LintConfigError      bad `[tool.persistguard]`, bad flag or unreadable input (exit 2)
"""

from __future__ import annotations


class LintConfigError(Exception):
    """A configuration or usage problem the user must fix; the message names where."""
