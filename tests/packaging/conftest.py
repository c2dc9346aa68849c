"""A wheel built from this checkout, installed into throw-away virtual environments.

The environments are made without the network: the wheel goes in with
`--no-deps`, and a `.pth` file lends them packages from the test's own
environment. The lean one gets only the linter's dependencies (and pytest, to
load the pytest11 plugin); the full one sees every package the suite has.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(sysconfig.get_paths()["purelib"])
#: What the lean install may import besides the standard library: the linter's dependencies,
#: and pytest (with its own) so the pytest11 entry point gets loaded.
LEAN_PACKAGES = (
    "pathspec",
    "platformdirs",
    "pytest",
    "_pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "py.py",
    "pygments",
)


@dataclass(frozen=True)
class Venv:
    """A virtual environment with the wheel installed."""

    path: Path

    @property
    def bin(self) -> Path:
        return self.path / "bin"

    def run(
        self, *args: str, cwd: Path | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        return subprocess.run(
            [*args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def site_packages(self) -> Path:
        return next(self.path.glob("lib/python*/site-packages"))


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout built as a wheel (hatchling from the test environment, no network)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (built,) = out.glob("persistguard-*.whl")
    return built


def _venv(folder: Path, wheel: Path, lend: list[Path]) -> Venv:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    venv = Venv(folder)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv.bin / "python"),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (venv.site_packages() / "zz_lent.pth").write_text("".join(f"{p}\n" for p in lend))
    return venv


@pytest.fixture(scope="session")
def lean_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    """`pip install persistguard` as pre-commit makes it: the wheel and its own dependencies."""
    lent = tmp_path_factory.mktemp("lent")
    for name in LEAN_PACKAGES:
        # the package and its metadata (pytest asks importlib.metadata for pluggy's version)
        for source in [SITE / name, *SITE.glob(f"{name.removesuffix('.py')}-*.dist-info")]:
            if source.exists():
                (lent / source.name).symlink_to(source)
    yield _venv(tmp_path_factory.mktemp("lean") / "venv", wheel, [lent])


@pytest.fixture(scope="session")
def full_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    """`pip install 'persistguard[harness]'`: the wheel, and every package the suite has."""
    yield _venv(tmp_path_factory.mktemp("full") / "venv", wheel, [SITE])
