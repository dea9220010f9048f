"""Issue 11 item 7: editors find any post — search and filters over every state but the author's
unsubmitted draft, state counts that are links, "my recent decisions" — and take an online post
offline from the page the search found (through the held take-offline decision)."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import PARAGRAPHS, RICE_COOKER, post_document, uploads_for
from moderation.actions import held as holding, review, submission
from moderation.lifecycle import State
from moderation.models import Decision
from tests.authors.builders import decide


@pytest.fixture
def library(cast, scored_post):
    """An online rice-cooker post, a returned headphone post (bob decided both) and an unsubmitted draft."""
    def make(title, paragraphs, seed):
        document = post_document(title=title, paragraphs=paragraphs, tags=("电饭煲",))
        return scored_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=seed), actor=cast.alice)
    online = make("新电饭煲用了一个月：煮饭煲粥与清洗的真实体验", RICE_COOKER, 3)
    decide(online, cast.bob, "approve")
    returned = make("通勤耳机实测三周：降噪、续航与佩戴的真实体验", PARAGRAPHS, 5)
    decide(returned, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    draft_doc = post_document(title="还没写完的电饭煲草稿：不要让编辑看到这一篇")
    draft = submission.submit_post(cast.alice.author, actor=cast.alice, document=draft_doc,
                                   uploads=uploads_for(draft_doc), draft=True)
    for post in (online, returned, draft):
        post.refresh_from_db()
    return online, returned, draft


def found(page: str) -> set[int]:
    return {int(n) for n in re.findall(r'<tr data-post="(\d+)"', page)}


def test_search_finds_posts_in_every_state_but_drafts(client, cast, library):
    online, returned, draft = library
    assert (online.state, returned.state) == (State.APPROVED, State.RETURNED)
    client.force_login(cast.bob)
    page = client.get(reverse("desk_search"), {"q": "电饭煲"}).content.decode()
    assert found(page) == {online.pk}  # the draft's title matches too, and is never shown
    assert found(client.get(reverse("desk_search"), {"q": str(draft.pk)}).content.decode()) == set()
    everything = client.get(reverse("desk_search")).content.decode()
    assert found(everything) == {online.pk, returned.pk}
    assert "草稿" not in re.search(r'<ul class="counts" id="state-counts">.*?</ul>', everything, re.S).group(0)


def test_state_counts_are_links_that_filter(client, cast, library):
    online, returned, _ = library
    client.force_login(cast.bob)
    page = client.get(reverse("desk_search")).content.decode()
    link = re.search(r'<a href="\?(state=returned)" data-state="returned"><span>[^<]+</span> <b>(\d+)</b>', page)
    assert link and link.group(2) == "1"
    assert found(client.get(reverse("desk_search") + "?" + link.group(1)).content.decode()) == {returned.pk}
    queue = client.get(reverse("queue")).content.decode()
    assert f'href="{reverse("desk_search")}?state=approved"' in queue


def test_my_recent_decisions(client, cast, library):
    online, returned, _ = library
    client.force_login(cast.erin)
    assert found(client.get(reverse("desk_search"), {"mine": "on"}).content.decode()) == set()
    client.force_login(cast.bob)
    page = client.get(reverse("desk_search"), {"mine": "on"}).content.decode()
    assert found(page) == {online.pk, returned.pk}
    assert page.index(f'data-post="{returned.pk}"') < page.index(f'data-post="{online.pk}"')  # latest first


def test_an_online_post_found_by_search_is_taken_offline(client, cast, library):
    online, _, _ = library
    client.force_login(cast.bob)
    page = client.get(reverse("desk_search"), {"q": "电饭煲", "state": "approved"}).content.decode()
    assert reverse("review", args=[online.pk]) in page
    screen = client.get(reverse("review", args=[online.pk])).content.decode()
    assert 'value="take_offline"' in screen
    response = client.post(reverse("decide", args=[online.pk]), {
        "outcome": "take_offline", "reasons": ["BODY_PROMO"], "message": "正文含满减促销信息，已下线。",
        "version": online.version})
    assert response.status_code == 302
    holding.apply_due_decisions(now=timezone.now() + timedelta(minutes=10))
    online.refresh_from_db()
    assert online.state == State.OFFLINE
    assert Decision.objects.filter(post=online, outcome="take_offline", editor=cast.bob).exists()
    assert found(client.get(reverse("desk_search"), {"state": "offline"}).content.decode()) == {online.pk}
