# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def mark(session: Session, interview_id: int) -> None:
    interview = session.get(Interview, interview_id)
    flag_modified(interview, "items")  # expect: ORM005
    session.commit()
