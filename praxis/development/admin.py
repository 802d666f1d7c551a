from django.contrib import admin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Operational view only: who has plans, never their content."""

    list_display = ["id", "owner", "status", "created_at"]
    fields = ["owner", "status", "created_at"]
    readonly_fields = fields
