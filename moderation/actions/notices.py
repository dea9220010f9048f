"""Notices to authors as the author handles them: marking the inbox read. The notices themselves are
written by insights.notices (a job's bookkeeping, once per event); what a person does to them is here."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from authors.models import Author
from insights.models import Notice

from ..audit import Verb, log_event
from ..errors import NotOwner


def mark_notices_read(author: Author, *, actor, now: datetime | None = None) -> int:
    """The author marks every unread notice in their inbox read; only the author may. Returns how many
    notices changed (none: nothing written, no audit event)."""
    if actor is None or author.user_id != actor.pk:
        raise NotOwner("只能处理自己的通知。")
    with transaction.atomic():
        count = Notice.objects.filter(author=author, read_at__isnull=True).update(read_at=now or timezone.now())
        if count:
            log_event(actor, Verb.NOTICES_READ, author, count=count)
    return count
