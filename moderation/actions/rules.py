"""Rule drafts (issue 14, part 1): changes to the lexicons (entries and allow entries) and thresholds
go into a draft; the live rules stay as they are until the draft is published — live, as a new
version with one-click rollback, or in shadow, where it only records would-be findings."""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..checks.engine import Wording, say
from ..audit import Verb, log_event
from ..errors import IllegalTransition, InvalidPost
from ..models import (
    BacktestPost, BacktestRun, Decision, DraftChange, LexiconEntry, RuleDraft, RuleVersion, ShadowFinding,
)
from ..models.lexicons import lexicon_choices
from .core import said, save_row


def create_draft(title: str, *, actor, thresholds: dict | None = None) -> RuleDraft:
    with transaction.atomic():
        draft = RuleDraft(title=title.strip() or RuleDraft.DEFAULT_TITLE, thresholds=thresholds or {},
                          created_by=actor if getattr(actor, "pk", None) else None)
        return save_row(draft, Verb.RULE_DRAFT_SAVE, actor=actor, title=draft.title, thresholds=draft.thresholds)


def _editable(draft: RuleDraft) -> RuleDraft:
    if draft.status != RuleDraft.Status.DRAFT:
        raise IllegalTransition("草稿已发布或放弃，不能再修改；请新建草稿。")
    return draft


def add_changes(draft: RuleDraft, rows: list[dict], *, actor) -> list[DraftChange]:
    """Add changes (an admin's edit, or the rows of a CSV import): {op, lexicon, term, canonical, note}."""
    known = {name for name, _ in lexicon_choices()}
    changes = []
    for n, row in enumerate(rows, 1):
        op, lexicon, term = row.get("op", "add").strip(), row.get("lexicon", "").strip(), row.get("term", "").strip()
        if op not in DraftChange.Op.values or lexicon not in known or not term:
            raise InvalidPost(say("第{n}行无效：操作须为 add/remove，词库须存在，词条不能为空。", n=n), field="changes")
        changes.append(DraftChange(draft=draft, op=op, lexicon=lexicon, term=term,
                                   canonical=row.get("canonical", "").strip(), note=row.get("note", "").strip()))
    with transaction.atomic():
        _editable(RuleDraft.objects.select_for_update().get(pk=draft.pk))
        DraftChange.objects.bulk_create(changes)
        log_event(actor, Verb.RULE_DRAFT_SAVE, draft, changes=[(c.op, c.lexicon, c.term) for c in changes])
    return changes


ADMIN_DRAFT_TITLE = RuleDraft.ADMIN_TITLE


def entry_changes(before: LexiconEntry | None, after: LexiconEntry) -> list[dict]:
    """The draft changes that turn the live entry ``before`` (None: a new entry) into the edited
    ``after``: a changed term, lexicon or canonical form removes the old entry and adds the new one."""
    key = (after.lexicon, after.term, after.canonical)
    moved = before is None or (before.lexicon, before.term, before.canonical) != key
    rows = []
    if before is not None and before.active and (moved or not after.active):
        rows.append({"op": "remove", "lexicon": before.lexicon, "term": before.term, "canonical": before.canonical})
    if after.active and (moved or not before.active or before.note != after.note):
        rows.append({"op": "add", "lexicon": after.lexicon, "term": after.term, "canonical": after.canonical,
                     "note": after.note})
    return rows


def draft_admin_changes(rows: list[dict], *, actor) -> RuleDraft | None:
    """Edits made in the Django admin (change form, list actions, import) go into the admin's open
    draft — one per admin until it is published — never straight into the live lexicons."""
    if not rows:
        return None
    draft = (RuleDraft.objects.filter(created_by=actor, title=ADMIN_DRAFT_TITLE, status=RuleDraft.Status.DRAFT)
             .order_by("-pk").first()) or create_draft(ADMIN_DRAFT_TITLE, actor=actor)
    add_changes(draft, rows, actor=actor)
    return draft


