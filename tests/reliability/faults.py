"""What the fault tests drive: a private redis-server that they may stop and start (the shared Redis on
6379 is never touched) and real RQ worker processes on the test database."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test session's own, with no persistence: stopping it loses every job,
    as a crashed or restarted Redis without AOF would."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Workers:
    """`manage.py rqworker scoring default --with-scheduler` processes running the desk's PreloadWorker
    on the test database and the private Redis."""

    def __init__(self, redis_url: str, settings):
        from django.db import connection

        db = {k: connection.settings_dict[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "reliability_worker_settings",
            "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(ROOT)]),
            "TEST_REDIS_URL": redis_url,
            "RELIABILITY_DATABASE": json.dumps(db),
            "RELIABILITY_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        self.procs: list[subprocess.Popen] = []
        self.log = tempfile.NamedTemporaryFile(prefix="reliability-workers-", suffix=".log", delete=False)

    def start(self) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "rqworker", "scoring", "default", "--with-scheduler",
             "--worker-class", "moderation.worker.PreloadWorker"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    @staticmethod
    def children(proc) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        except OSError:
            return []

    def kill_hard(self, proc) -> None:
        """SIGKILL the worker and its work horse (the horse has a process group of its own)."""
        horses = self.children(proc)
        proc.kill()
        for pid in horses:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()

    def output(self) -> str:
        """What the workers logged (shown when a test fails)."""
        return Path(self.log.name).read_text(errors="replace")[-6000:]

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                self.kill_hard(proc)


def wait_until(predicate, timeout: float, step: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; that value, or None after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None
