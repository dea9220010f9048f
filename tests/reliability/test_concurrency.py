"""Many at once: the same scoring job run four times at the same moment, 20 editors racing for claims,
50 authors submitting together — nothing lost, nothing duplicated, nothing stuck."""
import json
import threading

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from authors.models import ApiToken, Author
from factories import post_document, role_group, uploads_for
from moderation import jobs
from moderation.actions import review, submission
from moderation.lifecycle import State
from moderation.models import Post, PostEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_redis")]


def together(count: int, work) -> list:
    """Run work(i) in ``count`` threads released at once; the exceptions they raised."""
    barrier, errors = threading.Barrier(count), []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 — reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def submit(user, n: int) -> Post:
    document = post_document(title=f"通勤耳机实测三周的第{n}篇体验：降噪续航与佩戴", with_image=False)
    return submission.submit_post(user.author, actor=user, document=document, uploads=uploads_for(document))


def test_the_same_scoring_job_run_four_times_at_once_gives_one_result(cast):
    post = submit(cast.alice, 1)
    results = []
    assert not together(4, lambda i: results.append(jobs.score_post_job(post.pk)))
    post.refresh_from_db()
    assert post.state == State.IN_QUEUE
    assert sum(r.startswith("scored") for r in results) == 1  # the others saw it done, or in progress
    assert PostEvent.objects.filter(post=post, event="finish_scoring").count() == 1
    findings = list(post.current_revision.findings.values_list("rule", "target", "start", "end"))
    assert findings and len(findings) == len(set(findings))  # stored once
    assert jobs.score_post_job(post.pk).startswith("skipped")  # and a fifth run later changes nothing


def test_twenty_editors_racing_for_claims_never_share_a_post(cast):
    posts = [submit(cast.alice, n) for n in range(12)]
    for post in posts:
        jobs.score_post_job(post.pk)
    assert Post.objects.filter(state=State.IN_QUEUE).count() == 12
    editors = []
    for i in range(20):
        editor = User.objects.create_user(f"editor{i}")
        editor.groups.add(role_group("editor"))
        editors.append(editor)
    claims = []

    def work(i):
        while (post := review.claim_next_post(actor=editors[i])) is not None:
            claims.append((post.pk, i))

    assert not together(20, work)
    claimed = [pk for pk, _ in claims]
    assert sorted(claimed) == sorted(p.pk for p in posts)  # every post claimed, and only once
    holders = dict(Post.objects.values_list("pk", "claimed_by__username"))
    assert all(holders[pk] == f"editor{i}" for pk, i in claims)


def test_fifty_authors_submitting_at_once_lose_nothing(cast):
    import django_rq

    tokens = []
    for i in range(50):
        user = User.objects.create_user(f"writer{i}")
        user.groups.add(role_group("author"))
        Author.objects.create(user=user, display_name=f"作者{i}", category="数码")
        tokens.append(ApiToken.issue(user))
    answers = [None] * 50

    def work(i):
        document = post_document(title=f"通勤耳机实测三周：第{i}位作者的降噪与续航体验", with_image=False,
                                 username=f"writer{i}") | {"external_id": f"w{i}"}
        data = {"document": json.dumps(document, ensure_ascii=False)}
        for ref, content in uploads_for(document, seed=i).items():
            data[ref] = SimpleUploadedFile(ref.rsplit("/", 1)[-1], content, content_type="image/jpeg")
        answers[i] = Client(raise_request_exception=False).post(
            "/api/v1/posts", data, HTTP_AUTHORIZATION=f"Token {tokens[i]}")

    assert not together(50, work)
    assert [a.status_code for a in answers] == [201] * 50
    assert Post.objects.count() == 50
    assert sorted(Post.objects.values_list("external_id", flat=True)) == sorted(f"w{i}" for i in range(50))
    assert len({a.json()["id"] for a in answers}) == 50
    queue = django_rq.get_queue("scoring")
    assert queue.count == 50  # every post has its scoring job, once
    assert jobs.sweep_unscored(older_than_seconds=0) == 0  # nothing lost for the sweep to find
