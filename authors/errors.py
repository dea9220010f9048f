"""Domain errors of authors' standing; like moderation.errors, ``message`` is shown to the user."""
from moderation.errors import DeskError


class RegistrationRefused(DeskError):
    code = "registration_refused"
    status = 403


class AppealRefused(DeskError):
    code = "appeal_refused"
    status = 409


class StandingConflict(DeskError):
    """An admin's action no longer applies (the ban already ended, the proposal was already decided)."""

    code = "standing_conflict"
    status = 409
