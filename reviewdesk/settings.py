"""Review Desk settings: one module, configured from the environment.

With no environment set it runs locally (SQLite, Redis on 127.0.0.1:6379, files in ./media).
Production sets SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS and, for a shared store,
STORAGE_BACKEND=s3 with the AWS_* variables of django-storages.
"""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789abcdef")
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
    "authors",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# moderation.checks.uploads (bytes, pixels, sides) and a post by MAX_IMAGES_PER_POST.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMAGES_PER_POST = env.int("MAX_IMAGES_PER_POST", default=40)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)

# Redis and RQ. We enqueue from transaction.on_commit ourselves, so django-rq must not defer again
# (its default "on_db_commit" mode would swallow Redis errors after commit: notes/ecosystem.md 0.2).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
_redis_url = REDIS_URL + ("&" if "?" in REDIS_URL else "?") + "socket_connect_timeout=2&socket_timeout=5"
RQ_QUEUES = {
    "scoring": {"URL": _redis_url, "DEFAULT_TIMEOUT": 300},
    "default": {"URL": _redis_url, "DEFAULT_TIMEOUT": 600},
}
RQ = {"COMMIT_MODE": "auto"}

# The review desk's own numbers that are settings rather than the standard's constants.
CLAIM_LEASE_MINUTES = env.int("CLAIM_LEASE_MINUTES", default=20)
UNSCORED_SWEEP_AFTER_SECONDS = env.int("UNSCORED_SWEEP_AFTER_SECONDS", default=120)

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
# Changing it unlinks every stored marker, so production sets it once, apart from SECRET_KEY.
IDENTITY_HASH_KEY = env("IDENTITY_HASH_KEY", default=SECRET_KEY)
