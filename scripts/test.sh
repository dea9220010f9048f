#!/usr/bin/env bash
# Runs the whole test suite: pure checks, database tests (SQLite, or PostgreSQL via DATABASE_URL),
# real Redis with real RQ workers, and browser tests in Debian's Chromium. Extra args go to pytest.
source "$(dirname "$0")/_env.sh"
ensure_venv requirements-test.txt
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || ! fc-list 2>/dev/null | grep -qi "wqy"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Chromium and a CJK font (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  else
    echo "Browser tests need Debian's chromium and fonts-wqy-microhei: sudo apt-get install chromium fonts-wqy-microhei" >&2
    exit 1
  fi
fi
# axe-core (the accessibility engine) for the browser tests, kept inside .venv (ignored by git).
AXE_VERSION=4.14.1
if [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  echo "==> installing axe-core $AXE_VERSION"
  npm install --silent --no-audit --no-fund --prefix .venv/axe "axe-core@$AXE_VERSION" >/dev/null
fi
TEST_REDIS_URL="${TEST_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379/15}}"
ensure_redis TEST_REDIS_URL
export TEST_REDIS_URL
status=0
.venv/bin/python -m pytest "$@" || status=$?
[ -n "${STARTED_REDIS_PIDFILE:-}" ] && kill "$(cat "$STARTED_REDIS_PIDFILE")" 2>/dev/null || true
exit $status
