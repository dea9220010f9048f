"""Periodic jobs, run by exactly one `python manage.py rqcron moderation.cron` process.
Cron strings are in UTC. Each job is also a management command and is safe to run twice."""
from rq import cron

from moderation.jobs import (
    apply_due_decisions_job, compact_state_counts_job, forget_idempotency_keys_job, forget_stale_kept_images_job, release_stale_claims_job, sweep_unscored,
)

cron.register(sweep_unscored, queue_name="default", interval=30, result_ttl=0)  # workers sweep every 15 s too
cron.register(release_stale_claims_job, queue_name="default", interval=120)
cron.register(apply_due_decisions_job, queue_name="default", interval=15, result_ttl=0)  # decisions past undo
cron.register(compact_state_counts_job, queue_name="default", interval=60, result_ttl=0)  # posts per state
cron.register(forget_idempotency_keys_job, queue_name="default", interval=3600)
cron.register(forget_stale_kept_images_job, queue_name="default", cron="30 19 * * *")  # 03:30 Beijing

# Authors' standing (第五章). 19:00 UTC is 03:00 Asia/Shanghai.
from authors.jobs import enforce_bans_job, recompute_whitelist_job  # noqa: E402

cron.register(recompute_whitelist_job, queue_name="default", cron="0 19 * * *", job_timeout=600)
cron.register(enforce_bans_job, queue_name="default", interval=600)

# The desk's own numbers, notices to authors and review timers: insights/cron.py registers its jobs.
import insights.cron  # noqa: E402,F401
