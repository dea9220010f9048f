"""The audit log: one row per write, whoever made it (an editor, an admin, an author, the system), in
one vocabulary (``Verb``). Written only through ``moderation.audit.log_event``, which every action,
admin save and import calls in the transaction of its write."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from authors.models import Author

from .posts import Post
from .verbs import Verb  # noqa: F401 — the audit vocabulary lives beside its log


class AuditEvent(models.Model):
    """Who did what to which row, when, with what details. ``post`` and ``author`` are set whenever
    the write concerns one, so the trail of a post or of an author is one indexed query."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")  # None: the system
    # A Verb's value. No ``choices`` on the column: adding a verb needs no migration; log_event
    # refuses anything that is not a Verb.
    verb = models.CharField("操作", max_length=32)
    target_type = models.CharField("对象类型", max_length=40)
    target_id = models.BigIntegerField("对象ID", null=True, blank=True)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events")
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events")
    data = models.JSONField("详情", default=dict, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["post", "-created_at", "-id"], name="audit_post_trail"),
            models.Index(fields=["author", "-created_at", "-id"], name="audit_author_trail"),
            models.Index(fields=["actor", "verb", "-created_at"], name="audit_actor_verb"),
            models.Index(fields=["verb", "-created_at"], name="audit_verb"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor or '系统'} {self.verb_label} {self.target_type}#{self.target_id}"

    @property
    def verb_label(self) -> str:
        return Verb(self.verb).label if self.verb in Verb.values else self.verb
