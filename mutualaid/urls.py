from django.urls import path

from .views import shifts

# --- Shifts (issue 5) ---
SHIFTS = "n/<slug:slug>/shifts/"
urlpatterns = [
    path(SHIFTS, shifts.shift_list, name="shift_list"),
    path(f"{SHIFTS}mine/", shifts.my_shifts, name="my_shifts"),
    path(f"{SHIFTS}mine/calendar/revoke/", shifts.calendar_revoke, name="calendar_revoke"),
    path(f"{SHIFTS}coverage/", shifts.coverage, name="shift_coverage"),
    path(f"{SHIFTS}new/", shifts.shift_create, name="shift_create"),
    path(f"{SHIFTS}series/new/", shifts.series_create, name="series_create"),
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
    path(f"{SHIFTS}<int:pk>/assign/", shifts.shift_assign, name="shift_assign"),
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
]
