"""People who write: their profile and the roles of the desk."""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from moderation.checks.engine import Wording, say

from . import standing

AUTHOR_GROUP, EDITOR_GROUP, ADMIN_GROUP = "author", "editor", "admin"


class Author(models.Model):
    """An author's profile, linked to the Django user who logs in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="author")
    display_name = models.CharField(_("显示名称"), max_length=64)
    category = models.CharField(_("擅长领域"), max_length=32, blank=True)
    licensed_health = models.BooleanField(_("营养保健品授权"), default=False)
    licensed_adult = models.BooleanField(_("成人用品授权"), default=False)
    news_posting_closed = models.BooleanField(
        _("关闭资讯发文"), default=False, help_text=_("第一章：审核通过率低于50%的作者，管理员可关闭其资讯发文权限"))
    # The language notices reach the author in (inbox and e-mail): the one they signed up in, then the
    # one they last chose from the language menu.
    language = models.CharField(_("通知语言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = _("作者")

    def __str__(self):
        return f"{self.display_name} ({self.user.username})"


class ApiToken(models.Model):
    """A token for authors' tools (header ``Authorization: Token <key>``); only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name, verbose_name_plural = _("API令牌"), pgettext_lazy("plural", "API令牌")

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name="default") -> str:
        """Create a token and return its key (shown once)."""
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key))
        return key


# ---- standing: identity, penalties, whitelist, appeals (第五章) ---------------------------------
# These rows are what authors.standing (pure) is computed from and what it produces. Every change
# to them is made by an action (moderation.actions) and logged in the audit log (moderation.audit):
# who, when, why.

