"""`persistguard lint|check|fix|rule|rules`: argparse over `engine`, `fix_files` and `output`.

Exit codes (as ruff): 0 clean, 1 findings (or, with `--diff`, something to
change), 2 usage, configuration or internal error. A path that does not exist
and a selector that matches no rule are usage errors: a typo must not read as
"All checks passed!".
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint_rules.config import (
    LintConfig,
    check_selectors,
    find_root,
    load_config,
    load_config_file,
)
from lint_rules.engine import lint_paths
from lint_rules.errors import LintConfigError
from lint_rules.registry import rule_codes
from lint_rules.version import package_version

# Fixing, `--stdin-filename`, the rule docs and the other formats import what they
# need when asked: a warm `persistguard lint` stays a cache lookup.
if TYPE_CHECKING:
    from lint_rules.fix_files import FileFix
    from lint_rules.violation import Violation

#: `--output-format` values (the renderers live in `lint_rules.output`)
OUTPUT_FORMATS = ("github", "json", "sarif", "text")


def _codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


class _Version(argparse.Action):
    """`--version`, looked up only when asked (reading the package metadata is not free)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"persistguard {package_version()}")  # stdout, as argparse's own action
        parser.exit()


def add_version(parser: argparse.ArgumentParser) -> None:
    """`--version` prints `persistguard X.Y.Z`."""
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: the current project)",
    )
    rules = parser.add_argument_group("rule selection")
    rules.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules (comma-separated codes or prefixes)",
    )
    rules.add_argument(
        "--extend-select",
        action="append",
        metavar="CODES",
        help="these rules on top of the selected ones",
    )
    rules.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="skip these rules (comma-separated codes or prefixes)",
    )
    fixes = parser.add_argument_group("fixes")
    fixes.add_argument("--fix", action="store_true", help="apply the fixes, then report the rest")
    fixes.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a diff instead of writing them (exit 1 if any)",
    )
    fixes.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    fixes.add_argument(
        "--show-fixes",
        action="store_true",
        help="list what was fixed (with --fix) or each finding's fix (without)",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="output format (default: text)",
    )
    output.add_argument("--statistics", action="store_true", help="print only counts per rule")
    output.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    output.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="read the source from stdin, report it under this path",
    )
    settings = parser.add_argument_group("settings")
    settings.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="a pyproject.toml ([tool.persistguard]) or a TOML file of top-level settings",
    )
    settings.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write the cache"
    )
    settings.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="cache folder (default: $PERSISTGUARD_CACHE_DIR or the user cache folder)",
    )


def register(sub: Any) -> None:
    """Add the linter's subcommands to the `persistguard` parser."""
    lint = sub.add_parser(
        "lint",
        aliases=["check"],
        help="report persistence bugs (ORM001...)",
        description="Report persistence bugs in Python files.",
    )
    _options(lint)
    lint.set_defaults(handler=run_lint)

    fix = sub.add_parser(
        "fix", help="apply autofixes", description="Apply the fixes (`lint --fix`)."
    )
    _options(fix)
    fix.set_defaults(handler=run_fix)

    rule = sub.add_parser("rule", help="show a rule's documentation")
    rule.add_argument("code", metavar="CODE", help="e.g. ORM001 or json-mutation-not-flagged")
    rule.set_defaults(handler=run_rule)

    rules = sub.add_parser("rules", help="list the rules")
    rules.set_defaults(handler=run_rules)


def _config(args: argparse.Namespace) -> LintConfig:
    known = rule_codes()
    if args.config is not None:
        config = load_config_file(args.config)
    else:
        start = Path(args.stdin_filename) if args.stdin_filename else None
        start = start or (args.paths[0] if args.paths else Path.cwd())
        config = load_config(start if start.exists() else Path.cwd())
    check_selectors(config.origin, config.selectors(), known)
    flags = [
        (flag, code)
        for flag, values in (
            ("--select", args.select),
            ("--extend-select", args.extend_select),
            ("--ignore", args.ignore),
        )
        for code in _codes(values) or ()
    ]
    config = config.with_overrides(
        _codes(args.select), _codes(args.ignore), _codes(args.extend_select)
    )
    check_selectors("", [(flag, code.strip().upper()) for flag, code in flags], known)
    return config


def _error(message: str) -> int:
    print(f"persistguard: error: {message}", file=sys.stderr)
    return 2


