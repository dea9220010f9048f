"""Accounts: an author signs up (refused when an identity marker belongs to a Level-2-banned person),
an import creates the author of a post, authors issue and revoke API tokens for their tools."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from authors import records
from authors.errors import RegistrationRefused
from authors.identity import marker_hashes
from authors.models import AUTHOR_GROUP, ApiToken, Author, IdentityMarker

from ..audit import Verb, log_event

TOKEN_USE_RECORDED_EVERY = timedelta(minutes=1)
REFUSED_ZH = "该手机号、电子邮箱或身份证号所属的账号已因二级处罚被封停，按平台规范（第五章）不允许再次注册。"


def register_author(*, username: str, password: str, display_name: str, category: str = "", phone: str,
                    email: str, id_number: str = "", language: str = "") -> Author:
    """Create an author account (the actor is the new user); RegistrationRefused when a marker belongs
    to a Level-2-banned person. ``language``: the one the sign-up page was in (their notices' language)."""
    hashes = marker_hashes(phone=phone, email=email, id_number=id_number)
    if records.banned_identity(list(hashes.values())):
        raise RegistrationRefused(REFUSED_ZH)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, email="", password=password)
        user.groups.add(Group.objects.get(name=AUTHOR_GROUP))
        author = Author.objects.create(user=user, display_name=display_name, category=category,
                                       language=_known_language(language))
        for kind, digest in hashes.items():
            IdentityMarker.objects.create(author=author, kind=kind, value_hash=digest)
        log_event(user, Verb.REGISTER, author, kinds=sorted(hashes))
    return author


def get_or_create_author(*, actor, username: str, display_name: str = "", category: str = "") -> Author:
    """The author for an imported post: an existing account, or a new one that cannot log in until
    an admin sets a password."""
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=AUTHOR_GROUP))
        author, created = Author.objects.get_or_create(
            user=user, defaults={"display_name": display_name or username, "category": category}
        )
        if created:
            log_event(actor, Verb.AUTHOR_IMPORT, author, username=username)
    return author


def _known_language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def set_author_language(author: Author, *, actor, language: str) -> bool:
    """The author chose a language from the menu: their notices are written in it from now on.
    False (nothing written) when it is the one stored already or not a language of the site."""
    if language not in dict(settings.LANGUAGES):
        return False
    with transaction.atomic():
        changed = Author.objects.filter(pk=author.pk).exclude(language=language).update(language=language)
        if changed:
            log_event(actor, Verb.AUTHOR_LANGUAGE, author, language=language)
    return bool(changed)


# ---- API tokens ------------------------------------------------------------------------------

def issue_api_token(user, *, actor, name: str = "default") -> str:
    """A new token for the author's tools; its key is returned once (only the hash is kept)."""
    with transaction.atomic():
        key = ApiToken.issue(user, name=(name or "").strip()[:64] or "default")
        token = ApiToken.objects.get(key_hash=ApiToken.hash_key(key))
        log_event(actor, Verb.TOKEN_ISSUE, token, author=getattr(user, "author", None), name=token.name)
    return key


def revoke_api_token(user, *, actor, token_id: int) -> bool:
    """Delete one of the user's tokens; False when it was not theirs."""
    with transaction.atomic():
        token = ApiToken.objects.filter(user=user, pk=token_id).first()
        if token is None:
            return False
        log_event(actor, Verb.TOKEN_REVOKE, token, author=getattr(user, "author", None), name=token.name)
        token.delete()
    return True


def use_api_token(key: str):
    """The active user a token key belongs to (its last use recorded, bookkeeping with no audit
    event: each request's own write is audited), or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # The tokens page shows the last use to the minute: a tool's burst of requests writes it once.
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
