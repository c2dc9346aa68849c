"""Where an interview's messages live in PostgreSQL, and a separate connection to read them.

The invariant checker never asks the app: it reads the rows itself, so a
backend that answers correctly but stores wrongly is caught. Other backends
keep their data elsewhere, hence `StorageMap` (table, id, JSON and status
columns; defaults match the reference app).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from harness.errors import TargetError
from harness.postgres import redact
from harness.redaction import scrub


@dataclass(frozen=True)
class StorageMap:
    """How to find an interview's conversation in someone's schema."""

    table: str = "interviews"
    id_column: str = "id"
    json_column: str = "conversation_data"
    status_column: str | None = "status"


#: One row per stored message (non-manual ones only when `{manual}` filters them).
MESSAGES = """\
SELECT t.{id}::text AS interview_id, m.ord AS seq, m.msg->>'role' AS role,
       m.msg->>'kind' AS kind, (m.msg->>'question_index') AS question_index,
       m.msg->>'content' AS content, m.msg->>'created_at' AS created_at
FROM {table} AS t
CROSS JOIN LATERAL jsonb_array_elements(t.{json}::jsonb) WITH ORDINALITY AS m(msg, ord)
WHERE t.{id}::text = ANY(%(ids)s)"""


class Storage:
    """A read-only view of the interviews a run created."""

    def __init__(
        self, conn: psycopg.Connection[dict[str, Any]], mapping: StorageMap, url: str
    ) -> None:
        self.conn = conn
        self.mapping = mapping
        self.url = url
        self.has_status = mapping.status_column is not None
        if mapping.status_column is not None and not self._has_column(mapping.status_column):
            # a misspelt name must not quietly turn the final-status check off (but a
            # missing table, or id or JSON column, is the first thing to say)
            self.query("SELECT {id}, {json} FROM {table} WHERE false", {})
            raise TargetError(
                f"column `{mapping.status_column}` not found in table `{mapping.table}` at "
                f"{redact(url)}; set --status-column to your schema's name ('' if there is none)"
            )

    def check(self) -> None:
        """Fail now, in one line, if the table or a mapped column is missing."""
        columns = "{id}, {json}" + (", {status}" if self.has_status else "")
        self.query(f"SELECT {columns} FROM {{table}} WHERE false", {})

    def render(self, template: str) -> str:
        """Fill `{table}`, `{id}`, `{json}`, `{status}` with quoted identifiers; plain SQL text."""
        m = self.mapping
        idents = {
            "table": sql.Identifier(*m.table.split(".")),
            "id": sql.Identifier(m.id_column),
            "json": sql.Identifier(m.json_column),
            "status": sql.Identifier(m.status_column or "status"),
        }
        return sql.SQL(template).format(**idents).as_string(self.conn)

    def query(self, template: str, params: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        """Run `template` (see `render`); return the SQL as run and its rows."""
        text = self.render(template)
        try:
            rows = self.conn.execute(text.encode(), dict(params)).fetchall()
        except psycopg.errors.UndefinedTable as exc:
            raise TargetError(
                f"table `{self.mapping.table}` not found in {redact(self.url)}; "
                "point the checker at your schema with --table/--id-column/--json-column"
            ) from exc
        except psycopg.errors.UndefinedColumn as exc:
            first = scrub(str(exc).splitlines()[0], self.url)
            raise TargetError(
                f"{first} in table `{self.mapping.table}` at {redact(self.url)}; "
                "set --id-column/--json-column to your schema's names"
            ) from exc
        return text, rows

    def _has_column(self, column: str) -> bool:
        table = self.mapping.table.split(".")[-1]
        row = self.conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            (table, column),
        ).fetchone()
        return row is not None


@contextmanager
def open_storage(url: str, mapping: StorageMap | None = None) -> Iterator[Storage]:
    """A separate autocommit connection to the backend's database."""
    from harness.postgres.url import normalize_url

    try:
        conn = psycopg.connect(
            normalize_url(url), autocommit=True, connect_timeout=10, row_factory=dict_row
        )
    except psycopg.Error as exc:
        first = scrub((str(exc).strip().splitlines() or [type(exc).__name__])[0], url)
        raise TargetError(
            f"cannot connect to the database to check invariants ({redact(url)}): {first}"
        ) from exc
    with conn:
        yield Storage(conn, mapping or StorageMap(), url)


def check_storage(url: str, mapping: StorageMap | None = None) -> None:
    """Check before a run that `mapping` fits the database at `url` (raises `TargetError`)."""
    with open_storage(url, mapping) as storage:
        storage.check()


def ids_param(ids: Sequence[str | None]) -> list[str]:
    """The interview ids a query should look at (copies that were never created drop out)."""
    return [i for i in ids if i is not None]
