from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from wcc.languages import names_model_form

from .models import (
    ErasureRecord,
    InboundSms,
    Invitation,
    JoinConfirmation,
    MemberImport,
    Membership,
    MembershipChange,
    Neighborhood,
    NotificationChoice,
    SentSms,
    Skill,
    SmsOptOut,
    SmsStatusEvent,
    User,
    UserSession,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["neighborhood"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "preferred_language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "preferred_language", "memberships__neighborhood"]
    search_fields = ["email", "display_name", "phone"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Person"),
            {
                "fields": [
                    "display_name",
                    "phone",
                    "preferred_language",
                    "contact_channel",
                    "contact_consent_at",
                    "languages_spoken",
                    "availability",
                    "two_factor_enabled",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "password1", "password2"],
            },
        )
    ]


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "time_zone",
        "meeting_place",
        "coordinators_need_two_factor",
        "retention_months",
        "created_at",
    ]
    list_editable = ["coordinators_need_two_factor"]
    search_fields = ["name", "slug", "meeting_place"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "neighborhood", "role", "status", "updated_at"]
    list_filter = ["role", "status", "neighborhood"]
    search_fields = ["user__email", "user__display_name", "neighborhood__name"]
    autocomplete_fields = ["user", "neighborhood"]
    filter_horizontal = ["skills"]
    list_select_related = ["user", "neighborhood"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    form = names_model_form(Skill, {"name": "names"})
    list_display = ["name", "neighborhood"]
    list_filter = ["neighborhood"]
    search_fields = ["name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["neighborhood", "role", "email", "expires_at", "used_at", "revoked_at"]
    list_filter = ["neighborhood", "role"]
    exclude = ["token"]
    readonly_fields = ["created_by", "used_at", "used_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the app, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyAdmin):
    list_display = ["membership", "kind", "from_value", "to_value", "changed_by", "changed_at"]
    list_filter = ["kind"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ["kind", "subject_id", "requested_by_subject", "erased_by", "erased_at"]


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin):
    """Signed-in devices, so an admin can see (and delete) a lost phone's session."""

    list_display = ["user", "device", "created_at", "last_seen_at"]
    raw_id_fields = ["user"]
    exclude = ["session_key"]


@admin.register(MemberImport)
class MemberImportAdmin(ReadOnlyAdmin):
    list_display = ["neighborhood", "file_name", "status", "total", "processed", "created_at"]
    list_filter = ["status", "neighborhood"]
    exclude = ["rows"]


@admin.register(JoinConfirmation)
class JoinConfirmationAdmin(ReadOnlyAdmin):
    """Requests to join whose email link is not used yet (deleted when it is used, and
    by the daily join summary once it expired). Never the password hash or the link."""

    list_display = ["neighborhood", "email", "created_at", "expires_at"]
    list_filter = ["neighborhood"]
    exclude = ["password", "token"]


@admin.register(SentSms)
class SentSmsAdmin(ReadOnlyAdmin):
    """Texts we sent and whether they arrived (no bodies are kept)."""

    list_display = ["topic", "status", "error_code", "sent_at", "status_at"]
    list_filter = ["status", "topic"]
    raw_id_fields = ["user"]
    exclude = ["to_digits"]


@admin.register(InboundSms)
class InboundSmsAdmin(ReadOnlyAdmin):
    """Texts people sent us, by what was done with them; the number and the words are
    left out (the person's data download has them)."""

    list_display = ["outcome", "received_at", "handled_at", "deliveries"]
    list_filter = ["outcome"]
    raw_id_fields = ["user"]
    exclude = ["from_digits", "body"]


@admin.register(SmsStatusEvent)
class SmsStatusEventAdmin(ReadOnlyAdmin):
    list_display = ["provider_id", "status", "error_code", "received_at"]


@admin.register(SmsOptOut)
class SmsOptOutAdmin(ReadOnlyAdmin):
    """The opt-out ledger. Read-only: only the person's own STOP and START change it."""

    list_display = ["action", "keyword", "at"]
    exclude = ["phone_digits"]


@admin.register(NotificationChoice)
class NotificationChoiceAdmin(admin.ModelAdmin):
    """Each person's channel for a kind of message (no row: their profile's channel)."""

    list_display = ["user", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
