"""The history indexes in the database: duplicates, plagiarism and reused covers through the real
pipeline (real Redis, real RQ worker), the indexed lookups themselves, and the rebuild command."""
import io

import pytest
from django.core.management import call_command

from factories import photo_jpeg, post_document, uploads_for
from moderation.checks import RULES, AuthorInfo, CheckContext
from moderation.checks.history import signature_from_bytes, text_signature
from moderation.history_index import DatabaseHistory, cover_probe_keys, index_revision, post_key
from moderation.models import CoverHash, CoverHashBand, PostSignature, SignatureBand
from moderation.actions import submission

RICE_COOKER = [
    "家里的老电饭煲用了八年，内胆涂层开始脱落，这次换了一台四升的球釜电饭煲。外观是哑光白色，"
    "机身不大，放在橱柜角落刚好。面板只有三个实体按键和一个旋钮，老人用起来也不会迷糊。",
    "煮饭是最重要的。我分别用东北大米、泰国香米和糙米各煮了三次，米饭颗粒分明，底部不会糊，"
    "香米的味道保留得很好。糙米模式需要泡米五十分钟，整体用时偏长，但口感比普通模式软糯不少。",
    "预约功能很实用，晚上把米和水放好，设定早上七点开饭，起床就能喝上热粥。保温十二小时后米饭"
    "稍微有点干，但没有异味。内胆有刻度线，加水不用再凭感觉，清洗时涂层很顺滑，不粘米粒。",
    "不足的地方也说一下：开盖的按钮有点紧，单手按需要用些力气；蒸汽阀的小盖子要拆下来洗，"
    "装回去的时候卡扣不太好对准。总体来看，这台电饭煲适合三到五口之家，日常煮饭煮粥都够用。",
]


def submit(user, capture, *, seed=1, **doc_kwargs):
    document = post_document(**doc_kwargs)
    with capture(execute=True):
        return submission.submit_post(user.author, document=document, uploads=uploads_for(document, seed=seed),
                                    actor=user)


def findings(post, rule):
    post.refresh_from_db()
    return list(post.current_revision.findings.filter(rule=rule))


@pytest.fixture
def pipeline(cast, scoring_queue, run_worker, django_capture_on_commit_callbacks):
    """pipeline(user, **document) submits a post and lets the real worker score it."""
    def go(user, **kwargs):
        post = submit(user, django_capture_on_commit_callbacks, **kwargs)
        run_worker()
        return post
    return go


# ---- through the real pipeline -------------------------------------------------------------

def test_the_same_article_twice_from_one_author_is_a_duplicate(cast, pipeline):
    first = pipeline(cast.alice)
    second = pipeline(cast.alice, title="再写一次通勤耳机：降噪、续航和佩戴的三周体验")
    assert findings(first, "BODY_DUPLICATE") == []
    [duplicate] = findings(second, "BODY_DUPLICATE")
    assert duplicate.severity == "block" and post_key(first.pk) in duplicate.message
    assert duplicate.evidence["matches"][0]["post"] == post_key(first.pk)
    assert findings(second, "BODY_PLAGIARISM") == []


def test_the_same_article_from_another_author_is_plagiarism(cast, pipeline):
    original = pipeline(cast.alice)
    copy = pipeline(cast.charlie)
    [plagiarism] = findings(copy, "BODY_PLAGIARISM")
    assert plagiarism.evidence["matches"][0] == {"post": post_key(original.pk), "author": "alice",
                                                 "similarity": plagiarism.evidence["matches"][0]["similarity"]}
    assert plagiarism.evidence["matches"][0]["similarity"] >= 0.7
    assert findings(copy, "BODY_DUPLICATE") == []


def test_a_different_article_by_the_same_author_is_no_duplicate(cast, pipeline):
    pipeline(cast.alice)
    other = pipeline(cast.alice, title="四升球釜电饭煲一个月体验：煮饭、预约与清洗", paragraphs=RICE_COOKER, seed=40)
    assert findings(other, "BODY_DUPLICATE") == [] and findings(other, "BODY_PLAGIARISM") == []


def test_an_edited_post_is_not_a_duplicate_of_its_own_earlier_revision(
        cast, pipeline, run_worker, django_capture_on_commit_callbacks):
    post = pipeline(cast.alice)
    document = post_document(title="通勤耳机实测三周：降噪续航与佩戴的真实体验分享")
    with django_capture_on_commit_callbacks(execute=True):
        submission.edit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)
    run_worker()
    post.refresh_from_db()
    assert post.revisions.count() == 2
    assert {f.rule for f in post.current_revision.findings.all()}.isdisjoint(
        {"BODY_DUPLICATE", "BODY_PLAGIARISM", "IMAGE_COVER_REUSED"})
    assert PostSignature.objects.filter(post=post).count() == 2  # every scored revision stays indexed


