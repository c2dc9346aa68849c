# ruff: noqa
# claim: none
"""`Doc` here is the API client's dataclass, imported from `clients`: not the ORM model `schemas.Doc`."""
from clients import Doc


def collect(remote: list[dict]) -> Doc:
    doc = Doc(title="remote")
    for entry in remote:
        doc.items.append(entry)
    doc.prefs["synced"] = True
    return doc
