"""Governance in the admin: circles, meetings with their agenda and attendance, proposals
with their comments, decisions, and the ballots read-only.

Secret ballots: who voted (BallotCast) and what was chosen (SecretChoice) are two lists
that never show each other's columns, no seal and no ballot key, and sort by proposal and
voter or choice, never by when they were cast (which could pair them). Votes of every
kind are read-only here: a tally is only right if votes change through the app.
(tests/governance/test_secret_ballot.py reads every governance admin page for canaries.)"""

from django.contrib import admin
from django.db import models

from .models import (
    ActionPoint,
    AgendaItem,
    Announcement,
    Attendance,
    BallotCast,
    CircleMember,
    Comment,
    CommentRevision,
    Decision,
    GovernanceSettings,
    Meeting,
    MeetingSeries,
    Proposal,
    Reading,
    SecretChoice,
    StudyCircle,
    Vote,
)


class CircleMemberInline(admin.TabularInline):
    model = CircleMember
    extra = 0
    raw_id_fields = ["person"]


class ReadingInline(admin.TabularInline):
    model = Reading
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    raw_id_fields = ["added_by"]


@admin.register(StudyCircle)
class StudyCircleAdmin(admin.ModelAdmin):
    list_display = ["name", "neighborhood", "convener", "is_open", "created_at"]
    list_filter = ["neighborhood", "is_open"]
    search_fields = ["name", "neighborhood__name"]
    list_select_related = ["neighborhood", "convener"]
    raw_id_fields = ["convener"]
    inlines = [CircleMemberInline, ReadingInline]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "neighborhood", "rule", "starts_on", "generated_until", "is_active"]
    list_filter = ["neighborhood", "is_active"]
    search_fields = ["title", "neighborhood__name"]
    list_select_related = ["neighborhood"]
    raw_id_fields = ["facilitator", "note_taker", "created_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["owner", "proposal"]
    exclude = ["version"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "neighborhood", "kind", "starts_at", "minutes_final_at"]
    list_filter = ["neighborhood", "kind"]
    search_fields = ["title", "neighborhood__name", "place"]
    list_select_related = ["neighborhood"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["facilitator", "note_taker", "circle", "series", "reading"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(ActionPoint)
class ActionPointAdmin(admin.ModelAdmin):
    list_display = ["text", "owner", "due_on", "done_at"]
    list_filter = ["item__meeting__neighborhood"]
    search_fields = ["text", "item__meeting__neighborhood__name", "owner__display_name"]
    list_select_related = ["owner"]
    raw_id_fields = ["item", "owner"]


@admin.register(GovernanceSettings)
class GovernanceSettingsAdmin(admin.ModelAdmin):
    list_display = ["neighborhood", "who_may_propose", "quorum_percent"]
    search_fields = ["neighborhood__name"]
    list_select_related = ["neighborhood"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    raw_id_fields = ["author"]
    readonly_fields = ["created_at", "edited_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "neighborhood", "process", "secret", "status", "deadline"]
    list_filter = ["neighborhood", "status", "process", "secret"]
    search_fields = ["title", "neighborhood__name"]
    list_select_related = ["neighborhood"]
    raw_id_fields = ["author", "meeting"]
    # The tally is the beat task's, the version the edit-conflict check's.
    readonly_fields = ["status", "opened_at", "decided_at", "tally", "outcome_reason", "version"]
    inlines = [CommentInline]


@admin.register(CommentRevision)
class CommentRevisionAdmin(admin.ModelAdmin):
    """A comment's earlier texts: the trail of its edits, never rewritten."""

    list_display = ["comment", "replaced_at"]
    search_fields = ["comment__proposal__title", "comment__proposal__neighborhood__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyBallotAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnlyBallotAdmin):
    """Votes of open ballots: who chose what is public to the members there too."""

    list_display = ["proposal", "voter", "choice", "changed_at"]
    search_fields = ["proposal__title", "proposal__neighborhood__name"]
    list_select_related = ["proposal", "voter"]


@admin.register(BallotCast)
class BallotCastAdmin(ReadOnlyBallotAdmin):
    list_display = ["proposal", "voter"]
    fields = ["proposal", "voter"]
    search_fields = ["proposal__title", "proposal__neighborhood__name"]
    list_select_related = ["proposal", "voter"]
    ordering = ["proposal", "voter__email"]


@admin.register(SecretChoice)
class SecretChoiceAdmin(ReadOnlyBallotAdmin):
    list_display = ["proposal", "choice", "reason"]
    fields = ["proposal", "choice", "reason"]  # never the seal
    search_fields = ["proposal__title", "proposal__neighborhood__name"]
    list_select_related = ["proposal"]
    ordering = ["proposal", "choice", "reason"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "neighborhood", "kind", "outcome", "decided_at", "ratification"]
    list_filter = ["neighborhood", "kind", "outcome", "ratification"]
    search_fields = ["title", "text", "neighborhood__name"]
    list_select_related = ["neighborhood"]
    raw_id_fields = ["proposal", "taken_by", "ratified_by", "superseded_by"]
    readonly_fields = ["tally"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["decision", "kind", "recipient", "sent_at", "channel"]
    list_filter = ["kind", "channel"]
    search_fields = ["decision__title", "decision__neighborhood__name"]
    list_select_related = ["decision", "recipient"]
    raw_id_fields = ["decision", "recipient"]
