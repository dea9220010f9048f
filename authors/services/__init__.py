"""Writes about authors' standing. The moderation services call the hooks below at the points the
standard names — before posting, after a decision, after an unchanged resubmission, on auto-publish —
and the admin's desk, the jobs and the commands call the services of the submodules:

    penalties  assess a reject or an unchanged resubmission; issue, lift, shorten; Level 2
    whitelist  recompute, grant, revoke; auto-publish and the post-publication audit sample
    appeals    file_appeal, decide_appeal (an upheld appeal reverses the decision or penalty)
    identity   register_author (refuses Level-2-banned people), linked accounts
    posts      the post moves standing brings, through moderation's one transition function

The rules themselves are authors.standing's (pure); these functions load rows, call it, store what it
returns.
"""
from __future__ import annotations

from django.utils import timezone

from moderation.errors import PostingSuspended

from .. import selectors
from ..selectors import author_home, standing_summary  # noqa: F401 — reads the moderation pages merge in
from .appeals import decide_appeal, file_appeal, reverse_decision  # noqa: F401
from .identity import link_accounts, record_identity, register_author  # noqa: F401
from .penalties import (  # noqa: F401
    assess_decision, assess_unchanged_resubmission, confirm_level2, dismiss_level2, enforce_level2_bans,
    issue_penalty, lift_penalty, overturn_penalty, set_news_posting, shorten_penalty,
)
from .whitelist import (  # noqa: F401
    auto_publish_allowed, close_audit_on_take_offline, grant_whitelist, mark_audit_passed, recompute_whitelist,
    revoke_whitelist, sample_for_audit,
)

NEWS_CLOSED_ZH = "你的资讯发文权限已被管理员关闭（第一章：审核通过率低于50%），仍可发布其他类型的文章。"


def ensure_can_post(author, *, kind: str | None = None) -> None:
    """Raise PostingSuspended (with the ban's end in 北京时间) while the author is banned from posting;
    for ``kind="news"`` also while their news posting is closed (第一章)."""
    right = selectors.posting_right(author, timezone.now())
    if not right.allowed:
        raise PostingSuspended(right.reason_zh, until=right.until.isoformat() if right.until else None)
    if kind == "news" and author.news_posting_closed:
        raise PostingSuspended(NEWS_CLOSED_ZH)


def on_unchanged_resubmission(author, *, post, actor) -> None:
    """4.2(3) / 5.4-I.5: an unchanged resubmission closes posting rights for 7 days (the third, a Level 1)."""
    assess_unchanged_resubmission(author, post=post)


def on_decision(decision) -> None:
    """A confirmed reject carries the penalty of its reasons' categories (第五章 4); taking a sampled
    post offline completes its audit. Runs inside decide()'s transaction."""
    if decision.outcome == "take_offline":
        close_audit_on_take_offline(decision)
    assess_decision(decision)


def on_auto_publish(post) -> None:
    """Draw the auto-published post for the post-publication audit (settings.WHITELIST_AUDIT_SAMPLE_RATE)."""
    sample_for_audit(post)


def get_or_create_author(*, username: str, display_name: str = "", category: str = ""):
    """The author for an imported post: an existing account, or a new one that cannot log in until
    an admin sets a password."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from ..models import AUTHOR_GROUP, Author

    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=AUTHOR_GROUP))
        author, _ = Author.objects.get_or_create(
            user=user, defaults={"display_name": display_name or username, "category": category}
        )
    return author
