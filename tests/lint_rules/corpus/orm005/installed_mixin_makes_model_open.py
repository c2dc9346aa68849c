# ruff: noqa
from models import *
from typing import Any

from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified
from some_installed_package import AuditMixin


class Ticket(AuditMixin, Base):
    __tablename__ = "ticket"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)


def mark(session: Session, ticket_id: int) -> None:
    ticket = session.get(Ticket, ticket_id)
    flag_modified(ticket, "audit_log")
    session.commit()
