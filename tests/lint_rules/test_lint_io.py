"""Files and reading: nothing passes silently, nothing hangs, someone else's code is skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lint_samples import BAD, GOOD, MODELS

from lint_rules import LintConfig, lint_paths
from lint_rules.cli import main
from lint_rules.files import python_files
from lint_rules.reading import MAX_BYTES, SourceFile, read_source


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "good.py").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(project: Path, *paths: str) -> list[str]:
    found = lint_paths(paths or [project], LintConfig(root=project), jobs=1)
    return [f"{v.path}:{v.line}:{v.col}: {v.code} {v.message}" for v in found.violations]


def test_a_fifo_is_reported_not_read(project: Path) -> None:
    os.mkfifo(project / "x.py")
    assert lint(project) == ["x.py:1:1: E902 not a regular file (a named pipe)"]


def test_a_link_to_a_device_is_reported_not_read(project: Path) -> None:
    (project / "zero.py").symlink_to("/dev/zero")
    assert lint(project) == ["zero.py:1:1: E902 not a regular file (a character device)"]


def test_a_link_loop_is_reported_and_does_not_stop_the_run(project: Path) -> None:
    (project / "sub").mkdir()
    (project / "sub" / "loop.py").symlink_to("loop.py")
    (project / "bad.py").write_text(BAD)
    found = lint(project)
    assert "sub/loop.py:1:1: E902 cannot read: Too many levels of symbolic links" in found
    assert any(line.startswith("bad.py:6:5: ORM001") for line in found)
    # linting one file still indexes the whole root, loop included
    assert [line.split(":")[0] for line in lint(project, "bad.py")] == ["bad.py", "bad.py"]


def test_a_folder_link_is_not_followed(project: Path) -> None:
    (project / "pkg").mkdir()
    (project / "pkg" / "bad.py").write_text(BAD)
    (project / "pkg" / "again").symlink_to(project / "pkg")
    files = python_files([project], project).files
    assert [f.relative_to(project).as_posix() for f in files] == [
        "good.py",
        "models.py",
        "pkg/bad.py",
    ]


def test_a_dangling_link_is_reported(project: Path) -> None:
    (project / "gone.py").symlink_to("nowhere.py")
    assert lint(project) == ["gone.py:1:1: E902 cannot read: No such file or directory"]


def test_a_file_too_large_is_reported_not_read(project: Path) -> None:
    with open(project / "huge.py", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    assert lint(project) == ["huge.py:1:1: E902 file too large (10.0 MB, limit 10 MB)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported(project: Path) -> None:
    (project / "secret.py").write_text(BAD)
    (project / "secret.py").chmod(0)
    assert lint(project) == ["secret.py:1:1: E902 cannot read: Permission denied"]


def test_a_declared_latin_1_file_is_linted(project: Path) -> None:
    source = "# -*- coding: latin-1 -*-\n# café\n" + BAD
    (project / "bad.py").write_bytes(source.encode("latin-1"))
    found = lint(project)
    assert [line.split()[1] for line in found] == ["ORM001", "ORM002"]
    assert found[0].startswith("bad.py:8:5:")


def test_undeclared_non_utf8_is_reported(project: Path) -> None:
    (project / "bad.py").write_bytes(b"x = '\xe9'\n")
    assert lint(project) == [
        "bad.py:1:1: E902 cannot decode: invalid or missing encoding declaration"
    ]


def test_read_keeps_newlines_and_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.py"
    path.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n")
    read = read_source(path)
    assert read == SourceFile("x = 1\r\ny = 2\r\n", "utf-8-sig")
    assert read.encode(read.text) == path.read_bytes()


def test_a_missing_path_is_e902_in_the_api_and_exit_2_on_the_command_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lint(project, "nope.py") == ["nope.py:1:1: E902 No such file or directory"]
    assert main(["lint", "good.py", "nope.py"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", "persistguard: error: path `nope.py` does not exist\n")


@pytest.mark.parametrize(
    "folder", ["env/lib", ".tox/py311", ".nox/tests", ".eggs/x", "lib/site-packages/x"]
)
def test_installed_code_is_skipped(project: Path, folder: str) -> None:
    place = project / folder
    place.mkdir(parents=True)
    (place / "bad.py").write_text(BAD)
    if folder.startswith("env"):
        (project / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    assert lint(project) == []


def test_a_virtualenv_is_skipped_whatever_its_name(project: Path) -> None:
    env = project / "my-env"
    (env / "lib" / "python3.11" / "site-packages").mkdir(parents=True)
    (env / "bin").mkdir()
    (env / "bin" / "bad.py").write_text(BAD)
    assert lint(project) != []
    (env / "pyvenv.cfg").write_text("home = /usr/bin\n")
    assert lint(project) == []
