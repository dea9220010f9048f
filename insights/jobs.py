"""RQ jobs of the insights app, scheduled by insights/cron.py (imported by moderation/cron.py, so the
one rqcron process runs them). Plain functions; running one twice changes nothing the second time."""
from __future__ import annotations

from moderation.actions import quality, timers

from . import notices, rollups


def refresh_rollups_job() -> str:
    """Every 5 minutes: rebuild today's and yesterday's rollups, their weeks, and the queue snapshot."""
    rollups.refresh()
    return "rollups refreshed"


def send_notices_job() -> str:
    """Every minute: write new notices to authors and e-mail each exactly once."""
    created, sent = notices.send_notices()
    return f"{created} notice(s) written, {sent} e-mailed"


def close_expired_job() -> str:
    """Hourly: close returned posts past their fix-by date (no penalty)."""
    return f"{len(timers.close_expired_posts())} post(s) closed"


def seed_gold_job(rate: float | None = None) -> int:
    """Every 10 minutes: keep settings.GOLD_RATE of the waiting queue as blind gold copies."""
    return len(quality.seed_gold(rate=rate))
