"""The insights app's periodic jobs, registered with RQ cron when moderation/cron.py imports this
module (exactly one `rqcron moderation.cron` runs per deployment)."""
from rq import cron

from insights.jobs import close_expired_job, refresh_rollups_job, seed_gold_job, send_notices_job

cron.register(refresh_rollups_job, queue_name="default", interval=300, job_timeout=600)
cron.register(send_notices_job, queue_name="default", interval=60)
cron.register(close_expired_job, queue_name="default", interval=3600)
cron.register(seed_gold_job, queue_name="default", interval=600)
