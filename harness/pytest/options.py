"""Harness options: each is a command-line flag, an ini key and an environment variable.

Resolved once into a frozen `HarnessConfig` so the rest of the code never asks
pytest (or argparse) again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.postgres.provision import PostgresChoice

#: Scenario files pytest collects unless told: `.yaml` and `.yml` under `scenarios/`.
SCENARIO_GLOB = "scenarios/**/*.y*ml"


@dataclass(frozen=True)
class Option:
    """One setting: `--pg-url`, ini `persistguard_pg_url`, env `PERSISTGUARD_PG_URL`."""

    name: str
    help: str
    default: str | None = None
    #: What `pytest --help` shows as the value (`--pg-url=URL`).
    metavar: str = "VALUE"

    @property
    def flag(self) -> str:
        return "--" + self.name

    @property
    def ini(self) -> str:
        return "persistguard_" + self.name.replace("-", "_")

    @property
    def env(self) -> str:
        return "PERSISTGUARD_" + self.name.replace("-", "_").upper()


OPTIONS: tuple[Option, ...] = (
    Option("pg-url", "URL of an existing PostgreSQL server to use (else: embedded)", None, "URL"),
    Option("pg-provider", "auto, url, embedded, docker or local", "auto", "PROVIDER"),
    Option(
        "scenarios",
        "glob of scenario files collected as tests, relative to rootdir (`*.y*ml`: "
        "`.yaml` and `.yml`)",
        SCENARIO_GLOB,
        "GLOB",
    ),
    Option("seed", "seed for the scenario scheduler (default: from the scenario)", None, "SEED"),
)


@dataclass(frozen=True)
class HarnessConfig:
    """Everything the plugin and the CLI need, resolved once."""

    postgres: PostgresChoice
    scenario_glob: str = SCENARIO_GLOB
    seed: int | None = None


def resolve(lookup: Callable[[Option], Any]) -> HarnessConfig:
    """Build the config: `lookup` gives the flag or ini value; the environment fills the rest."""
    values: dict[str, str | None] = {}
    for option in OPTIONS:
        value = lookup(option)
        if value in (None, ""):
            value = os.environ.get(option.env) or None
        values[option.name] = value if value not in (None, "") else None
    choice = PostgresChoice.from_env(url=values["pg-url"], provider=values["pg-provider"])
    seed = values["seed"]
    return HarnessConfig(
        postgres=choice,
        scenario_glob=values["scenarios"] or SCENARIO_GLOB,
        seed=int(seed) if seed is not None else None,
    )