def run_lint(args: argparse.Namespace) -> int:
    """`persistguard lint` (and `check`, and `fix`)."""
    missing = [str(p) for p in args.paths if not os.path.lexists(p)]
    if missing:
        return _error(f"path `{missing[0]}` does not exist")
    try:
        config = _config(args)
        if args.stdin_filename:
            return _run_stdin(args, config)
        result = lint_paths(
            args.paths, config, use_cache=not args.no_cache, cache_dir=args.cache_dir
        )
        if not (args.fix or args.diff):
            return _report(args, result.violations)
        from lint_rules.fix_files import fix_result

        fixes, untouched = fix_result(result, unsafe=args.unsafe_fixes)
    except LintConfigError as exc:
        return _error(str(exc))
    except Exception as exc:  # a crash is exit 2 with a message, never a silent "clean"
        return _error(f"internal error: {type(exc).__name__}: {exc}")
    for fix in fixes:
        if fix.error:
            print(f"persistguard: {fix.path}: fix not applied: {fix.error}", file=sys.stderr)
    if args.diff:
        sys.stdout.write("".join(fix.diff() for fix in fixes))
        would = sum(len(fix.fixed) for fix in fixes)
        print(f"Would fix {would} error{'s' if would != 1 else ''}.", file=sys.stderr)
        return 1 if any(fix.changed for fix in fixes) else 0
    from lint_rules.fix_files import write_fixes

    errors = write_fixes(fixes)
    for error in errors:
        print(f"persistguard: {error}", file=sys.stderr)
    remaining = sorted(
        [*untouched, *(v for fix in fixes for v in fix.remaining)], key=lambda v: v.sort_key
    )
    code = _report(args, remaining)
    if args.output_format == "text" and not args.statistics:
        sys.stdout.write(_fixed_summary(fixes, args.show_fixes))
    return 2 if errors else code


def _run_stdin(args: argparse.Namespace, config: LintConfig) -> int:
    """Lint the buffer on stdin, indexed in place of the file on disk.

    With `--fix` the fixed buffer goes to stdout and the findings left to
    stderr (for editors, as ruff does); with `--diff`, the diff.
    """
    from lint_rules.cache import Cache
    from lint_rules.engine import recheck
    from lint_rules.fix_files import fix_text
    from lint_rules.output import render_text
    from lint_rules.reading import SourceFile
    from lint_rules.survey import project_index

    source = sys.stdin.read()
    root = config.root or find_root(Path.cwd())
    cache = Cache(root, enabled=not args.no_cache, folder=args.cache_dir)
    name = args.stdin_filename
    index = project_index(root, config, cache, jobs=1, replace=(Path(name), source))
    violations = recheck(source, name, root, config, index)
    if not (args.fix or args.diff):
        return _report(args, violations)
    fix = fix_text(
        name,
        SourceFile(source, "utf-8"),
        violations,
        lambda text: recheck(text, name, root, config, index),
        unsafe=args.unsafe_fixes,
    )
    if args.diff:
        sys.stdout.write(fix.diff())
        return 1 if fix.changed else 0
    sys.stdout.write(fix.after)
    sys.stderr.write(render_text(fix.remaining, unsafe_fixes=args.unsafe_fixes))
    return 0 if args.exit_zero or not fix.remaining else 1


def _report(args: argparse.Namespace, violations: Sequence[Violation]) -> int:
    """Print the findings (or only their counts) and choose the exit code."""
    from lint_rules.output import FORMATS, render_statistics, render_statistics_json, render_text

    if args.statistics:
        json_format = args.output_format == "json"
        render = render_statistics_json if json_format else render_statistics
        sys.stdout.write(render(violations))
    elif args.output_format == "text":
        text = render_text(
            violations,
            unsafe_fixes=args.unsafe_fixes,
            show_fixes=args.show_fixes and not (args.fix or args.diff),
        )
        sys.stdout.write(text)
    else:
        sys.stdout.write(FORMATS[args.output_format](violations))
    return 0 if args.exit_zero or not violations else 1


def _fixed_summary(fixes: Sequence[FileFix], show: bool) -> str:
    """`Fixed N errors.`, or with `--show-fixes` the fixes per file and rule (as ruff)."""
    count = sum(len(fix.fixed) for fix in fixes)
    noun = "error" if count == 1 else "errors"
    if not show or not count:
        return f"Fixed {count} {noun}.\n"
    lines = [f"Fixed {count} {noun}:"]
    for fix in fixes:
        if not fix.fixed:
            continue
        lines.append(f"- {fix.path}:")
        counts = Counter((v.code, v.name) for v in fix.fixed)
        for (code, name), n in sorted(counts.items()):
            lines.append(f"    {n} x {code} ({name})")
    return "\n".join(lines) + "\n"


def run_fix(args: argparse.Namespace) -> int:
    """`persistguard fix`: `lint --fix`."""
    args.fix = True
    return run_lint(args)


def run_rule(args: argparse.Namespace) -> int:
    """`persistguard rule ORM001`: the rule's documentation."""
    from lint_rules.registry import all_rules, rule_by_code

    rule = rule_by_code(args.code)
    if rule is None:
        known = ", ".join(r.CODE for r in all_rules())
        return _error(f"unknown rule `{args.code}` (expected one of: {known})")
    sys.stdout.write(rule.documentation())
    return 0


def run_rules(args: argparse.Namespace) -> int:
    """`persistguard rules`: code, name, fixable (`[*]`, or `[-]` with `--unsafe-fixes`)."""
    from lint_rules.registry import all_rules

    for rule in all_rules():
        mark = ("[-]" if rule.UNSAFE_FIX else "[*]") if rule.autofix() else "   "
        print(f"{rule.CODE}  {mark} {rule.NAME}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """A parser with only the linter's subcommands (`python -m lint_rules`)."""
    parser = argparse.ArgumentParser(prog="persistguard")
    add_version(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m lint_rules`."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
