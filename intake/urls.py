from django.urls import path

from . import offline, views

urlpatterns = [
    path("", views.sessions, name="intake_sessions"),
    path("sessions/new/", views.session_new, name="intake_session_new"),
    path("from-shift/<int:pk>/open/", views.open_from_shift, name="intake_open_from_shift"),
    path("sessions/<int:pk>/", views.session_page, name="intake_session"),
    path("sessions/<int:pk>/search/", views.search, name="intake_search"),
    path("sessions/<int:pk>/visits/since/", views.visits_since, name="intake_visits_since"),
    path("sessions/<int:pk>/roster.json", offline.roster, name="intake_roster"),
    path("sw.js", offline.service_worker, name="intake_service_worker"),
    path("sessions/<int:pk>/status/", views.session_status, name="intake_session_status"),
    path("sessions/<int:pk>/summary/", views.session_summary, name="intake_session_summary"),
    path(
        "sessions/<int:pk>/sign-in-sheet/",
        views.session_sign_in_sheet,
        name="intake_session_sign_in_sheet",
    ),
    path("sessions/<int:pk>/export.csv", views.session_csv, name="intake_session_csv"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="intake_visit_edit"),
    path("visits/<int:pk>/undo/", views.visit_undo, name="intake_visit_undo"),
    path("visits/<int:pk>/follow-up-done/", views.follow_up_done, name="intake_follow_up_done"),
    path("visitors/duplicates/", views.duplicates, name="intake_duplicates"),
    path("visitors/<int:pk>/", views.visitor_page, name="intake_visitor"),
    path("visitors/<int:pk>/log/", views.visitor_log, name="intake_visitor_log"),
    path("visitors/<int:pk>/erase/", views.visitor_erase, name="intake_visitor_erase"),
    path("visitors/<int:pk>/merge/", views.merge, name="intake_merge"),
    path("visitors/<int:pk>/merge/<int:other>/", views.merge_confirm, name="intake_merge_confirm"),
    path("follow-ups/", views.follow_ups, name="intake_followups"),
    path("access-log/", views.access_log, name="intake_access_log"),
]
