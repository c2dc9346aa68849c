"""PostgreSQL provisioning: one interface, several providers, template clones."""

from harness.postgres.base import PostgresServer, redact, to_url
from harness.postgres.info import PostgresInfo, describe_server, describe_url
from harness.postgres.naming import database_name
from harness.postgres.provision import PROVIDERS, PostgresChoice, provision, release
from harness.postgres.template import ClonedDatabase, TemplateDatabase

__all__ = [
    "PROVIDERS",
    "ClonedDatabase",
    "PostgresChoice",
    "PostgresInfo",
    "PostgresServer",
    "TemplateDatabase",
    "database_name",
    "describe_server",
    "describe_url",
    "provision",
    "redact",
    "release",
    "to_url",
]
