"""Permission-matrix rows for the needs board, claims, offers and triage."""

from mutualaid.models import ResourceRequest
from tests.matrix import LOGIN, Row, at_least

from .factories import NeedFactory, OfferFactory, claimed_need, closed_need


def own(world) -> dict:
    return {"slug": world.own.slug}


def open_need(world) -> dict:
    return {**own(world), "pk": NeedFactory(neighborhood=world.own).pk}


def need_claimed_by_member(world) -> dict:
    return {**own(world), "pk": claimed_need(world.member, neighborhood=world.own).pk}


def a_closed_need(world) -> dict:
    return {**own(world), "pk": closed_need(world.coordinator, neighborhood=world.own).pk}


def members_offer(world) -> dict:
    return {**own(world), "pk": OfferFactory(neighborhood=world.own, member=world.member).pk}


# Only the member who claimed it (or owns the offer): everyone else gets 404.
ONLY_THE_MEMBER = {
    "anonymous": LOGIN,
    "member": 302,
    "volunteer": 404,
    "coordinator": 404,
    "other_coordinator": 404,
    "admin": 404,
}


def need_asked_by_member(world) -> dict:
    need = NeedFactory(
        neighborhood=world.own, requested_by=world.member, source=ResourceRequest.Source.MEMBER
    )
    return {**own(world), "pk": need.pk}


# Only the member who asked for the need: everyone else, coordinators too, gets 404
# (coordinators change needs on the need's own page).
ONLY_THE_ASKER = {**ONLY_THE_MEMBER, "member": 200}

ROWS = [
    Row("needs_board", at_least("member"), kwargs=own),
    Row("needs_post", at_least("member"), kwargs=own),
    Row("needs_my_claims", at_least("member"), kwargs=own),
    Row("needs_offers", at_least("member"), kwargs=own),
    Row("needs_text", at_least("member"), kwargs=own),
    Row(
        "needs_digest",
        at_least("member", allowed=302),
        kwargs=own,
        method="post",
        data={"subscribe": "on"},
    ),
    Row(
        "needs_offer_toggle",
        ONLY_THE_MEMBER,
        kwargs=members_offer,
        method="post",
        data={"confirmed": "on"},
    ),
    Row(
        "needs_offer_toggle",
        {**ONLY_THE_MEMBER, "member": 200},
        kwargs=members_offer,
        method="post",
        label="POST needs_offer_toggle (asks first)",
    ),
    Row("needs_claim", at_least("member", allowed=302), kwargs=open_need, method="post"),
    Row(
        "needs_fulfil",
        ONLY_THE_MEMBER,
        kwargs=need_claimed_by_member,
        method="post",
        data={"confirmed": "on"},
    ),
    Row(
        "needs_fulfil",
        {**ONLY_THE_MEMBER, "member": 200},
        kwargs=need_claimed_by_member,
        method="post",
        label="POST needs_fulfil (asks first)",
    ),
    Row("needs_release", {**ONLY_THE_MEMBER, "member": 200}, kwargs=need_claimed_by_member),
    Row("needs_triage", at_least("coordinator"), kwargs=own),
    Row("needs_list", at_least("coordinator"), kwargs=own),
    Row("needs_edit_own", ONLY_THE_ASKER, kwargs=need_asked_by_member),
    Row(
        "needs_edit_own",
        ONLY_THE_ASKER,
        kwargs=need_asked_by_member,
        method="post",
        data={"category": "", "public_summary": ""},
        label="POST needs_edit_own (bad input shown again)",
    ),
    Row("needs_withdraw", ONLY_THE_ASKER, kwargs=need_asked_by_member),
    Row(
        "needs_withdraw",
        {**ONLY_THE_ASKER, "member": 302},
        kwargs=need_asked_by_member,
        method="post",
        data={"confirmed": "on"},
    ),
    Row(
        "needs_stale_days",
        at_least("coordinator", allowed=302),
        kwargs=own,
        method="post",
        data={"stale_after_days": "10"},
    ),
    Row("needs_manage", at_least("coordinator"), kwargs=open_need),
    Row(
        "needs_close",
        at_least("coordinator", allowed=302),
        kwargs=open_need,
        method="post",
        data={"reason": "duplicate", "confirmed": "on"},
    ),
    Row(
        "needs_close",
        at_least("coordinator"),
        kwargs=open_need,
        method="post",
        data={"reason": "duplicate"},
        label="POST needs_close (asks first)",
    ),
    Row("needs_reopen", at_least("coordinator", allowed=302), kwargs=a_closed_need, method="post"),
    Row(
        "needs_connect",
        at_least("coordinator", allowed=302),
        kwargs=need_claimed_by_member,
        method="post",
        data={"shared_contact": "Rosa, 555-0144"},
    ),
]
