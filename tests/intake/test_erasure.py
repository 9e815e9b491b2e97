"""Erasing a visitor (by a coordinator, or by the retention policy): no personal
detail is left in any table, while the table's counts stay."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import actions, tasks
from intake.models import AccessLog, Visit, VisitNeed, Visitor, VisitorMerge
from members.models import ErasureRecord
from tests.members.test_data_rights import every_text_value

from .factories import VisitFactory, VisitorFactory

MARKERS = {
    "first": "Zorbacanary",
    "last": "Quillmarker",
    "phone": "+1 555 0199 8877",
    "digits": "155501998877",
    "languages": "Klingonmarker",
    "note": "notecanary-diabetes",
    "follow_up": "followcanary-call-her",
    "merged_name": "Mergedcanary",
}


@pytest.fixture
def canary(world, session, categories):
    visitor = VisitorFactory(
        neighborhood=world.own,
        first_name=MARKERS["first"],
        last_name=MARKERS["last"],
        phone=MARKERS["phone"],
        languages=MARKERS["languages"],
        contact_by=Visitor.ContactBy.SMS,
        contact_consent_at=timezone.now(),
        contact_consent_by=world.volunteer,
        last_visit_on=session.date,
    )
    visit = VisitFactory(
        session=session,
        visitor=visitor,
        logged_by=world.volunteer,
        note=MARKERS["note"],
        follow_up=MARKERS["follow_up"],
        follow_up_owner=world.volunteer,
    )
    VisitNeed.objects.create(visit=visit, category=categories["groceries"])
    VisitNeed.objects.create(visit=visit, category=categories["housing"])
    merged = VisitorFactory(neighborhood=world.own, first_name=MARKERS["merged_name"])
    actions.merge_visitors(keep=visitor, other=merged, by=world.coordinator)
    AccessLog.record(user=world.volunteer, action=AccessLog.Action.VIEW, visitors=[visitor])
    return visitor


def erase_url(world, visitor):
    return reverse("intake_visitor_erase", kwargs={"slug": world.own.slug, "pk": visitor.pk})


def test_the_canary_is_really_in_the_database_before_erasure(canary):
    dump = every_text_value()
    for marker in MARKERS.values():
        assert marker in dump, marker


def test_after_a_coordinator_erases_a_visitor_no_marker_is_left_but_counts_stay(
    world, canary, session, coordinator_client
):
    before = actions.session_summary(session)
    logs = AccessLog.objects.filter(visitor=canary).count()
    response = coordinator_client.post(erase_url(world, canary), {"confirm": "on"})
    assert response.status_code == 302
    dump = every_text_value().lower()
    for marker in MARKERS.values():
        assert marker.lower() not in dump, marker
    after = actions.session_summary(session)
    assert (after["people"], after["by_category"]) == (before["people"], before["by_category"])
    assert Visit.objects.filter(visitor=canary).count() == 1
    assert AccessLog.objects.filter(visitor=canary).count() >= logs  # append-only, kept
    assert VisitorMerge.objects.filter(kept=canary).exists()
    canary.refresh_from_db()
    assert canary.contact_consent_by == world.volunteer  # who recorded it: a user id
    record = ErasureRecord.objects.get()
    assert (record.kind, record.subject_id, record.erased_by) == (
        "visitor",
        canary.pk,
        world.coordinator,
    )
    assert record.parts["intake"] == 3  # the visitor, the record merged into it, the visit


def test_erasing_needs_the_tick_and_changes_nothing_without_it(world, canary, coordinator_client):
    response = coordinator_client.post(erase_url(world, canary), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    canary.refresh_from_db()
    assert canary.first_name == MARKERS["first"]
    assert not ErasureRecord.objects.exists()


def test_the_confirm_page_warns_and_the_visitor_page_links_to_it(world, canary, coordinator_client):
    page = coordinator_client.get(erase_url(world, canary)).content.decode()
    assert "It cannot be undone." in page
    visitor_page = coordinator_client.get(
        reverse("intake_visitor", kwargs={"slug": world.own.slug, "pk": canary.pk})
    ).content.decode()
    assert erase_url(world, canary) in visitor_page


def test_volunteers_cannot_erase_and_outsiders_get_404(world, canary, client):
    from tests.intake.factories import VisitorFactory as Factory

    client.force_login(world.volunteer)
    assert client.post(erase_url(world, canary), {"confirm": "on"}).status_code == 403
    stranger = Factory(neighborhood=world.other)
    client.force_login(world.coordinator)
    url = reverse("intake_visitor_erase", kwargs={"slug": world.own.slug, "pk": stranger.pk})
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert not ErasureRecord.objects.exists()


def test_retention_erases_visitors_just_outside_the_window_only(world):
    today = timezone.localdate()
    cutoff = today - relativedelta(months=world.own.retention_months)
    inside = VisitorFactory(neighborhood=world.own, first_name="Insidecanary", last_visit_on=cutoff)
    outside = VisitorFactory(
        neighborhood=world.own,
        first_name="Outsidecanary",
        last_visit_on=cutoff - datetime.timedelta(days=1),
    )
    assert tasks.apply_retention() == 1
    inside.refresh_from_db()
    outside.refresh_from_db()
    assert inside.first_name == "Insidecanary"
    assert outside.first_name != "Outsidecanary"
    record = ErasureRecord.objects.get()
    assert (record.subject_id, record.erased_by) == (outside.pk, None)
    assert record.parts["retention_months"] == world.own.retention_months
    assert tasks.apply_retention() == 0  # an erased visitor is not erased again


def test_retention_follows_each_neighborhoods_own_period(world):
    world.other.retention_months = 6
    world.other.save(update_fields=["retention_months"])
    eight_months_ago = timezone.localdate() - relativedelta(months=8)
    here = VisitorFactory(neighborhood=world.own, last_visit_on=eight_months_ago)
    there = VisitorFactory(neighborhood=world.other, last_visit_on=eight_months_ago)
    tasks.apply_retention()
    assert set(ErasureRecord.objects.values_list("subject_id", flat=True)) == {there.pk}
    assert here.pk != there.pk


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(confirm=st.one_of(st.text(max_size=50), st.sampled_from(["", "\x00", "on", "false", "0"])))
def test_no_input_to_the_erase_form_gives_a_500(world, confirm):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    visitor = VisitorFactory(neighborhood=world.own)
    response = client.post(erase_url(world, visitor), {"confirm": confirm})
    assert response.status_code in (200, 302)
