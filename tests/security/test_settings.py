"""Production settings: keys required when DEBUG is off, `check --deploy` clean under the README's
production environment, and the TLS-proxy set-up that used to redirect forever."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]

# The production environment README.md documents ("Production").
PRODUCTION_ENV = {
    "SECRET_KEY": "prod-secret-key-Zq3x8pW1nV7yR4tK0mJ6hL2fD9sA5gB1cE8uI3oP7wX0",
    "IDENTITY_HASH_KEY": "prod-identity-key-Hk2Lm9Qw4Er7Ty1Ui8Op3As6Df0Gh5Jk2Zx9Cv4Bn7M1",
    "ALLOWED_HOSTS": "desk.example.com",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def _manage(args, **env_overrides):
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "IDENTITY_HASH_KEY", "DEBUG", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="reviewdesk.settings", **env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage(["check"])
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_an_identity_key_equal_to_the_secret_key():
    result = _manage(["check"], SECRET_KEY="a" * 60, IDENTITY_HASH_KEY="a" * 60)
    assert result.returncode != 0
    assert "IDENTITY_HASH_KEY must differ from SECRET_KEY" in result.stderr


def test_it_needs_its_own_identity_key_in_production():
    result = _manage(["check"], SECRET_KEY="a" * 60)
    assert result.returncode != 0
    assert "IDENTITY_HASH_KEY is not set" in result.stderr


def test_debug_runs_without_keys():
    assert _manage(["check"], DEBUG="1").returncode == 0


def test_check_deploy_is_clean_under_the_documented_production_environment():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_flags_a_production_without_tls_settings():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"],
                     SECRET_KEY=PRODUCTION_ENV["SECRET_KEY"], IDENTITY_HASH_KEY=PRODUCTION_ENV["IDENTITY_HASH_KEY"])
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stdout + result.stderr


@pytest.mark.django_db
def test_behind_a_tls_proxy_a_forwarded_https_request_is_not_redirected_again():
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        client = Client()
        plain = client.get("/accounts/login/")
        proxied = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert proxied.status_code == 200


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    """CSP forbids inline code, so a template that still has any would break in the browser."""
    import re

    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text) or "javascript:" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
