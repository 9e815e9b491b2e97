from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest

from .models import AccessLog, IntakeSession, Visit, VisitNeed, Visitor, VisitorMerge


class AccessLoggedAdmin(admin.ModelAdmin):
    """Network admins read and change visitors here too: log it like the intake pages do.

    The access log must hold every read and change of a visitor's record, whichever
    door it came through (PRODUCT.md), so opening a change page records a view and
    saving it records a change.
    """

    def _log(self, request: HttpRequest, obj, action: str) -> None:
        if isinstance(obj, Visitor):
            AccessLog.record(user=request.user, action=action, visitors=[obj])
        else:
            AccessLog.record(user=request.user, action=action, visits=[obj])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET":
            self._log(request, obj, AccessLog.Action.VIEW)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._log(request, obj, AccessLog.Action.CHANGE if change else AccessLog.Action.CREATE)


@admin.register(IntakeSession)
class IntakeSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "neighborhood", "status", "place"]
    list_filter = ["status", "neighborhood"]
    filter_horizontal = ["staffed_by"]


@admin.register(Visitor)
class VisitorAdmin(AccessLoggedAdmin):
    """Shows only ids and dates in lists: personal details stay on the visitor page.

    No delete here: a visitor is erased from the coordinators' confirm page, which
    keeps the visits' counts and records the erasure (members.actions.erase_visitor).
    """

    list_display = ["pk", "neighborhood", "first_visit_on", "last_visit_on"]
    list_filter = ["neighborhood"]
    readonly_fields = ["version", "merged_into", "search_name", "phone_digits"]

    def has_delete_permission(self, request, obj=None):
        return False


class VisitNeedInline(admin.TabularInline):
    model = VisitNeed
    extra = 0
    raw_id_fields = ["request"]


@admin.register(Visit)
class VisitAdmin(AccessLoggedAdmin):
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
