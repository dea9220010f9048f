"""Posts under review. Nothing is overwritten: every submitted version is a Revision, every state
change a PostEvent, every editor's verdict a Decision."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.utils.translation import pgettext

from authors.models import Author

from .. import lifecycle
from ..lifecycle import STATE_LABELS_ZH, State
from ..postformat import KIND_LABELS_ZH
from ..rulebook import RULES_BY_ID


def state_label(state: str) -> str:
    """A post state's name in the reader's language. The context "post state" keeps the states apart
    from the outcomes that share their Chinese: as a state 退回修改 reads "Returned for revision", as
    an editor's outcome "Return for revision"."""
    return pgettext("post state", STATE_LABELS_ZH[State(state)])


class Post(models.Model):
    # The kinds of the post format (postformat.KIND_LABELS_ZH, the one definition).
    Kind = models.TextChoices("Kind", [(k.upper(), (k, _(label))) for k, label in KIND_LABELS_ZH.items()])

    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=[(s.value, STATE_LABELS_ZH[s]) for s in State], db_index=True)
    external_id = models.CharField(max_length=64, blank=True)
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resubmissions_used = models.PositiveSmallIntegerField(default=0)
    # Risk of the current revision, denormalised for the queue's ORDER BY (block first, then warn, then age).
    block_count = models.PositiveIntegerField(default=0)
    warn_count = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="claimed_posts"
    )
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change; a decision carries the version the editor saw (stale decisions refused).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name, verbose_name_plural = _("文章"), pgettext_lazy("plural", "文章")
        indexes = [
            models.Index(fields=["state", "-block_count", "-warn_count", "queued_at", "id"], name="post_queue_order"),
            models.Index(fields=["author", "-created_at"], name="post_author_recent"),
            # The posts about to miss the review target, oldest version first (insights.selectors.about_to_miss).
            models.Index(fields=["current_revision"], condition=models.Q(state="in_queue"), name="post_waiting_revision"),
        ]
        # A tool retrying a submission gets the post it already made (issue 15: idempotent writes).
        constraints = [
            models.UniqueConstraint(
                fields=["author", "external_id"], condition=~models.Q(external_id=""), name="post_external_id_unique"
            ),
        ]
        permissions = [("review_post", "可以审核文章")]

    def __str__(self):
        return f"#{self.pk} {self.current_revision.title if self.current_revision_id else ''}"

    @property
    def state_label(self):
        return state_label(self.state)

    @property
    def resubmission_limit(self) -> int:
        """4.2(3): how many times a returned post may be resubmitted (lifecycle.MAX_RESUBMISSIONS)."""
        return lifecycle.MAX_RESUBMISSIONS

    @property
    def resubmissions_left(self):
        return lifecycle.resubmissions_left(self.resubmissions_used)


class PostStateCount(models.Model):
    """Posts per state, kept by the database (issue 15): on PostgreSQL, triggers on the post table add a
    row of changes for every statement that inserts, moves or deletes posts (a truncate empties this
    table); the count of a state is the sum of its rows. Rows are only ever added, so writers never wait
    on each other; ``moderation.counts.compact`` folds them into one row a state now and then."""

    state = models.CharField(max_length=12)
    n = models.IntegerField()

    def __str__(self):
        return f"{self.state} {self.n:+d}"


class Revision(models.Model):
    """One submitted version of a post, immutable once written."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)  # copied out of the document for search
    document = models.JSONField(help_text="the whole reviewdesk.post/1 document as submitted")
    content_hash = models.CharField(max_length=64, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    score_attempts = models.PositiveIntegerField(default=0)
    scoring_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="revision_number_unique")]
        ordering = ["post", "number"]

    def __str__(self):
        return f"{self.post_id} r{self.number}"

    @property
    def cover(self) -> str:
        return self.document.get("cover", "")

    @property
    def tags(self) -> list[str]:
        return self.document.get("tags", [])

    @property
    def blocks(self) -> list[dict]:
        return self.document.get("blocks", [])


def revision_image_path(instance, filename):
    return f"posts/{instance.revision.post_id}/r{instance.revision.number}/{filename}"


class RevisionImage(models.Model):
    """An uploaded image of a revision, re-encoded on upload; ``ref`` is its path in the document."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="images")
    ref = models.CharField(max_length=255)
    file = models.FileField(upload_to=revision_image_path, max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "ref"], name="revision_image_ref_unique")]


