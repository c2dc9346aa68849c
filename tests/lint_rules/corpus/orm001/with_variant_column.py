# ruff: noqa
from models import *
async def f(session, interview_id, message):
    interview = await session.get(Interview, interview_id)
    interview.conversation_data.append(message)  # expect: ORM001
    await session.commit()
