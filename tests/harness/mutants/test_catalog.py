"""The catalog: every mutant is found in the real source, builds, and changes only its files."""

from __future__ import annotations

import pytest

from harness.mutants import MutantError, all_mutants, build
from harness.mutants.build import mutate
from harness.mutants.catalog import CONVERSATION, ROUTES, load_source

MUTANTS = all_mutants()


def test_names_are_unique_and_every_family_of_the_issue_is_there():
    names = [m.name for m in MUTANTS]
    assert len(names) == len(set(names))
    assert {
        "drop-flag-modified",
        "append-augmented-assign",
        "append-reassign-same",
        "append-assign-equal-copy",
        "spawn-before-commit",
        "drop-row-lock",
        "job-gets-orm-instance",
        "job-gets-request-session",
        "followup-under-row-lock",
    } <= set(names)
    assert sum(name.startswith("ignore-idempotency-key-") for name in names) == 3


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_each_mutant_builds_and_changes_only_the_files_it_names(mutant, tmp_path):
    copy = build(mutant, tmp_path)
    source = load_source()
    changed = {path for path, text in copy.source.items() if text != source[path]}
    assert changed == set(mutant.files)
    assert copy.diff.startswith("--- a/reference_app/")
    assert (tmp_path / "lint" / "reference_app" / mutant.files[0]).read_text() == copy.source[
        mutant.files[0]
    ]


def test_the_runtime_copy_imports_under_its_own_name(tmp_path):
    copy = build(MUTANTS[0], tmp_path)
    main = copy.import_app()
    try:
        assert main.__name__ == f"{copy.alias}.main"
        assert "reference_app" not in (tmp_path / "run" / copy.alias / CONVERSATION).read_text()
    finally:
        copy.forget()


def test_sites_are_discovered_so_a_source_without_them_yields_no_such_mutant():
    source = load_source()
    source[CONVERSATION] = source[CONVERSATION].replace(
        '    flag_modified(interview, "conversation_data")\n', ""
    )
    source[ROUTES] = source[ROUTES].replace("        idempotency_key=idempotency_key,\n", "", 1)
    names = {m.name for m in all_mutants(source)}
    assert not any(name.startswith("drop-flag-modified") for name in names)
    assert "ignore-idempotency-key-send-message" not in names
    assert "ignore-idempotency-key-send-message-async" in names


def test_a_mutant_whose_site_is_gone_fails_to_build_instead_of_equalling_the_app():
    source = load_source()
    drop_lock = next(m for m in MUTANTS if m.name == "drop-row-lock")
    source[CONVERSATION] = source[CONVERSATION].replace("        .with_for_update()\n", "")
    with pytest.raises(MutantError, match="with_for_update"):
        mutate(drop_lock, source)


def test_the_kill_cell_names_three_killers_then_counts_the_rest():
    from harness.mutants.runtime_check import Kill, RuntimeOutcome
    from harness.mutants.verdict import MutantResult

    kills = [Kill(name, run, ("final_state",)) for name in "abcde" for run in (0, 1)]
    result = MutantResult(None, (), RuntimeOutcome(runs=2, kills=kills), frozenset())
    assert result.kill_cell() == "a 2/2, b 2/2, c 2/2 and 2 more"
    assert result.kill_cell(every=True) == "a 2/2, b 2/2, c 2/2, d 2/2, e 2/2"
    assert result.runs_cell() == "2/2"
