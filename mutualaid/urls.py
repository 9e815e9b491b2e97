"""URLs of the mutualaid app: needs and offers, shifts, calendar feeds."""

from django.urls import include, path

from .views import needs, pauses, reliability, roster, shifts

# --- Needs and offers (issue 3), under /n/<slug>/needs/ ---
needs_patterns = [
    path("", needs.board, name="needs_board"),
    path("new/", needs.post_need, name="needs_post"),
    path("mine/", needs.my_claims, name="needs_my_claims"),
    path("offers/", needs.offers, name="needs_offers"),
    path("offers/<int:pk>/toggle/", needs.offer_toggle, name="needs_offer_toggle"),
    path("digest/", needs.digest, name="needs_digest"),
    path("as-text/", needs.text_list, name="needs_text"),
    path("all/", needs.needs_list, name="needs_list"),
    path("triage/", needs.triage, name="needs_triage"),
    path("triage/stale-days/", needs.stale_days, name="needs_stale_days"),
    path("<int:pk>/claim/", needs.claim, name="needs_claim"),
    path("<int:pk>/fulfil/", needs.fulfil, name="needs_fulfil"),
    path("<int:pk>/release/", needs.release, name="needs_release"),
    path("<int:pk>/edit/", needs.edit_own, name="needs_edit_own"),
    path("<int:pk>/withdraw/", needs.withdraw, name="needs_withdraw"),
    path("<int:pk>/", needs.manage, name="needs_manage"),
    path("<int:pk>/close/", needs.close, name="needs_close"),
    path("<int:pk>/reopen/", needs.reopen, name="needs_reopen"),
    path("<int:pk>/connect/", needs.connect, name="needs_connect"),
]

# --- Shifts (issue 5) ---
SHIFTS = "n/<slug:slug>/shifts/"
urlpatterns = [
    path("n/<slug:slug>/needs/", include(needs_patterns)),
    path(SHIFTS, shifts.shift_list, name="shift_list"),
    path(f"{SHIFTS}mine/", shifts.my_shifts, name="my_shifts"),
    path(f"{SHIFTS}mine/calendar/revoke/", shifts.calendar_revoke, name="calendar_revoke"),
    path(f"{SHIFTS}mine/pause/", shifts.my_pause, name="my_pause"),
    path(f"{SHIFTS}coverage/", shifts.coverage, name="shift_coverage"),
    path(f"{SHIFTS}now/", roster.roster_now, name="shift_roster_now"),
    path(f"{SHIFTS}reliability/", reliability.reliability, name="shift_reliability"),
    path(f"{SHIFTS}people/<int:pk>/pause/", pauses.member_pause, name="member_pause"),
    path(f"{SHIFTS}pauses/<int:pk>/end/", pauses.pause_end, name="pause_end"),
    path(f"{SHIFTS}new/", shifts.shift_create, name="shift_create"),
    path(f"{SHIFTS}series/new/", shifts.series_create, name="series_create"),
    path(f"{SHIFTS}series/preview/", shifts.series_preview, name="series_preview"),
    path(f"{SHIFTS}series/<int:pk>/", shifts.series_detail, name="series_detail"),
    path(f"{SHIFTS}series/<int:pk>/edit/", shifts.series_edit, name="series_edit"),
    path(f"{SHIFTS}schedule.ics", shifts.public_schedule, name="public_schedule"),
    path(f"{SHIFTS}<int:pk>/", shifts.shift_detail, name="shift_detail"),
    path(f"{SHIFTS}<int:pk>/sign-up/", shifts.shift_signup, name="shift_signup"),
    path(
        f"{SHIFTS}<int:pk>/cancel-my-place/", shifts.shift_cancel_signup, name="shift_cancel_signup"
    ),
    path(f"{SHIFTS}<int:pk>/stand-in/", shifts.shift_standin, name="shift_standin"),
    path(f"{SHIFTS}<int:pk>/shift.ics", shifts.shift_ics, name="shift_ics"),
    path(f"{SHIFTS}<int:pk>/cancel/", shifts.shift_cancel, name="shift_cancel"),
    path(f"{SHIFTS}<int:pk>/restore/", shifts.shift_restore, name="shift_restore"),
    path(
        f"{SHIFTS}<int:pk>/sign-in-sheet/", shifts.shift_sign_in_sheet, name="shift_sign_in_sheet"
    ),
    path(f"{SHIFTS}<int:pk>/assign/", shifts.shift_assign, name="shift_assign"),
    path(f"{SHIFTS}<int:pk>/intake-table/", shifts.shift_intake_table, name="shift_intake_table"),
    path(
        f"{SHIFTS}<int:pk>/signups/<int:signup_pk>/remove/",
        shifts.signup_remove,
        name="signup_remove",
    ),
    path(
        f"{SHIFTS}<int:pk>/signups/<int:signup_pk>/attendance/",
        shifts.signup_attendance,
        name="signup_attendance",
    ),
    path("calendar/<str:token>.ics", shifts.calendar_feed, name="calendar_feed"),
    # Short on purpose: the link goes out in text messages.
    path("c/<str:token>/", shifts.cancel_by_link, name="signup_cancel_link"),
]
