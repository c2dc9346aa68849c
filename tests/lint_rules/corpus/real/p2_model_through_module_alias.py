# ruff: noqa
# claim: lost
"""The model reached as `models.Doc` through `import schemas as models`."""
from sqlalchemy.orm import Session

import schemas as models


def example(session: Session, doc_id: int) -> None:
    doc = session.get(models.Doc, doc_id)
    doc.items.append({"n": 2})  # expect: ORM001
    session.commit()
