"""Reads for the pages of issue 14: stage queues and who sees them, re-screen runs and their queue,
rule drafts, backtests and shadow results."""
from __future__ import annotations

from collections import Counter

from django.db.models import F, Q
from django.shortcuts import get_object_or_404

from authors.roles import is_admin

from .lifecycle import VIOLATION_OUTCOMES, State
from .models import (
    BacktestPost, Decision, EditorGroup, Finding, RescreenItem, RescreenRun, ReviewStage, RuleVersion, ShadowFinding,
    StageReview,
)


def user_groups(user):
    return EditorGroup.objects.filter(members=user)


def visible_stages(user):
    stages = ReviewStage.objects.filter(active=True).select_related("group")
    return stages if is_admin(user) else stages.filter(group__members=user)


def can_see_stage(user, stage: ReviewStage) -> bool:
    return is_admin(user) or stage.group.members.filter(pk=user.pk).exists()


def can_see_rescreen(user) -> bool:
    return is_admin(user) or user_groups(user).filter(rescreen=True).exists()


def visible_rule_queues(user) -> list[str]:
    """The rule IDs whose queues the user's groups see (admins: every rule named by a group)."""
    groups = EditorGroup.objects.all() if is_admin(user) else user_groups(user)
    return sorted({rule for rules in groups.values_list("rules", flat=True) for rule in rules})


def stage_queue(stage: ReviewStage):
    """The stage's pending reviews of posts still waiting on that revision, oldest first."""
    return (StageReview.objects.filter(stage=stage, status=StageReview.Status.PENDING,
                                       revision=F("post__current_revision"), post__state=State.IN_QUEUE)
            .select_related("post__author", "revision", "claimed_by").order_by("created_at", "id"))


def stage_counts(stages) -> dict[int, int]:
    counts = Counter(StageReview.objects.filter(stage__in=stages, status=StageReview.Status.PENDING,
                                                revision=F("post__current_revision"), post__state=State.IN_QUEUE)
                     .values_list("stage_id", flat=True))
    return dict(counts)


def stage_review_page(review_id: int) -> dict:
    review = get_object_or_404(
        StageReview.objects.select_related("stage__group", "post__author", "revision", "claimed_by"), pk=review_id)
    earlier = list(StageReview.objects.filter(revision_id=review.revision_id).exclude(pk=review.pk)
                   .select_related("stage", "editor").order_by("created_at", "id"))
    findings = list(Finding.objects.filter(revision_id=review.revision_id, dismissed_at__isnull=True).order_by("id"))
    return {"review": review, "earlier": earlier, "findings": findings}


def rescreen_runs():
    return RescreenRun.objects.select_related("created_by")[:20]


def rescreen_queue():
    """Online posts a re-screen flagged with new block findings, waiting for an editor."""
    return (RescreenItem.objects.filter(status=RescreenItem.Status.FLAGGED, post__state=State.APPROVED)
            .select_related("post__author", "revision", "run").order_by("checked_at", "id"))


def live_versions():
    return RuleVersion.objects.select_related("draft", "published_by")


SHADOW_VERSIONS_SHOWN = 10
SHADOW_POSTS_SHOWN = 10


def shadow_results(*, version: RuleVersion | None = None, rule: str | None = None) -> list[dict]:
    """Per shadow version and rule: the would-be findings recorded on new submissions (new and lost),
    the posts they were on, and the precision of the new ones estimated against what editors decided
    on those revisions (confirmed: the editor's latest decision was a violation with that rule among
    its reasons). Rules pages only: these rows reach no queue, review screen, author or penalty."""
    versions = [version] if version else list(
        RuleVersion.objects.filter(mode=RuleVersion.Mode.SHADOW).select_related("draft")[:SHADOW_VERSIONS_SHOWN])
    found = ShadowFinding.objects.filter(version__in=versions)
    if rule:
        found = found.filter(rule=rule)
    rows = list(found.order_by("-id").values("version_id", "rule", "lost", "revision_id", "revision__post_id"))
    decided = {rev: (outcome, set(reasons)) for rev, outcome, reasons in Decision.objects.filter(
        revision_id__in={r["revision_id"] for r in rows}, editor__isnull=False).order_by("created_at", "id")
        .values_list("revision_id", "outcome", "reasons")}
    by_pk = {v.pk: v for v in versions}
    table: dict[tuple, dict] = {}
    for row in rows:
        entry = table.setdefault((row["version_id"], row["rule"]), {
            "version": by_pk[row["version_id"]], "rule": row["rule"], "new": 0, "lost": 0, "posts": [],
            "decided": 0, "confirmed": 0})
        if row["lost"]:
            entry["lost"] += 1
            continue
        entry["new"] += 1
        if row["revision__post_id"] not in entry["posts"]:
            entry["posts"].append(row["revision__post_id"])
        if row["revision_id"] in decided:
            outcome, reasons = decided[row["revision_id"]]
            entry["decided"] += 1
            entry["confirmed"] += outcome in VIOLATION_OUTCOMES and row["rule"] in reasons
    for entry in table.values():
        entry["precision"] = entry["confirmed"] / entry["decided"] if entry["decided"] else None
        entry["post_count"], entry["posts"] = len(entry["posts"]), entry["posts"][:SHADOW_POSTS_SHOWN]
    return sorted(table.values(), key=lambda e: (-e["version"].pk, e["rule"]))


def backtest_samples(run, limit: int = 20):
    return (BacktestPost.objects.filter(run=run, done=True).exclude(Q(new=[]) & Q(lost=[]))
            .select_related("post", "revision")[:limit])
