"""Registration and linked accounts. Identity markers (phone, e-mail, ID number) are normalised and
kept only as HMAC-SHA256 hashes (key: settings.IDENTITY_HASH_KEY): equal markers give equal hashes, so
accounts can be linked and a Level-2-banned person refused at sign-up, without storing the values."""
from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .. import selectors
from ..errors import RegistrationRefused, StandingConflict
from ..models import AUTHOR_GROUP, AccountLink, Author, IdentityMarker

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


def record_identity(author: Author, **values: str) -> None:
    """Store (or replace) the author's markers of the kinds given."""
    for kind, digest in marker_hashes(**values).items():
        IdentityMarker.objects.update_or_create(author=author, kind=kind, defaults={"value_hash": digest})


REFUSED_ZH = "该手机号、电子邮箱或身份证号所属的账号已因二级处罚被封停，按平台规范（第五章）不允许再次注册。"


def register_author(*, username: str, password: str, display_name: str, category: str = "", phone: str,
                    email: str, id_number: str = "") -> Author:
    """Create an author account; RegistrationRefused when a marker belongs to a Level-2-banned person."""
    hashes = marker_hashes(phone=phone, email=email, id_number=id_number)
    if selectors.banned_identity(list(hashes.values())):
        raise RegistrationRefused(REFUSED_ZH)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, email="", password=password)
        user.groups.add(Group.objects.get(name=AUTHOR_GROUP))
        author = Author.objects.create(user=user, display_name=display_name, category=category)
        for kind, digest in hashes.items():
            IdentityMarker.objects.create(author=author, kind=kind, value_hash=digest)
    return author


def link_accounts(author: Author, other: Author, *, admin, reason: str) -> AccountLink:
    """An admin links two accounts by hand (the same person, found some other way)."""
    if author.pk == other.pk:
        raise StandingConflict("不能把账号与自己关联。")
    if not reason.strip():
        raise StandingConflict("请填写关联原因。")
    if AccountLink.objects.filter(author__in=(author, other), other__in=(author, other)).exists():
        raise StandingConflict("这两个账号已经关联。")
    link = AccountLink(author=author, other=other, reason=reason.strip(), created_by=admin)
    link._history_user = admin
    link.save()
    return link
