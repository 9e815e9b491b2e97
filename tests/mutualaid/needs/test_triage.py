"""The coordinator's triage: new, urgent and stale needs; edit, close, re-open, connect."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import needs as actions
from mutualaid.models import ContactReveal, NeedsSettings, ResourceRequest
from mutualaid.views.needs import TRIAGE_ROWS

from .factories import NeedFactory, claimed_need, closed_need

pytestmark = pytest.mark.django_db


def triage_url(world):
    return reverse("needs_triage", kwargs={"slug": world.own.slug})


def url(name, need):
    return reverse(name, kwargs={"slug": need.neighborhood.slug, "pk": need.pk})


def section(response, key) -> list[str]:
    rows = {k: rows for k, _title, rows in response.context["sections"]}[key]
    return [need.public_summary for need in rows]


def test_triage_shows_new_urgent_and_stale_needs(coordinator_client, world):
    now = timezone.now()
    NeedFactory(neighborhood=world.own, public_summary="Fresh need")
    NeedFactory(
        neighborhood=world.own,
        public_summary="Urgent one",
        urgency="urgent",
        created_at=now - timedelta(days=9),
    )
    NeedFactory(
        neighborhood=world.own, public_summary="Old one", created_at=now - timedelta(days=15)
    )
    NeedFactory(neighborhood=world.other, public_summary="Elsewhere")

    response = coordinator_client.get(triage_url(world))

    assert section(response, "new") == ["Fresh need"]
    fresh = ResourceRequest.objects.get(public_summary="Fresh need")
    assert f'href="{url("needs_manage", fresh)}"' in response.content.decode()
    assert section(response, "urgent") == ["Urgent one"]
    assert section(response, "stale") == ["Old one"]
    assert "Elsewhere" not in response.content.decode()


def test_the_stale_days_setting_changes_what_is_stale(coordinator_client, world):
    NeedFactory(
        neighborhood=world.own,
        public_summary="Ten days old",
        created_at=timezone.now() - timedelta(days=10),
    )
    assert section(coordinator_client.get(triage_url(world)), "stale") == []

    coordinator_client.post(
        reverse("needs_stale_days", kwargs={"slug": world.own.slug}), {"stale_after_days": "7"}
    )

    assert NeedsSettings.objects.get(neighborhood=world.own).stale_after_days == 7
    assert section(coordinator_client.get(triage_url(world)), "stale") == ["Ten days old"]


@pytest.mark.parametrize("value", ["0", "366", "many", ""])
def test_a_bad_stale_days_value_gets_a_message_by_the_field(coordinator_client, world, value):
    response = coordinator_client.post(
        reverse("needs_stale_days", kwargs={"slug": world.own.slug}), {"stale_after_days": value}
    )
    assert response.status_code == 400
    assert response.context["stale_form"].errors["stale_after_days"]
    assert not NeedsSettings.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_triage_runs_a_fixed_number_of_queries(
    coordinator_client, world, rows, django_assert_max_num_queries
):
    old = timezone.now() - timedelta(days=20)
    NeedFactory.create_batch(rows, neighborhood=world.own, urgency="urgent")
    NeedFactory.create_batch(rows, neighborhood=world.own, created_at=old)
    with django_assert_max_num_queries(5):
        response = coordinator_client.get(triage_url(world))
    assert len(section(response, "stale")) == min(rows, TRIAGE_ROWS)
    assert ("20+)" in response.content.decode()) == (rows > TRIAGE_ROWS)


def test_edit_saves_and_a_stale_form_gets_a_conflict_not_an_overwrite(coordinator_client, world):
    need = NeedFactory(neighborhood=world.own, public_summary="Old words")
    form = coordinator_client.get(url("needs_manage", need)).context["form"]
    data = {
        "category": need.category_id,
        "public_summary": "New words for the need",
        "private_details": "",
        "urgency": "low",
        "needed_by": "",
        "version": form["version"].value(),
    }
    assert coordinator_client.post(url("needs_manage", need), data).status_code == 302
    need.refresh_from_db()
    assert (need.public_summary, need.urgency) == ("New words for the need", "low")

    again = coordinator_client.post(url("needs_manage", need), {**data, "urgency": "urgent"})

    assert "Someone changed this need" in again.content.decode()
    need.refresh_from_db()
    assert need.urgency == "low"


def test_close_with_a_reason_and_reopen_leave_a_trail(coordinator_client, world):
    need = claimed_need(world.member, neighborhood=world.own)

    asked = coordinator_client.post(
        url("needs_close", need), {"reason": "could-not-reach", "note": "x3"}
    )
    assert "Close this need?" in asked.content.decode()
    need.refresh_from_db()
    assert need.status == "claimed"  # asked first: nothing changed yet

    coordinator_client.post(
        url("needs_close", need), {"reason": "could-not-reach", "note": "x3", "confirmed": "on"}
    )
    need.refresh_from_db()
    assert (need.status, need.close_reason) == ("closed", "could-not-reach")

    coordinator_client.post(url("needs_reopen", need), {"reason": "She called back"})
    need.refresh_from_db()
    assert need.status == "open" and need.claimed_by is None and need.close_reason == ""

    page = coordinator_client.get(url("needs_manage", need)).content.decode()
    assert "could not reach the person: x3" in page
    assert "She called back" in page
    assert [c.to_status for c in need.status_changes.all()] == ["claimed", "closed", "open"]


def test_close_without_a_valid_reason_shows_the_error_and_changes_nothing(
    coordinator_client, world
):
    need = NeedFactory(neighborhood=world.own)
    response = coordinator_client.post(url("needs_close", need), {"reason": "bored"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    need.refresh_from_db()
    assert need.status == "open"


def test_reopening_an_open_need_changes_nothing(coordinator_client, world):
    need = NeedFactory(neighborhood=world.own)
    response = coordinator_client.post(url("needs_reopen", need), follow=True)
    assert "nothing was done" in response.content.decode()
    assert not need.status_changes.exists()


def test_connect_shows_the_claimant_the_shared_contact_and_records_the_reveal(
    coordinator_client, world
):
    member_client = Client()
    member_client.force_login(world.member)
    need = claimed_need(world.member, neighborhood=world.own, private_details="Door code 4411")
    my_claims = reverse("needs_my_claims", kwargs={"slug": world.own.slug})
    assert "Rosa, text 555-0144" not in member_client.get(my_claims).content.decode()

    coordinator_client.post(url("needs_connect", need), {"shared_contact": "Rosa, text 555-0144"})

    reveal = ContactReveal.objects.get()
    assert (reveal.claimant, reveal.revealed_by) == (world.member, world.coordinator)
    page = member_client.get(my_claims).content.decode()
    assert "Rosa, text 555-0144" in page
    assert "Door code 4411" not in page


def test_connect_needs_a_claimed_need(coordinator_client, world):
    need = NeedFactory(neighborhood=world.own)
    coordinator_client.post(url("needs_connect", need), {"shared_contact": "Rosa"})
    assert not ContactReveal.objects.exists()


def test_a_coordinator_of_another_neighborhood_cannot_open_a_need(client, world):
    need = closed_need(world.coordinator, neighborhood=world.own)
    client.force_login(world.other_coordinator)
    other_url = reverse("needs_manage", kwargs={"slug": world.other.slug, "pk": need.pk})
    assert client.get(other_url).status_code == 404
    assert ResourceRequest.objects.get().status == "closed"


def test_the_trail_names_who_made_each_change(coordinator_client, world):
    need = NeedFactory(neighborhood=world.own)
    actions.claim_need(need=need, member=world.member)
    actions.fulfil_need(need=need, member=world.member)
    page = coordinator_client.get(url("needs_manage", need)).content.decode()
    assert page.count("Mo Member") >= 2


def test_each_triage_list_keeps_its_order_and_an_urgent_new_need_is_in_both(
    coordinator_client, world
):
    now = timezone.now()

    def need(summary, days, **kwargs):
        kwargs.setdefault("neighborhood", world.own)
        return NeedFactory(public_summary=summary, created_at=now - timedelta(days=days), **kwargs)

    need("Three days old", 3)
    need("Today", 0)
    need("Urgent, two days old", 2, urgency="urgent")
    need("Yesterday", 1)
    need("Twenty days old", 20)
    need("Thirty days old", 30)
    claimed = claimed_need(world.member, neighborhood=world.own, urgency="urgent")
    ResourceRequest.objects.filter(pk=claimed.pk).update(created_at=now - timedelta(days=40))

    response = coordinator_client.get(triage_url(world))

    assert section(response, "new") == [
        "Today",
        "Yesterday",
        "Urgent, two days old",
        "Three days old",
    ]
    assert section(response, "urgent") == [claimed.public_summary, "Urgent, two days old"]
    assert section(response, "stale") == ["Thirty days old", "Twenty days old"]
    page = response.content.decode()
    assert "<td>Groceries</td>" in page
    assert "<td>claimed</td>" in page and "<td>open</td>" in page
    assert "<td>40 days</td>" in page and "<td>less than an hour</td>" in page
    assert page.count('<strong class="tag tag--urgent">Urgent</strong>') == 3  # new + urgent


def test_triage_shows_no_private_details(coordinator_client, world):
    NeedFactory(neighborhood=world.own, private_details="Door code 4411")
    assert "Door code 4411" not in coordinator_client.get(triage_url(world)).content.decode()


def test_triage_speaks_the_readers_language(coordinator_client, world):
    world.coordinator.preferred_language = "es"
    world.coordinator.save(update_fields=["preferred_language"])
    NeedFactory(neighborhood=world.own, urgency="urgent")
    page = coordinator_client.get(triage_url(world)).content.decode()
    assert "<td>Alimentos</td>" in page
    assert "<td>abierta</td>" in page
    assert '<strong class="tag tag--urgent">Urgente</strong>' in page
    assert "menos de una hora" in page


def test_a_bad_stale_days_value_is_marked_on_the_field_and_kept(coordinator_client, world):
    response = coordinator_client.post(
        reverse("needs_stale_days", kwargs={"slug": world.own.slug}), {"stale_after_days": "400"}
    )
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_stale_after_days_error">' in page
    assert "Enter a number of days from 1 to 365." in page
    assert 'value="400"' in page and 'aria-invalid="true"' in page
