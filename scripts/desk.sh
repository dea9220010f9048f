#!/usr/bin/env bash
# Runs the desk: environment, migrations, demo data, an RQ worker, the periodic jobs and the web
# server at http://127.0.0.1:8000. SQLite by default; DATABASE_URL and REDIS_URL to use others.
source "$(dirname "$0")/_env.sh"
ensure_venv
ensure_redis REDIS_URL
export REDIS_URL
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
$PY manage.py rqworker scoring default --with-scheduler --worker-class moderation.worker.PreloadWorker &
pids+=($!)
$PY manage.py rqcron moderation.cron &
pids+=($!)
echo "==> Review Desk: http://127.0.0.1:8000  (Ctrl-C stops the server, the worker and the scheduler)"
$PY manage.py runserver 127.0.0.1:8000 --noreload
