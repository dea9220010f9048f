"""The RQ worker class for the desk.

- Runs each job in the worker process itself (RQ's SimpleWorker), with the rule engine warmed once
  (jieba with the current lexicons' brand names, the compiled lexicons, the OCR engine) and the
  database connection kept between jobs (CONN_MAX_AGE). RQ's default worker forks a work horse per
  job: measured on real posts (issue 15, bench/pipeline.py --profile) the fork, the copy-on-write
  faults and a new PostgreSQL and Redis connection per horse cost more than a fifth of a scoring job.
  What the fork bought — a job that crashes the interpreter takes only its horse down — is covered
  by the heartbeat below: the worker's supervisor restarts it and the sweep re-runs the job.
- Notices a dead worker in seconds, not minutes (issue 15): while a job runs a thread heartbeats
  every HEARTBEAT_SECONDS and the job's entry in RQ's StartedJobRegistry expires HEARTBEAT_GRACE
  seconds after the last beat (RQ's default: 30 s beats, +60 s). Killed mid-job, a worker's job is
  seen abandoned within ~15 s, however long the job may run. A job stuck past its timeout (in C code
  that the timeout's signal cannot interrupt) gets no more beats, so it is seen abandoned too.
- Sweeps often: every SWEEP_SECONDS one worker (a Redis lock) runs RQ's registry maintenance and
  ``moderation.jobs.sweep_unscored``, even while the queues are busy (the rqcron sweep waits behind a
  scoring backlog on the default queue) and right after Redis comes back (idle workers wake every
  IDLE_WAKE_SECONDS; RQ's reconnect backoff is capped at MAX_RECONNECT_WAIT).
- Waits for Redis instead of quitting when it goes away between jobs (RQ's own loop quits on a
  Redis error outside its dequeue).
"""
import logging
import threading
import time

from django.db import close_old_connections, connections
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq.worker import SimpleWorker

from moderation import checks
from moderation.checks import history, segment
from moderation.lexicon_store import current_lexicons

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
HEARTBEAT_GRACE = 10
SWEEP_SECONDS = 10
IDLE_WAKE_SECONDS = 5
MAX_RECONNECT_WAIT = 5.0
SWEEP_LOCK = "reviewdesk:scoring-sweep"


def warm_up() -> None:
    """Load what every check needs. Safe to call twice; the lexicons are re-read by each check anyway,
    this only builds the current version ahead of the first job."""
    lexicons = current_lexicons()
    segment.initialize(lexicons)  # jieba's dictionary and the brand/product names as user words
    # jieba.posseg (title topic words) loads its word-tag table on import: ~1 s, and in every forked
    # horse when the parent has not loaded it (measured: issue 15, bench/pipeline.py --profile).
    segment.topic_words("预热一下标题的名词", lexicons)
    lexicons.find("预热")  # compiles the Aho-Corasick automaton
    history.lsh_params()
    history.text_signature("预热一下文本签名的排列")  # builds the shared MinHash permutations
    _warm_images()
    hook = getattr(checks, "warm_up", None)
    if hook:
        hook()


def _warm_images() -> None:
    """The OCR engine (about 0.6 s) and imagehash's scipy, when the image checks can use them; OpenCV
    on one thread.

    Each worker scores one post at a time and there is a worker per core, so OpenCV's own thread pool
    only makes the workers fight for the same cores: measured on the real photos of bench/images.py,
    the CPU the image checks cost a process (all its threads) fell from 4.8-5.1x one decode with
    OpenCV's default pool (two threads here) to 3.7x with one thread, the calling thread's time
    being the same. The OCR engine is on one thread for the same reason (ocr.py)."""
    import cv2

    cv2.setNumThreads(1)
    try:
        import imagehash  # noqa: F401

        # Lazy: the OCR engine is optional (an ImportError only skips the warm-up) and heavy to load.
        from moderation.checks import ocr

        preload = getattr(ocr, "preload", None) or ocr.engine
        preload()
    except ImportError:
        log.warning("image checks not warmed up: OCR or imagehash unavailable", exc_info=True)


