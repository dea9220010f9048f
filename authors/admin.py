"""The Django admin side of the admin's desk: authors, penalties, Level 2 proposals, the whitelist,
appeals, audit samples, identity markers; import/export (CSV, XLSX, dry-run preview) of authors,
penalties and violation records. Changes that carry a penalty's or the whitelist's consequences are
made on the standing page (links below), through the actions, so each one records its reason in the
audit log (moderation.audit); the admin's own saves and imports are audited too (AuditedAdmin,
AuditedResource). Only the author profile, an admin-edited data row, keeps a field-by-field history
(django-simple-history)."""
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from moderation.admin_audit import AuditedAdmin, ReadOnlyAdmin
from moderation.models import ViolationRecord
from moderation.resources import ExcelCSV

from .models import (
    AccountLink, ApiToken, Appeal, Assessment, AuditSample, Author, IdentityMarker, Level2Proposal, Penalty, Whitelist,
)
from .resources import AuthorResource, PenaltyResource, ViolationRecordResource
from .roles import is_admin


def standing_link(author_id, label="处境页"):
    return format_html('<a href="{}">{}</a>', reverse("author_standing", args=[author_id]), label)


class ImportExportForAdmins(ImportExportModelAdmin, AuditedAdmin):
    """CSV and XLSX only, and only the desk's admins may import (import-export allows any staff)."""

    import_formats = [CSV, XLSX]
    export_formats = [ExcelCSV, XLSX]  # CSV with a BOM: Excel reads the Chinese

    def has_import_permission(self, request):
        return is_admin(request.user) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return is_admin(request.user)


class ExportOnlyForAdmins(ImportExportForAdmins):
    """Export only: rows that are history (violation records) are never rewritten by an import."""

    def has_import_permission(self, request):
        return False


class WhitelistedFilter(admin.SimpleListFilter):
    title, parameter_name = "白名单", "whitelisted"

    def lookups(self, request, model_admin):
        return [("yes", "白名单中"), ("no", "未开通")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(whitelist__active=True)
        if self.value() == "no":
            return queryset.exclude(whitelist__active=True)
        return queryset


@admin.register(Author)
class AuthorAdmin(ImportExportForAdmins, SimpleHistoryAdmin):
    resource_classes = [AuthorResource]
    list_display = ("display_name", "user", "category", "news_posting_closed", "licensed_health", "licensed_adult",
                    "created_at", "standing")
    list_filter = (WhitelistedFilter, "news_posting_closed", "licensed_health", "licensed_adult")
    search_fields = ("display_name", "user__username")
    # news posting is changed on the standing page, with a reason; the language by the author's own menu
    readonly_fields = ("news_posting_closed", "language")

    def get_readonly_fields(self, request, obj=None):
        # An author's account is fixed once created: re-pointing it would move every post to another login.
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # an author's history (posts, decisions, penalties) outlives any cleanup

    @admin.display(description="处境")
    def standing(self, obj):
        return standing_link(obj.pk)


class ActiveFilter(admin.SimpleListFilter):
    title, parameter_name = "状态", "active"

    def lookups(self, request, model_admin):
        return [("yes", "生效中"), ("no", "已结束或撤销")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(Penalty.active_q(timezone.now()))
        if self.value() == "no":
            return queryset.exclude(Penalty.active_q(timezone.now()))
        return queryset


@admin.register(Penalty)
class PenaltyAdmin(ImportExportForAdmins):
    resource_classes = [PenaltyResource]
    list_display = ("id", "author_standing", "level", "clause", "starts_at", "ends_at", "status", "issued_by")
    list_display_links = ("id",)
    list_filter = (ActiveFilter, "level")
    search_fields = ("author__display_name", "author__user__username", "clause", "reason")
    list_select_related = ("author__user", "issued_by")
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # issued on the standing page (or by the system)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # lifted/shortened on the standing page

    def has_delete_permission(self, request, obj=None):
        return False  # a penalty ends only through the lift action, with a reason (standing page)

    @admin.display(description="状态")
    def status(self, obj):
        if obj.overturned_at:
            return "申诉撤销"
        if obj.is_active(timezone.now()):
            return "生效中"
        return "已解除" if obj.lifted_at and obj.lifted_at == obj.effective_end else "已到期"

    @admin.display(description="作者（处境页：解除 / 缩短）", ordering="author")
    def author_standing(self, obj):
        return standing_link(obj.author_id, str(obj.author))


@admin.register(Level2Proposal)
class Level2ProposalAdmin(ReadOnlyAdmin):
    list_display = ("author", "status", "clauses", "created_at", "decided_by", "decided_at", "manage")
    list_filter = ("status",)
    search_fields = ("author__display_name", "author__user__username")

    @admin.display(description="确认 / 驳回")
    def manage(self, obj):
        return standing_link(obj.author_id)


@admin.register(Whitelist)
class WhitelistAdmin(ReadOnlyAdmin):
    list_display = ("author", "active", "since", "granted_by", "reason", "revoked_at", "revoked_by", "revoke_reason",
                    "manage")
    list_filter = ("active",)
    search_fields = ("author__display_name", "author__user__username")

    @admin.display(description="开通 / 取消")
    def manage(self, obj):
        return standing_link(obj.author_id)


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("id", "author", "target", "status", "created_at", "decided_by", "decided_at", "manage")
    list_filter = ("status",)

    @admin.display(description="申诉对象")
    def target(self, obj):
        return obj.target_label

    @admin.display(description="处理")
    def manage(self, obj):
        return format_html('<a href="{}">处理</a>', reverse("appeal_decide", args=[obj.pk]))


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "author", "post", "categories", "warning", "penalty", "proposal", "overturned_at")
    list_filter = ("warning",)


@admin.register(AuditSample)
class AuditSampleAdmin(ReadOnlyAdmin):
    list_display = ("post", "author", "status", "sampled_at", "checked_by", "checked_at")
    list_filter = ("status",)


@admin.register(IdentityMarker)
class IdentityMarkerAdmin(ReadOnlyAdmin):
    list_display = ("author", "kind", "value_hash", "created_at")  # hashes only: the values are never stored
    search_fields = ("value_hash", "author__user__username")


@admin.register(AccountLink)
class AccountLinkAdmin(ReadOnlyAdmin):
    list_display = ("author", "other", "reason", "created_by", "created_at")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens are made by their author (/me/api-tokens/); an admin may only revoke one (audited)."""

    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("user", "name", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def add_import_export_to_violation_records(site=admin.site) -> None:
    """Give moderation's ViolationRecord admin import/export, keeping its own options: called from
    AuthorsConfig.ready(), after the admin's autodiscover registered it."""
    base = type(site._registry[ViolationRecord]) if site.is_registered(ViolationRecord) else admin.ModelAdmin
    if issubclass(base, ImportExportModelAdmin):
        return
    if site.is_registered(ViolationRecord):
        site.unregister(ViolationRecord)
    site.register(ViolationRecord, type("ViolationRecordAdmin", (ExportOnlyForAdmins, base), {
        "resource_classes": [ViolationRecordResource], "__module__": __name__}))
