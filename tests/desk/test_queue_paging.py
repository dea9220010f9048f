"""Issue 15 item 10: the queue's pager walks the queue order from the last (or first) post shown, so a deep
page costs what the first does — and shows exactly the posts that paging by position would, in the same
order, risk then age, with ties and never-queued posts in their place."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.models import Post
from moderation.queries import QueueCursor
from moderation.selectors import queue_page
from tests.authors.builders import at, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(cast):
    """Fourteen waiting posts: blocks 0-2, warnings 0-2, equal waiting times, and one never queued."""
    now = timezone.now()
    shapes = [(2, 0, 5), (2, 0, 5), (2, 1, 3), (1, 2, 9), (1, 2, 9), (1, 2, 1), (1, 0, 4), (1, 0, None),
              (0, 2, 7), (0, 1, 2), (0, 0, 8), (0, 0, 8), (0, 0, 6), (0, 0, 1)]
    for block, warn, hours in shapes:
        post = make_post(cast.alice.author, submitted_at=at(4))
        Post.objects.filter(pk=post.pk).update(block_count=block, warn_count=warn,
                                               queued_at=None if hours is None else now - timedelta(hours=hours))
    return [p.pk for p in queue_page(size=100)[0]]


def test_the_first_page_is_the_queue_order(queue):
    rows = list(Post.objects.filter(pk__in=queue))
    key = {p.pk: (-p.block_count, -p.warn_count, p.queued_at is None, p.queued_at or timezone.now(), p.pk) for p in rows}
    assert queue == sorted(queue, key=key.get) and len(queue) == 14
    assert Post.objects.get(pk=queue[7]).queued_at is None  # never queued: last of its risk


@pytest.mark.parametrize("size", [1, 3, 4])
def test_paging_forward_and_back_from_the_posts_shown_matches_paging_by_position(queue, size):
    pages, has_next = [queue_page(size=size)[0]], True
    while has_next:
        rows, has_next = queue_page(size=size, after=QueueCursor.of(pages[-1][-1]))
        pages.append(rows)
    assert [p.pk for page in pages for p in page] == queue
    assert [[p.pk for p in page] for page in pages] == [[p.pk for p in queue_page(size=size, page=n)[0]]
                                                        for n in range(1, len(pages) + 1)]
    for n in range(len(pages) - 1, 0, -1):  # and back again, each page before the first post of the next
        rows, has_next = queue_page(size=size, before=QueueCursor.of(pages[n][0]))
        assert [p.pk for p in rows] == [p.pk for p in pages[n - 1]] and has_next


def test_a_cursor_is_written_and_read_back_exactly(queue):
    for post in Post.objects.filter(pk__in=queue):
        cursor = QueueCursor.of(post)
        assert QueueCursor.parse(str(cursor)) == cursor
    for forged in ["", "1.2.3", "1.2.x.4", "1.2.3.4.5", "².0.1.2", "-1.0.1.2"]:
        assert QueueCursor.parse(forged) is None


def shown(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr class="[^"]*" data-post="(\d+)"', page)]


def follow(client, page: str, rel: str) -> str | None:
    link = re.search(rf'href="\?([^"]*)" rel="{rel}"', page)
    return link and client.get(reverse("queue") + "?" + link.group(1).replace("&amp;", "&")).content.decode()


def test_the_pagers_links_lead_through_the_queue_and_back(client, cast, queue):
    for i in range(100):  # 114 posts: three pages of 50
        post = make_post(cast.alice.author, submitted_at=at(4))
        Post.objects.filter(pk=post.pk).update(queued_at=timezone.now() - timedelta(minutes=i))
    everything = [p.pk for p in queue_page(size=200)[0]]
    client.force_login(cast.bob)
    pages = [client.get(reverse("queue")).content.decode()]
    while (following := follow(client, pages[-1], "next")) is not None:
        pages.append(following)
    assert [shown(page) for page in pages] == [everything[:50], everything[50:100], everything[100:]]
    assert "第 3 页" in pages[2]
    back = follow(client, pages[2], "prev")
    assert shown(back) == everything[50:100] and "第 2 页" in back and "before=" in re.search(
        r'href="[^"]*" rel="prev"', pages[2]).group(0)
    assert shown(follow(client, back, "prev")) == everything[:50]
    assert client.get(reverse("queue"), {"after": "not-a-place", "page": "abc"}).status_code == 200


def test_a_page_after_or_before_any_post_costs_the_same_number_of_queries(client, cast, queue):
    """Wherever the page falls (ties of risk and age, a never-queued post, near either end), the posts
    after or before it are found in one query: the query count of a page with posts is constant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.bob)
    counts = set()
    for post in Post.objects.filter(pk__in=queue):
        for rel in ("after", "before"):
            with CaptureQueriesContext(connection) as ctx:
                page = client.get(reverse("queue"), {rel: str(QueueCursor.of(post)), "page": 2}).content.decode()
            if shown(page):  # past either end the page is empty, and reads less
                counts.add(len(ctx.captured_queries))
    assert len(counts) == 1, counts


def test_a_page_number_typed_past_the_limit_opens_the_furthest_page_it_may_and_says_so(client, cast, queue):
    """A page asked for by number alone skips the posts before it, so at a million waiting posts a typed
    page 5000 would skip 250,000: numbers alone go to page 20, the editor is told why and how to go on."""
    from moderation.selectors import QUEUE_MAX_TYPED_PAGE

    client.force_login(cast.bob)
    page = client.get(reverse("queue"), {"page": 5000}).content.decode()
    assert f"第 5000 页无法直接打开：按页码最多打开到第 {QUEUE_MAX_TYPED_PAGE} 页" in page
    assert f"第 {QUEUE_MAX_TYPED_PAGE} 页" in page and 'rel="prev"' in page
    english = client.get(reverse("queue"), {"page": 5000}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Page 5000 cannot be opened directly: a page number alone goes up to page {QUEUE_MAX_TYPED_PAGE}" in english
    within = client.get(reverse("queue"), {"page": 1}).content.decode()
    assert "无法直接打开" not in within and shown(within) == queue
    # with the pager's place, the page number is only its label: no cap
    after = client.get(reverse("queue"), {"page": 5000, "after": str(QueueCursor.of(Post.objects.get(pk=queue[3])))})
    assert shown(after.content.decode()) == queue[4:] and "第 5000 页" in after.content.decode()
