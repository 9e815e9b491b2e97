"""URLs of the governance app, under /n/<slug>/governance/."""

from django.urls import path

from .views import circles, decisions, meetings, numbers, proposals

urlpatterns = [
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/open/", proposals.proposal_open, name="proposal_open"),
    path("proposals/<int:pk>/vote/", proposals.proposal_vote, name="proposal_vote"),
    path("proposals/<int:pk>/comments/", proposals.comment_add, name="comment_add"),
    path(
        "proposals/<int:pk>/comments/<int:comment_pk>/edit/",
        proposals.comment_edit,
        name="comment_edit",
    ),
    path("decisions/", decisions.decision_log, name="decision_log"),
    path("decisions/urgent/", decisions.urgent_decision_create, name="urgent_decision_create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/ratify/", decisions.decision_ratify, name="decision_ratify"),
    path("rules/", decisions.governance_settings, name="governance_settings"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/recurring/new/", meetings.meeting_series_create, name="meeting_series_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/door/", meetings.meeting_door, name="meeting_door"),
    path("meetings/<int:pk>/items/<int:item_pk>/", meetings.minutes_item, name="minutes_item"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/edit/",
        meetings.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path("meetings/<int:pk>/publish/", meetings.minutes_publish, name="minutes_publish"),
    path("meetings/calendar/<str:token>.ics", meetings.meetings_feed, name="meetings_feed"),
    path("action-points/<int:pk>/done/", meetings.action_point_done, name="action_point_done"),
    path("numbers/", numbers.neighborhood_numbers, name="neighborhood_numbers"),
    path("circles/", circles.circle_list, name="circle_list"),
    path("circles/new/", circles.circle_create, name="circle_create"),
    path("circles/<int:pk>/", circles.circle_detail, name="circle_detail"),
    path("circles/<int:pk>/join/", circles.circle_join, name="circle_join"),
    path("circles/<int:pk>/leave/", circles.circle_leave, name="circle_leave"),
    path(
        "circles/<int:pk>/members/<int:member_pk>/accept/",
        circles.circle_accept,
        name="circle_accept",
    ),
    path("circles/<int:pk>/readings/new/", circles.reading_add, name="reading_add"),
    path(
        "circles/<int:pk>/readings/<int:reading_pk>.pdf",
        circles.reading_file,
        name="reading_file",
    ),
    path("circles/<int:pk>/sessions/new/", circles.session_create, name="session_create"),
]
