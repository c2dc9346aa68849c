# ruff: noqa
# claim: kept
"""`sa.orm.attributes.flag_modified(...)` through `import sqlalchemy as sa`."""
import sqlalchemy as sa
import sqlalchemy.orm.attributes
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta["nested"]["b"] = 2
    sa.orm.attributes.flag_modified(doc, "meta")
    session.commit()
