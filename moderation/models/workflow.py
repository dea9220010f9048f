"""Issue 14: editor groups and review stages, back-catalogue re-screens, and rule drafts with their
backtests, shadow runs and published versions. Written only by moderation.actions (stages, rescreen,
rules)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .posts import Post, Revision

__all__ = [
    "BacktestPost", "BacktestRun", "DraftChange", "EditorGroup", "RescreenItem", "RescreenRun", "ReviewStage",
    "RuleDraft", "RuleVersion", "ShadowFinding", "StageReview",
]


class EditorGroup(models.Model):
    """Editors who share queues (合规, 品牌 …). A stage's queue, a rule group's queue and the re-screen
    queue show only to the groups they name (and to admins)."""

    name = models.CharField("名称", max_length=40, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="editor_groups",
                                     verbose_name="成员")
    rules = models.JSONField("规则组队列", default=list, blank=True,
                             help_text="本组可见的按规则分组的队列：规则编号列表")
    rescreen = models.BooleanField("可处理存量复核队列", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name, verbose_name_plural = pgettext_lazy("model", "编辑组"), pgettext_lazy("plural", "编辑组")

    def __str__(self):
        return self.name


class ReviewStage(models.Model):
    """A stage after the first review: posts matching any of its conditions need its group's approval
    too, in ``order``. Empty conditions match nothing."""

    name = models.CharField("名称", max_length=40)
    order = models.PositiveSmallIntegerField("顺序", default=1)
    group = models.ForeignKey(EditorGroup, on_delete=models.PROTECT, related_name="stages", verbose_name="审核组")
    rules = models.JSONField("规则组", default=list, blank=True, help_text="有这些规则的发现（未标记误报）时需要本阶段")
    kinds = models.JSONField("文章类型", default=list, blank=True)
    new_author_below = models.PositiveSmallIntegerField(
        "新作者：通过文章少于", default=0, help_text="作者已通过的文章少于此数时需要本阶段；0 为不按作者")
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name, verbose_name_plural = pgettext_lazy("model", "审核阶段"), pgettext_lazy("plural", "审核阶段")

    def __str__(self):
        return self.name


class StageReview(models.Model):
    """One stage's review of one revision: its own claim and decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "通过"
        RETURNED = "return", "退回修改"
        REJECTED = "reject", "退稿不用"
        SUPERSEDED = "superseded", "已失效"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="stage_reviews")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="stage_reviews")
    stage = models.ForeignKey(ReviewStage, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    reasons = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "分阶段审核"), pgettext_lazy("plural", "分阶段审核")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["revision", "status"], name="stage_review_revision"),
                   models.Index(fields=["stage", "status", "created_at"], name="stage_review_queue")]
        constraints = [models.UniqueConstraint(fields=["revision", "stage"], name="stage_review_once")]

    @property
    def stage_name(self) -> str:
        return self.stage.name if self.stage_id else "初审"


class ProgressRun(models.Model):
    """A job-run over many posts with a progress bar (re-screens, backtests)."""

    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


class RescreenRun(ProgressRun):
    """A re-screen of online posts with the current rules (存量复核)."""

    class Status(models.TextChoices):
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"

    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    flagged = models.PositiveIntegerField(default=0)
    lexicon_version = models.CharField(max_length=40, blank=True)

    class Meta(ProgressRun.Meta):
        verbose_name, verbose_name_plural = pgettext_lazy("model", "复核批次"), pgettext_lazy("plural", "复核批次")


class RescreenItem(models.Model):
    """One post of a re-screen. ``checks`` counts how often its check ran to completion (once, even
    when a job runs twice or a killed worker's chunk is resumed)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待复核"
        RUNNING = "running", "复核中"
        CLEAN = "clean", "无新问题"
        FLAGGED = "flagged", "有新阻断问题"
        KEPT = "kept", "保持在线"
        TAKEN_OFFLINE = "offline", "已下线"

    run = models.ForeignKey(RescreenRun, on_delete=models.CASCADE, related_name="items")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="rescreen_items")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    checks = models.PositiveSmallIntegerField(default=0)
    new_blocks = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["run", "post"], name="rescreen_item_once")]


class RuleDraft(models.Model):
    """Changes to the lexicons (entries and allow entries) and thresholds that are not live yet."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SHADOW = "shadow", "影子运行中"
        PUBLISHED = "published", "已发布"
        DISCARDED = "discarded", "已放弃"

    # The titles the desk gives a draft itself (none typed; the Django admin's lexicon edits), said in
    # the reader's language where they are shown; any other title is the admin's own words.
    DEFAULT_TITLE = "规则草稿"
    ADMIN_TITLE = "管理后台修改"

    title = models.CharField("名称", max_length=80)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    thresholds = models.JSONField("阈值", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "规则草稿"), pgettext_lazy("plural", "规则草稿")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.title}"


class DraftChange(models.Model):
    """Add an entry (or an allow entry: a ``*_allow`` lexicon), or remove an active one."""

    class Op(models.TextChoices):
        ADD = "add", "新增"
        REMOVE = "remove", "停用"

    draft = models.ForeignKey(RuleDraft, on_delete=models.CASCADE, related_name="changes")
    op = models.CharField(max_length=6, choices=Op.choices)
    lexicon = models.CharField(max_length=40)
    term = models.CharField(max_length=100)
    canonical = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]


class RuleVersion(models.Model):
    """A published draft: what it changed (``undo`` restores the rows as they were) and the thresholds
    in force from then on. The newest live version not rolled back holds the live thresholds."""

    class Mode(models.TextChoices):
        LIVE = "live", "正式"
        SHADOW = "shadow", "影子"

    draft = models.ForeignKey(RuleDraft, on_delete=models.PROTECT, related_name="versions")
    mode = models.CharField(max_length=6, choices=Mode.choices)
    thresholds = models.JSONField(default=dict, blank=True)
    undo = models.JSONField(default=list, blank=True, help_text="[(entry id or None, previous row or None)]")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="rolled back (live) or stopped (shadow)")

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "规则版本"), pgettext_lazy("plural", "规则版本")
        ordering = ["-published_at", "-id"]


class ShadowFinding(models.Model):
    """A finding a shadow version would add (or lose) on a new submission; shown to no author, never in
    the queue order, never a penalty: only on the rules pages."""

    version = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="shadow_findings")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=40)
    severity = models.CharField(max_length=5)
    excerpt = models.TextField(blank=True)
    lost = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["version", "rule"], name="shadow_version_rule")]


class BacktestRun(ProgressRun):
    """A draft run over decided posts: per post the findings it adds or loses against the live rules."""

    draft = models.ForeignKey(RuleDraft, on_delete=models.CASCADE, related_name="backtests")
    days = models.PositiveIntegerField(null=True, blank=True)
    limit = models.PositiveIntegerField(null=True, blank=True)

    class Meta(ProgressRun.Meta):
        verbose_name, verbose_name_plural = pgettext_lazy("model", "回测批次"), pgettext_lazy("plural", "回测批次")


class BacktestPost(models.Model):
    """One decided post of a backtest; ``new``/``lost``: [{rule, severity, excerpt}]; ``confirmed``: the
    rules editors gave as reasons on it."""

    run = models.ForeignKey(BacktestRun, on_delete=models.CASCADE, related_name="posts")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    done = models.BooleanField(default=False)
    new = models.JSONField(default=list, blank=True)
    lost = models.JSONField(default=list, blank=True)
    confirmed = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["run", "post"], name="backtest_post_once")]
