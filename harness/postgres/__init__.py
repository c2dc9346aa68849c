"""PostgreSQL provisioning: one interface, several providers, template clones."""

from harness.postgres.base import PostgresServer, redact, to_url
from harness.postgres.naming import database_name
from harness.postgres.provision import PROVIDERS, PostgresChoice, provision, release
from harness.postgres.template import ClonedDatabase, TemplateDatabase

__all__ = [
    "PROVIDERS",
    "ClonedDatabase",
    "PostgresChoice",
    "PostgresServer",
    "TemplateDatabase",
    "database_name",
    "provision",
    "redact",
    "release",
    "to_url",
]
