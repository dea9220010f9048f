"""Settings for the test suite: the real settings, with a Redis database of its own, fast password
hashing, plain static files (live_server serves them through the finders) and files in a temp dir."""
import os
import tempfile

# The real settings refuse to start without keys when DEBUG is off; the tests use fixed ones, and
# plain-HTTP cookies for the live server.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("IDENTITY_HASH_KEY", "test-only-identity-key-0123456789abcdefghijklmnopqrstuv")
os.environ.setdefault("SECURE_COOKIES", "0")

from .settings import *  # noqa: F401,F403
from .settings import env

TEST_REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
_url = TEST_REDIS_URL + ("&" if "?" in TEST_REDIS_URL else "?") + "socket_connect_timeout=2&socket_timeout=5"
RQ_QUEUES = {
    "scoring": {"URL": _url, "DEFAULT_TIMEOUT": 300},
    "default": {"URL": _url, "DEFAULT_TIMEOUT": 600},
    "rescreen": {"URL": _url, "DEFAULT_TIMEOUT": 1800},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="reviewdesk-test-media-")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One test database file per test run, so parallel runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": f"{tempfile.gettempdir()}/reviewdesk-test-{os.getpid()}.sqlite3"}  # noqa: F405

# Rate limits on the test Redis database, high enough that only the tests about them reach them.
RATE_LIMIT_REDIS_URL = TEST_REDIS_URL
RATE_LIMITS = {scope: "10000/minute" for scope in RATE_LIMITS}  # noqa: F405
