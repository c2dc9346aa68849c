# ruff: noqa
from models import *
def f(doc: Doc):
    try:
        doc.items.append(1)
        return doc
    finally:
        flag_modified(doc, "items")
