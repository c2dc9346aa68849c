"""Run the JSON-mutation flow over every function of a file (shared by ORM001 and ORM004)."""

from __future__ import annotations

from lint_rules.flow import functions
from lint_rules.mutations import JsonMutationFlow, Site
from lint_rules.rule import FileContext
from lint_rules.scope import function_scope
from lint_rules.syntax import Imports


def lost_mutations(context: FileContext) -> list[tuple[Site, str]]:
    """Every mutation that reaches a loss point unflagged, with where it was lost."""
    cached = context.memo.get("mutations")
    if cached is not None:
        return cached  # type: ignore[return-value]
    imports = Imports(context.module)
    sessions = frozenset(context.config.session_names)
    found: list[tuple[Site, str]] = []
    for function, owner in functions(context.module):
        scope = function_scope(function, owner, context.index, imports, sessions)
        flow = JsonMutationFlow(context.index, scope)
        flow.run(function)
        for node_id, where in flow.lost.items():
            found.append((flow.sites[node_id], where))
    context.memo["mutations"] = found
    return found
