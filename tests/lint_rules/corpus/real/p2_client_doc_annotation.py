# ruff: noqa
# claim: none
"""A parameter annotated with the client's `Doc`: its lists are plain lists."""
from clients import Doc


def merge_remote(local: Doc, remote: Doc) -> Doc:
    local.items.extend(remote.items)
    local.prefs.update(remote.prefs)
    return local