def test_a_cover_used_before_is_reused(cast, pipeline):
    if not any("IMAGE_COVER_REUSED" in r.rule_ids for r in RULES):
        pytest.skip("the image checks do not register IMAGE_COVER_REUSED yet")
    first = pipeline(cast.alice, seed=1)
    again = pipeline(cast.charlie, title="四升球釜电饭煲一个月体验：煮饭、预约与清洗", paragraphs=RICE_COOKER, seed=1)
    fresh = pipeline(cast.charlie, title="四升球釜电饭煲一个月体验：煮饭、预约与清洗", paragraphs=RICE_COOKER, seed=70)
    [reused] = findings(again, "IMAGE_COVER_REUSED")
    assert reused.target == "cover" and post_key(first.pk) in reused.message
    assert findings(fresh, "IMAGE_COVER_REUSED") == []


# ---- rebuild ------------------------------------------------------------------------------

def snapshot():
    signatures = sorted(
        (s.revision_id, s.post_id, s.author_id, bytes(s.signature) if s.signature is not None else None, s.category,
         tuple(sorted(s.bands.values_list("band_key", flat=True))))
        for s in PostSignature.objects.all())
    covers = sorted((c.revision_id, c.post_id, c.author_id, c.phash, tuple(sorted(c.bands.values_list("band_key", flat=True))))
                    for c in CoverHash.objects.all())
    return signatures, covers


def test_rebuilding_twice_gives_the_rows_scoring_wrote(cast, pipeline):
    pipeline(cast.alice)
    pipeline(cast.charlie, title="四升球釜电饭煲一个月体验：煮饭、预约与清洗", paragraphs=RICE_COOKER, seed=40)
    scored = snapshot()
    assert len(scored[0]) == 2 and all(row[5] for row in scored[0])

    PostSignature.objects.all().delete()
    CoverHash.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_history_index", stdout=out)
    assert out.getvalue().startswith("indexed 2 revision(s)")
    assert snapshot() == scored
    call_command("rebuild_history_index", stdout=io.StringIO())
    assert snapshot() == scored


# ---- the indexed lookups ------------------------------------------------------------------

def _phash(bits: int) -> str:
    return f"{bits:016x}"


BASE = 0x9F3A_5C61_E08B_27D4


def indexed(user, capture, *, paragraphs=None, phash=None, category=None, post=None):
    """Index a revision directly (no worker): a new post of ``user``, or a new revision of ``post``."""
    document = post_document(paragraphs=paragraphs)
    if post is None:
        post = submit(user, capture, **({"paragraphs": paragraphs} if paragraphs else {}))
    else:
        with capture(execute=True):
            submission.edit_post(post, document=document, uploads=uploads_for(document), actor=user)
    revision = post.current_revision
    ctx = CheckContext(author=AuthorInfo(user.username))
    if phash:
        ctx.cache["cover_phash"] = phash
    if category is not None:
        ctx.cache["category"] = category
    index_revision(post, revision, ctx)
    return post


def test_covers_are_found_up_to_the_distance_and_no_further(
        cast, scoring_queue, django_capture_on_commit_callbacks, django_assert_num_queries):
    near = {d: indexed(cast.charlie, django_capture_on_commit_callbacks, phash=_phash(BASE ^ ((1 << d) - 1)))
            for d in (0, 5, 10, 11, 14)}
    with django_assert_num_queries(2):  # the probes, verified from the band index; then the matches' posts
        found = DatabaseHistory().similar_covers(_phash(BASE), max_distance=10)
    assert found == [(post_key(near[d].pk), "charlie", d) for d in (0, 5, 10)]
    spread = indexed(cast.charlie, django_capture_on_commit_callbacks, phash=_phash(BASE ^ 0x0003_0003_0003_0001))
    assert (post_key(spread.pk), "charlie", 7) in DatabaseHistory().similar_covers(_phash(BASE), max_distance=10)


