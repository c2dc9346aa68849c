"""pytest11 entry point: the hooks and fixtures of `harness.pytest.hooks`, when they can load.

pytest loads every installed pytest11 plugin, so this module must import on the
lean (linter-only) install too: there it adds nothing but a header line that
says how to get the fixtures and scenario items.
"""

from __future__ import annotations

import pytest

from harness.extras import INSTALL_HINT, PLUGIN_MODULES, missing_modules

MISSING = missing_modules(PLUGIN_MODULES)

if MISSING:

    def pytest_report_header(config: pytest.Config) -> str:
        return (
            f"persistguard: harness not installed (no {', '.join(MISSING)}): "
            f"{INSTALL_HINT} for its fixtures and scenario items"
        )
else:
    from harness.pytest.hooks import (  # noqa: F401  (pytest reads the module's names)
        persistguard_config,
        postgres_database,
        postgres_server,
        pytest_addoption,
        pytest_collect_file,
        pytest_configure,
        pytest_report_header,
        pytest_runtest_makereport,
        pytest_sessionfinish,
        pytest_unconfigure,
        reference_app,
        reference_client,
        reference_database,
        reference_template,
        scenario_runner,
    )
