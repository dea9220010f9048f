"""Fixtures of the fault tests (helpers in faults.py)."""
from __future__ import annotations

import shutil

import pytest

from faults import PrivateRedis, Workers


@pytest.fixture(scope="session")
def private_redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_redis(private_redis_server, settings):
    """Point the RQ queues of this process at the private server, emptied."""
    import redis

    if private_redis_server.proc.poll() is not None:
        private_redis_server.start()
    url = private_redis_server.url + "?socket_connect_timeout=1&socket_timeout=5"
    settings.RQ_QUEUES = {name: {**conf, "URL": url} for name, conf in settings.RQ_QUEUES.items()}
    redis.Redis.from_url(private_redis_server.url).flushall()
    yield private_redis_server
    if private_redis_server.proc.poll() is not None:
        private_redis_server.start()


@pytest.fixture
def workers(private_redis, settings):
    pool = Workers(private_redis.url, settings)
    yield pool
    pool.stop_all()
