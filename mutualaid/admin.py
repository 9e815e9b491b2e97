from django.contrib import admin

from wcc.languages import names_model_form

from .models import (
    CalendarFeed,
    ContactReveal,
    DigestDelivery,
    DigestSubscription,
    NeedCategory,
    NeedsSettings,
    Offer,
    Pause,
    Reminder,
    RequestStatusChange,
    ResourceRequest,
    Shift,
    ShiftEvent,
    ShiftSeries,
    Signup,
)


@admin.register(NeedCategory)
class NeedCategoryAdmin(admin.ModelAdmin):
    form = names_model_form(NeedCategory, {"name": "names"})
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


@admin.register(ShiftSeries)
class ShiftSeriesAdmin(admin.ModelAdmin):
    form = names_model_form(ShiftSeries, {"role": "role_names"})
    list_display = ["role", "neighborhood", "rule", "starts_on", "start_time", "is_active"]
    list_filter = ["neighborhood", "is_active"]
    search_fields = ["role", "place"]


class SignupInline(admin.TabularInline):
    model = Signup
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    form = names_model_form(Shift, {"role": "role_names"})
    list_display = ["role", "neighborhood", "starts_at", "capacity", "status", "is_intake_table"]
    list_filter = ["neighborhood", "status", "is_intake_table"]
    search_fields = ["role", "place"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["series", "intake_session"]
    inlines = [SignupInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "shift", "meeting", "user", "due_at", "status", "channel", "sent_at"]
    list_filter = ["kind", "status", "channel"]
    raw_id_fields = ["shift", "meeting", "signup", "user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]


@admin.register(Pause)
class PauseAdmin(admin.ModelAdmin):
    list_display = ["user", "neighborhood", "starts_on", "ends_on"]
    list_filter = ["neighborhood"]
    list_select_related = ["user", "neighborhood"]
    raw_id_fields = ["user", "created_by"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["description", "member", "neighborhood", "category", "is_active"]
    list_filter = ["neighborhood", "is_active"]
    list_select_related = ["member", "neighborhood", "category"]
    raw_id_fields = ["member"]


@admin.register(NeedsSettings)
class NeedsSettingsAdmin(admin.ModelAdmin):
    list_display = ["neighborhood", "stale_after_days"]


@admin.register(ContactReveal)
class ContactRevealAdmin(admin.ModelAdmin):
    list_display = ["request", "claimant", "revealed_by", "revealed_at"]
    raw_id_fields = ["request", "claimant", "revealed_by"]

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was shared: read, never rewritten


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "neighborhood", "created_at"]
    raw_id_fields = ["user"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    """What each digest carried: read-only, it is how nothing is sent twice."""

    list_display = ["user", "request", "channel", "sent_at"]
    list_filter = ["channel"]
    raw_id_fields = ["user", "request"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ShiftEvent)
class ShiftEventAdmin(admin.ModelAdmin):
    """The shift trail, read-only: it is history."""

    list_display = ["created_at", "kind", "neighborhood", "shift", "person", "actor"]
    list_filter = ["neighborhood", "kind"]
    list_select_related = ["neighborhood", "shift", "person", "actor"]
    raw_id_fields = ["shift", "person", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
