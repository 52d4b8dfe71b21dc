"""Errors a request to the hub can meet, each with the HTTP status it is answered with.

The message is written for the person supporting the desk: it says what is wrong and
what to do. The app answers `{"error": message, **details}`.
"""

from typing import Any

from counterdesk.errors import CounterDeskError


class HubError(CounterDeskError):
    status = 500

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class BadRequestError(HubError):
    """The request is malformed: not JSON, a field missing, a value of the wrong kind."""

    status = 400


class NotAuthenticatedError(HubError):
    """Unsigned, badly signed, replayed, too far off in time, or from an unknown desk."""

    status = 401


class RefusedError(HubError):
    """Authenticated, but not allowed: another office's data, a used enrolment code."""

    status = 403


class ConflictError(HubError):
    """The hub's state differs from what the desk assumed (blob missing, wrong offset)."""

    status = 409


class TooLargeError(HubError):
    status = 413


class HashMismatchError(HubError):
    """The uploaded bytes do not hash to the blob's name: they were discarded."""

    status = 422
