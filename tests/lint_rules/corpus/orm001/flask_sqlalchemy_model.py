# ruff: noqa
from models import *
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    extra = db.Column(db.JSON)


def f(post: Post):
    post.extra["k"] = 1  # expect: ORM001
    db.session.commit()
