"""Pages: who may see what, and the editor's path through the web (test client)."""
import pytest
from django.urls import reverse
from django.utils import timezone

from factories import post_document, uploads_for
from moderation.actions.held import apply_due_decisions, undo_window
from moderation.lifecycle import State
from moderation.models import Post


@pytest.fixture
def alice_post(cast, scored_post):
    document = post_document(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    return scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)


def test_each_role_lands_on_its_own_page(client, cast):
    for user, target in ((cast.alice, "my_posts"), (cast.bob, "queue"), (cast.dora, "queue")):
        client.force_login(user)
        assert client.get("/").url == reverse(target)


def test_anonymous_visitors_are_sent_to_login(client, alice_post):
    for url in (reverse("queue"), reverse("review", args=[alice_post.pk]), reverse("my_posts"),
                reverse("author_post", args=[alice_post.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_author_cannot_open_another_authors_post(client, cast, alice_post):
    client.force_login(cast.charlie)
    image = alice_post.current_revision.images.first()
    for url in (reverse("author_post", args=[alice_post.pk]), reverse("edit_post", args=[alice_post.pk]),
                reverse("image", args=[image.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("edit_post", args=[alice_post.pk]), {"title": "x"}).status_code == 404


def test_authors_cannot_reach_the_desk(client, cast, alice_post):
    client.force_login(cast.alice)
    assert client.get(reverse("queue")).status_code == 403
    assert client.get(reverse("review", args=[alice_post.pk])).status_code == 403
    response = client.post(reverse("decide", args=[alice_post.pk]), {"outcome": "approve", "version": 1})
    assert response.status_code == 403
    assert Post.objects.get(pk=alice_post.pk).state == State.IN_QUEUE


def test_the_author_sees_her_post_and_its_image(client, cast, alice_post):
    client.force_login(cast.alice)
    page = client.get(reverse("author_post", args=[alice_post.pk]))
    assert page.status_code == 200 and "待审核" in page.content.decode()
    image = alice_post.current_revision.images.first()
    assert client.get(reverse("image", args=[image.pk])).status_code == 200


def test_queue_shows_the_post_with_its_findings(client, cast, alice_post, django_assert_max_num_queries):
    client.force_login(cast.bob)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("queue")).content.decode()
    assert alice_post.current_revision.title in html and "BODY_COMPETITOR" in html


def test_claiming_a_post_and_a_second_editor_is_told_who_holds_it(client, cast, alice_post):
    client.force_login(cast.bob)
    html = client.post(reverse("claim", args=[alice_post.pk]), follow=True).content.decode()
    assert '<mark class="hl sev-block"' in html and ">淘宝</mark>" in html and 'id="btn-approve"' in html
    client.force_login(cast.erin)
    html = client.get(reverse("review", args=[alice_post.pk])).content.decode()
    assert "正由编辑 bob 审核中" in html and 'id="btn-approve"' not in html


def test_editor_returns_a_post_with_reasons_and_the_author_reads_them(client, cast, alice_post):
    client.force_login(cast.bob)
    client.post(reverse("claim", args=[alice_post.pk]))
    alice_post.refresh_from_db()
    response = client.post(reverse("decide", args=[alice_post.pk]), {
        "outcome": "return", "reasons": ["BODY_COMPETITOR"], "message": "请删除其他电商平台的名称",
        "version": alice_post.version,
    })
    assert response.status_code == 302
    apply_due_decisions(now=timezone.now() + undo_window())  # issue 11: applied when the undo window ends
    client.force_login(cast.alice)
    html = client.get(reverse("author_post", args=[alice_post.pk])).content.decode()
    assert "退回修改" in html and "请删除其他电商平台的名称" in html and "BODY_COMPETITOR" in html
    assert ">淘宝</mark>" in html


def test_a_stale_decision_through_the_web_is_refused_with_a_message(client, cast, alice_post):
    client.force_login(cast.bob)
    client.post(reverse("claim", args=[alice_post.pk]))
    response = client.post(reverse("decide", args=[alice_post.pk]), {
        "outcome": "approve", "version": alice_post.version - 1}, follow=True)
    assert "已发生变化" in response.content.decode()
    assert Post.objects.get(pk=alice_post.pk).state == State.IN_QUEUE


def test_wrong_methods_are_refused(client, cast, alice_post):
    client.force_login(cast.bob)
    assert client.get(reverse("decide", args=[alice_post.pk])).status_code == 405
    assert client.get(reverse("next_post")).status_code == 405


def editor_post(document, files):
    """What the post editor's JavaScript sends: the document JSON and one file field per new image."""
    import json
    from io import BytesIO

    data = {"document": json.dumps(document, ensure_ascii=False), "action": "submit"}
    for ref, content in files.items():
        upload = BytesIO(content)
        upload.name = ref.rsplit("/", 1)[-1]
        data[f"file:{ref}"] = upload
    return data


def test_the_author_submits_through_the_web_editor(client, cast, scoring_queue):
    client.force_login(cast.alice)
    document = post_document()
    response = client.post(reverse("new_post"), editor_post(document, uploads_for(document)))
    post = Post.objects.get(author=cast.alice.author)
    assert response.status_code == 302 and response.url == reverse("author_post", args=[post.pk])
    assert post.state == State.SUBMITTED
    assert [b["type"] for b in post.current_revision.blocks][:2] == ["paragraph", "image"]


def test_a_draft_is_saved_and_edited_without_re_uploading_its_images(client, cast, scoring_queue):
    client.force_login(cast.alice)
    document = post_document()
    client.post(reverse("new_post"), {**editor_post(document, uploads_for(document)), "action": "draft"})
    post = Post.objects.get(author=cast.alice.author)
    assert post.state == State.DRAFT
    document["title"] = "通勤耳机实测三周：降噪续航与佩戴体验（修订）"
    response = client.post(reverse("edit_post", args=[post.pk]), editor_post(document, {}))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == State.SUBMITTED and post.revisions.count() == 2
    assert post.current_revision.images.count() == 2


def test_self_check_shows_findings_on_the_unsaved_draft(client, cast):
    client.force_login(cast.alice)
    document = post_document(title="京东美妆7周年庆,超级大满减力度太大!")
    html = client.post(reverse("self_check"), editor_post(document, {})).content.decode()
    assert "TITLE_PROMO" in html and '<mark class="hl sev-block"' in html
    from moderation.models import Finding

    assert not Post.objects.exists() and not Finding.objects.exists()


def test_a_broken_image_upload_gets_a_clear_error_and_nothing_is_saved(client, cast):
    client.force_login(cast.alice)
    document = post_document()
    files = {**uploads_for(document), "images/cover.jpg": b"this is not a picture"}
    response = client.post(reverse("new_post"), editor_post(document, files))
    assert response.status_code == 400 and "cover.jpg" in response.content.decode()
    assert not Post.objects.exists()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_and_review_query_counts_do_not_grow_with_rows(client, cast, scored_post):
    def add_posts(n, start):
        for i in range(n):
            document = post_document(title=f"淘宝同款耳机实测第{start + i}篇：降噪续航都不错的通勤之选")
            scored_post(cast.alice.author, document=document, uploads=uploads_for(document, i), actor=cast.alice)

    client.force_login(cast.bob)
    add_posts(2, 0)
    few = _count_queries(client, reverse("queue"))
    add_posts(6, 2)
    many = _count_queries(client, reverse("queue"))
    assert few == many
    assert _count_queries(client, reverse("queue") + "?rule=BODY_COMPETITOR&kind=review") == many
    post = Post.objects.order_by("pk").first()
    review = _count_queries(client, reverse("review", args=[post.pk]))
    assert review <= 40