def test_a_check_never_sees_its_own_post(cast, scoring_queue, django_capture_on_commit_callbacks):
    post = indexed(cast.alice, django_capture_on_commit_callbacks, phash=_phash(BASE))
    indexed(cast.alice, django_capture_on_commit_callbacks, phash=_phash(BASE), post=post)  # revision 2
    signature = text_signature("".join(post_document()["blocks"][0]["text"]))
    own = DatabaseHistory(exclude_post_id=post.pk)
    assert own.similar_covers(_phash(BASE), max_distance=10) == []
    assert own.similar_posts(signature, threshold=0.1) == []
    assert DatabaseHistory().similar_covers(_phash(BASE), max_distance=10) == [(post_key(post.pk), "alice", 0)]


def test_similar_posts_verifies_candidates_and_answers_one_match_per_post(
        cast, scoring_queue, django_capture_on_commit_callbacks, django_assert_num_queries):
    earphones = indexed(cast.alice, django_capture_on_commit_callbacks)
    indexed(cast.alice, django_capture_on_commit_callbacks, post=earphones)  # the same body again
    indexed(cast.charlie, django_capture_on_commit_callbacks, paragraphs=RICE_COOKER)
    stored = PostSignature.objects.filter(post=earphones).first()
    with django_assert_num_queries(2):  # band keys → candidate ids; the candidates' signatures
        found = DatabaseHistory().similar_posts(signature_from_bytes(bytes(stored.signature)), threshold=0.7)
    assert found == [(post_key(earphones.pk), "alice", 1.0)]
    with django_assert_num_queries(1):
        assert DatabaseHistory().similar_posts(text_signature("完全不同的一段文字，讲的是周末去爬山的见闻。"),
                                               threshold=0.7) == []


def test_a_body_too_short_to_compare_keeps_its_category_but_no_bands(
        cast, scoring_queue, django_capture_on_commit_callbacks):
    post = indexed(cast.alice, django_capture_on_commit_callbacks, paragraphs=["很短的一段正文。"], category="数码")
    row = PostSignature.objects.get(post=post)
    assert row.signature is None and row.category == "数码" and not SignatureBand.objects.filter(signature=row).exists()


def test_the_categories_of_earlier_posts_come_from_their_latest_revisions(
        cast, scoring_queue, django_capture_on_commit_callbacks):
    edited = indexed(cast.alice, django_capture_on_commit_callbacks, category="美妆")
    indexed(cast.alice, django_capture_on_commit_callbacks, category="数码", post=edited)
    indexed(cast.alice, django_capture_on_commit_callbacks, category="家电")
    current = indexed(cast.alice, django_capture_on_commit_callbacks, category="美食")
    indexed(cast.charlie, django_capture_on_commit_callbacks, category="美妆")
    assert sorted(DatabaseHistory(exclude_post_id=current.pk).author_posts_categories("alice")) == ["家电", "数码"]


def test_reindexing_a_revision_replaces_its_rows(cast, scoring_queue, django_capture_on_commit_callbacks):
    post = indexed(cast.alice, django_capture_on_commit_callbacks, phash=_phash(BASE))
    ctx = CheckContext(author=AuthorInfo("alice"))
    ctx.cache["cover_phash"] = _phash(BASE ^ 1)
    index_revision(post, post.current_revision, ctx)
    assert list(CoverHash.objects.values_list("phash", flat=True)) == [_phash(BASE ^ 1)]
    assert list(CoverHashBand.objects.values_list("phash", flat=True).distinct()) == [_phash(BASE ^ 1)]
    assert CoverHashBand.objects.count() == 4 and PostSignature.objects.count() == 1
    assert SignatureBand.objects.count() == 25


def test_probing_covers_every_band_value_within_two_bits():
    keys = cover_probe_keys(_phash(BASE), 10)
    assert len(keys) == len(set(keys)) == 4 * (1 + 16 + 120)
    assert "0:9f3a" in keys and "0:9f3b" in keys and "3:27d7" in keys and "0:9f3d" not in keys
    assert len(cover_probe_keys(_phash(BASE), 3)) == 4


def test_a_stored_cover_is_hashed_as_the_image_check_hashes_it(cast, pipeline):
    from moderation.checks.phash import cover_phash
    from moderation.history_index import stored_cover_phash

    post = pipeline(cast.alice, seed=3)
    revision = post.current_revision
    assert stored_cover_phash(revision) == cover_phash(photo_jpeg(3))
    if CoverHash.objects.filter(revision=revision).exists():  # the image checks ran in the worker
        assert CoverHash.objects.get(revision=revision).phash == stored_cover_phash(revision)
    revision.images.get(ref=revision.cover).file.storage.delete(revision.images.get(ref=revision.cover).file.name)
    assert stored_cover_phash(revision) is None  # a lost file: no cover row, as the check would do
