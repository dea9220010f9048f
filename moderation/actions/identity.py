"""Identity records: an admin records a legacy account's identity markers (hashed) or links two
accounts of the same person (第五章3: a Level 2 bans linked accounts too)."""
from __future__ import annotations

from django.db import transaction

from authors.errors import StandingConflict
from authors.identity import marker_hashes
from authors.models import AccountLink, Author, IdentityMarker

from ..audit import Verb, log_event
from .core import save_row


def record_identity(author: Author, *, actor, **values: str) -> list[str]:
    """Store (or replace) the author's markers of the kinds given; the kinds recorded."""
    hashes = marker_hashes(**values)
    with transaction.atomic():
        for kind, digest in hashes.items():
            IdentityMarker.objects.update_or_create(author=author, kind=kind, defaults={"value_hash": digest})
        log_event(actor, Verb.IDENTITY_RECORD, author, kinds=sorted(hashes))
    return sorted(hashes)


def link_accounts(author: Author, other: Author, *, actor, reason: str) -> AccountLink:
    """An admin links two accounts by hand (the same person, found some other way)."""
    if author.pk == other.pk:
        raise StandingConflict("不能把账号与自己关联。")
    if not reason.strip():
        raise StandingConflict("请填写关联原因。")
    if AccountLink.objects.filter(author__in=(author, other), other__in=(author, other)).exists():
        raise StandingConflict("这两个账号已经关联。")
    with transaction.atomic():
        return save_row(AccountLink(author=author, other=other, reason=reason.strip(), created_by=actor),
                        Verb.ACCOUNT_LINK, actor=actor, reason=reason.strip(), other=other)
