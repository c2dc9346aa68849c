"""`persistguard scenarios list|copy DIR`: the scenario files shipped with persistguard.

A pip-installed user has no checkout: `list` shows what ships, `copy` puts
editable copies in a folder, and `replay --bundled` runs them as they are.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.extras import require_harness


def register(sub: Any) -> None:
    """Add the `scenarios` subcommand and its `list` and `copy` actions."""
    parser = sub.add_parser(
        "scenarios",
        help="list or copy the scenarios shipped with persistguard",
        description="The scenario files shipped with persistguard (replay them with "
        "`persistguard replay --bundled`).",
    )
    actions = parser.add_subparsers(dest="scenarios_action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="each bundled scenario: file, name, interviews")
    listing.set_defaults(handler=list_command)
    copy = actions.add_parser("copy", help="copy the bundled scenarios into DIR")
    copy.add_argument("dir", metavar="DIR", help="folder to copy into (created if missing)")
    copy.set_defaults(handler=copy_command)


def list_command(args: argparse.Namespace) -> int:
    """One line per bundled file: its name, the scenario's name, how many interviews."""
    require_harness("`persistguard scenarios list`")
    from harness.scenario.bundled import bundled_files, bundled_folder
    from harness.scenario.loader import load_paths

    files = bundled_files()
    scenarios = load_paths(files)
    width = max(len(p.name) for p in files)
    print(f"{len(files)} bundled scenarios in {bundled_folder()}:")
    for path, scenario in zip(files, scenarios, strict=True):
        count = scenario.load.interviews
        print(f"  {path.name:<{width}}  {scenario.name} ({count} interview{'s' * (count != 1)})")
    return 0


def copy_command(args: argparse.Namespace) -> int:
    """Copy the files; refuse (exit 2) rather than overwrite anything."""
    require_harness("`persistguard scenarios copy`")
    from harness.scenario.bundled import copy_bundled

    copied = copy_bundled(Path(args.dir))
    print(f"copied {len(copied)} files into {args.dir}")
    return 0
