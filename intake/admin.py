from django.contrib import admin

from .models import AccessLog, IntakeSession, Visit, VisitNeed, Visitor, VisitorMerge


@admin.register(IntakeSession)
class IntakeSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "neighborhood", "status", "place"]
    list_filter = ["status", "neighborhood"]
    filter_horizontal = ["staffed_by"]


@admin.register(Visitor)
class VisitorAdmin(admin.ModelAdmin):
    """Shows only ids and dates in lists: personal details stay on the visitor page."""

    list_display = ["pk", "neighborhood", "first_visit_on", "last_visit_on"]
    list_filter = ["neighborhood"]
    readonly_fields = ["version", "merged_into", "search_name", "phone_digits"]


class VisitNeedInline(admin.TabularInline):
    model = VisitNeed
    extra = 0
    raw_id_fields = ["request"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["pk", "session", "created_at"]
    raw_id_fields = ["session", "visitor", "logged_by", "follow_up_owner"]
    inlines = [VisitNeedInline]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes entries here."""

    list_display = ["at", "user", "action", "visitor_id", "visit_id"]
    list_filter = ["action", "neighborhood"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitorMerge)
class VisitorMergeAdmin(admin.ModelAdmin):
    list_display = ["merged_at", "kept_id", "merged_id", "visits_moved", "merged_by"]

    def has_change_permission(self, request, obj=None):
        return False
