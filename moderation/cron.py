"""Periodic jobs, run by exactly one `python manage.py rqcron moderation.cron` process.
Cron strings are in UTC. Each job is also a management command and is safe to run twice."""
from rq import cron

from moderation.jobs import release_stale_claims_job, sweep_unscored

cron.register(sweep_unscored, queue_name="default", interval=300)
cron.register(release_stale_claims_job, queue_name="default", interval=120)
