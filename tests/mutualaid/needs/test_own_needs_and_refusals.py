"""A member's own needs (change, withdraw after asking), honest refusals of a claim,
closing that asks first, and the helper told of each change to a need they took on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from mutualaid.actions import needs as actions
from mutualaid.models import ResourceRequest

from .factories import NeedFactory, claimed_need

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, need) -> str:
    return reverse(name, kwargs={"slug": need.neighborhood.slug, "pk": need.pk})


def board(world) -> str:
    return reverse("needs_board", kwargs={"slug": world.own.slug})


def asked_by(user, world, **fields) -> ResourceRequest:
    return NeedFactory(
        neighborhood=world.own, requested_by=user, source=ResourceRequest.Source.MEMBER, **fields
    )


# --- The board -----------------------------------------------------------------------


def test_a_member_sees_no_i_can_help_on_their_own_need(member_client, world):
    own = asked_by(world.member, world, public_summary="My own need")
    NeedFactory(neighborhood=world.own, public_summary="Someone else's")

    page = member_client.get(board(world)).content.decode()

    own_card = page[page.index(f'id="need-{own.pk}"') :].split("</li>")[0]
    assert "I can help" not in own_card and "You asked for this." in own_card
    assert url("needs_edit_own", own) in own_card and url("needs_withdraw", own) in own_card
    assert page.count("I can help") == 1


def test_board_cards_link_to_the_need_page_for_coordinators_only(client, world):
    need = NeedFactory(neighborhood=world.own)
    link = f'href="{url("needs_manage", need)}"'
    client.force_login(world.coordinator)
    assert link in client.get(board(world)).content.decode()
    client.force_login(world.member)
    assert link not in client.get(board(world)).content.decode()


# --- Refusals ------------------------------------------------------------------------


def test_claiming_a_need_someone_just_took_says_it_was_taken(member_client, world):
    need = claimed_need(world.volunteer, neighborhood=world.own)
    body = member_client.post(url("needs_claim", need), **HTMX).content.decode()
    assert "Someone else took this one just before you" in body


def test_claiming_a_need_a_coordinator_just_closed_says_it_was_closed(member_client, world):
    need = NeedFactory(neighborhood=world.own)
    actions.close_need(need=need, by=world.coordinator, reason="no-longer-needed")

    body = member_client.post(url("needs_claim", need), **HTMX).content.decode()

    assert "This need was closed meanwhile" in body
    assert "Someone else took" not in body


def test_claiming_a_need_met_meanwhile_says_so(member_client, world):
    need = claimed_need(world.volunteer, neighborhood=world.own)
    actions.fulfil_need(need=need, member=world.volunteer)
    follow = member_client.post(url("needs_claim", need), follow=True).content.decode()
    assert "This need was met meanwhile" in follow


def test_claiming_ones_own_need_is_refused_in_words(member_client, world):
    need = asked_by(world.member, world)
    body = member_client.post(url("needs_claim", need), **HTMX).content.decode()
    assert "This is your own need" in body
    need.refresh_from_db()
    assert need.status == "open"


# --- Changing one's own need -----------------------------------------------------------


def edit_data(need, **changes) -> dict:
    return {
        "category": need.category_id,
        "public_summary": need.public_summary,
        "private_details": need.private_details,
        "urgency": need.urgency,
        "needed_by": "",
        "version": need.updated_at.isoformat(),
        **changes,
    }


def test_a_member_changes_their_own_open_need_with_a_trail(member_client, world):
    need = asked_by(world.member, world, public_summary="A fan for the summer")

    response = member_client.post(
        url("needs_edit_own", need), edit_data(need, public_summary="Two fans, please")
    )

    assert response.status_code == 302
    need.refresh_from_db()
    assert need.public_summary == "Two fans, please"
    assert need.status_changes.filter(reason="Changed by the member who asked").exists()


def test_bad_input_on_ones_own_need_is_shown_by_the_field_and_kept(member_client, world):
    need = asked_by(world.member, world, public_summary="A fan for the summer")

    response = member_client.post(url("needs_edit_own", need), edit_data(need, public_summary="x"))

    body = response.content.decode()
    assert response.status_code == 200 and "Say in a few words what is needed." in body
    need.refresh_from_db()
    assert need.public_summary == "A fan for the summer"


def test_a_need_someone_took_on_can_no_longer_be_changed_by_the_asker(member_client, world):
    need = asked_by(world.member, world)
    actions.claim_need(need=need, member=world.volunteer)

    response = member_client.post(
        url("needs_edit_own", need), edit_data(need, public_summary="Changed words"), follow=True
    )

    assert "Someone is already helping with this need" in response.content.decode()
    need.refresh_from_db()
    assert need.public_summary != "Changed words"


def test_nobody_else_may_change_or_withdraw_a_members_need(client, world):
    need = asked_by(world.member, world)
    for person in (world.volunteer, world.coordinator):
        client.force_login(person)
        assert client.get(url("needs_edit_own", need)).status_code == 404
        assert client.post(url("needs_withdraw", need), {"confirmed": "on"}).status_code == 404
    need.refresh_from_db()
    assert need.status == "open"


# --- Withdrawing one's own need ----------------------------------------------------------


def test_withdrawing_asks_first_and_says_who_will_be_told(member_client, world):
    need = asked_by(world.member, world)
    actions.claim_need(need=need, member=world.volunteer)

    page = member_client.get(url("needs_withdraw", need)).content.decode()
    unconfirmed = member_client.post(url("needs_withdraw", need))

    assert "Withdraw your need?" in page and "they will be told" in page
    assert unconfirmed.status_code == 200
    need.refresh_from_db()
    assert need.status == "claimed"


def test_withdrawing_a_claimed_need_closes_it_and_tells_the_helper(
    member_client, world, django_capture_on_commit_callbacks
):
    need = asked_by(world.member, world, public_summary="A fan for a hot flat")
    actions.claim_need(need=need, member=world.volunteer)
    world.volunteer.preferred_language = "es"
    world.volunteer.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url("needs_withdraw", need), {"confirmed": "on"})

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.close_reason) == ("closed", "no-longer-needed")
    assert need.status_changes.last().reason == "Withdrawn by the member who asked"
    assert [m.to for m in mail.outbox] == [[world.volunteer.email]]
    assert "A fan for a hot flat" in mail.outbox[0].body
    assert "Hello" not in mail.outbox[0].body  # in the helper's language


# --- Closing asks first; the helper is told ---------------------------------------------


def test_closing_asks_first_and_names_the_helper_who_will_be_told(coordinator_client, world):
    need = claimed_need(world.volunteer, neighborhood=world.own)

    page = coordinator_client.post(url("needs_close", need), {"reason": "duplicate"})

    body = page.content.decode()
    assert "Close this need?" in body and "Val Volunteer had offered to help" in body
    assert 'name="confirmed"' in body
    need.refresh_from_db()
    assert need.status == "claimed"


def test_closing_a_claimed_need_tells_the_helper(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    need = claimed_need(world.volunteer, neighborhood=world.own)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url("needs_close", need), {"reason": "no-longer-needed", "confirmed": "on"}
        )

    need.refresh_from_db()
    assert need.status == "closed"
    assert [m.to for m in mail.outbox] == [[world.volunteer.email]]
    assert "no longer needed" in mail.outbox[0].body


def test_connecting_tells_the_helper_where_to_find_the_contact(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    need = claimed_need(world.member, neighborhood=world.own)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url("needs_connect", need), {"shared_contact": "Rosa, 555-0144"})

    assert [m.to for m in mail.outbox] == [[world.member.email]]
    body = mail.outbox[0].body
    assert "/n/eastside/needs/mine/" in body and "555-0144" not in body


def test_a_closed_need_is_reopened_from_its_page(coordinator_client, world):
    need = claimed_need(world.member, neighborhood=world.own)
    actions.close_need(need=need, by=world.coordinator, reason="duplicate")
    page = coordinator_client.get(url("needs_manage", need)).content.decode()
    assert url("needs_reopen", need) in page

    coordinator_client.post(url("needs_reopen", need), {"reason": "Not a duplicate"})

    need.refresh_from_db()
    assert need.status == "open"


# --- My claims -----------------------------------------------------------------------


def test_a_claim_just_made_says_just_now_never_0_minutes(member_client, world):
    claimed_need(world.member, neighborhood=world.own)
    page = member_client.get(reverse("needs_my_claims", kwargs={"slug": "eastside"}))
    body = page.content.decode()
    assert "You took this just now." in body and "0 minutes" not in body


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(minutes=5), "You took this 5 minutes ago."),
        (timedelta(hours=3), "You took this 3 hours ago."),
        (timedelta(days=2), "You took this 2 days ago."),
    ],
)
def test_a_claim_says_how_long_ago_it_was_taken(world, ago, words):
    need = claimed_need(world.member, neighborhood=world.own)
    need.claimed_at = timezone.now() - ago
    with translation.override("en"):
        assert need.claimed_text() == words


def test_my_claims_lists_my_own_needs_with_change_and_withdraw(member_client, world):
    need = asked_by(world.member, world, public_summary="A fan for the summer")
    page = member_client.get(reverse("needs_my_claims", kwargs={"slug": "eastside"}))
    body = page.content.decode()
    assert url("needs_edit_own", need) in body and url("needs_withdraw", need) in body


# --- Copy as text ----------------------------------------------------------------------


def test_the_text_list_has_a_copy_button_and_the_text_box_without_javascript(member_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Soup for Sunday")
    body = member_client.get(reverse("needs_text", kwargs={"slug": "eastside"})).content.decode()
    assert "Copy the text" in body and 'data-copy="needs-text"' in body
    assert " hidden " in body  # shown by the script; without it the box is the way to copy
    assert "js/copy.js" in body and "Soup for Sunday" in body


def test_the_member_who_asked_is_told_when_a_neighbor_offers_to_help(
    volunteer_client, world, django_capture_on_commit_callbacks
):
    need = asked_by(world.member, world, public_summary="A fan for a hot flat")

    with django_capture_on_commit_callbacks(execute=True):
        volunteer_client.post(url("needs_claim", need))

    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert "A fan for a hot flat" in mail.outbox[0].subject
    assert "Val Volunteer" not in mail.outbox[0].body  # the helper is not named


def test_a_need_recorded_by_a_coordinator_tells_nobody_when_claimed(
    volunteer_client, world, django_capture_on_commit_callbacks
):
    need = NeedFactory(neighborhood=world.own)
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_client.post(url("needs_claim", need))
    assert mail.outbox == []
