"""`persistguard lint|fix|rule|rules`: argparse front-end over `engine`, `fix` and `output`.

Exit codes (as ruff): 0 clean, 1 findings, 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lint_rules.cache import Cache
from lint_rules.config import LintConfig, load_config
from lint_rules.engine import check_source, lint_paths, project_index, rules_for
from lint_rules.errors import LintConfigError
from lint_rules.fix import FixError, apply_fixes
from lint_rules.output import FORMATS, render_statistics
from lint_rules.registry import all_rules, rule_by_code
from lint_rules.violation import Violation


def _codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: the current project)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules (comma-separated codes or prefixes)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="skip these rules (comma-separated codes or prefixes)",
    )
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    parser.add_argument(
        "--config", type=Path, metavar="PYPROJECT", help="read [tool.persistguard] from this file"
    )


def register(sub: Any) -> None:
    """Add the linter's subcommands to the `persistguard` parser."""
    lint = sub.add_parser(
        "lint",
        help="report persistence bugs (ORM001...)",
        description="Report persistence bugs in Python files.",
    )
    _common(lint)
    lint.add_argument(
        "--format", choices=sorted(FORMATS), default="text", help="output format (default: text)"
    )
    lint.add_argument("--statistics", action="store_true", help="print counts per rule")
    lint.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    lint.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="read the source from stdin, report it under this path",
    )
    lint.set_defaults(handler=run_lint)

    fix = sub.add_parser("fix", help="apply autofixes", description="Apply the safe autofixes.")
    _common(fix)
    fix.set_defaults(handler=run_fix)

    rule = sub.add_parser("rule", help="show a rule's documentation")
    rule.add_argument("code", metavar="CODE", help="e.g. ORM001 or json-mutation-not-flagged")
    rule.set_defaults(handler=run_rule)

    rules = sub.add_parser("rules", help="list the rules")
    rules.set_defaults(handler=run_rules)


def _config(args: argparse.Namespace) -> LintConfig:
    if args.config is not None:
        import tomllib

        from lint_rules.config import parse_config

        try:
            data = tomllib.loads(args.config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LintConfigError(f"{args.config}: cannot read: {exc}") from exc
        config = parse_config(data.get("tool", {}).get("persistguard", {}), args.config)
    else:
        start = Path(args.stdin_filename) if getattr(args, "stdin_filename", None) else None
        start = start or (args.paths[0] if args.paths else Path.cwd())
        config = load_config(start if start.exists() else Path.cwd())
    return config.with_overrides(_codes(args.select), _codes(args.ignore))


def _error(message: str) -> int:
    print(f"persistguard: error: {message}", file=sys.stderr)
    return 2


def _lint_stdin(args: argparse.Namespace, config: LintConfig) -> list[Violation]:
    source = sys.stdin.read()
    root = config.root or Path.cwd()
    cache = Cache(root, enabled=not args.no_cache)
    path = Path(args.stdin_filename)
    index = project_index(root, config, cache, jobs=1, replace=(path, source))
    return check_source(source, args.stdin_filename, config, index, rules_for(config))


def run_lint(args: argparse.Namespace) -> int:
    """`persistguard lint`."""
    try:
        config = _config(args)
        if args.stdin_filename:
            violations = _lint_stdin(args, config)
        else:
            violations = lint_paths(args.paths, config, use_cache=not args.no_cache).violations
    except LintConfigError as exc:
        return _error(str(exc))
    except Exception as exc:  # a crash is exit 2 with a message, never a silent "clean"
        return _error(f"internal error: {type(exc).__name__}: {exc}")
    output = FORMATS[args.format](violations)
    sys.stdout.write(output)
    if args.statistics:
        sys.stdout.write(render_statistics(violations))
    return 0 if args.exit_zero or not violations else 1


def run_fix(args: argparse.Namespace) -> int:
    """`persistguard fix`: apply fixes file by file, then report what is left."""
    try:
        config = _config(args)
        result = lint_paths(args.paths, config, use_cache=not args.no_cache)
    except LintConfigError as exc:
        return _error(str(exc))
    by_path: dict[str, list[Violation]] = {}
    for violation in result.violations:
        by_path.setdefault(violation.path, []).append(violation)
    remaining: list[Violation] = []
    fixed_count = 0
    for path, violations in sorted(by_path.items()):
        file = Path(path)
        source = file.read_text(encoding="utf-8")
        try:
            fixed, left = apply_fixes(source, violations)
        except FixError as exc:
            print(f"persistguard: {path}: fix not applied: {exc}", file=sys.stderr)
            remaining.extend(violations)
            continue
        if fixed != source:
            file.write_text(fixed, encoding="utf-8")
            fixed_count += len(violations) - len(left)
        remaining.extend(left)
    sys.stdout.write(FORMATS["text"](remaining))
    print(f"Fixed {fixed_count} error{'s' if fixed_count != 1 else ''}.")
    return 1 if remaining else 0


def run_rule(args: argparse.Namespace) -> int:
    """`persistguard rule ORM001`: the rule's documentation."""
    rule = rule_by_code(args.code)
    if rule is None:
        known = ", ".join(r.CODE for r in all_rules())
        return _error(f"unknown rule `{args.code}` (expected one of: {known})")
    sys.stdout.write(rule.documentation())
    return 0


def run_rules(args: argparse.Namespace) -> int:
    """`persistguard rules`: code, name, fixable."""
    for rule in all_rules():
        mark = "[*]" if rule.autofix() else "   "
        print(f"{rule.CODE}  {mark} {rule.NAME}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """A parser with only the linter's subcommands (`python -m lint_rules`)."""
    parser = argparse.ArgumentParser(prog="persistguard")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m lint_rules`."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
