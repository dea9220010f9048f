"""Rollups the dashboard reads (rebuilt by RQ jobs, never counted per page view) and the notices
sent to authors. Rollup rows are derived data: a job may delete and rebuild any of them."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from authors.models import Author

from . import stats


class DeskDay(models.Model):
    """The whole desk on one day (Asia/Shanghai)."""

    day = models.DateField(unique=True)
    inbound = models.PositiveIntegerField(default=0, help_text="posts submitted or resubmitted for review")
    decided = models.PositiveIntegerField(default=0, help_text="editors' decisions (not auto-publish)")
    outcomes = models.JSONField(default=dict, help_text="{outcome: count}, auto-publish included")
    # Submit→decision times of the day's editor decisions, as counts per stats.TIME_BUCKETS bucket.
    decision_hist = models.JSONField(default=list)
    appeals_decided = models.PositiveIntegerField(default=0)
    appeals_upheld = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]


class EditorDay(models.Model):
    """One editor on one day."""

    day = models.DateField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decisions = models.PositiveIntegerField(default=0)
    active_hours = models.PositiveIntegerField(default=0, help_text="clock hours with at least one decision")
    overturned_appeal = models.PositiveIntegerField(default=0, help_text="their decisions reversed on appeal that day")
    overturned_qc = models.PositiveIntegerField(default=0, help_text="their decisions a senior editor overruled")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "editor"]
        constraints = [models.UniqueConstraint(fields=["day", "editor"], name="editor_day_unique")]

    @property
    def handle_hist(self) -> list[int]:
        return [getattr(self, name) for name in HANDLE_BUCKETS]


# Claim→decision seconds as counts per stats.TIME_BUCKETS bucket, one column each (h00…h25), so the
# database sums any number of days per editor in one GROUP BY instead of the page merging JSON rows.
HANDLE_BUCKETS = tuple(f"h{i:02d}" for i in range(len(stats.TIME_BUCKETS) + 1))
for _name in HANDLE_BUCKETS:
    EditorDay.add_to_class(_name, models.PositiveIntegerField(default=0))


class RuleWeek(models.Model):
    """One rule in one week (starting Monday, Asia/Shanghai), counted per editor decision on the
    revision the editor saw: the rule was shown (it had a finding), used (it was among the reasons),
    dismissed (every finding of it marked a false alarm and not a reason), ignored (shown, neither
    used nor dismissed); missed: a reason with no finding of that rule behind it."""

    week = models.DateField()
    rule = models.CharField(max_length=40)
    shown = models.PositiveIntegerField(default=0)
    used = models.PositiveIntegerField(default=0)
    dismissed = models.PositiveIntegerField(default=0)
    ignored = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    examples = models.JSONField(default=dict, help_text="{'dismissed'|'missed'|'used': [post IDs]}, newest first")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week", "rule"]
        constraints = [models.UniqueConstraint(fields=["week", "rule"], name="rule_week_unique")]


class QueueSnapshot(models.Model):
    """The queue as the last rollup job saw it (one row): waiting posts and the oldest one."""

    waiting = models.PositiveIntegerField(default=0)
    oldest_queued_at = models.DateTimeField(null=True, blank=True)
    late = models.PositiveIntegerField(default=0, help_text="waiting longer than REVIEW_TARGET_HOURS")
    taken_at = models.DateTimeField()


class Notice(models.Model):
    """A message to an author, shown in their inbox and e-mailed. ``key`` names the event it is
    about (e.g. ``decision:42``), so a job that runs twice finds it and sends nothing more."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("审核结果")
        PENALTY = "penalty", _("处罚")
        APPEAL = "appeal", _("申诉结果")
        LATE_REVIEW = "late_review", _("审核延迟")
        FIX_BY = "fix_by", _("修改期限提醒")
        CLOSED = "closed", _("逾期关闭")

    key = models.CharField(max_length=80, unique=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    post = models.ForeignKey("moderation.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "-created_at"], name="notice_author_recent")]
        verbose_name = verbose_name_plural = _("作者通知")

    def __str__(self):
        return f"{self.author} · {self.subject}"


# ---- reviewer quality control ----------------------------------------------------------------

OUTCOME_CHOICES = [("approve", "通过"), ("return", "退回修改"), ("reject", "退稿不用")]


class GoldPost(models.Model):
    """A decided post an admin marked as a known answer: its expected outcome and reasons."""

    source = models.OneToOneField("moderation.Post", on_delete=models.CASCADE, related_name="gold")
    expected_outcome = models.CharField(_("应有结论"), max_length=14, choices=OUTCOME_CHOICES)
    expected_reasons = models.JSONField(_("应有原因"), default=list)
    note = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "金标准"), pgettext_lazy("plural", "金标准")


class GoldCheck(models.Model):
    """One gold post served blind: a copy waits in the queue like any post; once an editor decides
    it, the decision is compared with the expected one. The editor sees the result only after."""

    gold = models.ForeignKey(GoldPost, on_delete=models.CASCADE, related_name="checks")
    copy = models.OneToOneField("moderation.Post", on_delete=models.CASCADE, related_name="gold_check")
    decision = models.OneToOneField("moderation.Decision", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="gold_check")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    matched = models.BooleanField(null=True)
    mismatch = models.JSONField(default=dict, help_text="{'outcome': [expected, given], 'missing': [...], 'extra': [...]}")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)


class DoubleReview(models.Model):
    """A decision drawn for a second, blind review by another editor; a disagreement goes to a
    senior editor, whose verdict says whether the first decision was overruled."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("待复核")
        AGREED = "agreed", _("一致")
        DISPUTED = "disputed", _("待资深编辑裁定")
        RESOLVED = "resolved", _("已裁定")

    decision = models.OneToOneField("moderation.Decision", on_delete=models.CASCADE, related_name="double_review")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    second_editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    second_outcome = models.CharField(max_length=14, blank=True, choices=OUTCOME_CHOICES)
    second_reasons = models.JSONField(default=list)
    second_at = models.DateTimeField(null=True, blank=True)
    senior = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    senior_outcome = models.CharField(max_length=14, blank=True, choices=OUTCOME_CHOICES)
    senior_note = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_overruled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "双人复核"), pgettext_lazy("plural", "双人复核")
        ordering = ["created_at", "id"]
