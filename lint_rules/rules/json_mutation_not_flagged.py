"""ORM001 json-mutation-not-flagged."""

from __future__ import annotations

import ast

from lint_rules.edits import import_name, line_after
from lint_rules.mutation_report import lost_mutations
from lint_rules.relevance import Text
from lint_rules.rule import Invalid, LintRule, Valid
from lint_rules.violation import Fix


class JsonMutationNotFlagged(LintRule):
    """
    ## What it does
    Checks for in-place mutation of a JSON/JSONB column (`append`, `extend`,
    `insert`, `pop`, `remove`, `clear`, `sort`, `reverse`, `update`,
    `setdefault`, `popitem`, `obj.data[k] = v`, `del obj.data[k]`,
    `obj.data += [...]`, nested `obj.data[a][b] = v`, an attribute of a
    pydantic value stored as JSON (`obj.stats.level += 1`), the same through a
    local alias, a loop variable or a loop over a shallow copy, and a call to
    a project helper whose body changes its untyped parameter's JSON column in
    place, reported at the call) that is not followed, on every path, by
    `flag_modified(obj, "data")` before the session commits (`commit()`, a
    project function that commits, the end of `with session.begin():` or of a
    context manager that commits on exit) or the function ends.

    A column is JSON when its type is (through the project's own
    `TypeDecorator`s, whose `impl` or `load_dialect_impl` is JSON whatever
    their name, subclasses, module-level aliases, `with_variant`,
    `sqlalchemy_utils.JSONType`, a declarative base's `type_annotation_map`,
    mixins, `declared_attr` columns and abstract bases); `Mutable*.as_mutable`
    and `Mutable*.associate_with(T)` make its top level tracked;
    a class is a model only through a real declarative base, and the
    receiver's model is resolved through the module's imports and
    annotations: a pydantic body or a same-named client class is not a
    model, and a receiver whose type cannot be told is not reported on an
    attribute name alone.

    The end of the function counts only for rows that reach the database
    (loaded, passed in, or added) in code that is not a test, and not for a
    helper whose callers all flag the attribute after calling it.
    `rollback()`, `close()` and `expunge()` discard pending changes, and
    after `close()` or the end of `with SessionLocal() as s:` the rows are
    detached (nothing can flush them); an
    exception path starts only at a statement that can raise, and a
    `flag_modified` that raises had nothing to flag.

    ## Why is this bad?
    SQLAlchemy only notices *assignments* to a plain `JSON`/`JSONB` attribute.
    An in-place change leaves the attribute's history empty, so the commit
    succeeds and writes nothing: the change is silently lost (and is gone the
    next time the row is loaded).

    Two fixes that look right are not: `obj.data += [x]` (a list's `+=`
    mutates in place and assigns the *same* object back), and re-assigning
    the mutated object or a copy of it (`d = obj.data; d.append(x);
    obj.data = d`, or `obj.data.append(x); obj.data = list(obj.data)`):
    SQLAlchemy compares the new value with the old one, which was mutated too,
    finds them equal, and writes nothing. `dict(obj.data)`, `list(...)` and
    `.copy()` are shallow: a nested change made through the copy changes the
    column's own nested value too, so assigning the copy back compares equal
    (`copy.deepcopy`, or rebuilding the nested value, is safe).

    ## Example
    ```python
    interview = await session.get(Interview, interview_id)
    interview.conversation_data.append(message)
    await session.commit()
    ```

    Use instead:
    ```python
    interview = await session.get(Interview, interview_id)
    interview.conversation_data.append(message)
    flag_modified(interview, "conversation_data")
    await session.commit()
    ```
    or assign a new object built without touching the old one:
    `interview.conversation_data = [*interview.conversation_data, message]`,
    or declare the column `MutableList.as_mutable(JSONB)` (top level only;
    see ORM004).

    A call to a project function that always calls `flag_modified` on its
    argument counts as the notification, as do `attributes.flag_modified(...)`
    and an imported alias. Once an attribute is marked modified (a flag, an
    assignment) later in-place changes before the flush are written too.
    Mutating an object constructed in the same function before it is first
    flushed is fine: the INSERT takes the current value.

    ## Fix safety
    Safe: the fix inserts `flag_modified(obj, "attr")` after the mutation (and
    imports it), which only adds the UPDATE that was intended.

    ## Configuration
    - `json-attributes`: extra JSON attributes the index cannot see, as
      `Model.attr` or `attr` (e.g. columns declared through a custom factory).
    - `session-names`: names that hold a session, in addition to `session`,
      `db`, `db_session`, `s`, `async_session` and anything annotated
      `Session`/`AsyncSession`.
    """

    CODE = "ORM001"
    NAME = "json-mutation-not-flagged"
    MESSAGE = "in-place mutation of JSON column `{attr}` is not flagged before {where}"
    FIX_TITLE = 'Call `flag_modified({receiver}, "{attr}")` after the mutation'

    @classmethod
    def relevant(cls, text: Text) -> bool:
        return text.mutates_json

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
    doc.items = [*doc.items, "new"]
    await session.commit()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    items = list(doc.items)
    items.append("new")
    doc.items = items
    await session.commit()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.tags.append("new")
    await session.commit()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    try:
        doc.meta["k"] = "v"
    finally:
        flag_modified(doc, "meta")
    await session.commit()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    for n in range(3):
        doc.items.append(n)
    flag_modified(doc, "items")
    await session.commit()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.meta.update({"k": "v"})
        flag_modified(doc, "meta")
