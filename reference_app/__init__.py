"""The reference interview backend: the API contract, done right."""

from reference_app.main import create_app, shutdown
from reference_app.settings import Settings

__all__ = ["Settings", "create_app", "shutdown"]
