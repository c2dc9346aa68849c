# ruff: noqa
from models import *
def add_item(doc: Doc, item):
    doc.items.append(item)  # expect: ORM001
