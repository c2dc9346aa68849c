"""`[tool.persistguard]`: strict keys and types, errors that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_rules import LintConfig, LintConfigError, load_config


def write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(body)
    return tmp_path


def test_defaults_without_a_table(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[project]\nname = "x"\n'))
    assert config == LintConfig()
    assert "session" in config.session_names


def test_every_key_is_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
[tool.persistguard]
select = ["ORM001", "orm002"]
ignore = ["ORM004"]
exclude = ["migrations/"]
json-attributes = ["Interview.conversation_data", "payload"]
spawn-functions = ["app.jobs.enqueue"]
session-names = ["uow"]
"""))
    assert config.select == ("ORM001", "ORM002")
    assert config.ignore == ("ORM004",)
    assert config.exclude == ("migrations/",)
    assert config.json_attributes == ("Interview.conversation_data", "payload")
    assert config.spawn_functions == ("app.jobs.enqueue",)
    assert "uow" in config.session_names and "session" in config.session_names
    assert config.root == tmp_path


def test_lint_subtable_is_accepted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[tool.persistguard.lint]\nignore = ["ORM002"]\n'))
    assert config.ignore == ("ORM002",)


def test_other_subtables_belong_to_other_tools(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[tool.persistguard.harness]\nseed = 3\n'))
    assert config.ignore == ()


def test_found_by_walking_up(tmp_path: Path) -> None:
    write(tmp_path, '[tool.persistguard]\nselect = ["ORM002"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert load_config(deep).select == ("ORM002",)


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    with pytest.raises(LintConfigError) as error:
        load_config(write(tmp_path, '[tool.persistguard]\nselec = ["ORM001"]\n'))
    assert str(error.value).startswith(
        "pyproject.toml [tool.persistguard] selec: unknown key (expected: select, ignore, "
    )


def test_wrong_type_names_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(LintConfigError) as error:
        load_config(write(tmp_path, '[tool.persistguard]\nselect = "ORM001"\n'))
    assert str(error.value) == (
        "pyproject.toml [tool.persistguard] select: expected a list of rule codes, got str"
    )


def test_list_of_wrong_items(tmp_path: Path) -> None:
    with pytest.raises(LintConfigError, match=r"session-names: expected a list of variable names"):
        load_config(write(tmp_path, '[tool.persistguard]\nsession-names = [1]\n'))


def test_unknown_rule_code(tmp_path: Path) -> None:
    with pytest.raises(LintConfigError, match=r"select: unknown rule code `XYZ`"):
        load_config(write(tmp_path, '[tool.persistguard]\nselect = ["XYZ"]\n'))


def test_invalid_toml_with_our_table_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, "[tool.persistguard\n")
    with pytest.raises(LintConfigError, match=r"pyproject.toml: invalid TOML"):
        load_config(tmp_path)


def test_invalid_toml_of_another_tool_is_not_ours_to_judge(tmp_path: Path) -> None:
    write(tmp_path, "[tool.black\n")
    assert load_config(tmp_path) == LintConfig()


def test_prefix_selection() -> None:
    config = LintConfig(select=("ORM00",), ignore=("ORM002",))
    assert [config.enabled(c) for c in ("ORM001", "ORM002", "ORM010")] == [True, False, False]


def test_digest_changes_with_settings_only() -> None:
    assert LintConfig().digest() == LintConfig(root=Path("/elsewhere")).digest()
    assert LintConfig().digest() != LintConfig(ignore=("ORM001",)).digest()


def test_json_attributes_from_config_are_linted(tmp_path: Path) -> None:
    from lint_rules import lint_source

    source = "def f(session, event):\n    event.payload.append(1)\n    session.commit()\n"
    assert lint_source(source) == []
    found = lint_source(source, config=LintConfig(json_attributes=("payload",)))
    assert [(v.code, v.line) for v in found] == [("ORM001", 2)]


def test_spawn_functions_from_config_are_spawns() -> None:
    from lint_rules import lint_source

    source = (
        "from app.jobs import enqueue\n\n"
        "def f(session, doc):\n    session.add(doc)\n    enqueue(doc.id)\n    session.commit()\n"
    )
    assert lint_source(source) == []
    found = lint_source(source, config=LintConfig(spawn_functions=("app.jobs.enqueue",)))
    assert [(v.code, v.line) for v in found] == [("ORM002", 5)]


def test_session_names_from_config() -> None:
    from lint_rules import lint_source

    source = (
        "import asyncio\n\nasync def f(uow, doc):\n    uow.add(doc)\n"
        "    asyncio.create_task(j(doc.id))\n"
    )
    assert lint_source(source) == []
    config = LintConfig(session_names=("uow",))
    assert [v.line for v in lint_source(source, config=config)] == [5]


def test_commit_functions_from_config_are_commits() -> None:
    from lint_rules import lint_source

    # `finish` lives in a package the index cannot see; the config says it commits
    source = (
        "from app.models import Doc\nfrom app.db import finish\n\n"
        "def f(session, doc: Doc):\n    doc.data.append(1)\n    finish(session)\n"
    )
    config = LintConfig(json_attributes=("data",), commit_functions=("app.db.finish",))
    (found,) = lint_source(source, config=config)
    assert (found.code, found.line) == ("ORM001", 5)
    assert found.message.endswith("before the commit")
    (unconfigured,) = lint_source(source, config=LintConfig(json_attributes=("data",)))
    assert unconfigured.message.endswith("before the end of the function")


def test_after_commit_spawns_from_config_wait_for_the_commit() -> None:
    from lint_rules import lint_source

    source = (
        "from app.tasks import notify\n\n"
        "def f(session, doc):\n    session.add(doc)\n    notify.delay(doc.id)\n"
        "    session.commit()\n"
    )
    assert [(v.code, v.line) for v in lint_source(source)] == [("ORM002", 5)]
    config = LintConfig(after_commit_spawns=("app.tasks.notify",))
    assert lint_source(source, config=config) == []


def test_new_keys_are_read_from_pyproject(tmp_path) -> None:
    from lint_rules.config import load_config

    (tmp_path / "pyproject.toml").write_text(
        "[tool.persistguard]\n"
        'commit-functions = ["app.db.finish"]\n'
        'after-commit-spawns = ["notify"]\n'
    )
    config = load_config(tmp_path)
    assert config.commit_functions == ("app.db.finish",)
    assert config.after_commit_spawns == ("notify",)
