# ruff: noqa
from models import *
from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified


class Profile(Base):
    __tablename__ = "profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    name = mapped_column(String(80))
    prefs: Mapped[dict[str, Any]] = mapped_column(JSONB)


def set_pref(session: Session, profile_id: int) -> None:
    profile = session.get(Profile, profile_id)
    profile.prefs["theme"] = "dark"  # expect: ORM001
    flag_modified(profile, "name")  # expect: ORM005
    session.commit()
