"""Review Desk settings: one module, configured from the environment.

Locally (`scripts/desk.sh`) it runs on SQLite, Redis on 127.0.0.1:6379 and files in ./media, with
keys the script generates once into ./run/. Production sets SECRET_KEY, IDENTITY_HASH_KEY,
DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, the TLS settings below and, for a shared store,
STORAGE_BACKEND=s3 with the AWS_* variables of django-storages (README, "Production").
"""
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _required_key(name: str) -> str:
    """A key that must come from the environment unless DEBUG is on: no shipped default signs cookies."""
    value = env(name, default="")
    if value:
        return value
    if DEBUG:
        return f"debug-only-{name.lower()}-not-for-production-0123456789abcdefghijklmnop"
    raise ImproperlyConfigured(
        f"{name} is not set. Set it in the environment (50+ random characters, e.g. "
        f"`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DEBUG=1 for development."
    )


SECRET_KEY = _required_key("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_rq",
    "import_export",
    "axes",
    "authors",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/ every error answer is JSON in the user's language (404, 405, 413, 429, Django's 400/500).
    "moderation.api.errors.ApiErrorsAsJson",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view or CSRF check reads the body: a too-large request is refused by its length.
    "reviewdesk.middleware.RequestSizeLimit",
    "reviewdesk.ratelimit.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reviewdesk.urls"
WSGI_APPLICATION = "reviewdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviewdesk.context.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Serialise writers at BEGIN so concurrent claims never double-assign (see notes/ecosystem.md 3.3).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Uploaded images go through the storage API: local folder by default, an S3-compatible store
# (django-storages, installed separately) when STORAGE_BACKEND=s3, so several web servers and
# workers share one store.
_default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if env("STORAGE_BACKEND", default="local") == "s3":
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Upload caps: Django's own limits do not count file parts; each image is capped by
# moderation.checks.uploads (bytes, pixels, sides) and a post by MAX_IMAGES_PER_POST. A whole request
# is refused by its Content-Length before any of it is read (reviewdesk.middleware.RequestSizeLimit);
# a proxy in front should use the same number (README: client_max_body_size).
# Each file part is also capped while it streams in (reviewdesk.uploads.ImageByteCap: an image over
# moderation.checks.uploads.MAX_BYTES, 10 MB, is skipped after its first 10 MB and refused by name).
FILE_UPLOAD_HANDLERS = [
    "reviewdesk.uploads.ImageByteCap",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=64 * 1024 * 1024)
MAX_IMAGES_PER_POST = env.int("MAX_IMAGES_PER_POST", default=40)

# Transport security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO
# (and make the proxy set that header) or SECURE_SSL_REDIRECT redirects every request forever.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
_proxy_header = env("SECURE_PROXY_SSL_HEADER", default="")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline; styles
# allow inline attributes (a few layout widths), which cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes): 5 failures for one account from one address lock that pair for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)  # trusted proxies in front, for the client address
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Rate limits (the `limits` package on the shared Redis; see reviewdesk/ratelimit.py). Strings in
# limits' notation; a Redis outage lets requests through rather than refusing authors' work.
RATE_LIMITS = {
    "api": env("RATE_LIMIT_API", default="120/minute"),
    "api_write": env("RATE_LIMIT_API_WRITE", default="30/minute"),
    "register": env("RATE_LIMIT_REGISTER", default="5/hour"),
    "selfcheck": env("RATE_LIMIT_SELFCHECK", default="20/minute"),
}
# Self-check runs in the request: texts beyond this many characters are checked in part and say so.
SELFCHECK_MAX_CHARS = env.int("SELFCHECK_MAX_CHARS", default=50_000)

# Redis and RQ. We enqueue from transaction.on_commit ourselves, so django-rq must not defer again
# (its default "on_db_commit" mode would swallow Redis errors after commit: notes/ecosystem.md 0.2).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
_redis_url = REDIS_URL + ("&" if "?" in REDIS_URL else "?") + "socket_connect_timeout=2&socket_timeout=5"
RQ_QUEUES = {
    "scoring": {"URL": _redis_url, "DEFAULT_TIMEOUT": 300},
    "default": {"URL": _redis_url, "DEFAULT_TIMEOUT": 600},
    "rescreen": {"URL": _redis_url, "DEFAULT_TIMEOUT": 1800},  # re-screens and backtests: listed last, low priority
}
RQ = {"COMMIT_MODE": "auto"}

# The review desk's own numbers that are settings rather than the standard's constants.
CLAIM_LEASE_MINUTES = env.int("CLAIM_LEASE_MINUTES", default=20)
# Issue 11: a decision is held this long, undoable by its editor, before it is applied (no notice, no penalty).
DECISION_UNDO_SECONDS = env.int("DECISION_UNDO_SECONDS", default=120)
UNSCORED_SWEEP_AFTER_SECONDS = env.int("UNSCORED_SWEEP_AFTER_SECONDS", default=15)  # live jobs are left alone
# Images kept from a failed submit (shown again on the editor page) are deleted after this many days.
KEPT_IMAGES_DAYS = env.int("KEPT_IMAGES_DAYS", default=7)

IMPORT_EXPORT_USE_TRANSACTIONS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Authors' standing (第五章): audit trail of penalties and the whitelist, appeals, audit sampling.
INSTALLED_APPS += ["simple_history"]  # noqa: F405 — history rows: who changed what, before and after
MIDDLEWARE += ["simple_history.middleware.HistoryRequestMiddleware"]  # records the acting user
APPEAL_WINDOW_DAYS = env.int("APPEAL_WINDOW_DAYS", default=7)
# Share of whitelisted authors' auto-published posts drawn for the post-publication audit (白名单抽检).
WHITELIST_AUDIT_SAMPLE_RATE = env.float("WHITELIST_AUDIT_SAMPLE_RATE", default=0.10)
# Key of the HMAC-SHA256 that identity markers (phone, e-mail, ID) are kept as; never stored in clear.
# Changing it unlinks every stored marker, so it is set once and kept apart from SECRET_KEY: rotating
# the cookie-signing key must not unlink every banned account's markers.
IDENTITY_HASH_KEY = _required_key("IDENTITY_HASH_KEY")
if IDENTITY_HASH_KEY == SECRET_KEY:
    raise ImproperlyConfigured("IDENTITY_HASH_KEY must differ from SECRET_KEY.")

# Desk insights (insights/): rollups and dashboard, notices to authors, review timers, quality control.
INSTALLED_APPS += ["insights"]  # noqa: F405
REVIEW_TARGET_HOURS = env.int("REVIEW_TARGET_HOURS", default=2)  # authors are told "通常N小时内完成"
FIX_BY_DAYS = env.int("FIX_BY_DAYS", default=14)  # a returned post not resubmitted by then closes
GOLD_RATE = env.float("GOLD_RATE", default=0.02)  # share of the waiting queue kept as blind gold copies
DOUBLE_REVIEW_RATE = env.float("DOUBLE_REVIEW_RATE", default=0.05)  # share of decisions reviewed again, blind
# Notices to authors are e-mailed through Django's backend: console locally, SMTP (EMAIL_HOST etc.) in production.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")  # links in e-mails
