"""The harness's folders follow the flow: no import circle, and no stage imports a later one.

scenario -> run -> check -> report, with `errors` and `postgres` beneath every
stage and the entry points (replay, CLI, pytest plugin, public API) above
them. Read from the source with `ast`, lazy imports inside functions included,
so a circle cannot hide behind an import moved into a function body.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import harness

ROOT = Path(harness.__file__).parent

#: Each top-level module or folder of `harness/` and its layer: imports only point down.
#: A new folder must be placed here before it can import or be imported.
LAYERS: dict[str, int] = {
    "errors": 0,
    "redaction": 0,
    "extras": 1,
    "postgres": 1,
    "proxy": 1,
    "scenario": 2,
    "run": 3,
    "check": 4,
    "report": 5,
    "replay": 6,
    "locust": 6,
    "mutants": 7,
    "explore": 8,
    "commands": 9,
    "pytest": 9,
    "cli": 10,
    "__init__": 11,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The harness modules `name` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                targets.add(child if child in MODULES else base)
    return {t for t in targets if t in MODULES and t != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_top_level_part_has_a_layer():
    unknown = sorted({_layer(m) for m in MODULES} - set(LAYERS))
    assert unknown == [], f"place {unknown} in LAYERS of tests/harness/test_layout.py"


def test_no_stage_imports_a_later_one():
    upward = [
        f"{source} imports {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if _layer(source) != _layer(target) and LAYERS[_layer(source)] <= LAYERS[_layer(target)]
    ]
    assert upward == []


def test_no_import_circle():
    done: set[str] = set()
    path: list[str] = []
    circles: list[str] = []

    def visit(module: str) -> None:
        if module in path:
            circles.append(" -> ".join([*path[path.index(module) :], module]))
            return
        if module in done:
            return
        path.append(module)
        for target in sorted(GRAPH[module]):
            visit(target)
        path.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)
    assert circles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_pytest_integration_imports_pytest(module):
    if _layer(module) == "pytest":
        return
    tree = ast.parse(MODULES[module].read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {n for n in names if n == "pytest" or n.startswith(("pytest.", "_pytest"))}


def test_harness_pytest_does_not_shadow_the_real_pytest():
    import harness.pytest.hooks as hooks
    import harness.pytest.plugin as plugin

    assert plugin.pytest is pytest and hooks.pytest is pytest
    assert Path(pytest.__file__).parent != ROOT / "pytest"


#: The only modules that import locust or gevent: they run inside Locust's processes only.
LOCUST_SIDE = {"harness.locust.hooks", "harness.locust.interview_user", "harness.locust.locustfile"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_locust_side_imports_locust_or_gevent(module):
    tree = ast.parse(MODULES[module].read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    roots = {name.split(".")[0] for name in names}
    if module not in LOCUST_SIDE:
        assert not roots & {"locust", "gevent"}
        assert not GRAPH[module] & LOCUST_SIDE, "Locust's modules are for its processes only"


def test_importing_the_harness_never_imports_locust():
    # a fresh interpreter: locust's import monkey-patches the whole process for gevent
    code = (
        "import sys, harness, harness.cli, harness.commands.locust, harness.locust.copy_player, "
        "harness.locust.processes, harness.locust.verdicts, harness.pytest.plugin; "
        "harness.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('locust', 'gevent')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
