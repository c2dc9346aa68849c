# ruff: noqa
from models import *
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session


@dataclass
class Hooks:
    callbacks: list[Callable[[], None]] = field(default_factory=list)


def save(session: Session, hooks: Hooks) -> None:
    session.commit()
    for callback in hooks.callbacks:
        callback()  # runs here, in the caller's thread, after the commit


def rename(session: Session, doc_id: int, title: str) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = title
    save(session, Hooks(callbacks=[lambda: log_rename(doc)]))
