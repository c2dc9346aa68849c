# ruff: noqa
# claim: lost
"""Both `Doc`s in one module, one renamed on import: only the ORM row's change is lost."""
from sqlalchemy.orm import Session

from clients import Doc
from schemas import Doc as DocRow


def example(session: Session, doc_id: int) -> None:
    remote = Doc(items=[{"n": 5}])
    remote.items.append({"n": 6})
    row = session.get(DocRow, doc_id)
    row.items.extend(remote.items)  # expect: ORM001
    session.commit()
