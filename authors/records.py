"""The Django side of authors' standing: rows in, facts out. Loads an author's history as
authors.standing's plain data, asks the pure ladder what it means and returns its answer; the actions
(moderation.actions) store what comes back. Reads only: this module never imports the actions.

Each question an action asks is one call here (``posting_right``, ``reject_outcome``,
``decision_consequence``, ``unchanged_resubmission_outcome``, ``auto_publish_allowed``), so a post's
way from submission to decision to penalty calls into this app once per step."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from moderation.lifecycle import VIOLATION_OUTCOMES, State
from moderation.models import Decision, Post, PostEvent, RefusedSubmission

from moderation.checks.engine import Wording, say

from . import standing
from .models import AccountLink, Author, IdentityMarker, Penalty

_DECIDED_FAILED = {State.RETURNED, State.REJECTED, State.OFFLINE, State.CLOSED}  # closed: returned, then expired


# ---- the author's history as plain data -------------------------------------------------------

def standing_decision(d: Decision) -> standing.Decision:
    # ``serious`` (5.4-IV.6) is read when the Decision model carries the editor's mark.
    return standing.Decision(d.post_id, d.created_at, d.outcome, tuple(d.reasons),
                             serious=bool(getattr(d, "serious", False)), id=d.pk)


def counted_decisions(author: Author):
    """The author's decisions that count: those not reversed on appeal, oldest first."""
    return (Decision.objects.filter(post__author=author)
            .exclude(assessment__overturned_at__isnull=False).order_by("created_at", "id"))


def submissions_by_author(authors=None) -> dict[int, list[standing.Submission]]:
    """Every submitted post (of these authors, or of all), for the week it was first submitted in; a
    post with a counted violation decision failed whatever its state now (第五章 1). One query."""
    first_submit = (PostEvent.objects.filter(post=OuterRef("pk"), event="submit")
                    .values("post").annotate(at=Min("created_at")).values("at"))
    violated = (Decision.objects.filter(post=OuterRef("pk"), outcome__in=list(VIOLATION_OUTCOMES))
                .exclude(assessment__overturned_at__isnull=False))
    posts = Post.objects.exclude(state=State.DRAFT)
    if authors is not None:
        posts = posts.filter(author__in=authors)
    out: dict[int, list[standing.Submission]] = defaultdict(list)
    for author_id, submitted, created, state, failed, pk in (
            posts.annotate(submitted_at=first_submit, violated=Exists(violated))
            .values_list("author_id", "submitted_at", "created_at", "state", "violated", "pk")):
        out[author_id].append(standing.Submission(pk, submitted or created, _result(state), failed))
    return out


def submissions(author: Author) -> list[standing.Submission]:
    return submissions_by_author([author]).get(author.pk, [])


def _result(state: str) -> standing.Result:
    if state == State.APPROVED:
        return standing.Result.APPROVED
    return standing.Result.REJECTED if state in _DECIDED_FAILED else standing.Result.PENDING


def author_record(author: Author, *, exclude_decision_id=None, exclude_refusal_id=None,
                  with_submissions: bool = False) -> standing.AuthorRecord:
    """The author's history before the event being assessed (that event's rows left out)."""
    decisions = counted_decisions(author).exclude(pk=exclude_decision_id)
    refusals = RefusedSubmission.objects.filter(post__author=author, unchanged=True).exclude(pk=exclude_refusal_id)
    return standing.AuthorRecord(
        decisions=[standing_decision(d) for d in decisions],
        penalties=[p.as_standing() for p in Penalty.objects.filter(author=author)],
        unchanged_resubmissions=[standing.UnchangedResubmission(r.post_id, r.created_at, r.pk)
                                 for r in refusals.order_by("created_at", "id")],
        submissions=submissions(author) if with_submissions else (),
    )


def active_penalties(author: Author | None = None, now: datetime | None = None):
    """Bans in force (of one author, or of everyone), as a query."""
    qs = Penalty.objects.filter(Penalty.active_q(now or timezone.now()))
    return qs.filter(author=author) if author is not None else qs


