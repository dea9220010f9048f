"""The desk as scripts/desk.sh serves it: gunicorn (reviewdesk/gunicorn.py, threads keeping their
database connections) in front of the test database, a real RQ worker behind it, real HTTP between."""
from __future__ import annotations

import concurrent.futures as cf
import json
import subprocess
import sys
import uuid
from http.client import HTTPConnection

import pytest

from authors.models import ApiToken
from factories import post_document, uploads_for
from faults import ROOT, _free_port, wait_until
from moderation.models import Post, Revision

pytestmark = pytest.mark.django_db(transaction=True)


def multipart(document: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="document"\r\n'
             f"Content-Type: application/json\r\n\r\n".encode() + json.dumps(document, ensure_ascii=False).encode()]
    for ref, content in uploads_for(document).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{ref}"; filename="{ref.rsplit("/", 1)[-1]}"'
                     f"\r\nContent-Type: image/jpeg\r\n\r\n".encode() + content)
    return b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


@pytest.fixture
def gunicorn(workers):
    """gunicorn with the desk's own config, on the test database and the private Redis."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "reviewdesk.wsgi", "--config", "python:reviewdesk.gunicorn",
                             "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=workers.env,
                            stdout=workers.log, stderr=subprocess.STDOUT, start_new_session=True)

    def up():
        try:
            return request(port, "GET", "/accounts/login/")[0] == 200
        except OSError:
            return False

    try:
        assert wait_until(up, timeout=60, step=0.2), workers.output()
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_gunicorn_serves_the_desk_and_concurrent_submissions_are_scored(cast, gunicorn, workers):
    workers.start()
    token = ApiToken.issue(cast.alice)
    status, page = request(gunicorn, "GET", "/accounts/login/")
    assert status == 200 and b"csrfmiddlewaretoken" in page

    def submit(i):
        document = post_document(title=f"通勤耳机实测三周：第{i}篇的降噪与续航体验") | {"external_id": f"g{i}"}
        body, content_type = multipart(document)
        return request(gunicorn, "POST", "/api/v1/posts", body,
                       {"Authorization": f"Token {token}", "Content-Type": content_type})

    with cf.ThreadPoolExecutor(8) as pool:  # more clients than the server's 4 threads
        answers = list(pool.map(submit, range(12)))
    assert [status for status, _ in answers] == [201] * 12, answers[0][1][:300]
    ids = {json.loads(data)["id"] for _, data in answers}
    assert set(Post.objects.filter(author=cast.alice.author).values_list("pk", flat=True)) == ids
    scored = wait_until(lambda: Revision.objects.filter(post_id__in=ids, scored_at__isnull=False).count() == 12,
                        timeout=120)
    assert scored, workers.output()
    assert request(gunicorn, "GET", "/api/v1/posts", headers={"Authorization": "Token wrong"})[0] == 401
