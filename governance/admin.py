"""Governance in the admin: study circles with their members and readings inline, and
recurring meetings.
(The other governance models are not here yet; see the lead's note on merging.)"""

from django.contrib import admin
from django.db import models

from .models import CircleMember, MeetingSeries, Reading, StudyCircle


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
