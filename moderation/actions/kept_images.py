"""Images an author uploaded with a submit that failed (an empty title, a ban, one refused picture):
kept under the author's own folder of the media storage, keyed by their SHA-256, so the editor shows
them again and the next submit sends a key instead of the file. Files only, no database row and no
audit event: a kept image becomes a RevisionImage (and is logged) only through the submission actions."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from ..checks.uploads import ImageRejected, open_checked

KEY_RE = re.compile(r"^[0-9a-f]{64}$")


ROOT = "staged"


def _path(user, key: str) -> str:
    return f"{ROOT}/{user.pk}/{key}"


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


def discard(user, keys) -> int:
    """After a save that stored them as the post's images, the kept copies are no longer needed."""
    gone = 0
    for key in keys:
        if KEY_RE.fullmatch(key or "") and default_storage.exists(_path(user, key)):
            default_storage.delete(_path(user, key))
            gone += 1
    return gone


def forget_stale(days: int | None = None) -> int:
    """Kept images nobody came back for within ``settings.KEPT_IMAGES_DAYS`` (the editor page that
    showed them again is long closed). Periodic; safe to run twice. Returns how many files went."""
    days = settings.KEPT_IMAGES_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    gone = 0
    try:
        folders, _ = default_storage.listdir(ROOT)
    except FileNotFoundError:
        return 0
    for folder in folders:
        _, files = default_storage.listdir(f"{ROOT}/{folder}")
        for name in files:
            path = f"{ROOT}/{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                gone += 1
    return gone
