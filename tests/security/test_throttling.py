"""Login lockout (django-axes), rate limits (limits on the real test Redis) and oversized requests."""
import json
import socket
import uuid

import pytest
from django.test import Client, override_settings


def _address():
    """A fresh client address per test, so counters on the shared Redis never leak between tests."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(cast):
    cast.alice.set_password("right-password-1")
    cast.alice.save()
    client, ip = Client(), _address()
    for _ in range(5):
        wrong = client.post("/accounts/login/", {"username": "alice", "password": "nope"}, REMOTE_ADDR=ip)
        assert wrong.status_code in (200, 429)
    locked = client.post("/accounts/login/", {"username": "alice", "password": "right-password-1"}, REMOTE_ADDR=ip)
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out of the same account: lockout is per account and address.
    other = Client().post("/accounts/login/", {"username": "alice", "password": "right-password-1"},
                          REMOTE_ADDR=_address())
    assert other.status_code == 302


@pytest.mark.django_db
def test_four_failures_then_the_right_password_still_logs_in(cast):
    cast.alice.set_password("right-password-1")
    cast.alice.save()
    client, ip = Client(), _address()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "alice", "password": "nope"}, REMOTE_ADDR=ip)
    ok = client.post("/accounts/login/", {"username": "alice", "password": "right-password-1"}, REMOTE_ADDR=ip)
    assert ok.status_code == 302


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_address_with_a_page_in_chinese(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/hour"}
    client, ip = Client(), _address()
    for _ in range(2):
        assert client.post("/register/", {"username": ""}, REMOTE_ADDR=ip).status_code != 429
    refused = client.post("/register/", {"username": ""}, REMOTE_ADDR=ip)
    assert refused.status_code == 429
    assert "操作太频繁" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # Reading the form is not a write and stays open.
    assert client.get("/register/", REMOTE_ADDR=ip).status_code == 200


@pytest.mark.django_db
def test_api_writes_are_rate_limited_per_token_with_the_api_error_shape(cast, settings):
    from authors.models import ApiToken

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_write": "1/minute"}
    key = ApiToken.issue(cast.alice, "tool")
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    client = Client()
    first = client.post("/api/v1/posts", {"document": "{not json"}, **headers)
    assert first.status_code == 400
    second = client.post("/api/v1/posts", {"document": "{not json"}, **headers)
    assert second.status_code == 429
    body = second.json()
    assert body["error"]["code"] == "rate_limited" and "操作太频繁" in body["error"]["message"]
    # Reads have their own, larger limit.
    assert client.get("/api/v1/posts", **headers).status_code == 200


@pytest.mark.django_db
def test_an_oversized_api_request_is_refused_by_its_length_in_json(cast):
    client = Client()
    client.force_login(cast.alice)
    with override_settings(MAX_REQUEST_BYTES=1000):
        response = client.post("/api/v1/posts", {"document": "x" * 5000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


@pytest.mark.django_db
def test_an_oversized_form_post_gets_a_page_that_says_what_happened(cast):
    client = Client()
    client.force_login(cast.alice)
    with override_settings(MAX_REQUEST_BYTES=1000):
        response = client.post("/me/posts/new/", {"document": "x" * 5000})
    assert response.status_code == 413
    assert "上传内容过大" in response.content.decode()


def test_a_300_mb_upload_is_answered_before_its_body_is_sent(live_server):
    """Only the headers go out; the server must answer 413 without waiting for 300 MB."""
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(
            b"POST /api/v1/posts HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 314572800\r\n\r\n--x\r\n"
        )
        reply = b""
        while b"}}" not in reply:  # the headers and the whole JSON body, which is short
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _, body = reply.decode("utf-8", "replace").partition("\r\n\r\n")
    assert " 413 " in head.split("\r\n")[0]
    assert json.loads(body)["error"]["code"] == "request_too_large"
