"""The cache is data, signed, and outside the project: a planted cache never runs or hides."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from lint_samples import BAD, MODELS

from lint_rules import LintConfig, lint_paths
from lint_rules.cache import KEY_FILE, Cache, code_fingerprint, key
from lint_rules.facts import FileFacts
from lint_rules.survey import VERSION


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (root / "models.py").write_text(MODELS)
    (root / "bad.py").write_text(BAD)
    return root


class _RunsCode:
    """Unpickling this runs `touch MARKER`: what a planted pickle would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _lint(project: Path) -> list[str]:
    """`persistguard lint` in a fresh process, as a user running it on a fresh clone."""
    script = Path(sys.executable).with_name("persistguard")
    result = subprocess.run(
        [str(script), "lint", "."], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    return result.stdout.splitlines()


def test_a_planted_pickle_never_runs(project: Path, cache_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_RunsCode(marker))
    name = key("facts", VERSION, (project / "models.py").read_text())
    # where older versions looked (inside the repository), under the name they computed
    old = project / ".persistguard_cache" / "facts" / name[:2] / name
    old.parent.mkdir(parents=True)
    old.write_bytes(payload)
    # and where this version looks, under the name it computes, with no valid signature
    cache = Cache(project)
    name = key("facts", VERSION, code_fingerprint(), (project / "models.py").read_text())
    planted = cache.folder / "facts" / name[:2] / name
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"0" * 64 + b"\n" + payload)

    found = _lint(project)

    assert not marker.exists()
    assert any("bad.py:6:5: ORM001" in line for line in found)


def test_a_committed_empty_result_does_not_hide_findings(project: Path) -> None:
    committed = project / ".persistguard_cache" / "results"
    for prefix in ("00", "ab", "ff"):
        (committed / prefix).mkdir(parents=True)
        (committed / prefix / (prefix * 32)).write_text("[]")
    found = _lint(project)
    assert any("bad.py:6:5: ORM001" in line for line in found)


def test_an_entry_signed_with_another_key_is_a_miss(project: Path, tmp_path: Path) -> None:
    config = LintConfig(root=project)
    warm = lint_paths([project], config, jobs=1)
    assert warm.violations
    mine = Cache(project)
    theirs = Cache(project, folder=tmp_path / "attacker")
    entries = [p for p in (mine.folder / "results").rglob("*") if p.is_file()]
    assert entries
    for entry in entries:  # the attacker rewrites each result as "no findings", signed
        theirs._write("results", entry.name, [])
        forged = theirs._path("results", entry.name).read_bytes()
        entry.write_bytes(forged)
    again = lint_paths([project], config, jobs=1)
    assert again.cache_hits == 0
    assert again.violations == warm.violations


def test_a_damaged_entry_is_a_miss(project: Path) -> None:
    config = LintConfig(root=project)
    cold = lint_paths([project], config, jobs=1)
    for entry in (Cache(project).folder).rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-3])
    warm = lint_paths([project], config, jobs=1)
    assert (warm.cache_hits, warm.violations) == (0, cold.violations)


def test_well_formed_data_of_the_wrong_shape_is_a_miss(project: Path) -> None:
    cache = Cache(project)
    cache._write("facts", "n", {"classes": "not a tuple", "helpers": [], "declarative_names": []})
    assert cache.get_facts("n", FileFacts) is None
    cache._write("results", "r", [{"code": "ORM001"}])
    assert cache.get_violations("r") is None


def test_the_key_is_private_and_the_project_gets_nothing(project: Path, cache_dir: Path) -> None:
    lint_paths([project], LintConfig(root=project), jobs=1)
    key_file = cache_dir / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_bytes()) == 32
    assert not (project / ".persistguard_cache").exists()


def test_a_key_others_can_read_is_not_trusted(project: Path, cache_dir: Path) -> None:
    Cache(project)._write("results", "r", [])
    (cache_dir / KEY_FILE).chmod(0o644)
    assert Cache(project).get_violations("r") is None


def test_cache_dir_flag_and_variable_choose_the_folder(project: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    script = Path(sys.executable).with_name("persistguard")
    subprocess.run(
        [str(script), "lint", "--cache-dir", str(chosen), "."],
        cwd=project,
        capture_output=True,
        check=False,
    )
    assert (chosen / KEY_FILE).is_file() and (chosen / "projects").is_dir()


def test_cache_is_anchored_at_the_project_root_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    backend = repo / "backend"
    backend.mkdir(parents=True)
    (repo / ".git").mkdir()
    (backend / "pyproject.toml").write_text('[project]\nname = "backend"\n')
    (backend / "models.py").write_text(MODELS)
    (backend / "bad.py").write_text(BAD)
    monkeypatch.chdir(backend)
    inside = lint_paths(["."], jobs=1)
    monkeypatch.chdir(repo)
    outside = lint_paths(["backend/"], jobs=1)
    assert inside.parsed == 1 and outside.parsed == 0
    assert outside.cache_hits == outside.files == inside.files  # every file answered from cache
    assert [v.path for v in outside.violations] == [f"backend/{v.path}" for v in inside.violations]
    project = hashlib.sha256(os.fsencode(os.path.realpath(backend))).hexdigest()[:24]
    assert Cache(backend).folder.name == project
