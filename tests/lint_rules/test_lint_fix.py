"""`persistguard fix`: edits applied once, the result re-parsed, fixed findings gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import libcst as cst
import pytest

from lint_rules import LintConfig, apply_fixes, lint_paths, lint_source
from lint_rules.cli import main
from lint_rules.fix import FixError
from lint_rules.violation import Edit, Fix, Violation

CONFIG = LintConfig(json_attributes=("data",))


def test_fix_adds_the_import_after_leading_comments() -> None:
    source = "#!/usr/bin/env python\n\ndef f(session, doc):\n    doc.data.append(1)\n"
    fixed, left = apply_fixes(source, lint_source(source, config=CONFIG))
    assert left == []
    assert fixed == (
        "#!/usr/bin/env python\n\n"
        "from sqlalchemy.orm.attributes import flag_modified\n\n\n"
        "def f(session, doc):\n    doc.data.append(1)\n    flag_modified(doc, \"data\")\n"
    )


def test_fix_reuses_an_existing_import_and_module_alias() -> None:
    source = (
        "from sqlalchemy.orm import attributes\n\n"
        "def f(session, doc):\n    doc.data.append(1)\n    session.commit()\n"
    )
    fixed, _ = apply_fixes(source, lint_source(source, config=CONFIG))
    assert "    attributes.flag_modified(doc, \"data\")\n    session.commit()" in fixed
    assert fixed.count("import") == 1


def test_two_fixes_in_one_file_add_one_import() -> None:
    source = (
        "import os\n\n"
        "def f(session, a, b):\n    a.data.append(1)\n    b.data.pop()\n    session.commit()\n"
    )
    found = lint_source(source, config=CONFIG)
    assert len(found) == 2
    fixed, _ = apply_fixes(source, found)
    assert fixed.count("from sqlalchemy.orm.attributes import flag_modified") == 1
    assert lint_source(fixed, config=CONFIG) == []


def test_one_line_compound_statement_gets_no_fix() -> None:
    source = "def f(session, doc, ok):\n    if ok: doc.data.append(1)\n    session.commit()\n"
    (found,) = lint_source(source, config=CONFIG)
    assert found.fix is None


def test_a_fix_that_would_not_parse_is_refused() -> None:
    broken = Violation("ORM001", "x", "m", "f.py", 1, 1, 1, 1, Fix("t", (Edit(1, 1, 1, 1, "("),)))
    with pytest.raises(FixError):
        apply_fixes("x = 1\n", [broken])


def test_fixing_the_corpus_leaves_nothing_fixable(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(Path(__file__).parent / "corpus", tmp_path / "corpus")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'c'\n")
    monkeypatch.chdir(tmp_path)
    before = lint_paths([tmp_path], use_cache=False, jobs=1).violations
    assert any(v.fix for v in before)
    main(["fix", "--no-cache"])
    after = lint_paths([tmp_path], use_cache=False, jobs=1).violations
    assert [v for v in after if v.fix] == []
    assert len(after) == len([v for v in before if not v.fix])
    for path in tmp_path.rglob("*.py"):
        cst.parse_module(path.read_text())
