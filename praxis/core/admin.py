from django.contrib import admin

from .models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework_key", "version", "checksum", "loaded_at")
    readonly_fields = ("framework_key", "version", "checksum", "content", "loaded_at")
