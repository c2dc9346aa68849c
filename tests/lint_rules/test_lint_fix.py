"""`persistguard fix`: edits applied once, the result re-parsed, fixed findings gone."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from lint_rules import LintConfig, apply_fixes, build_index, lint_paths, lint_source
from lint_rules.cli import main
from lint_rules.fix import FixError, applicable
from lint_rules.fix_files import fix_text
from lint_rules.reading import SourceFile
from lint_rules.survey import source_facts
from lint_rules.violation import Edit, Fix, Violation

CONFIG = LintConfig(json_attributes=("data",))


def test_fix_adds_the_import_after_leading_comments() -> None:
    source = "#!/usr/bin/env python\n\ndef f(session, doc):\n    doc.data.append(1)\n"
    fixed, left = apply_fixes(source, lint_source(source, config=CONFIG))
    assert left == []
    assert fixed == (
        "#!/usr/bin/env python\n\n"
        "from sqlalchemy.orm.attributes import flag_modified\n\n\n"
        'def f(session, doc):\n    doc.data.append(1)\n    flag_modified(doc, "data")\n'
    )


def test_fix_reuses_an_existing_import_and_module_alias() -> None:
    source = (
        "from sqlalchemy.orm import attributes\n\n"
        "def f(session, doc):\n    doc.data.append(1)\n    session.commit()\n"
    )
    fixed, _ = apply_fixes(source, lint_source(source, config=CONFIG))
    assert '    attributes.flag_modified(doc, "data")\n    session.commit()' in fixed
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
    assert any(applicable(v) for v in before)
    main(["fix", "--no-cache"])
    after = lint_paths([tmp_path], use_cache=False, jobs=1).violations
    assert [v for v in after if applicable(v)] == []
    # nothing unfixable is lost; a fix may settle another rule's finding too (ORM001's
    # `flag_modified(doc, "items")` answers ORM005's "the in-place change is not flagged")
    flagged_by_fix = {v.path for v in before if applicable(v) and v.code == "ORM001"}
    kept = Counter(
        (v.path, v.code)
        for v in before
        if not applicable(v) and not (v.code == "ORM005" and v.path in flagged_by_fix)
    )
    left = Counter((v.path, v.code) for v in after)
    assert kept <= left <= Counter((v.path, v.code) for v in before if not applicable(v))
    for path in tmp_path.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")


# -- the file's bytes ------------------------------------------------------------------------

HANDLER = (
    "from sqlalchemy.orm.attributes import flag_modified\n\n\n"
    "def f(session, doc):\n    doc.data.append(1)\n    session.commit()\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.persistguard]\njson-attributes = ["data"]\n'
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fix_bytes(project: Path, data: bytes) -> bytes:
    (project / "m.py").write_bytes(data)
    assert main(["fix", "m.py"]) == 0
    return (project / "m.py").read_bytes()


def test_fix_keeps_crlf(project: Path) -> None:
    fixed = fix_bytes(project, HANDLER.replace("\n", "\r\n").encode())
    assert (
        fixed
        == HANDLER.replace("append(1)\n", 'append(1)\n    flag_modified(doc, "data")\n')
        .replace("\n", "\r\n")
        .encode()
    )


def test_fix_keeps_the_bom_and_fixes_the_file(project: Path) -> None:
    fixed = fix_bytes(project, b"\xef\xbb\xbf" + HANDLER.encode())
    assert fixed.startswith(b"\xef\xbb\xbf")
    assert b'    flag_modified(doc, "data")\n    session.commit()' in fixed


def test_fix_keeps_tabs(project: Path) -> None:
    fixed = fix_bytes(project, HANDLER.replace("    ", "\t").encode())
    assert fixed.decode() == HANDLER.replace(
        "append(1)\n", 'append(1)\n    flag_modified(doc, "data")\n'
    ).replace("    ", "\t")


def test_fix_keeps_a_declared_encoding(project: Path) -> None:
    source = "# -*- coding: latin-1 -*-\n# café\n" + HANDLER
    fixed = fix_bytes(project, source.encode("latin-1"))
    assert fixed.decode("latin-1").count('flag_modified(doc, "data")') == 1
    assert b"caf\xe9" in fixed


def test_fix_adds_an_import_with_the_file_s_newline(project: Path) -> None:
    body = "def f(session, doc):\r\n    doc.data.append(1)\r\n"
    fixed = fix_bytes(project, body.encode())
    assert b"\n" not in fixed.replace(b"\r\n", b"")
    assert fixed.startswith(b"from sqlalchemy.orm.attributes import flag_modified\r\n")


# -- flags -------------------------------------------------------------------------------------


def test_diff_shows_and_does_not_write(project: Path, capsys) -> None:
    (project / "m.py").write_text(HANDLER)
    assert main(["lint", "--diff", "m.py"]) == 1
    out, err = capsys.readouterr()
    assert (project / "m.py").read_text() == HANDLER
    assert out.startswith("--- a/m.py\n+++ b/m.py\n")
    assert '+    flag_modified(doc, "data")\n' in out
    assert "Would fix 1 error." in err
    fix_bytes(project, HANDLER.encode())
    assert main(["lint", "--diff", "m.py"]) == 0


def test_lint_fix_is_fix_and_show_fixes_lists_them(project: Path, capsys) -> None:
    (project / "m.py").write_text(HANDLER)
    assert main(["lint", "--fix", "--show-fixes", "m.py"]) == 0
    out, _ = capsys.readouterr()
    assert out == (
        "All checks passed! (persistguard lint)\nFixed 1 error:\n- m.py:\n"
        "    1 x ORM001 (json-mutation-not-flagged)\n"
    )
    assert 'flag_modified(doc, "data")' in (project / "m.py").read_text()


def test_show_fixes_without_fix_shows_each_fix(project: Path, capsys) -> None:
    (project / "m.py").write_text(HANDLER)
    main(["lint", "--show-fixes", "m.py"])
    out, _ = capsys.readouterr()
    assert '  fix: Call `flag_modified(doc, "data")` after the mutation\n' in out


def test_stdin_fix_prints_the_fixed_buffer(project: Path, capsys, monkeypatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(HANDLER))
    assert main(["lint", "--fix", "--stdin-filename", "m.py"]) == 0
    out, err = capsys.readouterr()
    assert out == HANDLER.replace("append(1)\n", 'append(1)\n    flag_modified(doc, "data")\n')
    assert err == "All checks passed! (persistguard lint)\n"


UNSAFE = Violation(
    "ORM001", "n", "m", "f.py", 1, 1, 1, 1, Fix("t", (Edit(1, 1, 1, 1, "y = 2\n"),), "unsafe")
)


def test_unsafe_fixes_wait_for_the_flag() -> None:
    assert apply_fixes("x = 1\n", [UNSAFE]) == ("x = 1\n", [UNSAFE])
    assert apply_fixes("x = 1\n", [UNSAFE], unsafe=True) == ("y = 2\nx = 1\n", [])


def test_text_output_counts_hidden_unsafe_fixes() -> None:
    from lint_rules.output import render_text

    assert render_text([UNSAFE]).splitlines()[-1] == (
        "(1 hidden fix can be enabled with the `--unsafe-fixes` option.)"
    )
    assert render_text([UNSAFE], unsafe_fixes=True).splitlines()[-1] == (
        "[*] 1 fixable with `persistguard fix --unsafe-fixes`."
    )


def test_edits_are_placed_by_tokenizer_lines_not_splitlines() -> None:
    from lint_rules.fix import apply_edits

    source = "x = 1  # \x0c form feed\ny = 2\n"
    assert apply_edits(source, [Edit(2, 1, 2, 2, "z")]) == "x = 1  # \x0c form feed\nz = 2\n"


# -- the corpus: fix converges ---------------------------------------------------------------

CORPUS = Path(__file__).parent / "corpus"
MODELS_FACTS = source_facts(
    (CORPUS / "models.py").read_text(encoding="utf-8"), "models.py", "models"
)


def lint_case(source: str) -> list[Violation]:
    """A corpus case linted as `test_lint_corpus` does: indexed with the corpus models."""
    facts = [MODELS_FACTS, source_facts(source, "case.py", "case")]
    index = build_index([f for f in facts if f is not None])
    return lint_source(source, "case.py", LintConfig(), index)


CASES = {
    case: lint_case(case.read_text(encoding="utf-8")) for case in sorted(CORPUS.glob("orm*/*.py"))
}
FIXABLE = [case for case, found in CASES.items() if any(applicable(v) for v in found)]
#: cases whose only fixes are unsafe (ORM005's rename): they wait for `--unsafe-fixes`
UNSAFE_ONLY = [
    case
    for case, found in CASES.items()
    if case not in FIXABLE and any(applicable(v, unsafe=True) for v in found)
]


def test_the_corpus_has_fixable_cases() -> None:
    assert len(FIXABLE) >= 10
    assert len(UNSAFE_ONLY) >= 3


@pytest.mark.parametrize(
    ("case", "unsafe"),
    [(p, False) for p in FIXABLE] + [(p, True) for p in UNSAFE_ONLY],
    ids=[f"{p.parent.name}/{p.stem}" for p in FIXABLE + UNSAFE_ONLY],
)
def test_fix_then_lint_is_clean_and_a_second_fix_changes_nothing(case: Path, unsafe: bool) -> None:
    source = SourceFile(case.read_text(encoding="utf-8"), "utf-8")
    before = lint_case(source.text)
    fixed_codes = {v.code for v in before if applicable(v, unsafe)}
    once = fix_text("case.py", source, before, lint_case, unsafe=unsafe)
    assert once.error is None and once.changed
    compile(once.after, "case.py", "exec")
    assert [v for v in lint_case(once.after) if v.code in fixed_codes] == []
    again = fix_text(
        "case.py", SourceFile(once.after, "utf-8"), lint_case(once.after), lint_case, unsafe=unsafe
    )
    assert not again.changed


def test_unsafe_fixes_wait_for_their_flag_on_the_corpus() -> None:
    for case in UNSAFE_ONLY:
        source = SourceFile(case.read_text(encoding="utf-8"), "utf-8")
        assert not fix_text("case.py", source, CASES[case], lint_case).changed, case.name
