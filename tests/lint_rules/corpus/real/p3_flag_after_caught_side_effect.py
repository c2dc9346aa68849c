# ruff: noqa
# claim: kept
"""A notification that may fail is caught and logged; the flag after it runs on every path."""
import logging

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc

log = logging.getLogger(__name__)


def notify(doc: Doc) -> None:
    raise ConnectionError("mail server down")


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    try:
        notify(doc)
    except ConnectionError:
        log.warning("could not notify")
    flag_modified(doc, "items")
    session.commit()
