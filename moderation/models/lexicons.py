"""The lexicons the rule engine matches, as data admins own: one row per term, edited in the admin
(or imported as CSV/XLSX), every change kept in the audit trail (django-simple-history).

The engine builds its matcher from the active rows (``lexicon_store.current_lexicons``) and keeps one
per process, keyed by ``LexiconVersion``. Every write to the entries, whatever the path (a form,
an import, ``.update()`` in a shell), bumps that version in the same transaction: it is a cache key
kept in step with the rows, not domain logic.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ..checks.lexicons import ALLOW_SUFFIX, DATA_DIR
from ..checks.normalize import normalize_term
from ..checks.text import compact

__all__ = ["LEXICON_LABELS", "LexiconEntry", "LexiconVersion", "lexicon_choices"]

# What each shipped lexicon is for, as admins read it; "<name>_allow" lists its exceptions.
LEXICON_LABELS = {
    "ad_law": "广告法极限词", "adult": "色情低俗", "adult_product": "成人用品", "attack": "攻击诋毁",
    "author_category": "作者名中的品类", "brand": "品牌与产品名（正确写法）", "brand_alias": "品牌别名",
    "category": "品类关键词", "clickbait": "标题党用语", "competitor": "竞品平台", "consumption": "消费相关词",
    "contact": "站外导流", "critique": "客观评价用语", "future": "预告用语（过时内容）",
    "health_claim": "保健功效宣称", "health_product": "保健食品", "jd_staff": "平台员工及家属",
    "medical": "医疗医药", "off_position": "非消费内容", "praise": "夸赞用语（软文）", "price_cue": "价格提示词",
    "price_not": "非商品价格的金额", "promo": "促销活动用语", "restricted": "禁止推荐的商品",
    "sensitive": "敏感内容", "stopword": "泛泛之词（不表明主题）", "tag_conflict": "标签与内容冲突",
    "time_words": "时效性用语（导购）", "offer_cue": "优惠面向读者的提示词（促销）",
    "topic_context": "转述语境：否定、情节、报道、规定（敏感/色情/医疗）", "jd_role": "京东员工的身份与职务用语",
}


def lexicon_label(name: str) -> str:
    """An exception lexicon ("<name>_allow", not a hit in this context) holds phrases (规范写法 blank:
    the term inside them is no hit) and context words (规范写法 = the term they excuse, * for all: the
    term in the same sentence is no hit); see checks/lexicons.py."""
    if name.endswith(ALLOW_SUFFIX):
        base = name[: -len(ALLOW_SUFFIX)]
        return f"{LEXICON_LABELS.get(base, base)}·例外"
    return LEXICON_LABELS.get(name, name)


def lexicon_choices() -> list[tuple[str, str]]:
    """The lexicons the rules read: one per shipped file (a callable, so a new file needs no migration)."""
    return [(path.stem, f"{lexicon_label(path.stem)}（{path.stem}）") for path in sorted(DATA_DIR.glob("*.csv"))]


class LexiconVersion(models.Model):
    """A single row: the version of the lexicon entries as a whole, bumped by every change.

    Workers key their compiled lexicons on (number, changed_at): the timestamp keeps a number that a
    rolled-back transaction once showed from ever naming two different sets of rows."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "词库版本"

    def __str__(self):
        return f"v{self.number}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})

    @classmethod
    def current(cls) -> tuple[int, object] | None:
        """(number, changed_at), or None before any lexicon was loaded."""
        return cls.objects.filter(pk=1).values_list("number", "changed_at").first()


class LexiconEntryQuerySet(models.QuerySet):
    """Bulk writes skip ``save()``; they bump the version too."""

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        if changed:
            LexiconVersion.bump()
        return changed

    def delete(self):
        deleted = super().delete()
        if deleted[0]:
            LexiconVersion.bump()
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            LexiconVersion.bump()
        return created

    def bulk_update(self, objs, *args, **kwargs):
        changed = super().bulk_update(objs, *args, **kwargs)
        if changed:
            LexiconVersion.bump()
        return changed


class LexiconEntry(models.Model):
    lexicon = models.CharField("词库", max_length=40, choices=lexicon_choices, db_index=True)
    term = models.CharField("词条", max_length=100, help_text="匹配时不区分大小写、全半角和繁简体")
    canonical = models.CharField(
        "规范写法", max_length=100, blank=True,
        help_text="词条的规范形式或归类（如 iphone → iPhone，天猫 → 淘宝）；为空即词条本身",
    )
    note = models.CharField("备注", max_length=255, blank=True)
    active = models.BooleanField("启用", default=True, help_text="停用后下一次检查即不再匹配")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="更新人",
    )
    history = HistoricalRecords(verbose_name=_("词条修改记录"), verbose_name_plural=pgettext_lazy("plural", "词条修改记录"))

    objects = LexiconEntryQuerySet.as_manager()

    class Meta:
        ordering = ["lexicon", "term", "canonical"]
        constraints = [
            # tag_conflict pairs one tag word with several content words: canonical is part of the key.
            models.UniqueConstraint(fields=["lexicon", "term", "canonical"], name="lexicon_entry_unique"),
        ]
        verbose_name = _("词库词条")
        verbose_name_plural = pgettext_lazy("plural", "词库词条")

    def __str__(self):
        return f"{self.lexicon}: {self.term}" + (f" → {self.canonical}" if self.canonical else "")

    def clean(self):
        self.term, self.canonical, self.note = self.term.strip(), self.canonical.strip(), self.note.strip()
        if not compact(normalize_term(self.term)):
            raise ValidationError({"term": "词条不能为空，也不能只含标点或空格。"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        LexiconVersion.bump()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        LexiconVersion.bump()
        return deleted

    def as_row(self) -> dict:
        return {"lexicon": self.lexicon, "term": self.term, "canonical": self.canonical, "note": self.note}