def posting_right(author: Author, now: datetime | None = None) -> standing.PostingRight:
    penalties = [p.as_standing() for p in Penalty.objects.filter(author=author, overturned_at__isnull=True)]
    return standing.can_post(standing.AuthorRecord(penalties=penalties), now or timezone.now())


def has_active_level2(author_id: int, now: datetime | None = None) -> bool:
    return active_penalties(now=now).filter(author_id=author_id, level=Penalty.Level.LEVEL_2).exists()


def is_whitelisted(author: Author) -> bool:
    return Author.objects.filter(pk=author.pk, whitelist__active=True).exists()


# ---- linked accounts --------------------------------------------------------------------------

SAME_MARKER = {  # why two accounts are linked, as wordings (said in the reader's language)
    IdentityMarker.Kind.PHONE: say("相同手机号"),
    IdentityMarker.Kind.EMAIL: say("相同电子邮箱"),
    IdentityMarker.Kind.ID_NUMBER: say("相同身份证号"),
}


def linked_authors(author: Author) -> dict[int, list[Wording]]:
    """Accounts linked to ``author``, directly or through others: {author_id: [why, ...]}. Accounts
    sharing an identity marker's hash are linked; so are accounts an admin linked by hand (the
    admin's reason quoted as written)."""
    why: dict[int, list[Wording]] = {}
    seen, frontier = {author.pk}, [author.pk]
    while frontier:
        mine = IdentityMarker.objects.filter(author_id__in=frontier).values_list("value_hash", flat=True)
        found = [(m.author_id, SAME_MARKER[m.kind]) for m in
                 IdentityMarker.objects.filter(value_hash__in=list(mine)).exclude(author_id__in=seen)]
        for link in AccountLink.objects.filter(Q(author_id__in=frontier) | Q(other_id__in=frontier)):
            other = link.other_id if link.author_id in frontier else link.author_id
            if other not in seen:
                found.append((other, say("管理员关联：{reason}", reason=link.reason)))
        frontier = []
        for other, reason in found:
            why.setdefault(other, [])
            if reason not in why[other]:
                why[other].append(reason)
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return why


def banned_identity(hashes: list[str], now: datetime | None = None) -> bool:
    """Whether any of these marker hashes belongs to an account under an active Level 2 ban."""
    owners = set(IdentityMarker.objects.filter(value_hash__in=hashes).values_list("author_id", flat=True))
    return any(has_active_level2(owner, now) for owner in owners)


# ---- the questions the actions ask -------------------------------------------------------------

def reject_outcome(decision: Decision) -> standing.PenaltyOutcome:
    """第五章 4: what a confirmed reject brings, given the author's history before it."""
    record = author_record(decision.post.author, exclude_decision_id=decision.pk)
    return standing.consequence(record, decision.outcome, decision.reasons, decision.created_at,
                                post_id=decision.post_id, serious=decision.serious).outcome


def decision_consequence(post: Post, outcome: str, reasons, *, serious: bool = False,
                         now: datetime | None = None) -> standing.Consequence:
    """What deciding ``outcome`` on ``post`` now would do to its author: the desk's preview, and the
    sentence the decision action records (the same ``standing.consequence`` as ``reject_outcome``)."""
    return standing.consequence(author_record(post.author), outcome, reasons, now or timezone.now(),
                                post_id=post.pk, serious=serious)


def unchanged_resubmission_outcome(author: Author, refusal: RefusedSubmission) -> standing.PenaltyOutcome:
    """4.2(3) and 5.4-I.5: what an unchanged resubmission brings."""
    record = author_record(author, exclude_refusal_id=refusal.pk)
    return standing.penalty_for_unchanged_resubmission(record, refusal.created_at, post_id=refusal.post_id)


def auto_publish_allowed(author: Author, findings) -> bool:
    """第五章 1: a whitelisted author's post goes online at once unless a check found a block."""
    if any(getattr(f, "severity", None) == "block" for f in findings):
        return False
    return is_whitelisted(author) and posting_right(author).allowed
