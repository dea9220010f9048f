"""Decisions inside their undo window (issue 11): an editor's decision is held here for
settings.DECISION_UNDO_SECONDS before it is applied. While held, nothing has happened to the post or
its author (no Decision row, no penalty, no notice): the deciding editor may undo it; at the end of
the window moderation.actions.held.apply_due_decisions applies it through decide_post (or
decide_stage, for a review stage's decision)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .posts import Decision, Post

__all__ = ["HeldDecision"]


class HeldDecision(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "待生效（可撤销）"
        APPLIED = "applied", "已生效"
        UNDONE = "undone", "已撤销"
        FAILED = "failed", "未能生效"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="held_decisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=14)
    reasons = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    serious = models.BooleanField(default=False)
    override = models.TextField("越过阻断发现的理由", blank=True)
    version = models.PositiveIntegerField()
    consequence = models.TextField("预览的处理后果", blank=True)
    applied_consequence = models.TextField("生效时的处理后果", blank=True)
    batch = models.CharField("批量操作编号", max_length=32, blank=True, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.HELD)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    stage_review = models.ForeignKey("moderation.StageReview", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="held_decisions")  # a review stage's decision (issue 14)
    decision = models.OneToOneField("moderation.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="held")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["post"], condition=models.Q(status="held"),
                                               name="one_held_decision_per_post")]
        indexes = [models.Index(fields=["status", "due_at"], name="held_due")]
        verbose_name, verbose_name_plural = pgettext_lazy("model", "待生效的决定"), pgettext_lazy("plural", "待生效的决定")

    @property
    def outcome_label(self) -> str:
        return Decision.Outcome(self.outcome).label

    def __str__(self):
        return f"#{self.post_id} {self.outcome} ({self.get_status_display()})"
