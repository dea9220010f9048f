"""Domain errors of the review desk. Plain Python: raised by lifecycle and services, turned into
messages (in the UI language) by views, the API and commands.

A message is Chinese (the source language), given as a plain string or as a template and its values
(``checks.engine.say``); ``wording`` keeps it that way so that an interface can say it in the reader's
language (``moderation.wording.refusal``); ``message`` is its Chinese text."""
from __future__ import annotations

from .checks.engine import Wording, as_wording


class DeskError(Exception):
    """Base class: ``message`` is the Chinese text, ``wording`` the same as template and values;
    ``code`` is stable for the API."""

    code = "error"
    status = 400

    def __init__(self, message: str | Wording, **details):
        self.wording = as_wording(message)
        self.message = str(self.wording)
        super().__init__(self.message)
        self.details = details


class IllegalTransition(DeskError):
    code = "illegal_transition"
    status = 409


class StaleDecision(DeskError):
    code = "stale"
    status = 409


class AlreadyClaimed(DeskError):
    code = "claimed"
    status = 409


class ResubmissionRefused(DeskError):
    code = "resubmission_refused"
    status = 409


class UnchangedResubmission(ResubmissionRefused):
    """4.2(3): the resubmission is unchanged; nothing was recorded. Sent again with the author's
    confirmation, it is refused and closes posting for 7 days."""

    code = "unchanged_resubmission"


class PostingSuspended(DeskError):
    code = "posting_suspended"
    status = 403


class NotOwner(DeskError):
    """Someone acting on another person's rows (their notices, their tokens)."""

    code = "forbidden"
    status = 403


class IdempotencyKeyReused(DeskError):
    """An Idempotency-Key sent again with a different request (issue 15)."""

    code = "idempotency_key_reused"
    status = 422


class InvalidPost(DeskError):
    """A post document or upload that cannot be accepted; ``field`` names the part at fault."""

    code = "invalid"
    status = 400

    def __init__(self, message: str | Wording, *, field: str = ""):
        super().__init__(message, field=field)
        self.field = field
