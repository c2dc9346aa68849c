"""ORM005 flag-modified-unknown-attribute."""

from __future__ import annotations

import ast

from lint_rules.analysis import FunctionUnit, function_units
from lint_rules.mapped import close_json_name, is_known, is_plain_scalar
from lint_rules.mutations import is_flag_call
from lint_rules.relevance import Text
from lint_rules.rule import Invalid, LintRule, Valid
from lint_rules.summaries import MUTATORS
from lint_rules.syntax import keyword, positional, string_value, walk_shallow
from lint_rules.violation import Edit, Fix


class FlagModifiedUnknownAttribute(LintRule):
    """
    ## What it does
    Checks `flag_modified(obj, "name")` (also `attributes.flag_modified` and
    imported aliases) where the model of `obj` is known and `name` is:

    - not an attribute of the model, nor of any model that inherits from it
      (a typo, or a column since renamed or removed);
    - a plain scalar column (`String`, `Integer`, `DateTime`, `Mapped[str]`...)
      while a JSON attribute of the same object is changed in place in the
      same function and never flagged: the flag names the wrong attribute.

    The model comes from the receiver's annotation, the loader or the
    constructor, resolved through the module's imports; a receiver whose
    model cannot be told is not reported. A model whose attributes cannot
    all be seen (a mapped `Table`, reflection, a base or mixin from an
    installed package) is not reported either. Any name the class body
    defines (a column, relationship, `column_property`, synonym, hybrid
    property, method or a helper-built attribute) counts as known, although
    `flag_modified` raises on a synonym (`AttributeError`) or a hybrid
    property (`KeyError`) too: the index does not yet tell those apart.

    ## Why is this bad?
    `flag_modified` looks the name up among the instrumented attributes:
    an unknown name raises `KeyError` at run time, so the request fails
    and the change it wanted to save is never committed. The error shows
    only when that line runs, often in a rarely taken branch.

    Flagging a plain column instead of the JSON one that was changed in
    place succeeds silently: the UPDATE rewrites the scalar's own value and
    leaves out the JSON change, which is lost (the same bug as ORM001,
    hidden behind a call that looks like the cure).

    ## Example
    ```python
    interview.conversation_data.append(message)
    flag_modified(interview, "conversation")
    await session.commit()
    ```

    Use instead:
    ```python
    interview.conversation_data.append(message)
    flag_modified(interview, "conversation_data")
    await session.commit()
    ```

    ## Fix safety
    When exactly one JSON attribute of the model is the one meant (the only
    JSON attribute with a close name, or the only one changed in place and
    left unflagged), the fix puts its name in the call. It is unsafe (applied
    with `--unsafe-fixes`): it makes the commit write that column, which is
    what the code meant unless the name belonged to a column that was
    removed on purpose, and only a person can tell which.

    ## Configuration
    - `json-attributes`: extra JSON attributes the index cannot see (they
      count as JSON columns here too).
    """

    CODE = "ORM005"
    NAME = "flag-modified-unknown-attribute"
    MESSAGE = "`flag_modified` names `{attr}`, which `{model}` does not map: it raises `KeyError`"
    NOOP_MESSAGE = (
        "`flag_modified` names `{attr}`, a plain column of `{model}`: the in-place change"
        " to `{changed}` on line {line} is not flagged and is lost"
    )
    FIX_TITLE = 'Flag `"{name}"` instead of `"{attr}"`'
    UNSAFE_FIX = True

    @classmethod
    def relevant(cls, text: Text) -> bool:
        return text.flags

    VALID = (
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    flag_modified(doc, "items")
    await session.commit()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    flag_modified(doc, "title")
    await session.commit()
"""
        ),
        Valid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta["a"] = 2
    flag_modified(doc, "meta")
    session.commit()
"""
        ),
    )

    INVALID = (
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    flag_modified(doc, "item")
    await session.commit()
""",
            line=4,
            col=24,
            fixed="""\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    flag_modified(doc, "items")
    await session.commit()
""",
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    flag_modified(doc, "title")
    await session.commit()
""",
            line=4,
            col=24,
            fixed="""\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    flag_modified(doc, "items")
    await session.commit()
""",
        ),
        Invalid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta["a"] = 2
    flag_modified(doc, "metadata")
    session.commit()
