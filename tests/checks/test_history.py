"""History-aware rules (4.2(3)): duplicates, plagiarism, off-domain posting; the in-memory history."""
import pytest

from textposts import PHONE_REVIEW, RECIPE, SKINCARE_BLURBS, context, guide, paragraphs, review, run

from moderation.checks.history import (InMemoryHistory, body_signature, lsh_band_keys, lsh_params,
                                       post_category, signature_from_bytes, signature_to_bytes)


def edited(post, *, drop_last: bool = False):
    """The same article lightly reworded: a few characters changed, maybe the last paragraph cut."""
    blocks = [dict(b) for b in post["blocks"]]
    blocks[0]["text"] = blocks[0]["text"].replace("整整两周", "两个星期").replace("主力机", "主力手机")
    if drop_last:
        blocks = blocks[:-3] + blocks[-1:]
    return {**post, "blocks": blocks}


def test_signature_is_stable_and_tolerates_formatting():
    post = review()
    spaced = {**post, "blocks": [{**b, "text": " ".join(b["text"])} if "text" in b else b for b in post["blocks"]]}
    assert body_signature(post).jaccard(body_signature(post)) == 1.0
    assert body_signature(post).jaccard(body_signature(spaced)) == 1.0


def test_signature_round_trips_through_bytes():
    signature = body_signature(review())
    data = signature_to_bytes(signature)
    assert len(data) == 528 and signature_from_bytes(data).jaccard(signature) == 1.0


def test_near_duplicates_share_a_band_key_unrelated_posts_do_not():
    a, b, c = body_signature(review()), body_signature(edited(review())), body_signature(guide())
    bands, rows = lsh_params()
    assert bands * rows <= 128 and len(lsh_band_keys(a)) == bands
    assert set(lsh_band_keys(a)) & set(lsh_band_keys(b))
    assert not set(lsh_band_keys(a)) & set(lsh_band_keys(c))


def history_with(*entries):
    history = InMemoryHistory()
    for key, author, post in entries:
        history.add(key, author, post)
    return history


@pytest.mark.parametrize("variant", [lambda p: p, edited, lambda p: edited(p, drop_last=True)])
def test_body_duplicate_same_author(variant):
    history = history_with(("post-1", "shuma_home", review()))
    post = variant(review())
    [f] = run(post, "BODY_DUPLICATE", context(post, history=history))
    assert f.severity == "block" and f.evidence["matches"][0]["post"] == "post-1"
    assert "post-1" in f.message


def test_body_plagiarism_another_author():
    history = history_with(("post-9", "charlie", review()))
    post = edited(review())
    [f] = run(post, "BODY_PLAGIARISM", context(post, history=history))
    assert f.evidence["matches"][0]["author"] == "charlie"
    assert run(post, "BODY_DUPLICATE", context(post, history=history)) == []


def test_body_duplicate_near_miss_different_article_same_author():
    history = history_with(("post-1", "shuma_home", guide()), ("post-2", "shuma_home", review(blocks=paragraphs(RECIPE))))
    post = review()
    ctx = context(post, history=history)
    assert run(post, "BODY_DUPLICATE", ctx) == [] and run(post, "BODY_PLAGIARISM", ctx) == []


def test_check_leaves_the_signature_and_category_for_the_worker():
    from moderation.checks import check_post

    post = review()
    ctx = context(post)
    check_post(post, ctx)
    assert ctx.cache["signature"].jaccard(body_signature(post)) == 1.0
    assert ctx.cache["category"] == "数码"


@pytest.mark.parametrize("post, category", [(review(), "数码"), (guide(), "美妆"),
                                            (review(blocks=paragraphs(RECIPE)), "食品")])
def test_post_category(post, category):
    assert post_category(post) == category


def makeup_post():
    return guide(author={"username": "shuma_home", "display_name": "数码之家", "category": "数码"})


def test_body_off_domain_warns_on_a_first_off_field_post():
    post = makeup_post()
    [f] = run(post, "BODY_OFF_DOMAIN")
    assert f.severity == "warn" and f.evidence["author_category"] == "数码" and f.evidence["post_category"] == "美妆"


def test_body_off_domain_blocks_over_30_percent():
    history = InMemoryHistory()
    for i in range(3):
        history.add(f"d{i}", "shuma_home", review())
    history.add("m1", "shuma_home", makeup_post())
    post = makeup_post()
    [f] = run(post, "BODY_OFF_DOMAIN", context(post, history=history))
    assert (f.severity, f.evidence["off"], f.evidence["total"]) == ("block", 2, 5)


def test_body_off_domain_under_30_percent_warns():
    history = InMemoryHistory()
    for i in range(9):
        history.add(f"d{i}", "shuma_home", review())
    post = makeup_post()
    [f] = run(post, "BODY_OFF_DOMAIN", context(post, history=history))
    assert (f.severity, f.evidence["off"], f.evidence["total"]) == ("warn", 1, 10)


@pytest.mark.parametrize("post", [review(), guide(),  # on field, or a name naming no field
                                  review(blocks=paragraphs(PHONE_REVIEW + SKINCARE_BLURBS[:1]))])
def test_body_off_domain_near_misses(post):
    assert run(post, "BODY_OFF_DOMAIN") == []


def test_in_memory_history_covers_by_hamming_distance():
    history = InMemoryHistory()
    history.add("p1", "alice", review(), cover_phash="ffd8a0c0e0f0f8fc")
    history.add("p2", "bob", guide(), cover_phash="0000000000000000")
    assert history.similar_covers("ffd8a0c0e0f0f8fd", max_distance=4) == [("p1", "alice", 1)]
    assert history.similar_covers("0123456789abcdef", max_distance=4) == []


def test_in_memory_history_replaces_a_post_added_again():
    history = InMemoryHistory()
    history.add("p1", "alice", review())
    history.add("p1", "alice", guide())
    assert history.similar_posts(body_signature(review()), threshold=0.7) == []
    assert history.author_posts_categories("alice") == ["美妆"]
