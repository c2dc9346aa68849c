"""Other people's code: the environment's site-packages lint clean, but for triaged findings.

Hundreds of thousands of lines nobody here wrote, heavy in pydantic models
and thread pools: a finding there is one a maintainer must be able to thank
us for. Each one that is expected is listed in `site_packages_triage.toml`
with its verdict and why; anything else fails the test.
"""

from __future__ import annotations

import sysconfig
import tomllib
from pathlib import Path

import pytest

from lint_rules import LintConfig, lint_paths

TRIAGE = Path(__file__).with_name("site_packages_triage.toml")


def triaged() -> dict[tuple[str, str], str]:
    """(path relative to site-packages, code) -> why the finding is right."""
    data = tomllib.loads(TRIAGE.read_text(encoding="utf-8"))
    return {(entry["path"], entry["code"]): entry["why"] for entry in data.get("finding", [])}


def test_the_triage_file_says_why_for_every_entry() -> None:
    for (path, code), why in triaged().items():
        assert path and code.startswith("ORM") and len(why) > 20, (path, code)


@pytest.mark.slow
def test_site_packages_report_nothing_untriaged() -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    result = lint_paths([site], LintConfig(root=site), use_cache=False, jobs=2)
    assert result.files > 1000  # the corpus is real: thousands of files were looked at
    found = {
        (Path(v.path).resolve().relative_to(site).as_posix(), v.code)
        for v in result.violations
        if v.code != "ORM000"
    }
    unexplained = sorted(found - triaged().keys())
    assert unexplained == [], "\n".join(f"{p}: {c}" for p, c in unexplained)
