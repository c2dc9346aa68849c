"""The project index: every way of declaring a JSON column, aliases, helpers that flag."""

from __future__ import annotations

import libcst as cst
import pytest

from lint_rules import build_index
from lint_rules.facts import file_facts
from lint_rules.index import ProjectIndex


def index(*sources: str, extra: tuple[str, ...] = ()) -> ProjectIndex:
    return build_index([file_facts(cst.parse_module(s)) for s in sources], extra)


BASE = """\
from typing import Any
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass
"""

FORMS = {
    "Column(JSON)": (
        "from sqlalchemy import Column, JSON\nclass Doc(Base):\n    data = Column(JSON)\n"
    ),
    "Column(JSONB)": (
        "from sqlalchemy import Column\nfrom sqlalchemy.dialects.postgresql import JSONB\n"
        "class Doc(Base):\n    data = Column(JSONB)\n"
    ),
    "named Column": (
        "import sqlalchemy as sa\nclass Doc(Base):\n"
        "    data = sa.Column('data_col', sa.JSON, nullable=False)\n"
    ),
    "mapped_column(JSONB)": (
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        "class Doc(Base):\n    data: Mapped[dict] = mapped_column(JSONB, default=dict)\n"
    ),
    "pg alias": (
        "from sqlalchemy.dialects import postgresql as pg\n"
        "class Doc(Base):\n    data: Mapped[list] = mapped_column(pg.JSONB)\n"
    ),
    "aliased class import": (
        "from sqlalchemy.dialects.postgresql import JSONB as Blob\n"
        "class Doc(Base):\n    data: Mapped[list] = mapped_column(Blob())\n"
    ),
    "with_variant": (
        "import sqlalchemy as sa\nfrom sqlalchemy.dialects.postgresql import JSONB\n"
        "class Doc(Base):\n    data = sa.Column(sa.JSON().with_variant(JSONB, 'postgresql'))\n"
    ),
    "type_ keyword": (
        "from sqlalchemy import JSON\nclass Doc(Base):\n"
        "    data: Mapped[dict] = mapped_column(type_=JSON)\n"
    ),
    "TypeDecorator impl": (
        "from sqlalchemy.types import TypeDecorator, JSON\n"
        "class Payload(TypeDecorator):\n    impl = JSON\n    cache_ok = True\n"
        "class Doc(Base):\n    data = mapped_column(Payload)\n"
    ),
    "subclass of JSONB": (
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        "class MyJSON(JSONB):\n    pass\n"
        "class Doc(Base):\n    data: Mapped[dict] = mapped_column(MyJSON)\n"
    ),
    "Mapped[dict] via type_annotation_map": (
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        "class JsonBase(DeclarativeBase):\n    type_annotation_map = {dict[str, Any]: JSONB}\n"
        "class Doc(JsonBase):\n    __tablename__ = 'doc'\n    data: Mapped[dict[str, Any]]\n"
    ),
    "Mapped[list | None] via origin in type_annotation_map": (
        "from sqlalchemy import JSON\n"
        "class JsonBase(DeclarativeBase):\n    type_annotation_map = {list: JSON}\n"
        "class Doc(JsonBase):\n    __tablename__ = 'doc'\n    data: Mapped[list[str] | None]\n"
    ),
    "Flask-SQLAlchemy": (
        "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"
        "class Doc(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
        "    data = db.Column(db.JSON)\n"
    ),
    "SQLModel sa_column": (
        "from sqlalchemy import Column, JSON\nfrom sqlmodel import Field, SQLModel\n"
        "class Doc(SQLModel, table=True):\n"
        "    data: dict = Field(default_factory=dict, sa_column=Column(JSON))\n"
    ),
    "declarative_base()": (
        "from sqlalchemy import Column, JSON\nfrom sqlalchemy.orm import declarative_base\n"
        "Old = declarative_base()\nclass Doc(Old):\n    __tablename__ = 'doc'\n"
        "    data = Column(JSON)\n"
    ),
}


@pytest.mark.parametrize("source", FORMS.values(), ids=FORMS.keys())
def test_json_column_forms_are_untracked(source: str) -> None:
    assert index(BASE, source).json_status("data", "Doc") == "untracked"


@pytest.mark.parametrize("wrapper", ["MutableDict", "MutableList"])
def test_mutable_wrappers_are_tracked_at_top_level(wrapper: str) -> None:
    source = (
        f"from sqlalchemy.ext.mutable import {wrapper}\n"
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        f"class Doc(Base):\n    data = mapped_column({wrapper}.as_mutable(JSONB))\n"
    )
    assert index(BASE, source).json_status("data", "Doc") == "tracked"


def test_non_json_columns_are_not_json() -> None:
    source = (
        "from sqlalchemy import String\nclass Doc(Base):\n"
        "    title: Mapped[str] = mapped_column(String)\n"
    )
    idx = index(BASE, source)
    assert idx.json_status("title", "Doc") is None
    assert "Doc" in idx.models


def test_type_decorator_defined_in_another_file() -> None:
    types = (
        "from sqlalchemy.types import TypeDecorator\n"
        "from sqlalchemy.dialects.postgresql import JSONB\nclass Payload(TypeDecorator):\n"
        "    impl = JSONB\n"
    )
    model = "class Doc(Base):\n    data = mapped_column(Payload)\n"
    assert index(types, BASE, model).json_status("data", "Doc") == "untracked"


def test_base_with_type_map_in_another_file() -> None:
    base = BASE.replace("pass", "type_annotation_map = {dict[str, Any]: JSONB}")
    model = "class Doc(Base):\n    __tablename__ = 'doc'\n    data: Mapped[dict[str, Any]]\n"
    assert index(base, model).json_status("data", "Doc") == "untracked"


def test_subclass_inherits_columns() -> None:
    source = FORMS["Column(JSON)"] + "class Special(Doc):\n    pass\n"
    assert index(BASE, source).json_status("data", "Special") == "untracked"


def test_unknown_model_falls_back_to_the_name() -> None:
    assert index(BASE, FORMS["Column(JSON)"]).json_status("data") == "untracked"


def test_a_name_that_is_json_in_one_model_and_not_in_another_needs_the_type() -> None:
    other = (
        "from sqlalchemy import String\nclass Other(Base):\n"
        "    data: Mapped[str] = mapped_column(String)\n"
    )
    idx = index(BASE, FORMS["Column(JSON)"], other)
    assert idx.json_status("data") is None
    assert idx.json_status("data", "Doc") == "untracked"


def test_config_attributes_extend_the_index() -> None:
    idx = index(BASE, extra=("Interview.conversation_data", "payload"))
    assert idx.json_status("conversation_data", "Interview") == "untracked"
    assert idx.json_status("payload") == "untracked"
    assert idx.json_status("payload", "Anything") == "untracked"


def test_helpers_that_always_flag_are_recorded() -> None:
    source = (
        "from sqlalchemy.orm.attributes import flag_modified\n"
        "def save(interview):\n    flag_modified(interview, 'conversation_data')\n"
        "def touch(obj, attr):\n    with lock:\n        flag_modified(obj, attr)\n"
        "def maybe(obj, ok):\n    if ok:\n        flag_modified(obj, 'data')\n"
    )
    helpers = index(source).helpers
    assert sorted(helpers) == ["save", "touch"]
    assert (helpers["save"].obj_param, helpers["save"].attr) == ("interview", "conversation_data")
    assert (helpers["touch"].obj_param, helpers["touch"].attr_param) == ("obj", "attr")


def test_digest_changes_when_a_column_appears() -> None:
    assert index(BASE).digest() != index(BASE, FORMS["Column(JSON)"]).digest()
