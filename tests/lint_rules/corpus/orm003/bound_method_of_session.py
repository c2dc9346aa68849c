# ruff: noqa
from models import *
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text
from sqlalchemy.orm import Session


def handler(session: Session, pool: ThreadPoolExecutor) -> None:
    pool.submit(session.execute, text("SELECT 1"))  # expect: ORM003
