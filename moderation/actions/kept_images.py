"""Images an author uploaded with a submit that failed (an empty title, a ban, one refused picture):
kept under the author's own folder of the media storage, keyed by their SHA-256, so the editor shows
them again and the next submit sends a key instead of the file. Files only, no database row and no
audit event: a kept image becomes a RevisionImage (and is logged) only through the submission actions."""
from __future__ import annotations

import hashlib
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..checks.uploads import ImageRejected, open_checked

KEY_RE = re.compile(r"^[0-9a-f]{64}$")


def _path(user, key: str) -> str:
    return f"staged/{user.pk}/{key}"


def keep(user, uploads: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """Store every upload that is an acceptable image; ``({ref: key}, {ref: why refused})``."""
    kept, refused = {}, {}
    for ref, data in uploads.items():
        try:
            open_checked(data, name=ref.rsplit("/", 1)[-1])
        except ImageRejected as exc:
            refused[ref] = exc.message if hasattr(exc, "message") else str(exc)
            continue
        key = hashlib.sha256(data).hexdigest()
        if not default_storage.exists(_path(user, key)):
            default_storage.save(_path(user, key), ContentFile(data))
        kept[ref] = key
    return kept, refused


def load(user, key: str) -> bytes | None:
    """The bytes the user kept under ``key``; None for a key that is not theirs or not there."""
    if not KEY_RE.fullmatch(key or "") or not default_storage.exists(_path(user, key)):
        return None
    with default_storage.open(_path(user, key), "rb") as fh:
        return fh.read()