""",
            line=4,
            col=24,
        ),
    )

    def run(self) -> None:
        for unit in function_units(self.context):
            if not self.context.text.flag_lines.any_between(
                unit.node.lineno, unit.node.end_lineno or 0
            ):
                continue
            flags = [
                node
                for node in walk_shallow(unit.node)
                if isinstance(node, ast.Call) and is_flag_call(node, unit.scope)
            ]
            for call in flags:
                self._check(unit, call, flags)

    def _check(self, unit: FunctionUnit, call: ast.Call, flags: list[ast.Call]) -> None:
        obj, name_node = _flag_arguments(call)
        attr = string_value(name_node)
        if obj is None or name_node is None or attr is None:
            return
        model = unit.scope.model_of(obj)
        if not model:
            return
        index = self.context.index
        short = model.rsplit(".", 1)[-1]
        known = is_known(index, model, attr)
        if known is False and index.json_status(model, attr) is None:
            fix = self._fix(name_node, attr, close_json_name(index, model, attr))
            self.report(name_node, self.MESSAGE.format(attr=attr, model=short), fix)
            return
        if not known or not is_plain_scalar(index, model, attr):
            return
        receiver = ast.unparse(obj)
        flagged = {
            string_value(_flag_arguments(other)[1])
            for other in flags
            if _flag_arguments(other)[0] is not None
            and ast.unparse(_flag_arguments(other)[0]) == receiver  # type: ignore[arg-type]
        }
        changed = {
            name: line
            for name, line in _in_place_changes(unit.node, receiver)
            if name not in flagged and index.json_status(model, name) == "untracked"
        }
        if not changed:
            return
        first = min(changed, key=lambda n: changed[n])
        only = first if len(changed) == 1 else None
        message = self.NOOP_MESSAGE.format(
            attr=attr, model=short, changed=first, line=changed[first]
        )
        self.report(name_node, message, self._fix(name_node, attr, only))

    def _fix(self, node: ast.expr, attr: str, name: str | None) -> Fix | None:
        """Replace the string's contents (its quotes and prefix kept)."""
        if name is None or node.lineno != node.end_lineno:
            return None
        line, col, _end_line, end_col = self.context.span(node)
        text = self.context.lines[line - 1][col - 1 : end_col - 1]
        if attr not in text or text.count(attr) != 1:
            return None
        start = col + text.index(attr)
        edit = Edit(line, start, line, start + len(attr), name)
        return Fix(self.FIX_TITLE.format(name=name, attr=attr), (edit,), "unsafe")


def _flag_arguments(call: ast.Call) -> tuple[ast.expr | None, ast.expr | None]:
    """`(instance, key)` of a `flag_modified` call, positional or by keyword."""
    args = positional(call)
    obj = args[0] if args else keyword(call, "instance")
    key = args[1] if len(args) > 1 else keyword(call, "key")
    return obj, key


def _in_place_changes(function: ast.AST, receiver: str) -> list[tuple[str, int]]:
    """`(attr, line)` of in-place changes to `receiver.attr` (`.append`, `[k] = v`, `+=`, `del`)."""
    found: list[tuple[str, int]] = []

    def attribute_of(expr: ast.expr) -> str | None:
        while isinstance(expr, ast.Subscript):
            expr = expr.value
        if isinstance(expr, ast.Attribute) and ast.unparse(expr.value) == receiver:
            return expr.attr
        return None

    for node in walk_shallow(function):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in MUTATORS:
                attr = attribute_of(node.func.value)
                if attr is not None:
                    found.append((attr, node.lineno))
            continue
        if isinstance(node, ast.Assign | ast.Delete):
            targets = [t for t in node.targets if isinstance(t, ast.Subscript)]
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        for target in targets:
            attr = attribute_of(target)
            if attr is not None:
                found.append((attr, target.lineno))
    return found
