"""Periodic jobs of standing: scheduled with RQ cron (UTC), each also a command, safe to run twice."""
from datetime import datetime, timezone
from io import StringIO
from pathlib import Path

import pytest
from croniter import croniter
from django.core.management import call_command
from rq.cron import CronScheduler

from authors import jobs
from authors.models import Penalty
from moderation.lifecycle import State
from moderation.models import Post
from moderation.actions import penalties

CRON_FILE = Path(__file__).resolve().parents[2] / "moderation" / "cron.py"


@pytest.fixture
def schedule(scoring_queue):
    """The jobs `manage.py rqcron moderation.cron` runs, as RQ's scheduler loads them."""
    scheduler = CronScheduler(connection=scoring_queue.connection)
    scheduler.load_config_from_file(str(CRON_FILE))
    return {job.func: job for job in scheduler.get_jobs()}


def test_the_whitelist_is_recomputed_daily_at_three_in_shanghai(schedule):
    """第五章 1: whitelist recomputation daily at 03:00 Asia/Shanghai, i.e. 19:00 UTC."""
    job = schedule[jobs.recompute_whitelist_job]
    assert job.cron == "0 19 * * *" and job.queue_name == "default"
    noon = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
    assert croniter(job.cron, noon).get_next(datetime) == datetime(2026, 11, 21, 19, 0, tzinfo=timezone.utc)


def test_ban_bookkeeping_is_scheduled_and_idempotent(cast, schedule):
    """第五章 3 二级处罚: the ban bookkeeping job (and its command) changes nothing the second time."""
    assert schedule[jobs.enforce_bans_job].interval == 600
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level2", reason="严重违规", clause="5.4-IV.6")
    Post.objects.create(author=cast.alice.author, kind="review", state=State.APPROVED)
    out = StringIO()
    call_command("enforce_bans", stdout=out)
    call_command("enforce_bans", stdout=out)
    assert out.getvalue().splitlines() == ["1 change(s)", "0 change(s)"]
    assert Penalty.objects.get().taken_offline.count() == 1
    assert jobs.enforce_bans_job() == "0 change(s)"
