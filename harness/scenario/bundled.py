"""Where the scenarios shipped with persistguard live: in the wheel, or in a checkout.

The wheel carries the repository's `scenarios/` folder as
`harness/scenario/bundled/` (pyproject.toml, `force-include`), so a
pip-installed user can replay or copy them without a checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.errors import HarnessError

#: The folder name inside the installed package (see pyproject.toml).
PACKAGED = Path(__file__).resolve().parent / "bundled"
#: The same files in a source checkout (an editable install).
CHECKOUT = Path(__file__).resolve().parents[2] / "scenarios"


def bundled_folder() -> Path:
    """The folder holding the bundled scenario files."""
    for folder in (PACKAGED, CHECKOUT):
        if folder.is_dir():
            return folder
    raise HarnessError(
        f"the bundled scenarios are missing from this install (looked in {PACKAGED}); "
        "reinstall persistguard"
    )


def bundled_files() -> list[Path]:
    """Every bundled scenario file (`.yaml`/`.yml`), sorted by name."""
    folder = bundled_folder()
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def copy_bundled(destination: Path) -> list[Path]:
    """Copy the bundled scenarios (and their README) into `destination`; never overwrite."""
    folder = bundled_folder()
    sources = [*bundled_files(), folder / "README.md"]
    targets = [destination / src.relative_to(folder) for src in sources if src.exists()]
    clashes = [str(t) for t in targets if t.exists()]
    if clashes:
        raise HarnessError(
            f"{clashes[0]} already exists ({len(clashes)} file(s) would be overwritten); "
            "copy into an empty or new folder"
        )
    for src, target in zip((s for s in sources if s.exists()), targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return targets
