from django.contrib import admin

from .models import Decision, Finding, Post, PostEvent, RefusedSubmission, Revision, ViolationRecord


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


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("id", "__str__", "kind", "state", "author", "block_count", "warn_count", "updated_at")
    list_filter = ("state", "kind")
    search_fields = ("id", "revisions__title", "author__display_name")
    readonly_fields = ("state", "current_revision", "version", "resubmissions_used", "claimed_by", "claim_expires_at")
    inlines = [RevisionInline, EventInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("post", "outcome", "editor", "created_at")
    list_filter = ("outcome",)


@admin.register(ViolationRecord)
class ViolationRecordAdmin(admin.ModelAdmin):
    list_display = ("post", "title", "author", "reasons", "editor", "created_at")
    search_fields = ("title", "author__display_name")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("revision", "rule", "severity", "target", "excerpt")
    list_filter = ("severity", "rule")


admin.site.register(RefusedSubmission)
admin.site.site_header = "审核台管理"
