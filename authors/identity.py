"""Identity markers (phone, e-mail, ID number), normalised and kept only as HMAC-SHA256 hashes (key:
settings.IDENTITY_HASH_KEY): equal markers give equal hashes, so accounts can be linked and a
Level-2-banned person refused at sign-up, without storing the values."""
from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from .models import IdentityMarker

Kind = IdentityMarker.Kind


def normalize(kind: str, value: str) -> str:
    """One spelling per marker: digits of a mainland phone number without +86, a lower-case e-mail,
    an upper-case ID number."""
    value = (value or "").strip()
    if kind == Kind.PHONE:
        digits = re.sub(r"\D", "", value)
        return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    if kind == Kind.EMAIL:
        return value.lower()
    return re.sub(r"\s", "", value).upper()


def marker_hash(kind: str, value: str) -> str:
    key = settings.IDENTITY_HASH_KEY.encode()
    return hmac.new(key, f"{kind}:{normalize(kind, value)}".encode(), hashlib.sha256).hexdigest()


def marker_hashes(**values: str) -> dict[str, str]:
    """{kind: hash} for the markers given (empty values left out)."""
    return {kind: marker_hash(kind, value) for kind, value in values.items() if value and value.strip()}
