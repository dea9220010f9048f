"""Periodic jobs of authors' standing (registered in moderation/cron.py, each also a management
command). Plain functions; running one twice changes nothing the second time."""
from __future__ import annotations

from moderation.actions.penalties import enforce_level2_bans
from moderation.actions.whitelist import recompute_whitelist


def recompute_whitelist_job() -> str:
    """第五章 1, daily at 03:00 Asia/Shanghai: whitelist authors who qualified over the last two weeks."""
    granted = recompute_whitelist()
    return f"whitelisted {len(granted)} author(s)"


def enforce_bans_job() -> str:
    """Ban bookkeeping: bans end on time by themselves; Level 2 accounts stay locked and their
    posts offline (a post that was being scored when the ban began is withdrawn now)."""
    return f"{enforce_level2_bans()} change(s)"
