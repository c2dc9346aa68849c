# ruff: noqa
# claim: none
"""A batch of request bodies, each touched in a loop."""
from schemas import DocIn


def tag_all(bodies: list[DocIn]) -> list[DocIn]:
    for body in bodies:
        body.items.append({"batch": True})
        body.prefs["batched"] = True
    return bodies
