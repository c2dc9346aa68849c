# ruff: noqa
# claim: none
"""A request body's list is a pydantic field, not a column: appending to it writes nothing anywhere."""
from schemas import DocIn


async def create_doc(body: DocIn) -> DocIn:
    body.items.append({"source": "api"})
    body.prefs["seen"] = True
    return body
