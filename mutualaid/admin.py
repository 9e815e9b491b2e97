from django.contrib import admin

from .models import NeedCategory, RequestStatusChange, ResourceRequest


@admin.register(NeedCategory)
class NeedCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "neighborhood", "position", "is_active"]
    list_filter = ["neighborhood", "is_active"]
    search_fields = ["name", "slug"]


class StatusChangeInline(admin.TabularInline):
    model = RequestStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]
    can_delete = False


@admin.register(ResourceRequest)
class ResourceRequestAdmin(admin.ModelAdmin):
    list_display = ["public_summary", "neighborhood", "category", "urgency", "status", "created_at"]
    list_filter = ["neighborhood", "status", "urgency", "source", "category"]
    search_fields = ["public_summary"]
    list_select_related = ["neighborhood", "category"]
    raw_id_fields = ["requested_by", "claimed_by", "created_by"]
    inlines = [StatusChangeInline]
