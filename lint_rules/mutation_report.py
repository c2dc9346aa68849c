"""Run the JSON-mutation flow over every function of a file (shared by ORM001 and ORM004)."""

from __future__ import annotations

from lint_rules.analysis import function_units
from lint_rules.mutations import JsonMutationFlow, Site, is_test_function
from lint_rules.rule import FileContext


def lost_mutations(context: FileContext) -> list[tuple[Site, str]]:
    """Every mutation that reaches a loss point unflagged, with where it was lost."""
    cached = context.memo.get("mutations")
    if cached is not None:
        return cached  # type: ignore[return-value]
    found: list[tuple[Site, str]] = []
    commit_functions = tuple(context.config.commit_functions)
    lines = context.text.json_lines
    for unit in function_units(context):
        if not lines.any_between(unit.node.lineno, unit.node.end_lineno or unit.node.lineno):
            continue  # mentions no JSON attribute: nothing to lose
        flow = JsonMutationFlow(
            context.index,
            unit.scope,
            qualname=unit.qualname,
            is_test=is_test_function(unit.node, context.path),
            commit_functions=commit_functions,
        )
        flow.run(unit.node)
        for node_id, where in flow.lost.items():
            found.append((flow.sites[node_id], where))
    found.sort(
        key=lambda item: (
            getattr(item[0].node, "lineno", 0),
            getattr(item[0].node, "col_offset", 0),
        )
    )
    context.memo["mutations"] = found
    return found
