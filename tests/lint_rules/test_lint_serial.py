"""serial.py: frozen dataclasses to JSON data and back, rejecting anything that does not fit."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from lint_rules.facts import FileFacts
from lint_rules.serial import from_data, to_data
from lint_rules.survey import source_facts
from lint_rules.violation import Edit, Fix, Violation

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class Leaf:
    name: str
    kind: Literal["a", "b"] = "a"


@dataclass(frozen=True)
class Tree:
    count: int
    ratio: float
    flag: bool
    note: str | None
    leaves: tuple[Leaf, ...]
    pair: tuple[str, Leaf]
    table: dict[str, tuple[int, ...]]


TREE = Tree(3, 0.5, True, None, (Leaf("x"), Leaf("y", "b")), ("k", Leaf("z")), {"q": (1, 2)})


def test_every_supported_shape_round_trips_through_json() -> None:
    data = json.loads(json.dumps(to_data(TREE)))
    assert from_data(Tree, data) == TREE


def test_real_index_facts_round_trip() -> None:
    source = (CORPUS / "models.py").read_text(encoding="utf-8")
    facts = source_facts(source, "models.py", "models")
    assert facts is not None
    assert facts.classes  # the comparison below means something
    assert from_data(FileFacts, json.loads(json.dumps(to_data(facts)))) == facts


def test_the_facts_of_every_corpus_and_project_file_round_trip() -> None:
    root = Path(__file__).parents[2]
    paths = [*CORPUS.rglob("*.py"), *(root / "reference_app").rglob("*.py")]
    paths += [*(root / "lint_rules").rglob("*.py")]
    checked = 0
    for path in paths:
        facts = source_facts(path.read_text(encoding="utf-8"), path.name, path.stem)
        if facts is None:
            continue
        assert from_data(FileFacts, json.loads(json.dumps(to_data(facts)))) == facts, path
        checked += 1
    assert checked > 100


def test_violation_with_fix_round_trips() -> None:
    fix = Fix("t", (Edit(1, 2, 3, 4, "x"),), "unsafe")
    found = Violation("ORM001", "n", "m", "p.py", 1, 2, 3, 4, fix)
    assert from_data(Violation, to_data(found)) == found


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(count="3"), "Tree.count: expected int, got str"),
        (lambda d: d.update(count=True), "Tree.count: expected int, got bool"),
        (lambda d: d.update(flag=1), "Tree.flag: expected bool, got int"),
        (lambda d: d.update(extra=1), "Tree: unexpected keys ['extra'], missing keys []"),
        (lambda d: d.pop("note"), "Tree: unexpected keys [], missing keys ['note']"),
        (lambda d: d["leaves"][0].update(kind="c"), "Tree.leaves[0].kind: expected one of"),
        (lambda d: d.update(pair=["k"]), "Tree.pair: expected 2 items, got 1"),
        (lambda d: d.update(table={"q": [1, "2"]}), "Tree.table['q'][1]: expected int"),
        (lambda d: d.update(leaves={"0": {}}), "Tree.leaves: expected a list, got dict"),
    ],
)
def test_a_mismatch_is_a_value_error_naming_the_field(change, message: str) -> None:
    data = to_data(TREE)
    change(data)
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        from_data(Tree, data)


def test_what_is_not_data_cannot_be_stored() -> None:
    with pytest.raises(TypeError):
        to_data(Leaf(object()))  # type: ignore[arg-type]
