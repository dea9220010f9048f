from django.contrib import admin

from .admin_audit import AuditedAdmin, ReadOnlyAdmin
from .audit import Verb, log_event
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
admin.site.site_header = "审核台管理"


# ---- lexicons: data admins own (import/export with a dry-run preview, audit trail) -----------------

from import_export.admin import ImportExportModelAdmin  # noqa: E402
from import_export.formats.base_formats import CSV, XLSX  # noqa: E402
from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from .models import LexiconEntry  # noqa: E402
from .resources import ExcelCSV, LexiconEntryResource  # noqa: E402


@admin.register(LexiconEntry)
class LexiconEntryAdmin(ImportExportModelAdmin, SimpleHistoryAdmin, AuditedAdmin):
    """An edit takes effect on the next check in every worker (lexicon_store); its history page shows
    who changed what, before and after."""

    resource_classes = [LexiconEntryResource]
    import_formats = [CSV, XLSX]
    export_formats = [ExcelCSV, XLSX]  # CSV with a BOM: Excel reads the Chinese
    list_display = ("term", "lexicon", "canonical", "note", "active", "updated_at", "updated_by")
    list_filter = ("lexicon", "active")
    list_select_related = ("updated_by",)
    list_editable = ("active",)
    search_fields = ("term", "canonical", "note")
    readonly_fields = ("updated_at", "updated_by")
    actions = ["activate", "deactivate"]

    def has_import_permission(self, request):
        return request.user.has_perm("moderation.add_lexiconentry") and request.user.has_perm(
            "moderation.change_lexiconentry")

    def has_export_permission(self, request):
        return request.user.has_perm("moderation.view_lexiconentry")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="启用所选词条", permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description="停用所选词条", permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active):
        # One save() per entry rather than update(): each change gets its history row.
        changed = [entry for entry in queryset if entry.active != active]
        for entry in changed:
            entry.active, entry.updated_by = active, request.user
            entry._change_reason = "启用" if active else "停用"
            entry.save()
            log_event(request.user, Verb.ADMIN_CHANGE, entry, fields=["active"], active=active)
        self.message_user(request, f"已{'启用' if active else '停用'} {len(changed)} 个词条，下一次检查即生效。")


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
