#!/usr/bin/env bash
# Runs the desk: environment, migrations, demo data, an RQ worker, the periodic jobs and the web
# server at http://127.0.0.1:8000. SQLite by default; DATABASE_URL and REDIS_URL to use others.
source "$(dirname "$0")/_env.sh"
ensure_venv
ensure_redis REDIS_URL
export REDIS_URL
# Settings refuse to start without keys when DEBUG is off: a local desk keeps its own, made once
# in ./run/ (ignored by git), and serves plain HTTP on 127.0.0.1, so its cookies are not Secure-only.
mkdir -p run
for key in SECRET_KEY IDENTITY_HASH_KEY; do
  file="run/${key,,}"
  [ -s "$file" ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > "$file"
  [ -n "${!key:-}" ] || export "$key=$(cat "$file")"
done
export SECURE_COOKIES="${SECURE_COOKIES:-0}"
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"  # the web server's threads and the worker keep their connections
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput >/dev/null
$PY manage.py seed_demo

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${STARTED_REDIS_PIDFILE:-}" ] && kill "$(cat "$STARTED_REDIS_PIDFILE")" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
$PY manage.py rqworker scoring default rescreen --with-scheduler --worker-class moderation.worker.PreloadWorker &
pids+=($!)
$PY manage.py rqcron moderation.cron &
pids+=($!)
echo "==> Review Desk: http://127.0.0.1:8000  (Ctrl-C stops the server, the worker and the scheduler)"
# gunicorn, threads in one process (reviewdesk/gunicorn.py: WEB_BIND, WEB_CONCURRENCY, WEB_THREADS)
$PY -m gunicorn reviewdesk.wsgi --config python:reviewdesk.gunicorn
