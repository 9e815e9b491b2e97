"""URLs of the mutualaid app, all under a neighborhood: /n/<slug>/needs/..."""

from django.urls import include, path

from .views import needs

needs_patterns = [
    path("", needs.board, name="needs_board"),
    path("new/", needs.post_need, name="needs_post"),
    path("mine/", needs.my_claims, name="needs_my_claims"),
    path("offers/", needs.offers, name="needs_offers"),
    path("offers/<int:pk>/toggle/", needs.offer_toggle, name="needs_offer_toggle"),
    path("digest/", needs.digest, name="needs_digest"),
    path("as-text/", needs.text_list, name="needs_text"),
    path("triage/", needs.triage, name="needs_triage"),
    path("triage/stale-days/", needs.stale_days, name="needs_stale_days"),
    path("<int:pk>/claim/", needs.claim, name="needs_claim"),
    path("<int:pk>/fulfil/", needs.fulfil, name="needs_fulfil"),
    path("<int:pk>/release/", needs.release, name="needs_release"),
    path("<int:pk>/", needs.manage, name="needs_manage"),
    path("<int:pk>/close/", needs.close, name="needs_close"),
    path("<int:pk>/reopen/", needs.reopen, name="needs_reopen"),
    path("<int:pk>/connect/", needs.connect, name="needs_connect"),
]

urlpatterns = [
    path("n/<slug:slug>/needs/", include(needs_patterns)),
]
