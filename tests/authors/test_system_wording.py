"""Texts the system composes and stores with a row (an auto-published post's decision message and
history note, a whitelist revoked for a violation, a senior editor's ruling in a post's history) read
in the reader's language: each is stored as its Chinese, exactly as before, beside its template and
values, and an English page says it in English (a person's own words inside stay as written)."""
from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from authors.models import Assessment, Whitelist
from builders import decide
from moderation.actions import quality, rulings, whitelist
from moderation.lifecycle import State
from moderation.models import Decision, PostEvent
from moderation.wording import say_text
from tests.moderation.test_finding_wording import CJK


def english_page(client, url) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        return client.get(url).content.decode()
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def outside_user_content(html: str) -> str:
    return re.sub(r'<span class="uc">.*?</span>', "", html)


def test_an_auto_published_post_says_why_in_the_readers_language(cast, submit, client):
    whitelist.grant_whitelist(cast.alice.author, actor=cast.dora, reason="合作作者")
    post = submit()
    assert post.state == State.APPROVED
    decision = Decision.objects.get(post=post)
    note = PostEvent.objects.get(post=post, event="auto_publish")
    assert decision.message == "白名单作者，机审无阻断问题，自动发布"  # as before
    assert note.note == "白名单作者，无阻断问题，自动发布"

    client.force_login(cast.alice)
    url = reverse("author_post", args=[post.pk])
    chinese = client.get(url).content.decode()
    assert escape(decision.message) in chinese and escape(note.note) in chinese
    english = english_page(client, url)
    said = text_of(english)
    assert "Whitelisted author and the automatic check found no blocking issue: published automatically." in said
    assert "Whitelisted author, no blocking issue: published automatically" in said
    assert decision.message not in english and note.note not in english

    api = client.get(f"/api/v1/posts/{post.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["decisions"][0]["message"] == ("Whitelisted author and the automatic check found no blocking issue: "
                                              "published automatically.")


def test_a_whitelist_revoked_for_a_violation_reads_in_english_on_the_standing_page(cast, submit, client):
    author = cast.alice.author
    whitelist.grant_whitelist(author, actor=cast.dora, reason="合作作者")
    online = submit()
    decide(online, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")
    row = Whitelist.objects.get(author=author)
    assessment = Assessment.objects.get(decision__post=online)
    assert not row.active
    assert row.revoke_reason == f"第五章2：白名单作者的文章被发现违规（文章#{online.pk}）。{assessment.reason}"

    client.force_login(cast.dora)
    url = reverse("author_standing", args=[author.pk])
    assert escape(row.revoke_reason) in client.get(url).content.decode()
    english = english_page(client, url)
    with translation.override("en"):
        ladder = say_text(assessment.wording)
    expected = f"Ch. 5.2: a post by a whitelisted author was found in violation (post #{online.pk}). {ladder}"
    assert expected.startswith("Ch. 5.2: a post by a whitelisted author was found in violation (post #")
    assert escape(expected) in text_of(english)
    section = english[english.index('id="whitelist"'):]
    section = section[:section.index("</section>")]
    assert not CJK.search(outside_user_content(section)), section


def test_a_senior_editors_ruling_reads_in_english_in_the_posts_history(cast, submit, client, settings):
    settings.DOUBLE_REVIEW_RATE = 1.0
    post = submit(title="必看！通勤耳机实测三周：降噪、续航与佩戴的真实体验,全网最低")
    assert post.state == State.IN_QUEUE
    first = decide(post, cast.bob, "reject", ["BODY_PROMO"], "正文是促销软文")
    disputed = quality.record_second_review(first.double_review, actor=cast.erin, outcome="approve", reasons=[])
    rulings.resolve_double_review(disputed, actor=cast.dora, outcome="approve", reasons=[],
                                  note="所谓促销只是提到了价格，不算软文")
    overrule = PostEvent.objects.get(post=post, event="overrule")
    assert overrule.note == (f"资深编辑改判：审核决定#{first.pk}（退稿不用）经双审裁定改为“通过”："
                             "所谓促销只是提到了价格，不算软文")  # as before

    client.force_login(cast.alice)
    url = reverse("author_post", args=[post.pk])
    assert escape(overrule.note) in client.get(url).content.decode()
    english = english_page(client, url)
    assert (f"Overruled by a senior editor: review decision #{first.pk} (Reject for good) changed to “Approve” "
            "after the double review: 所谓促销只是提到了价格，不算软文") in text_of(english)
    history = english[english.index('class="events"'):]
    history = history[:history.index("</ol>")]
    assert not CJK.search(outside_user_content(history)), history
