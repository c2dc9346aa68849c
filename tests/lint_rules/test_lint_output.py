"""Reporters: SARIF validated against the 2.1.0 schema, JSON round-trips, GitHub annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from lint_rules.output import render_github, render_json, render_sarif, render_text
from lint_rules.output.json import parse_json
from lint_rules.violation import Edit, Fix, Violation

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())
FOUND = [
    Violation(
        "ORM001",
        "json-mutation-not-flagged",
        "in-place mutation of JSON column `data`, 50% lost",
        "app/services.py",
        6,
        5,
        6,
        23,
        Fix(
            'Call `flag_modified(doc, "data")`',
            (Edit(6, 23, 6, 23, '\n    flag_modified(doc, "data")'),),
        ),
    ),
    Violation(
        "ORM002",
        "spawn-before-commit",
        "`asyncio.create_task` starts work",
        "app/services.py",
        7,
        5,
        7,
        37,
    ),
    Violation("ORM000", "syntax-error", "cannot parse: invalid syntax", "broken.py", 1, 7, 1, 7),
]


def test_sarif_is_valid_against_the_schema() -> None:
    document = json.loads(render_sarif(FOUND))
    jsonschema.validate(document, SCHEMA)


def test_sarif_lists_rules_under_tool_driver_and_results_point_at_them() -> None:
    run = json.loads(render_sarif(FOUND))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "ORM000",
        "E902",
        "ORM001",
        "ORM002",
        "ORM003",
        "ORM004",
        "ORM005",
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 6, "startColumn": 5, "endLine": 6, "endColumn": 23}


def test_sarif_with_no_findings_is_valid() -> None:
    jsonschema.validate(json.loads(render_sarif([])), SCHEMA)


def test_json_round_trips_into_violations() -> None:
    assert parse_json(render_json(FOUND)) == FOUND


GITHUB_LINE = re.compile(
    r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=\d+,endColumn=\d+,title=(?P<title>ORM\d{3})::(?P<message>.+)$"
)


def test_github_annotations_follow_the_workflow_command_syntax() -> None:
    lines = render_github(FOUND).splitlines()
    assert len(lines) == 3
    match = GITHUB_LINE.match(lines[0])
    assert match is not None
    assert match.group("file", "line", "col") == ("app/services.py", "6", "5")
    assert match.group("title") == "ORM001"
    # `%` is escaped as the runner expects
    assert match.group("message").endswith("`data`, 50%25 lost")


def test_text_is_one_line_per_finding_plus_summary() -> None:
    lines = render_text(FOUND).splitlines()
    assert lines[0] == (
        "app/services.py:6:5: ORM001 in-place mutation of JSON column `data`, 50% lost"
    )
    assert lines[-2:] == ["Found 3 errors.", "[*] 1 fixable with `persistguard fix`."]


def test_text_says_all_checks_passed_when_clean() -> None:
    assert render_text([]) == "All checks passed! (persistguard lint)\n"


UNSAFE = Violation(
    "ORM001",
    "json-mutation-not-flagged",
    "m",
    "a.py",
    2,
    1,
    2,
    5,
    Fix("Do it", (Edit(2, 5, 2, 5, "\n    x()"),), "unsafe"),
)


def test_json_and_sarif_carry_each_fix_and_its_applicability() -> None:
    (item,) = json.loads(render_json([UNSAFE]))
    assert item["fix"] == {
        "title": "Do it",
        "edits": [{"line": 2, "col": 5, "end_line": 2, "end_col": 5, "content": "\n    x()"}],
        "applicability": "unsafe",
    }
    document = json.loads(render_sarif([UNSAFE]))
    jsonschema.validate(document, SCHEMA)
    (fix,) = document["runs"][0]["results"][0]["fixes"]
    assert fix["properties"] == {"applicability": "unsafe"}
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 5},
            "insertedContent": {"text": "\n    x()"},
        }
    ]


def test_an_io_error_points_at_its_own_sarif_rule() -> None:
    from lint_rules.reading import io_error

    run = json.loads(render_sarif([io_error("x.py", "cannot read: boom")]))["runs"][0]
    (result,) = run["results"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "E902"