def set_thresholds(draft: RuleDraft, thresholds: dict, *, actor) -> RuleDraft:
    with transaction.atomic():
        draft = _editable(RuleDraft.objects.select_for_update().get(pk=draft.pk))
        draft.thresholds = {k: v for k, v in thresholds.items() if v not in (None, "")}
        return save_row(draft, Verb.RULE_DRAFT_SAVE, actor=actor, update_fields=["thresholds"],
                        thresholds=draft.thresholds)


def live_thresholds() -> dict:
    """The thresholds of the newest live version still in force ({} = the engine's defaults)."""
    version = RuleVersion.objects.filter(mode=RuleVersion.Mode.LIVE, ended_at__isnull=True).first()
    return dict(version.thresholds) if version else {}


def _save_entry(entry: LexiconEntry, actor, reason: str, **values) -> None:
    """One entry saved by a publish or a rollback: its history row names the admin and the draft."""
    for name, value in values.items():
        setattr(entry, name, value)
    entry.updated_by = actor if getattr(actor, "pk", None) else None
    entry._change_reason = reason  # simple_history's hooks: the history row's reason and user (also
    entry._history_user = entry.updated_by  # when published from a command, with no request)
    entry.save()


def _apply(change: DraftChange, actor) -> dict | None:
    """Make one change live; returns how to undo it."""
    key = {"lexicon": change.lexicon, "term": change.term, "canonical": change.canonical}
    reason = f"规则草稿 #{change.draft_id}"
    if change.op == DraftChange.Op.ADD:
        entry = LexiconEntry.objects.filter(**key).first()
        if entry is None:
            entry = LexiconEntry(**key)
            _save_entry(entry, actor, reason, note=change.note)
            return {"id": entry.pk, "active": None}
        if not entry.active or (change.note and change.note != entry.note):
            undo = {"id": entry.pk, "active": entry.active, "note": entry.note}
            _save_entry(entry, actor, reason, active=True, note=change.note or entry.note)
            return undo
        return None
    entry = LexiconEntry.objects.filter(**key, active=True).first()
    if entry is None:
        return None
    _save_entry(entry, actor, reason, active=False)
    return {"id": entry.pk, "active": True}


def publish_draft(draft: RuleDraft, *, actor, shadow: bool = False) -> RuleVersion:
    """Live: the draft's changes become the rules of the next check, as a new version that one click
    rolls back. Shadow: nothing live changes; new submissions are also checked with the draft and its
    would-be findings recorded, shown only on the rules pages."""
    with transaction.atomic():
        draft = _editable(RuleDraft.objects.select_for_update().get(pk=draft.pk))
        if shadow:
            version = RuleVersion.objects.create(draft=draft, mode=RuleVersion.Mode.SHADOW,
                                                 thresholds={**live_thresholds(), **draft.thresholds},
                                                 published_by=actor)
            draft.status = RuleDraft.Status.SHADOW
            save_row(draft, Verb.RULE_SHADOW, actor=actor, update_fields=["status"], version=version.pk)
            return version
        undo = [u for u in (_apply(c, actor) for c in draft.changes.all()) if u]
        version = RuleVersion.objects.create(draft=draft, mode=RuleVersion.Mode.LIVE, undo=undo,
                                             thresholds={**live_thresholds(), **draft.thresholds}, published_by=actor)
        RuleVersion.objects.filter(mode=RuleVersion.Mode.SHADOW, draft=draft, ended_at__isnull=True).update(
            ended_at=timezone.now())
        draft.status = RuleDraft.Status.PUBLISHED
        save_row(draft, Verb.RULE_PUBLISH, actor=actor, update_fields=["status"], version=version.pk,
                 changes=len(undo), thresholds=version.thresholds)
    return version