"""
        ),
        Valid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    del doc.meta["a"]
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
    await session.commit()
""",
            line=3,
            col=5,
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
    doc.meta["k"] = "v"
    await session.commit()
""",
            line=3,
            col=5,
            fixed="""\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.meta["k"] = "v"
    flag_modified(doc, "meta")
    await session.commit()
""",
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items += ["new"]
    await session.commit()
""",
            line=3,
            col=5,
            fixed="""\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items += ["new"]
    flag_modified(doc, "items")
    await session.commit()
""",
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    items = doc.items
    items.append("new")
    doc.items = items
    await session.commit()
""",
            line=4,
            col=5,
            fixed="""\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    items = doc.items
    items.append("new")
    flag_modified(doc, "items")
    doc.items = items
    await session.commit()
""",
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    doc.items = list(doc.items)
    await session.commit()
""",
            line=3,
            col=5,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.meta["nested"]["b"] = 2
    await session.commit()
""",
            line=3,
            col=5,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    for item in doc.items:
        item["n"] += 1
    await session.commit()
""",
            line=4,
            col=9,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("new")
    if doc.title != "old":
        flag_modified(doc, "items")
    await session.commit()
""",
            line=3,
            col=5,
        ),
        Invalid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta.update({"k": "v"})
    session.commit()
""",
            line=3,
            col=5,
            fixed="""\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta.update({"k": "v"})
    flag_modified(doc, "meta")
    session.commit()
""",
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.items.pop()
""",
            line=4,
            col=9,
        ),
    )

    def run(self) -> None:
        for site, where in lost_mutations(self.context):
            if site.target.tracked:
                continue  # nested mutation under MutableDict/MutableList: ORM004
            receiver, attr = site.target.receiver, site.target.attr
            self.report(
                site.node,
                self.MESSAGE.format(attr=attr, where=where),
                self._fix(site.stmt, receiver, attr),
            )

    def _fix(self, stmt: ast.stmt, receiver: str, attr: str) -> Fix | None:
        """Insert `flag_modified(receiver, "attr")` after the statement, if it is a plain line."""
        if isinstance(stmt, ast.Return | ast.Raise) or "(" in receiver or "[" in receiver:
            return None
        if not isinstance(stmt, ast.Expr | ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            return None
        lines = self.context.lines
        first = lines[stmt.lineno - 1]
        end_line = stmt.end_lineno or stmt.lineno
        if first[: stmt.col_offset].strip() or lines[end_line - 1][
            (stmt.end_col_offset or 0) :
        ].strip(" \t").startswith(";"):
            return None  # shares its line with another statement: no safe place to add one
        name, import_edit = import_name(self.context, "sqlalchemy.orm.attributes", "flag_modified")
        edits = [line_after(self.context, stmt, f'{name}({receiver}, "{attr}")')]
        if import_edit is not None:
            edits.insert(0, import_edit)
        return Fix(self.FIX_TITLE.format(receiver=receiver, attr=attr), tuple(edits))
