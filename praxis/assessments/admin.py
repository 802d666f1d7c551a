from django.contrib import admin

from .models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Operational view only: who has which assessments, never what they answered."""

    list_display = ["id", "owner", "kind", "status", "created_at", "submitted_at"]
    list_filter = ["kind", "status"]
    fields = ["owner", "kind", "status", "created_at", "submitted_at"]
    readonly_fields = fields
