"""The linter's tests never touch the real user cache: each test gets its own cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_rules.cache import ENV_VAR


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh `PERSISTGUARD_CACHE_DIR` per test (the console script inherits it too)."""
    folder = tmp_path_factory.mktemp("persistguard-cache")
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder
