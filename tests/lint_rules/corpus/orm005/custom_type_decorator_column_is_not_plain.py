# ruff: noqa
from models import *
from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.types import TypeDecorator


class Encrypted(TypeDecorator):
    impl = String


class Vault(Base):
    __tablename__ = "vault"
    id: Mapped[int] = mapped_column(primary_key=True)
    secret = mapped_column(Encrypted())
    extra: Mapped[dict[str, Any]] = mapped_column(JSONB)


def rotate(session: Session, vault_id: int) -> None:
    vault = session.get(Vault, vault_id)
    vault.extra["k"] = 1  # expect: ORM001
    flag_modified(vault, "secret")
    session.commit()