class PreloadWorker(SimpleWorker):
    max_connection_wait_time = MAX_RECONNECT_WAIT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("job_monitoring_interval", HEARTBEAT_SECONDS)
        kwargs.setdefault("maintenance_interval", SWEEP_SECONDS)
        super().__init__(*args, **kwargs)
        self._beat_lock = threading.Lock()
        self._beating: threading.Event | None = None

    def execute_job(self, job, queue):
        close_old_connections()  # as Django does around a request: drop a broken or expired connection
        self.current_job_working_time = 0  # the last job's, until the first beat; read for the first TTL
        try:
            super().execute_job(job, queue)
        finally:
            self._stop_beating()
            close_old_connections()

    def prepare_execution(self, job):
        execution = super().prepare_execution(job)
        self._beating = threading.Event()
        threading.Thread(target=self._beat_while_running, args=(job, self._beating, time.monotonic()),
                         name="rq-heartbeat", daemon=True).start()
        return execution

    def handle_execution_ended(self, job, queue, heartbeat_ttl):
        # The job's code has returned: no beat may follow RQ's bookkeeping of its end (a late beat
        # would bring back a finished job's hash).
        self._stop_beating()
        return super().handle_execution_ended(job, queue, heartbeat_ttl)

    def _beat_while_running(self, job, stop: threading.Event, started: float) -> None:
        """The heartbeat RQ's forking worker sends while it waits for its horse, from a thread."""
        limit = (job.timeout + HEARTBEAT_GRACE) if job.timeout and job.timeout > 0 else None
        while not stop.wait(self.job_monitoring_interval):
            working = time.monotonic() - started
            if limit is not None and working > limit:
                log.error("job %s stuck %.0f s past its timeout; no more heartbeats", job.id, working - limit)
                return
            with self._beat_lock:
                if stop.is_set():
                    return
                try:
                    self.set_current_job_working_time(working)
                    self.maintain_heartbeats(job)
                except RedisError:
                    log.warning("heartbeat for job %s failed; trying again", job.id, exc_info=True)

    def _stop_beating(self) -> None:
        with self._beat_lock:
            if self._beating is not None:
                self._beating.set()
                self._beating = None

    @property
    def dequeue_timeout(self) -> int:
        return min(super().dequeue_timeout, IDLE_WAKE_SECONDS)

    def get_heartbeat_ttl(self, job) -> int:
        if job.timeout and job.timeout > 0:
            remaining = job.timeout - self.current_job_working_time
            return int(max(1, min(remaining, self.job_monitoring_interval))) + HEARTBEAT_GRACE
        return self.job_monitoring_interval + HEARTBEAT_GRACE

    def check_for_suspension(self, burst: bool):
        return self._waiting_for_redis(super().check_for_suspension, burst)

    def dequeue_job_and_maintain_ttl(self, *args, **kwargs):
        # RQ reconnects inside its dequeue loop, but the state write before that loop and the
        # heartbeat after it are outside: a Redis stop at that moment quit the worker.
        return self._waiting_for_redis(super().dequeue_job_and_maintain_ttl, *args, **kwargs)

    def _start_scheduler(self, *args, **kwargs):
        # RQ starts the scheduler (its Redis locks) right after registering, outside the loop's error
        # handling: a Redis stop at that moment ended the worker (django-rq exits on ConnectionError).
        return self._waiting_for_redis(super()._start_scheduler, *args, **kwargs)

    def heartbeat(self, timeout=None, pipeline=None):
        # Called bare (not into a pipeline) by the work loop after each job and around the dequeue.
        if pipeline is not None:
            return super().heartbeat(timeout, pipeline=pipeline)
        return self._waiting_for_redis(super().heartbeat, timeout)

    def _waiting_for_redis(self, call, *args, **kwargs):
        """RQ's loop quits on a Redis error outside its reconnecting dequeue; wait for Redis instead,
        so a Redis restart does not take the workers down with it."""
        wait = 1.0
        while True:
            try:
                return call(*args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                if self._stop_requested:
                    raise
                self.log.error("Worker %s: Redis unavailable (%s); retrying in %.0f s", self.name, exc, wait)
                time.sleep(wait)
                wait = min(wait * 2, MAX_RECONNECT_WAIT)

    def run_maintenance_tasks(self):
        try:
            super().run_maintenance_tasks()
        except (RedisConnectionError, RedisTimeoutError):
            log.warning("registry maintenance skipped: Redis unavailable")
            return
        self.sweep()

    def sweep(self) -> None:
        """One worker at a time (the lock outlives a sweep, so the others skip this round)."""
        try:
            if not self.connection.set(SWEEP_LOCK, self.name, nx=True, ex=SWEEP_SECONDS - 1):
                return
        except RedisError:
            return
        # Lazy: jobs imports the scoring pipeline, which this module's warm-up does not need first.
        from moderation.jobs import sweep_unscored

        try:
            sweep_unscored()
        except Exception:  # noqa: BLE001 — a failed sweep must not stop the worker; the next one retries
            log.exception("scoring sweep failed")
        finally:
            close_old_connections()

    def work(self, *args, **kwargs):
        warm_up()
        connections.close_all()
        return super().work(*args, **kwargs)
