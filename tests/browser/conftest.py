"""Browser tests: Playwright driving Debian's Chromium against a live server."""
import threading
import time
from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"


@pytest.fixture(autouse=True)
def live_server_drained(live_server):
    """Torn down after the test's page and context, before the live server stops and the database is
    flushed: wait for requests the page sent as it went away (the review screen's claim-release beacon)
    to finish, or the flush deadlocks with them on PostgreSQL."""
    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
            "process_request_thread" in t.name for t in threading.enumerate() if t.is_alive()):
        time.sleep(0.05)


@pytest.fixture
def shoot(page):
    """Save a full-page screenshot as a test artifact (test-results/screens/NAME.png)."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def login(page, live_server):
    def as_user(username: str, password: str | None = None):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password or f"pw-{username}-123")
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return as_user
