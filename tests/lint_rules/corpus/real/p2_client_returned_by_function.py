# ruff: noqa
# claim: none
"""A function annotated to return the client's `Doc`: what it returns is not a row."""
import clients


def fetch(doc_id: int) -> clients.Doc:
    return clients.Doc(title=str(doc_id))


def annotate(doc_id: int) -> clients.Doc:
    remote = fetch(doc_id)
    remote.items.append({"fetched": True})
    return remote
