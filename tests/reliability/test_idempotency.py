"""Idempotent writes: a retried submission never makes a second post — by external_id (a unique
constraint per author) or by an Idempotency-Key header (the first answer kept a day) — even when
the database connection drops mid-request and the client retries."""
import itertools
import json
import threading
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


class DropBeforeStatement:
    """Fault injection for one client thread, as a Django execute wrapper on its connection: before
    statement number ``at`` of the next try, another connection terminates this connection's backend
    (pg_terminate_backend, waiting until the backend is gone: PostgreSQL 14+), so the statement meets a dropped
    connection. Placed by count, not by time, the drop lands where it is meant to however loaded the
    machine is."""

    def __init__(self, admin, lock):
        self.admin, self.lock = admin, lock
        self.at, self.seen, self.dropped = None, 0, []

    def arm(self, at: int) -> None:
        self.at, self.seen = at, 0

    def disarm(self) -> bool:
        """Whether the armed drop happened."""
        fired, self.at = self.at is None, None
        return fired

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.at:
            pid = context["connection"].connection.info.backend_pid
            with self.lock:  # one admin connection for the three clients
                gone = self.admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]
            self.dropped.append((self.at, sql, gone))
            self.at = None
        return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
def test_dropped_database_connections_never_leave_a_ghost_duplicate(cast):
    """Three clients submit posts and retry each failure with the same Idempotency-Key and external_id;
    the first try of each post has its database connection dropped before its 1st statement, the next
    post's before its 2nd, and so on through every statement of the request (reading the token, the
    post written, the stored answer written, before COMMIT), until a try ends before its drop."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL")
    import psycopg

    token = ApiToken.issue(cast.alice)
    params = connection.get_connection_params()
    admin = psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")},
                            autocommit=True)
    positions, lock = itertools.count(1), threading.Lock()
    submitted, first_tries, missed, drops, failures = [], [], [], [], []

    def submit_until_answered(client, document, key, drop) -> tuple[bool, bool]:
        """(answered, whether the first try had its connection dropped)."""
        dropped = False
        for attempt in range(5):
            try:
                answer = submit(client, token, document, key=key)
            except Exception:  # noqa: BLE001 — the connection dropped: retry, like a tool would
                answer = None
            ok = answer is not None and answer.status_code in (200, 201)
            if attempt == 0:
                dropped = drop.disarm()
                first_tries.append((dropped, ok))
            if ok:
                return True, dropped
            # What Django's request handler does between requests (the test client skips it):
            # a connection the drop broke is closed, so the next request reconnects.
            connection.close_if_unusable_or_obsolete()
        return False, dropped

    def client_loop(n):
        client, drop = Client(raise_request_exception=False), DropBeforeStatement(admin, lock)
        try:
            with connection.execute_wrapper(drop):
                for i in itertools.count():
                    with lock:
                        at = next(positions)
                    document = post_document(with_image=False) | {"external_id": f"c{n}-{i}"}
                    submitted.append(document["external_id"])
                    drop.arm(at)
                    answered, dropped = submit_until_answered(client, document, str(uuid.uuid4()), drop)
                    if not answered:
                        failures.append(document["external_id"])
                    if not dropped:
                        missed.append(at)  # the request ended before statement ``at``: this client is done
                        break
        finally:
            drops.extend(drop.dropped)
            connection.close()

    clients = [threading.Thread(target=client_loop, args=(n,)) for n in range(3)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    admin.close()
    connection.close()

    assert not failures
    ids = list(Post.objects.values_list("external_id", flat=True))
    assert sorted(ids) == sorted(submitted)  # none lost, none twice
    # The faults really happened, where they were meant to: a drop before every statement of the
    # request in turn, each one failing the try it was in.
    assert sorted(at for at, _, gone in drops if gone) == list(range(1, min(missed)))
    assert all(not ok for fired, ok in first_tries if fired)
    dropped_sql = [sql for _, sql, _ in drops]
    assert any(sql.startswith('INSERT INTO "moderation_post"') for sql in dropped_sql)
    assert any(sql.startswith('INSERT INTO "moderation_idempotentrequest"') for sql in dropped_sql)