class Finding(models.Model):
    """What the automated checks found on one revision."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=40, db_index=True)
    severity = models.CharField(max_length=5, db_index=True)
    target = models.CharField(max_length=40)
    start = models.IntegerField(null=True, blank=True)
    end = models.IntegerField(null=True, blank=True)
    excerpt = models.TextField(blank=True)
    normalized = models.TextField(blank=True)
    message = models.TextField()
    clause = models.CharField(max_length=40, blank=True)
    evidence = models.JSONField(null=True, blank=True)
    # The message as the engine's Wording (Chinese template and values), said in the reader's
    # language by moderation.wording; null on rows stored before it existed (``message`` is shown).
    wording = models.JSONField(null=True, blank=True)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name, verbose_name_plural = _("发现"), pgettext_lazy("plural", "发现")
        ordering = ["revision", "id"]
        indexes = [models.Index(fields=["revision", "rule", "severity"], name="finding_revision_rule")]

    @property
    def spec(self):
        return RULES_BY_ID.get(self.rule)

    def as_engine_dict(self):
        data = {k: getattr(self, k) for k in ("rule", "severity", "target", "message", "clause")}
        for k in ("start", "end", "excerpt", "normalized", "evidence"):
            if getattr(self, k) not in (None, ""):
                data[k] = getattr(self, k)
        return data


class Decision(models.Model):
    # The values and labels of moderation.lifecycle.Outcome (the one definition).
    Outcome = models.TextChoices("Outcome", [(o.name, (o.value, lifecycle.OUTCOME_LABELS_ZH[o]))
                                             for o in lifecycle.Outcome])

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="decisions")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="decisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=14, choices=Outcome.choices)
    reasons = models.JSONField(default=list, help_text="rule IDs")
    message = models.TextField(blank=True)
    # A message the system wrote (auto-publish) as its Chinese template and values, said in the reader's
    # language (moderation.wording); null for an editor's own message (shown as written) and older rows.
    wording = models.JSONField(null=True, blank=True)
    serious = models.BooleanField("情节严重", default=False, help_text="5.4-IV.6: a serious violation escalates to Level 2")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = _("审核决定"), pgettext_lazy("plural", "审核决定")
        ordering = ["-created_at", "-id"]
        # The insights rollups and the notices job read decisions by day (a range of created_at).
        indexes = [models.Index(fields=["created_at"], name="decision_created")]

    @property
    def is_violation(self) -> bool:
        """第五章 4: a confirmed reject (return, reject, take offline): it may carry a penalty and be appealed."""
        return self.outcome in lifecycle.VIOLATION_OUTCOMES


class PostEvent(models.Model):
    """A post's lifecycle history as its author sees it: every state change (and the refused
    resubmissions), with who and when. Written with the audit event of the same action; the verbs are
    the audit log's (Verb)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="events")
    event = models.CharField(max_length=20)  # a Verb's value (no choices: adding a verb needs no migration)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    # A note the system composed as its Chinese template and values (people's own words inside it are
    # quoted values); null where the note is a person's own text, and on older rows.
    wording = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        # The day's inbound count (submit, resubmit) and the closures the notices job tells.
        indexes = [models.Index(fields=["event", "created_at"], name="postevent_event_created")]


class RefusedSubmission(models.Model):
    """A resubmission that was refused (unchanged, or over the limit): recorded for the penalty engine."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="refused_submissions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    unchanged = models.BooleanField()
    content_hash = models.CharField(max_length=64)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = _("重复提交记录"), pgettext_lazy("plural", "重复提交记录")


class ViolationRecord(models.Model):
    """第四章 1(2): with every reject the editor records the post's title, ID and author."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="violations")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="violation")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="violations")
    reasons = models.JSONField(default=list)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = _("违规记录"), pgettext_lazy("plural", "违规记录")


class MessageTemplate(models.Model):
    """A reusable message to authors, picked in the decision panel."""

    title = models.CharField("标题", max_length=60)
    body = models.TextField("内容")
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["title"]
        verbose_name, verbose_name_plural = pgettext_lazy("model", "留言模板"), pgettext_lazy("plural", "留言模板")

    def __str__(self):
        return self.title


class IdempotentRequest(models.Model):
    """An API POST made with an ``Idempotency-Key`` header, kept a day with its answer: the same key
    again gets the same answer (nothing is written twice); the same key with another request is refused."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # sha256 of the method, path, document and images
    status = models.PositiveSmallIntegerField()
    response = models.TextField()  # the JSON answer as sent (a JSONField would reorder its keys)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "key"], name="idempotent_request_key_unique")]
