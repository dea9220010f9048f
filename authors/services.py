"""Writes about authors' standing, called by the moderation services at the points the standard
names: before posting, after a decision, after an unchanged resubmission, on auto-publish.

The penalty ladder and the whitelist (第五章) plug in here; until they land these hooks only
enforce nothing beyond the lifecycle itself."""
from __future__ import annotations


def ensure_can_post(author) -> None:
    """Raise PostingSuspended while the author is banned from posting."""


def on_unchanged_resubmission(author, *, post, actor) -> None:
    """第五章 / 4.2(3): an unchanged resubmission closes posting rights for 7 days."""


def on_decision(decision) -> None:
    """A confirmed reject may carry a penalty; a decision may change the whitelist."""


def auto_publish_allowed(post, findings) -> bool:
    """Whitelisted authors' posts with no block finding go online at once (第五章 1)."""
    return False


def on_auto_publish(post) -> None:
    """Sample auto-published posts for the post-publication audit."""


def get_or_create_author(*, username: str, display_name: str = "", category: str = ""):
    """The author for an imported post: an existing account, or a new one that cannot log in until
    an admin sets a password."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from .models import AUTHOR_GROUP, Author

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
