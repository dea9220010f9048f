from django.contrib import admin

from .models import ApiToken, Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("display_name", "user", "category", "licensed_health", "licensed_adult", "created_at")
    search_fields = ("display_name", "user__username")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("key_hash",)