def stop_shadow(version: RuleVersion, *, actor) -> RuleVersion:
    """End a shadow run; its draft may be edited again (its recorded findings stay)."""
    with transaction.atomic():
        version = RuleVersion.objects.select_for_update(of=("self",)).select_related("draft").get(pk=version.pk)
        if version.mode != RuleVersion.Mode.SHADOW or version.ended_at:
            raise IllegalTransition("该影子运行已结束。")
        version.ended_at = timezone.now()
        version.draft.status = RuleDraft.Status.DRAFT
        version.draft.save(update_fields=["status"])
        return save_row(version, Verb.RULE_SHADOW_STOP, actor=actor, update_fields=["ended_at"])


def rollback_version(version: RuleVersion, *, actor, reason: str | Wording = "") -> RuleVersion:
    """Undo a live version: its entries back as they were, and the thresholds before it."""
    reason, wording = said(reason)
    with transaction.atomic():
        version = RuleVersion.objects.select_for_update().get(pk=version.pk)
        if version.mode != RuleVersion.Mode.LIVE or version.ended_at:
            raise IllegalTransition("该版本已回滚或不是正式版本。")
        for step in reversed(version.undo):
            entry = LexiconEntry.objects.get(pk=step["id"])
            _save_entry(entry, actor, f"回滚版本 v{version.pk}", active=bool(step["active"]),
                        note=step.get("note", entry.note))
        version.ended_at = timezone.now()
        return save_row(version, Verb.RULE_ROLLBACK, actor=actor, reason=reason, reason_wording=wording,
                        update_fields=["ended_at"],
                        draft=version.draft_id)


# ---- backtests and shadow results ----------------------------------------------------------------

def start_backtest(draft: RuleDraft, *, actor, days: int | None = 30, limit: int | None = None) -> BacktestRun:
    """A backtest over the posts editors decided in the last ``days`` (or the last ``limit`` of them),
    each on the revision the editor decided."""
    decisions = Decision.objects.filter(editor__isnull=False).order_by("-created_at", "-id")
    if days:
        decisions = decisions.filter(created_at__gte=timezone.now() - timedelta(days=days))
    picked: dict[int, int] = {}
    for post_id, revision_id in decisions.values_list("post_id", "revision_id").iterator():
        picked.setdefault(post_id, revision_id)
        if limit and len(picked) >= limit:
            break
    with transaction.atomic():
        run = BacktestRun.objects.create(draft=draft, days=days, limit=limit, total=len(picked),
                                         created_by=actor if getattr(actor, "pk", None) else None)
        BacktestPost.objects.bulk_create([BacktestPost(run=run, post_id=p, revision_id=r) for p, r in picked.items()],
                                         batch_size=1000)
        if not picked:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
        log_event(actor, Verb.RULE_BACKTEST, draft, run=run.pk, posts=run.total, days=days, limit=limit)
    return run


def store_backtest_post(item: BacktestPost, *, new: list, lost: list, confirmed: list) -> bool:
    """One post's result, stored once (a chunk job that runs twice stores nothing the second time)."""
    with transaction.atomic():
        if not BacktestPost.objects.filter(pk=item.pk, done=False).update(done=True, new=new, lost=lost,
                                                                          confirmed=confirmed):
            return False
        BacktestRun.objects.filter(pk=item.run_id).update(done=F("done") + 1)
        BacktestRun.objects.filter(pk=item.run_id, done__gte=F("total"), finished_at__isnull=True).update(
            finished_at=timezone.now())
    return True


def record_shadow(version: RuleVersion, revision, *, new: list, lost: list) -> None:
    """A shadow version's would-be findings on a new submission (no audit event: nothing changes for
    anyone; the rows are the record)."""
    ShadowFinding.objects.bulk_create(
        [ShadowFinding(version=version, revision=revision, rule=f["rule"], severity=f["severity"],
                       excerpt=f.get("excerpt", ""), lost=False) for f in new]
        + [ShadowFinding(version=version, revision=revision, rule=f["rule"], severity=f["severity"],
                         excerpt=f.get("excerpt", ""), lost=True) for f in lost])
