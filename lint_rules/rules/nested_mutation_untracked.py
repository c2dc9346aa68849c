"""ORM004 nested-mutation-untracked."""

from __future__ import annotations

from lint_rules.mutation_report import lost_mutations
from lint_rules.relevance import Text
from lint_rules.rule import Invalid, LintRule, Valid


class NestedMutationUntracked(LintRule):
    """
    ## What it does
    Checks for mutation *below* the top level of a column wrapped in
    `MutableDict.as_mutable(...)` or `MutableList.as_mutable(...)`
    (`obj.data[0]["k"] = v`, `obj.data["k"].append(x)`, or through a loop
    variable), not followed by `flag_modified(obj, "data")` before the commit
    or the end of the function.

    ## Why is this bad?
    `MutableDict` and `MutableList` only track their own top level. A change
    to a dict or list nested inside is invisible to SQLAlchemy, exactly like a
    mutation of a plain JSON column: the commit succeeds and writes nothing.

    It is not reported when a tracked top-level change to the same attribute
    (an `append`, a key set, an assignment) happens in the same unit of work:
    the flush then writes the whole value, nested changes included. Columns
    whose type tracks every level (`sqlalchemy-json`'s `NestedMutableJson`,
    `mutable_json_type(nested=True)`, a project's own `Mutable` subclass) are
    never reported.

    ## Example
    ```python
    doc.tags[0]["done"] = True
    await session.commit()
    ```

    Use instead:
    ```python
    doc.tags[0]["done"] = True
    flag_modified(doc, "tags")
    await session.commit()
    ```
    (or use `sqlalchemy-json`'s nested mutable types, which track every level).

    ## Fix safety
    No autofix: the rule reports only.

    ## Configuration
    - `session-names`: see ORM001.
    """

    CODE = "ORM004"
    NAME = "nested-mutation-untracked"
    MESSAGE = "nested mutation of Mutable JSON column `{attr}` is not tracked before {where}"

    @classmethod
    def relevant(cls, text: Text) -> bool:
        return text.mutates_json

    VALID = (
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.tags[0]["k"] = 1
    flag_modified(doc, "tags")
    await session.commit()
"""
        ),
    )
    INVALID = (
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.tags[0]["k"] = 1
    await session.commit()
""",
            line=3,
            col=5,
        ),
    )

    def run(self) -> None:
        for site, where in lost_mutations(self.context):
            if site.target.tracked:
                self.report(site.node, self.MESSAGE.format(attr=site.target.attr, where=where))
