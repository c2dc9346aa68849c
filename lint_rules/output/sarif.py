"""SARIF 2.1.0 for GitHub code scanning: rules under `tool.driver.rules`, results point at them."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from lint_rules.reading import IO_ERROR
from lint_rules.registry import all_rules
from lint_rules.version import package_version
from lint_rules.violation import Violation

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/persistguard/persistguard"


def _rules() -> list[dict[str, Any]]:
    described: list[dict[str, Any]] = [
        {
            "id": "ORM000",
            "name": "syntax-error",
            "shortDescription": {"text": "The file could not be parsed"},
            "defaultConfiguration": {"level": "error"},
        },
        {
            "id": IO_ERROR,
            "name": "io-error",
            "shortDescription": {"text": "The file could not be read"},
            "defaultConfiguration": {"level": "error"},
        },
    ]
    for rule in all_rules():
        doc = inspect.cleandoc(rule.__doc__ or "")
        described.append(
            {
                "id": rule.CODE,
                "name": rule.NAME,
                "shortDescription": {"text": rule.MESSAGE.split("{")[0].strip() or rule.NAME},
                "fullDescription": {"text": doc.split("## Why is this bad?")[0].strip()},
                "help": {"text": doc, "markdown": rule.documentation()},
                "helpUri": f"{INFORMATION_URI}/blob/main/docs/rules/{rule.CODE}.md",
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["persistence", "sqlalchemy"]},
            }
        )
    return described


def _region(line: int, col: int, end_line: int, end_col: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def render_sarif(violations: Sequence[Violation]) -> str:
    """One run, one result per finding."""
    rules = _rules()
    position = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    for v in violations:
        uri = PurePath(v.path).as_posix()
        result: dict[str, Any] = {
            "ruleId": v.code,
            "ruleIndex": position[v.code] if v.code in position else position["ORM000"],
            "level": "error",
            "message": {"text": v.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": _region(v.line, v.col, v.end_line, v.end_col),
                    }
                }
            ],
        }
        if v.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": v.fix.title},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                            "replacements": [
                                {
                                    "deletedRegion": _region(e.line, e.col, e.end_line, e.end_col),
                                    "insertedContent": {"text": e.content},
                                }
                                for e in v.fix.edits
                            ],
                        }
                    ],
                    "properties": {"applicability": v.fix.applicability},
                }
            ]
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "persistguard",
                        "version": package_version(),
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"