class IdentityMarker(models.Model):
    """A person's identity marker (phone, e-mail, ID number), kept only as an HMAC-SHA256 hash: enough
    to link accounts and refuse a Level-2-banned person's new registration, never the value in clear."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("手机号")
        EMAIL = "email", _("电子邮箱")
        ID_NUMBER = "id_number", _("身份证号")

    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.CASCADE, related_name="identity_markers")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    value_hash = models.CharField(_("哈希值"), max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "身份标识"), pgettext_lazy("plural", "身份标识")
        constraints = [models.UniqueConstraint(fields=["author", "kind"], name="identity_marker_one_per_kind")]


class AccountLink(models.Model):
    """Two accounts an admin linked by hand (the same person); accounts sharing an identity marker
    are linked without a row."""

    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Author, verbose_name=_("关联账号"), on_delete=models.CASCADE, related_name="links_to")
    reason = models.TextField(_("关联原因"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name, verbose_name_plural = pgettext_lazy("model", "关联账号"), pgettext_lazy("plural", "关联账号")
        constraints = [models.UniqueConstraint(fields=["author", "other"], name="account_link_unique")]


class Level2Proposal(models.Model):
    """二级处罚 proposed by the system (or an admin) with its evidence, for an admin to confirm."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已驳回")

    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.PROTECT,
                               related_name="level2_proposals")
    decision = models.ForeignKey("moderation.Decision", verbose_name=_("审核决定"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    clauses = models.CharField(_("条款"), max_length=200)
    reason = models.TextField(_("原因"))
    # [{"clause", "clause_zh", "summary_zh", "decision_ids": [...], "penalty_ids": [...]}]
    evidence = models.JSONField(_("证据"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    note = models.TextField(_("处理说明"), blank=True)
    # A confirmed Level 2 whose grounds an upheld appeal removed: set for an admin to review (and lift
    # or keep); nothing is lifted by itself (issue 11).
    basis_overturned_at = models.DateTimeField(_("依据被推翻时间"), null=True, blank=True)
    basis_note = models.TextField(_("复核说明"), blank=True)
    # note and basis_note as template and values where the system composed them (an admin's own
    # words inside are quoted values); null: a person's own note, or an older row
    note_wording = models.JSONField(null=True, blank=True)
    basis_wording = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("二级处罚提议")
        verbose_name_plural = _("二级处罚提议")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.author} · {self.get_status_display()} · {self.clauses}"

    @property
    def wording(self) -> dict | None:
        """``reason`` as template and values, from the evidence's summaries; None where an entry was
        stored without one (an older row: its reason is shown as stored)."""
        if not self.evidence or any("summary" not in e for e in self.evidence):
            return None
        return standing.explain(standing.Evidence(e["clause"], Wording.from_dict(e["summary"]))
                                for e in self.evidence).to_dict()


class Penalty(models.Model):
    """A penalty imposed on an author (第五章 3, 4.2(3)). A ban ends by itself at ``ends_at``; an admin
    may lift it (``lifted_at``) or shorten it (an earlier ``ends_at``) with a recorded reason; an
    upheld appeal overturns it (it then neither bans nor counts)."""

    class Level(models.TextChoices):
        SUSPENSION = "suspension", _("关闭发文7天")
        LEVEL_1 = "level1", _("一级处罚")
        LEVEL_2 = "level2", _("二级处罚")
        PERMANENT = "permanent", _("永久关闭发文")

    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="penalties")
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True, help_text=_("空：不会自动结束"))
    clause = models.CharField(_("条款"), max_length=100, blank=True)
    reason = models.TextField(_("原因"))
    # reason as its Chinese template and values (authors.standing), to say it in the reader's language;
    # null: an older row, shown as stored
    wording = models.JSONField(null=True, blank=True)
    post = models.ForeignKey("moderation.Post", verbose_name=_("文章"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey("moderation.Decision", verbose_name=_("审核决定"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="penalties")
    proposal = models.ForeignKey(Level2Proposal, verbose_name=_("二级处罚提议"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="penalties")
    linked_from = models.ForeignKey("self", verbose_name=_("关联自"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="linked_bans", help_text=_("关联账号受二级处罚而一并封停"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("开具人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", help_text=_("空：系统按第五章自动处罚"))
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("解除人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    admin_reason = models.TextField(_("解除或缩短原因"), blank=True)
    # admin_reason as template and values where the system composed it (a linked account's ban lifted
    # with the Level 2 it came from); null: the admin's own words, or an older row
    admin_wording = models.JSONField(null=True, blank=True)
    overturned_at = models.DateTimeField(_("申诉撤销时间"), null=True, blank=True)
    taken_offline = models.ManyToManyField("moderation.Post", blank=True, related_name="+",
                                           verbose_name=_("因本处罚下线的文章"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("处罚")
        verbose_name_plural = _("处罚")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["author", "-starts_at"], name="penalty_author_recent")]

    def __str__(self):
        return f"{self.author} · {self.get_level_display()} · {self.starts_at:%Y-%m-%d}"

    def as_standing(self) -> standing.Penalty:
        """This penalty as authors.standing's plain data (the ladder and the bans read these)."""
        return standing.Penalty(self.level, self.starts_at, self.ends_at, lifted_at=self.lifted_at,
                                overturned=self.overturned_at is not None, clause=self.clause,
                                reason_zh=self.reason, post_id=self.post_id, id=self.pk)

    @property
    def effective_end(self):
        """When the ban really ends: its end, or the lift when that came first (None: never)."""
        return self.as_standing().ends_at

    def is_active(self, now) -> bool:
        return self.as_standing().is_active(now)

    @staticmethod
    def active_q(now) -> models.Q:
        """Penalty.is_active as a query: started, not annulled, not lifted (a lift always comes before
        the end, so a lifted ban is over) and not past its end."""
        return (models.Q(overturned_at__isnull=True, starts_at__lte=now, lifted_at__isnull=True)
                & (models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)))


class Assessment(models.Model):
    """What the penalty ladder concluded on one event: a confirmed reject, or a resubmission refused
    as unchanged. One per event (so a hook run twice assesses once); warnings live here."""

    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="assessments")
    post = models.ForeignKey("moderation.Post", verbose_name=_("文章"), null=True,
                             on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField("moderation.Decision", verbose_name=_("审核决定"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="assessment")
    refused_submission = models.OneToOneField("moderation.RefusedSubmission", verbose_name=_("被拒绝的重新提交"),
                                              null=True, blank=True, on_delete=models.PROTECT,
                                              related_name="assessment")
    categories = models.JSONField(_("违规类别"), default=list)
    warning = models.BooleanField(_("首次警告"), default=False)
    reason = models.TextField(_("判定说明"), blank=True)
    wording = models.JSONField(null=True, blank=True)  # reason as template and values, as on Penalty
    penalty = models.ForeignKey(Penalty, verbose_name=_("处罚"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Level2Proposal, verbose_name=_("二级处罚提议"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    revoked_whitelist = models.BooleanField(default=False)
    overturned_at = models.DateTimeField(_("申诉撤销时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("处罚判定")
        verbose_name_plural = _("处罚判定")
        ordering = ["-created_at", "-id"]


class Whitelist(models.Model):
    """第五章 1: whether the author's posts go online on submission; one row per author, its history
    is the audit trail (who granted or revoked it, when, why)."""

    author = models.OneToOneField(Author, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="whitelist")
    active = models.BooleanField(_("白名单中"), default=False)
    since = models.DateTimeField(_("开通时间"), null=True, blank=True)
    reason = models.TextField(_("开通原因"), blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("开通人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", help_text=_("空：每日重新计算时系统自动开通"))
    revoked_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("取消人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    revoke_reason = models.TextField(_("取消原因"), blank=True)
    # reason and revoke_reason as template and values where the system composed them (the daily
    # recomputation, a violation, a Level 2, an upheld appeal); null: an admin's own words, or an older row
    wording = models.JSONField(null=True, blank=True)
    revoke_wording = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("白名单")
        verbose_name_plural = _("白名单")

    def __str__(self):
        return f"{self.author} · {'白名单中' if self.active else '未开通'}"


class AuditSample(models.Model):
    """A whitelisted author's auto-published post drawn for the post-publication audit (白名单抽检)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待抽检")
        PASSED = "passed", _("抽检无问题")
        TAKEN_OFFLINE = "taken_offline", _("已下线")

    post = models.OneToOneField("moderation.Post", verbose_name=_("文章"),
                                on_delete=models.PROTECT, related_name="audit_sample")
    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="audit_samples")
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    sampled_at = models.DateTimeField(_("抽中时间"), auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("检查人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("白名单抽检")
        verbose_name_plural = _("白名单抽检")
        ordering = ["sampled_at", "id"]


class Appeal(models.Model):
    """An author's appeal against one decision or one penalty (one each), decided by an admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("申诉成立")
        DISMISSED = "dismissed", _("申诉驳回")

    author = models.ForeignKey(Author, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="appeals")
    decision = models.OneToOneField("moderation.Decision", verbose_name=_("审核决定"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="appeal")
    penalty = models.OneToOneField(Penalty, verbose_name=_("处罚"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="appeal")
    text = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    response = models.TextField(_("处理结果说明"), blank=True)

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(decision__isnull=False, penalty__isnull=True)
            | models.Q(decision__isnull=True, penalty__isnull=False),
            name="appeal_one_target",
        )]

    @property
    def target_label(self) -> str:
        return str(self.target_wording)

    @property
    def target_wording(self) -> Wording:
        """What the appeal is against, as template and values (said in the reader's language)."""
        if self.decision_id:
            return say("审核决定 #{id}", id=self.decision_id)
        return say("处罚 #{id}", id=self.penalty_id)

