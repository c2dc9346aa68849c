"""The project index: every way of declaring a JSON column, aliases, helpers that flag."""

from __future__ import annotations

import pytest

from lint_rules import build_index
from lint_rules.index import ProjectIndex
from lint_rules.survey import source_facts


def status(idx: ProjectIndex, model: str, attr: str) -> str | None:
    """`json_status` by the model's short name (test modules are `m0`, `m1`, ...)."""
    found = [q for q in idx.models if q.rsplit(".", 1)[-1] == model]
    assert len(found) <= 1, found
    return idx.json_status(found[0] if found else None, attr)


def index(*sources: str, extra: tuple[str, ...] = ()) -> ProjectIndex:
    facts = [source_facts(s, f"m{n}.py", f"m{n}") for n, s in enumerate(sources)]
    return build_index([f for f in facts if f is not None], extra)


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
    assert status(index(BASE, source), "Doc", "data") == "untracked"


@pytest.mark.parametrize("wrapper", ["MutableDict", "MutableList"])
def test_mutable_wrappers_are_tracked_at_top_level(wrapper: str) -> None:
    source = (
        f"from sqlalchemy.ext.mutable import {wrapper}\n"
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        f"class Doc(Base):\n    data = mapped_column({wrapper}.as_mutable(JSONB))\n"
    )
    assert status(index(BASE, source), "Doc", "data") == "tracked"


def test_mutable_type_through_a_module_level_alias_in_another_file() -> None:
    types = (
        "from sqlalchemy.ext.mutable import MutableDict\n"
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        "JsonDict = MutableDict.as_mutable(JSONB)\n"
        "Plain = JSONB().with_variant(JSONB(), 'sqlite')\n"
    )
    model = (
        "from m0 import JsonDict, Plain\nclass Doc(Base):\n"
        "    data = mapped_column(JsonDict)\n    other = mapped_column(Plain)\n"
    )
    idx = index(types, BASE, model)
    assert status(idx, "Doc", "data") == "tracked"
    assert status(idx, "Doc", "other") == "untracked"


def test_sqlalchemy_utils_json_type_and_nested_mutable_json() -> None:
    source = (
        "from sqlalchemy_utils import JSONType\n"
        "from sqlalchemy_json import NestedMutableJson, mutable_json_type\n"
        "from sqlalchemy.dialects.postgresql import JSONB\n"
        "class Doc(Base):\n    __tablename__ = 'doc'\n"
        "    data = mapped_column(JSONType)\n    deep = mapped_column(NestedMutableJson)\n"
        "    top = mapped_column(mutable_json_type(dbtype=JSONB))\n"
        "    nested = mapped_column(mutable_json_type(dbtype=JSONB, nested=True))\n"
    )
    idx = index(BASE, source)
    assert status(idx, "Doc", "data") == "untracked"
    assert status(idx, "Doc", "deep") == "deep"
    assert status(idx, "Doc", "top") == "tracked"
    assert status(idx, "Doc", "nested") == "deep"


def test_non_json_columns_are_not_json() -> None:
    source = (
        "from sqlalchemy import String\nclass Doc(Base):\n"
        "    title: Mapped[str] = mapped_column(String)\n"
    )
    idx = index(BASE, source)
    assert status(idx, "Doc", "title") is None
    assert "m1.Doc" in idx.models


def test_type_decorator_defined_in_another_file() -> None:
    types = (
        "from sqlalchemy.types import TypeDecorator\n"
        "from sqlalchemy.dialects.postgresql import JSONB\nclass Payload(TypeDecorator):\n"
        "    impl = JSONB\n"
    )
    model = "from m0 import Payload\nclass Doc(Base):\n    data = mapped_column(Payload)\n"
    assert status(index(types, BASE, model), "Doc", "data") == "untracked"


def test_base_with_type_map_in_another_file() -> None:
    base = BASE.replace("pass", "type_annotation_map = {dict[str, Any]: JSONB}")
    base = "from sqlalchemy.dialects.postgresql import JSONB\n" + base
    model = "class Doc(Base):\n    __tablename__ = 'doc'\n    data: Mapped[dict[str, Any]]\n"
    assert status(index(base, model), "Doc", "data") == "untracked"


def test_subclass_inherits_columns() -> None:
    source = FORMS["Column(JSON)"] + "class Special(Doc):\n    pass\n"
    assert status(index(BASE, source), "Special", "data") == "untracked"


def test_columns_from_a_mixin_and_an_abstract_base() -> None:
    source = (
        "from sqlalchemy import Column, JSON\n"
        "class HasData:\n    data = Column(JSON)\n"
        "class Abstract(Base):\n    __abstract__ = True\n    extra = Column(JSON)\n"
        "class Doc(HasData, Abstract):\n    __tablename__ = 'doc'\n"
    )
    idx = index(BASE, source)
    assert status(idx, "Doc", "data") == "untracked"
    assert status(idx, "Doc", "extra") == "untracked"
    assert "m1.Abstract" not in idx.models and "m1.HasData" not in idx.models


def test_pydantic_models_with_field_are_not_models() -> None:
    source = (
        "from pydantic import BaseModel, Field\n"
        "class Doc(BaseModel):\n    data: dict = Field(default_factory=dict)\n"
        "    items: list = Field(default_factory=list)\n"
    )
    idx = index(BASE, source)
    assert idx.models == {}


