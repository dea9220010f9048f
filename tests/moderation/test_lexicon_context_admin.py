"""Context exceptions ("not a hit in this context") are lexicon rows like any other: an admin adds one
in the lexicon admin, it waits in a rule draft, and once the draft is published the change is in its
history and the very next check uses it."""
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from factories import PARAGRAPHS, post_document
from moderation import scoring
from moderation.models import LexiconEntry, RuleDraft

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checks"))
from realtext import sentence  # noqa: E402

ROOM_FENG_SHUI = sentence("neg:3760")[0]  # a real hotel review: 房间的格局在风水中属败相


@pytest.fixture
def dora_staff(cast):
    cast.dora.is_staff = True
    cast.dora.save()
    return cast.dora


def sensitive_excerpts(author, text: str) -> list[str]:
    _, found = scoring.self_check(author, post_document(paragraphs=PARAGRAPHS[:3] + [text]))
    return [f.excerpt for f in found if f.rule == "BODY_SENSITIVE"]


def test_an_admin_adds_a_context_exception_and_the_next_check_after_publishing_uses_it(cast, dora_staff, client):
    assert sensitive_excerpts(cast.alice.author, ROOM_FENG_SHUI) == ["风水"]
    client.force_login(dora_staff)
    response = client.post(reverse("admin:moderation_lexiconentry_add"), {
        "lexicon": "sensitive_allow", "term": "格局", "canonical": "风水", "note": "房间格局的说法", "active": "on"})
    assert response.status_code == 302
    assert not LexiconEntry.objects.filter(lexicon="sensitive_allow", term="格局").exists()
    assert sensitive_excerpts(cast.alice.author, ROOM_FENG_SHUI) == ["风水"]
    draft = RuleDraft.objects.get(created_by=dora_staff)
    client.post(reverse("manage_draft", args=[draft.pk]), {"action": "publish"})
    entry = LexiconEntry.objects.get(lexicon="sensitive_allow", term="格局")
    assert entry.history.count() == 1
    assert sensitive_excerpts(cast.alice.author, ROOM_FENG_SHUI) == []
    assert sensitive_excerpts(cast.alice.author, "风水大师说这串手链能招财，戴上以后财运明显变好。") == ["风水"]
