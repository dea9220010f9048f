"""gunicorn's settings for the desk (``gunicorn reviewdesk.wsgi --config python:reviewdesk.gunicorn``).

Threads in one or two worker processes: the desk's requests wait on PostgreSQL, Redis and uploads
more than they compute, and each thread keeps its database connection between requests
(``CONN_MAX_AGE``), where Django's development server opened one per request. Every value can be
set from the environment (``WEB_CONCURRENCY``, ``WEB_THREADS``, ``WEB_TIMEOUT``, ``WEB_BIND``).
"""
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
accesslog = os.environ.get("WEB_ACCESS_LOG") or None  # "-" for stdout
# gunicorn 25+ opens a control socket at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl):
# two servers on one machine (the desk and a test run, two desks) would take it from each other, and
# nothing here uses `gunicornc`.
control_socket_disable = True
