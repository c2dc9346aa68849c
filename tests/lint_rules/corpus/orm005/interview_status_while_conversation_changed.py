# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def answer(session: Session, interview_id: int, message: dict) -> None:
    interview = session.get(Interview, interview_id)
    interview.conversation_data.append(message)  # expect: ORM001
    flag_modified(interview, "status")  # expect: ORM005
    session.commit()
