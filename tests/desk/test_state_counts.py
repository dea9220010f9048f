"""Issue 15 item 10: the desk's posts-per-state counts (the queue's and the search's) come from a counter
the database keeps — not from counting every post on each page view — and stay the exact figures after
submits, decisions, writes made outside the actions and the counter's compaction."""
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from factories import PARAGRAPHS, RICE_COOKER, post_document, uploads_for
from moderation import counts
from moderation.actions import submission
from moderation.lifecycle import State
from moderation.models import Post, PostStateCount
from tests.authors.builders import decide


def exact() -> dict[str, int]:
    return {row["state"]: row["n"] for row in Post.objects.values("state").annotate(n=Count("id"))}


def shown(page: str) -> dict[str, int]:
    return {state: int(n) for state, n in re.findall(r'data-state="(\w+)"[^>]*><span>[^<]+</span>\s*<b>(\d+)</b>', page)}


def expected(*, without=(State.DRAFT,)) -> dict[str, int]:
    truth = exact()
    return {s.value: truth.get(s.value, 0) for s in State if s not in without}


@pytest.fixture
def desk(cast, scored_post):
    """Four posts of alice's in the queue, then one approved and one returned by bob; and a draft."""
    posts = []
    for i, (title, paragraphs) in enumerate([("新电饭煲用了一个月：煮饭煲粥与清洗的真实体验", RICE_COOKER),
                                             ("通勤耳机实测三周：降噪、续航与佩戴的真实体验", PARAGRAPHS),
                                             ("电饭煲第二篇：内胆涂层与预约功能的真实体验", RICE_COOKER),
                                             ("耳机第二篇：地铁里的降噪与通话的真实体验", PARAGRAPHS)]):
        document = post_document(title=title, paragraphs=paragraphs)
        posts.append(scored_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=i + 3),
                                 actor=cast.alice))
    decide(posts[0], cast.bob, "approve")
    decide(posts[1], cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    draft = post_document(title="还没写完的电饭煲草稿：不要让编辑看到这一篇")
    submission.submit_post(cast.alice.author, actor=cast.alice, document=draft, uploads=uploads_for(draft), draft=True)
    return posts


def test_queue_and_search_show_every_states_exact_count(client, cast, desk):
    truth = exact()
    assert (truth[State.IN_QUEUE], truth[State.APPROVED], truth[State.RETURNED], truth[State.DRAFT]) == (2, 1, 1, 1)
    client.force_login(cast.bob)
    assert shown(client.get(reverse("queue")).content.decode()) == expected()
    search = client.get(reverse("desk_search")).content.decode()
    assert shown(search) == expected()
    assert re.search(r"<span>全部</span>\s*<b>(\d+)</b>", search).group(1) == "4"  # the draft is no editor's


def test_counts_follow_writes_made_outside_the_actions_and_survive_compaction(client, cast, desk):
    client.force_login(cast.bob)
    # An admin's or an operator's bulk write moves posts without going through the actions.
    assert Post.objects.filter(state=State.IN_QUEUE).update(state=State.REJECTED) == 2
    assert shown(client.get(reverse("queue")).content.decode()) == expected()
    assert expected()[State.REJECTED] == 2 and expected()[State.IN_QUEUE] == 0
    counts.compact()
    if connection.vendor == "postgresql":
        folded = list(PostStateCount.objects.values_list("state", flat=True))
        assert sorted(folded) == sorted(set(folded))  # one row a state
    assert counts.state_counts() == exact()
    assert shown(client.get(reverse("desk_search")).content.decode()) == expected()


def test_filtered_search_counts_only_the_matching_posts(client, cast, desk):
    client.force_login(cast.bob)
    page = client.get(reverse("desk_search"), {"q": "电饭煲"}).content.decode()
    in_states = shown(page)
    assert (in_states[State.APPROVED], in_states[State.IN_QUEUE], in_states[State.RETURNED]) == (1, 1, 0)
