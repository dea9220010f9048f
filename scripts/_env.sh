# Shared by scripts/desk.sh and scripts/test.sh: a virtual environment with the pinned packages,
# and a Redis that answers. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
"$PYTHON" - <<'PY' || { echo "Review Desk needs Python 3.11 or newer (found $($PYTHON --version 2>&1))." >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# ensure_venv [REQUIREMENTS_FILE]: the desk needs requirements.txt, the tests requirements-test.txt.
ensure_venv() {
  local reqs="${1:-requirements.txt}"
  if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv with $PYTHON"
    "$PYTHON" -m venv .venv
  fi
  local stamp=".venv/.${reqs}.sha"
  local want; want="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> installing requirements"
    .venv/bin/pip install --quiet --upgrade pip
    .venv/bin/pip install --quiet -r "$reqs"
    echo "$want" > "$stamp"
  fi
  # OpenCV (image checks, OCR) links the system's libGL; Debian images without it need libgl1.
  if ! .venv/bin/python -c "import cv2" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "==> installing libgl1 for OpenCV"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgl1 libglib2.0-0 >/dev/null
    else
      echo "OpenCV needs the system's libGL: sudo apt-get install libgl1 libglib2.0-0" >&2
      exit 1
    fi
  fi
}

redis_answers() {
  .venv/bin/python - "$1" <<'PY' >/dev/null 2>&1
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()
PY
}

# ensure_redis URL_VAR: keep $URL_VAR if Redis answers there; otherwise start a local redis-server.
ensure_redis() {
  local var="$1" url="${!1:-redis://127.0.0.1:6379/0}"
  if redis_answers "$url"; then export "$var=$url"; return; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "No Redis answers at $url and no redis-server is installed." >&2
    echo "Install one (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)" >&2
    echo "or point $var at a running Redis, then run this again." >&2
    exit 1
  fi
  local port; port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  mkdir -p run
  echo "==> starting a local redis-server on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --daemonize yes \
    --pidfile "$ROOT/run/redis-$port.pid" --logfile "$ROOT/run/redis-$port.log" --dir "$ROOT/run"
  for _ in $(seq 50); do redis_answers "redis://127.0.0.1:$port/0" && break; sleep 0.1; done
  export "$var=redis://127.0.0.1:$port/0"
  STARTED_REDIS_PIDFILE="$ROOT/run/redis-$port.pid"
}
