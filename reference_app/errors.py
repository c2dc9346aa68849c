"""Domain errors raised by services; routes map them to HTTP statuses."""

from __future__ import annotations


class DomainError(Exception):
    """Base: `status` is the HTTP status, the message is the response detail."""

    status = 400


class NotFound(DomainError):
    """The interview or job does not exist."""

    status = 404


class StateConflict(DomainError):
    """The interview's state forbids the call; the message names the state."""

    status = 409


class IdempotencyMismatch(DomainError):
    """An Idempotency-Key was reused with a different request."""

    status = 422
