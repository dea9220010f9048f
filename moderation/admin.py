from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .actions import rules
from .admin_audit import ReadOnlyAdmin
from .models import AuditEvent, Decision, Finding, Post, PostEvent, RefusedSubmission, Revision, ViolationRecord


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ("number", "title", "content_hash", "created_at", "scored_at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = PostEvent
    fields = ("created_at", "event", "from_state", "to_state", "actor", "note")
    readonly_fields = fields


# History is read-only here: posts, revisions, findings, decisions, events and violation records are
# written by the actions alone (moderation/actions), each with its audit event. A post's author, a
# decision's outcome or an approval cannot be changed or deleted from the admin.


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("id", "__str__", "kind", "state", "author", "block_count", "warn_count", "updated_at")
    list_filter = ("state", "kind")
    search_fields = ("id", "revisions__title", "author__display_name")
    inlines = [RevisionInline, EventInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("post", "outcome", "editor", "created_at")
    list_filter = ("outcome",)


@admin.register(ViolationRecord)
class ViolationRecordAdmin(ReadOnlyAdmin):
    list_display = ("post", "title", "author", "reasons", "editor", "created_at")
    search_fields = ("title", "author__display_name")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("revision", "rule", "severity", "target", "excerpt")
    list_filter = ("severity", "rule")


admin.site.register(RefusedSubmission, ReadOnlyAdmin)
admin.site.site_header = gettext_lazy("审核台管理")


# ---- lexicons: data admins own (import/export with a dry-run preview, audit trail) -----------------

from import_export.admin import ImportExportModelAdmin  # noqa: E402
from import_export.formats.base_formats import CSV, XLSX  # noqa: E402
from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from .models import LexiconEntry  # noqa: E402
from .resources import ExcelCSV, LexiconDraftResource, LexiconEntryResource  # noqa: E402


@admin.register(LexiconEntry)
class LexiconEntryAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Issue 14: nothing saved here goes live. The change form, the list actions, a history revert and
    an import put their changes into the admin's open rule draft (the live entries stay as they are
    until the draft is published, live or in shadow, from the rules pages); entries are never deleted,
    only removed by a draft. The history page shows who changed what, before and after."""

    resource_classes = [LexiconEntryResource]
    import_formats = [CSV, XLSX]
    export_formats = [ExcelCSV, XLSX]  # CSV with a BOM: Excel reads the Chinese
    list_display = ("term", "lexicon", "canonical", "note", "active", "updated_at", "updated_by")
    list_filter = ("lexicon", "active")
    list_select_related = ("updated_by",)
    search_fields = ("term", "canonical", "note")
    readonly_fields = ("updated_at", "updated_by")
    actions = ["activate", "deactivate"]
    skip_admin_log = True  # the draft's audit event is the record; nothing was saved to log here

    def get_import_resource_classes(self, request):
        return [LexiconDraftResource]

    def has_import_permission(self, request):
        return request.user.has_perm("moderation.add_lexiconentry") and request.user.has_perm(
            "moderation.change_lexiconentry")

    def has_export_permission(self, request):
        return request.user.has_perm("moderation.view_lexiconentry")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = LexiconEntry.objects.get(pk=obj.pk) if change else None
        obj.rule_draft = rules.draft_admin_changes(rules.entry_changes(before, obj), actor=request.user)

    def log_addition(self, request, obj, message):
        return None  # nothing was added: the change waits in a draft (its audit event says so)

    def log_change(self, request, obj, message):
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._to_draft(request, obj.rule_draft)

    def response_change(self, request, obj):
        return self._to_draft(request, obj.rule_draft)

    def add_success_message(self, result, request):
        draft = getattr(result, "rule_draft", None)
        if draft is None:
            self.message_user(request, _("导入的内容与现行词库相同，没有需要加入草稿的修改。"))
        else:
            self.message_user(request, draft_message(draft), messages.SUCCESS)

    def _to_draft(self, request, draft):
        if draft is None:
            self.message_user(request, _("与现行词条相同，没有需要加入草稿的修改。"), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:moderation_lexiconentry_changelist"))
        self.message_user(request, draft_message(draft), messages.SUCCESS)
        return HttpResponseRedirect(reverse("manage_draft", args=[draft.pk]))

    @admin.action(description=gettext_lazy("启用所选词条（加入规则草稿）"), permissions=["change"])
    def activate(self, request, queryset):
        self._draft_active(request, queryset, True)

    @admin.action(description=gettext_lazy("停用所选词条（加入规则草稿）"), permissions=["change"])
    def deactivate(self, request, queryset):
        self._draft_active(request, queryset, False)

    def _draft_active(self, request, queryset, active):
        rows = [{"op": "add" if active else "remove", "lexicon": e.lexicon, "term": e.term,
                 "canonical": e.canonical, "note": e.note} for e in queryset if e.active != active]
        draft = rules.draft_admin_changes(rows, actor=request.user)
        self.message_user(request, draft_message(draft) if draft else _("所选词条已是这个状态。"))


def draft_message(draft) -> str:
    return format_html(_('修改已加入规则草稿 <a href="{}">{}</a>，现行词库未变；回测后发布（正式或影子运行）才生效。'),
                       reverse("manage_draft", args=[draft.pk]), str(draft))


@admin.register(LexiconEntry.history.model)
class LexiconChangeAdmin(ReadOnlyAdmin):
    """The audit trail of every lexicon change, newest first: who, when, and each field before → after."""

    list_display = ("history_date", "history_user", "history_type", "lexicon", "term", "changes",
                    "history_change_reason")
    list_filter = ("history_type", "lexicon")
    search_fields = ("term", "canonical", "note", "history_user__username")
    list_select_related = ("history_user",)
    list_per_page = 50

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        previous = previous_records(changelist.result_list)
        for record in changelist.result_list:
            record.previous = previous[record.history_id]
        return changelist

    @admin.display(description="修改内容（之前 →之后）")
    def changes(self, record):
        before = getattr(record, "previous", None)
        if before is None:
            return "-"
        delta = record.diff_against(before, excluded_fields=["updated_at", "updated_by"])
        labels = {f.name: f.verbose_name for f in LexiconEntry._meta.fields}
        return "；".join(f"{labels.get(c.field, c.field)}：{c.old} → {c.new}" for c in delta.changes) or "-"


def previous_records(records) -> dict:
    """history_id → the record before it of the same entry, for a page of records in one query."""
    records = list(records)
    if not records:
        return {}
    model = type(records[0])
    earlier = model.objects.filter(id__in={r.id for r in records},
                                   history_date__lte=max(r.history_date for r in records))
    by_entry: dict[int, list] = {}
    for row in earlier.order_by("history_date", "history_id"):
        by_entry.setdefault(row.id, []).append(row)
    previous = {}
    for record in records:
        chain = by_entry.get(record.id, [])
        at = next((i for i, row in enumerate(chain) if row.history_id == record.history_id), 0)
        previous[record.history_id] = chain[at - 1] if at > 0 else None
    return previous


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log, read-only (the admin's desk shows a post's or an author's trail)."""

    list_display = ("created_at", "actor", "verb", "target_type", "target_id", "post", "author")
    list_filter = ("verb", "target_type")
    search_fields = ("actor__username",)
    list_select_related = ("actor", "post", "author")
