"""Idempotent writes: a retried submission never makes a second post — by external_id (a unique
constraint per author) or by an Idempotency-Key header (the first answer kept a day) — even when
the database connection drops mid-request and the client retries."""
import json
import threading
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from authors.models import ApiToken
from factories import post_document, uploads_for
from moderation.models import Post

pytestmark = pytest.mark.usefixtures("private_redis")


def multipart(document):
    data = {"document": json.dumps(document, ensure_ascii=False)}
    for ref, content in uploads_for(document).items():
        data[ref] = SimpleUploadedFile(ref.rsplit("/", 1)[-1], content, content_type="image/jpeg")
    return data


def submit(client, token, document, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/posts", multipart(document), **headers)


@pytest.fixture
def token(cast):
    return ApiToken.issue(cast.alice)


def test_a_retry_with_the_same_external_id_answers_with_the_existing_post(client, cast, token):
    document = post_document(with_image=False) | {"external_id": "blog-2026-0042"}
    first = submit(client, token, document)
    again = submit(client, token, document)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert Post.objects.filter(author=cast.alice.author).count() == 1
    # another author may use the same external_id
    other = submit(client, ApiToken.issue(cast.charlie), document | {"author": {"username": "charlie"}})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_an_idempotency_key_replays_the_first_answer_and_refuses_another_request(client, cast, token):
    document = post_document(with_image=False)
    first = submit(client, token, document, key="k-1")
    again = submit(client, token, document, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert Post.objects.count() == 1

    changed = submit(client, token, document | {"title": "通勤耳机实测四周：降噪、续航与佩戴的真实体验"}, key="k-1")
    assert changed.status_code == 422
    assert changed["Content-Type"].startswith("application/json")
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert Post.objects.count() == 1

    assert submit(client, token, document, key="k-2").status_code == 201  # a new key is a new request
    assert Post.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_racing_retries_with_one_key_make_one_post(cast):
    token = ApiToken.issue(cast.alice)
    document = post_document(with_image=False)
    barrier, answers = threading.Barrier(5), []

    def retry():
        try:
            barrier.wait()
            answers.append(submit(Client(raise_request_exception=False), token, document, key="same-key"))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Post.objects.count() == 1
    assert {a.status_code for a in answers} == {201}
    assert {a.json()["id"] for a in answers} == {Post.objects.get().pk}


@pytest.mark.django_db(transaction=True)
def test_dropped_database_connections_never_leave_a_ghost_duplicate(cast):
    """pg_terminate_backend on every busy connection of the test database (15 of them, 0.2 s apart)
    while three clients submit 12 posts and retry each failure with the same Idempotency-Key and
    external_id."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL")
    import psycopg

    token = ApiToken.issue(cast.alice)
    params = connection.get_connection_params()
    stop, killed, failures = threading.Event(), [0], []

    def killer():
        with psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")},
                             autocommit=True) as admin:
            while killed[0] < 15 and not stop.wait(0.2):
                row = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'").fetchone()
                killed[0] += row[0]

    def client_loop(n):
        client = Client(raise_request_exception=False)
        try:
            for i in range(4):
                document = post_document(with_image=False) | {"external_id": f"c{n}-{i}"}
                key = str(uuid.uuid4())
                for _ in range(50):
                    try:
                        answer = submit(client, token, document, key=key)
                    except Exception:  # noqa: BLE001 — the connection dropped: retry, like a tool would
                        answer = None
                    if answer is not None and answer.status_code in (200, 201):
                        break
                    # What Django's request handler does between requests (the test client skips it):
                    # a connection the killer broke is closed, so the next request reconnects.
                    connection.close_if_unusable_or_obsolete()
                    time.sleep(0.2)  # back off like a tool does; the killer runs for about 3 s
                else:
                    failures.append(document["external_id"])
        finally:
            connection.close()

    thread_killer = threading.Thread(target=killer)
    thread_killer.start()
    clients = [threading.Thread(target=client_loop, args=(n,)) for n in range(3)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    stop.set()
    thread_killer.join()
    connection.close()

    assert not failures
    ids = list(Post.objects.values_list("external_id", flat=True))
    assert sorted(ids) == sorted(f"c{n}-{i}" for n in range(3) for i in range(4))  # none lost, none twice
    assert killed[0] > 0  # the faults really happened