def test_sqlmodel_without_table_is_not_a_model() -> None:
    source = (
        "from sqlalchemy import Column, JSON\nfrom sqlmodel import Field, SQLModel\n"
        "class DocBase(SQLModel):\n    data: dict = Field(sa_column=Column(JSON))\n"
        "class DocRead(DocBase):\n    id: int\n"
        "class Doc(DocBase, table=True):\n    id: int = Field(primary_key=True)\n"
    )
    idx = index(source)
    assert sorted(idx.models) == ["m0.Doc"]
    assert status(idx, "Doc", "data") == "untracked"


def test_registry_mapped_and_as_declarative_classes_are_models() -> None:
    source = (
        "from sqlalchemy import Column, JSON\n"
        "from sqlalchemy.orm import registry, as_declarative\n"
        "reg = registry()\n"
        "@reg.mapped\nclass Doc:\n    __tablename__ = 'doc'\n    data = Column(JSON)\n"
        "@as_declarative()\nclass Root:\n    pass\n"
        "class Note(Root):\n    __tablename__ = 'note'\n    body = Column(JSON)\n"
    )
    idx = index(source)
    assert status(idx, "Doc", "data") == "untracked"
    assert status(idx, "Note", "body") == "untracked"


def test_a_class_resolves_through_a_package_re_export() -> None:
    model = "from sqlalchemy import Column, JSON\nclass Doc(Base):\n    data = Column(JSON)\n"
    facts = [
        source_facts(BASE, "base.py", "app.base"),
        source_facts("from app.base import Base\n" + model, "doc.py", "app.models.doc"),
        source_facts("from .doc import Doc\n", "__init__.py", "app.models"),
    ]
    idx = build_index([f for f in facts if f is not None])
    assert idx.resolve_class("app.models.Doc") == "app.models.doc.Doc"


def test_a_same_named_class_imported_from_elsewhere_is_not_the_model() -> None:
    idx = index(BASE, FORMS["Column(JSON)"], "class Doc:\n    data: dict\n")
    assert idx.resolve_class("m2.Doc") == "m2.Doc"
    assert "m2.Doc" not in idx.models
    assert idx.resolve_class("client_sdk.Doc") is None


def test_a_name_that_is_json_in_one_model_and_not_in_another_needs_the_type() -> None:
    other = (
        "from sqlalchemy import String\nclass Other(Base):\n"
        "    data: Mapped[str] = mapped_column(String)\n"
    )
    idx = index(BASE, FORMS["Column(JSON)"], other)
    assert idx.json_status_any("data") is None
    assert status(idx, "Doc", "data") == "untracked"
    assert status(idx, "Other", "data") is None


def test_a_table_with_a_base_from_an_installed_package_is_a_model() -> None:
    source = (
        "from sqlalchemy import Column, JSON, Integer\nfrom somepkg.db import ModelBase\n"
        "class Doc(ModelBase):\n    __tablename__ = 'doc'\n    data = Column(JSON)\n"
    )
    idx = index(source)
    assert status(idx, "Doc", "data") == "untracked"
    assert idx.models["m0.Doc"].open  # its other attributes cannot all be known


def test_config_attributes_extend_the_index() -> None:
    idx = index(BASE, FORMS["Column(JSON)"], extra=("Doc.conversation_data", "payload"))
    assert status(idx, "Doc", "conversation_data") == "untracked"
    assert idx.json_status(None, "payload") == "untracked"
    assert idx.json_status("anything.Else", "payload") == "untracked"


def test_helpers_that_always_flag_are_recorded() -> None:
    source = (
        "from sqlalchemy.orm.attributes import flag_modified\n"
        "def save(interview):\n    flag_modified(interview, 'conversation_data')\n"
        "def touch(obj, attr):\n    with lock:\n        flag_modified(obj, attr)\n"
        "def maybe(obj, ok):\n    if ok:\n        flag_modified(obj, 'data')\n"
    )
    functions = index(source).functions
    assert [f.param for f in functions["m0.save"].flags] == ["interview"]
    assert functions["m0.save"].flags[0].attr == "conversation_data"
    assert functions["m0.touch"].flags[0].attr_param == "attr"
    assert functions["m0.maybe"].flags == ()


def test_summaries_close_over_calls() -> None:
    source = (
        "import asyncio\nfrom sqlalchemy.orm import Session\n"
        "def _commit(session):\n    session.commit()\n"
        "def save(session, obj):\n    session.add(obj)\n    _commit(session)\n"
        "def create(session, obj):\n    session.add(obj)\n    session.flush()\n"
        "def start(job_id):\n    asyncio.create_task(run(job_id))\n"
        "def kick(job_id):\n    start(job_id)\n"
    )
    idx = index(source)
    assert {"m0._commit", "m0.save"} <= idx.commits
    assert "m0.create" in idx.writes and "m0.save" not in idx.writes
    assert {"m0.start", "m0.kick"} <= idx.spawns


def test_digest_changes_when_a_column_appears() -> None:
    assert index(BASE).digest() != index(BASE, FORMS["Column(JSON)"]).digest()
