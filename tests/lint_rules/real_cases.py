"""The real-shape corpus (`corpus/real/`): its cases, their claims and how they lint.

Each case is one file written from a shape seen in real projects (see
`corpus/real/SHAPES.md`). Lines ending in `# expect: ORM001` are the findings
it must give; its first lines say `# claim: lost`, `# claim: kept` or
`# claim: none` (nothing reaches the database to prove). A claim of `lost`
or `kept` is proven on PostgreSQL by `tests/claims/test_real_shapes.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Literal

from lint_rules import LintConfig, build_index, lint_source
from lint_rules.facts import FileFacts
from lint_rules.survey import source_facts
from lint_rules.violation import Violation

REAL = Path(__file__).parent / "corpus" / "real"
SUPPORT = ("schemas.py", "clients.py")
CASES = sorted(p for p in REAL.glob("*.py") if p.name not in SUPPORT)
CLAIM = re.compile(r"^# claim: (?P<claim>lost|kept|none)\b", re.MULTILINE)
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>ORM\d+(?:\s*,\s*ORM\d+)*)\s*$")
Claim = Literal["lost", "kept", "none"]


def claim(path: Path) -> Claim:
    """What the case says happens to its writes on PostgreSQL."""
    match = CLAIM.search(path.read_text(encoding="utf-8"))
    assert match is not None, f"{path.name}: no `# claim:` line"
    return match.group("claim")  # type: ignore[return-value]


def expected(path: Path) -> Counter[tuple[int, str]]:
    """The findings the case's `# expect:` comments ask for."""
    found: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for code in match.group("codes").split(","):
                found[(number, code.strip())] += 1
    return found


@cache
def _support_facts() -> tuple[FileFacts, ...]:
    found = []
    for name in SUPPORT:
        facts = source_facts((REAL / name).read_text(encoding="utf-8"), name, name[:-3])
        assert facts is not None
        found.append(facts)
    return tuple(found)


def lint_text(source: str, name: str = "case.py") -> list[Violation]:
    """Lint a case's text with the corpus's models in the project index."""
    facts = source_facts(source, name, name.removesuffix(".py"))
    index = build_index([*_support_facts(), *([facts] if facts is not None else [])])
    return lint_source(source, name, LintConfig(), index)


def lint_case(path: Path) -> Counter[tuple[int, str]]:
    """A case's findings as (line, code)."""
    found = lint_text(path.read_text(encoding="utf-8"), path.name)
    return Counter((v.line, v.code) for v in found)


def cases(*claims: Claim) -> list[Path]:
    """The cases with one of these claims."""
    return [p for p in CASES if claim(p) in claims]
