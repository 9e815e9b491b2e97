"""URLs of the governance app, under /n/<slug>/governance/."""

from django.urls import path

from .views import decisions, proposals

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
]
