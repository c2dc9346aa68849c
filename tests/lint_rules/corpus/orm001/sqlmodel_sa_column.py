# ruff: noqa
from models import *
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Hero(SQLModel, table=True):
    id: int = Field(primary_key=True)
    powers: dict = Field(default_factory=dict, sa_column=Column(JSON))


def f(session, hero: Hero):
    hero.powers["fly"] = True  # expect: ORM001
    session.commit()
