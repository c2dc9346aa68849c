"""SARIF 2.1.0 for GitHub code scanning: rules under `tool.driver.rules`, results point at them."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from lint_rules.registry import all_rules
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
        }
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


def render_sarif(violations: Sequence[Violation]) -> str:
    """One run, one result per finding."""
    from lint_rules.engine import VERSION

    rules = _rules()
    position = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    for v in violations:
        results.append(
            {
                "ruleId": v.code,
                "ruleIndex": position.get(v.code, 0),
                "level": "error",
                "message": {"text": v.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": PurePath(v.path).as_posix(),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {
                                "startLine": v.line,
                                "startColumn": v.col,
                                "endLine": v.end_line,
                                "endColumn": v.end_col,
                            },
                        }
                    }
                ],
            }
        )
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "persistguard",
                        "version": VERSION,
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
