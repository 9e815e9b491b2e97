"""A merge keeps everything (issue 15, item 7): visits move, empty details are filled
from the other record, differing ones are chosen, first-visit marks are recomputed, any
two records can be merged by search, and a form or link holding the merged record
follows it to the kept one. Two merges at once: one wins, the other is refused."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from intake import actions
from intake.models import AccessLog, Visit, Visitor, VisitorMerge
from tests.concurrency import run_at_once

from .factories import IntakeSessionFactory, VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def confirm_url(world, keep, other):
    return reverse("intake_merge_confirm", args=[world.own.slug, keep.pk, other.pk])


def versions(keep, other, **choices):
    return {"kept_version": keep.version, "other_version": other.version, **choices}


def session_on(world, days_ago, **extra):
    date = datetime.date.today() - datetime.timedelta(days=days_ago)
    return IntakeSessionFactory(neighborhood=world.own, date=date, **extra)


@pytest.fixture
def kwame(world):
    keep = VisitorFactory(neighborhood=world.own, first_name="Kwame", household_size=3)
    other = VisitorFactory(
        neighborhood=world.own,
        first_name="Kwame",
        last_name="Mensah",
        phone="555 010 9988",
        languages="Twi, English",
        household_size=4,
    )
    return keep, other


def test_the_confirm_step_says_what_will_happen_and_shows_both_values_of_a_conflict(
    coordinator_client, world, kwame
):
    keep, other = kwame
    VisitFactory(session=session_on(world, 7), visitor=other)
    response = coordinator_client.get(confirm_url(world, keep, other))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 visit of Kwame Mensah moves to Kwame." in html
    assert "Twi, English" in html and "555 010 9988" in html  # filled: it had none
    assert 'name="take_household_size"' in html
    assert re.search(r'value="kept"[^>]*>\s*3\s*</label>', html)
    assert re.search(r'value="other"[^>]*>\s*4\s*</label>', html)
    assert not VisitorMerge.objects.exists()  # asking is not merging


def test_a_conflict_left_unchosen_is_asked_again_and_nothing_is_merged(
    coordinator_client, world, kwame
):
    keep, other = kwame
    response = coordinator_client.post(confirm_url(world, keep, other), versions(keep, other))
    assert response.status_code == 400
    assert "Choose which one to keep." in response.content.decode()
    assert Visitor.objects.get(pk=other.pk).merged_into is None


def test_a_merge_fills_empty_details_takes_the_chosen_ones_and_leaves_a_trail(
    coordinator_client, coordinator, world, kwame
):
    keep, other = kwame
    url = confirm_url(world, keep, other)
    response = coordinator_client.post(url, versions(keep, other, take_household_size="other"))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_visitor", args=[world.own.slug, keep.pk])
    keep.refresh_from_db()
    assert (keep.phone, keep.languages, keep.household_size) == ("555 010 9988", "Twi, English", 4)
    assert keep.first_name == "Kwame" and keep.last_name == "Mensah"
    assert Visitor.objects.get(pk=other.pk).merged_into_id == keep.pk
    merge = VisitorMerge.objects.get()
    assert merge.merged_by == coordinator
    assert set(merge.fields_taken) == {"last_name", "phone", "languages", "household_size"}
    logged = AccessLog.objects.filter(action="merge").values_list("visitor_id", flat=True)
    assert set(logged) == {keep.pk, other.pk}


def test_after_a_merge_a_search_by_the_other_records_phone_finds_the_kept_one(
    volunteer_client, world, kwame, session
):
    keep, other = kwame
    actions.merge_visitors(
        keep=keep, other=other, by=world.coordinator, take_from_other={"household_size"}
    )
    url = reverse("intake_search", args=[world.own.slug, session.pk])
    html = volunteer_client.post(url, {"q": "0109988"}, headers=HTMX).content.decode()
    assert f"?visitor={keep.pk}" in html and f"?visitor={other.pk}" not in html


def test_first_visit_marks_are_worked_out_again_from_the_dates(world):
    keep = VisitorFactory(neighborhood=world.own, first_name="Late")
    other = VisitorFactory(neighborhood=world.own, first_name="Early")
    later = VisitFactory(session=session_on(world, 1), visitor=keep, is_first_visit=True)
    earliest = VisitFactory(session=session_on(world, 90), visitor=other, is_first_visit=True)
    middle = VisitFactory(session=session_on(world, 30), visitor=other)
    actions.merge_visitors(keep=keep, other=other, by=world.coordinator)
    marks = dict(Visit.objects.filter(visitor=keep).values_list("pk", "is_first_visit"))
    assert marks == {earliest.pk: True, middle.pk: False, later.pk: False}
    keep.refresh_from_db()
    assert keep.first_visit_on == earliest.session.date
    assert keep.last_visit_on == later.session.date


def test_a_coordinator_finds_any_visitor_of_the_neighborhood_to_merge_by_search(
    coordinator_client, world, kwame
):
    keep, other = kwame
    VisitorFactory(neighborhood=world.other, first_name="Kwame", last_name="Elsewhere")
    page = reverse("intake_visitor", args=[world.own.slug, keep.pk])
    merge_url = reverse("intake_merge", args=[world.own.slug, keep.pk])
    assert merge_url in coordinator_client.get(page).content.decode()
    html = coordinator_client.post(merge_url, {"q": "mensah"}).content.decode()
    assert confirm_url(world, keep, other) in html
    assert "Elsewhere" not in html


def test_the_merge_pages_are_for_coordinators_only(volunteer_client, world, kwame):
    keep, other = kwame
    assert volunteer_client.get(confirm_url(world, keep, other)).status_code == 403
    merge_url = reverse("intake_merge", args=[world.own.slug, keep.pk])
    assert volunteer_client.post(merge_url, {"q": "kw"}).status_code == 403


def test_a_record_of_another_neighborhood_cannot_be_merged_in(coordinator_client, world):
    keep = VisitorFactory(neighborhood=world.own)
    outsider = VisitorFactory(neighborhood=world.other)
    url = confirm_url(world, keep, outsider)
    assert coordinator_client.post(url, versions(keep, outsider)).status_code == 404
    assert Visitor.objects.get(pk=outsider.pk).merged_into is None


def test_a_record_changed_since_the_confirm_step_is_shown_again(coordinator_client, world, kwame):
    keep, other = kwame
    data = versions(keep, other, take_household_size="kept")
    Visitor.objects.filter(pk=other.pk).update(version=other.version + 1, phone="555 777 0000")
    response = coordinator_client.post(confirm_url(world, keep, other), data)
    assert response.status_code == 409
    assert "555 777 0000" in response.content.decode()
    assert not VisitorMerge.objects.exists()


def test_a_visit_form_drawn_for_the_merged_record_saves_on_the_kept_one(
    volunteer_client, world, kwame, session, categories
):
    keep, other = kwame
    page = reverse("intake_session", args=[world.own.slug, session.pk])
    stale = {  # the form as drawn for the record picked before the merge
        "submission_key": str(uuid.uuid4()),
        "visitor": other.pk,
        "visitor_version": other.version,
        "first_name": "Kwame",
        "last_name": "Mensah",
        "phone": "555 010 9988",
        "languages": "Twi, English, French",  # the volunteer added one
        "household_size": 4,
        "needs": [categories["groceries"].pk],
    }
    actions.merge_visitors(keep=keep, other=other, by=world.coordinator)  # kept size 3
    response = volunteer_client.post(page, stale, headers=HTMX)
    assert response.status_code == 200
    assert "Saved: Kwame Mensah" in response.content.decode()
    visit = Visit.objects.get(session=session)
    assert visit.visitor_id == keep.pk and not visit.is_first_visit
    keep.refresh_from_db()
    assert keep.languages == "Twi, English, French"  # what the volunteer changed
    assert keep.household_size == 3  # the merge's choice, not the stale form's


def test_an_old_link_to_the_merged_record_leads_to_the_kept_one(
    volunteer_client, world, kwame, session
):
    keep, other = kwame
    actions.merge_visitors(keep=keep, other=other, by=world.coordinator)
    page = reverse("intake_visitor", args=[world.own.slug, other.pk])
    response = volunteer_client.get(page)
    assert response["Location"] == reverse("intake_visitor", args=[world.own.slug, keep.pk])
    picked = reverse("intake_session", args=[world.own.slug, session.pk])
    html = volunteer_client.get(picked, {"visitor": other.pk}).content.decode()
    assert f'name="visitor" value="{keep.pk}"' in html


def test_merging_into_a_record_that_is_merged_later_keeps_one_step(world):
    a, b, c = (VisitorFactory(neighborhood=world.own) for _ in range(3))
    actions.merge_visitors(keep=b, other=a, by=world.coordinator)
    actions.merge_visitors(keep=c, other=b, by=world.coordinator)
    assert Visitor.objects.get(pk=a.pk).merged_into_id == c.pk
    assert list(Visitor.objects.current().filter(pk__in=[a.pk, b.pk, c.pk])) == [c]


@pytest.mark.django_db(transaction=True)
def test_two_merges_of_the_same_records_at_once_are_one_merge(world):
    a = VisitorFactory(neighborhood=world.own, first_name="Ama")
    b = VisitorFactory(neighborhood=world.own, first_name="Ama", phone="555 1")
    VisitFactory(session=session_on(world, 3), visitor=a)
    VisitFactory(session=session_on(world, 2), visitor=b)
    pairs = [(a, b), (b, a), (a, b), (b, a)]  # both directions, twice each

    def merge(pair):
        keep, other = (Visitor.objects.get(pk=v.pk) for v in pair)
        return actions.merge_visitors(keep=keep, other=other, by=world.coordinator)

    results, errors = run_at_once(merge, pairs)
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(e, actions.MergeRefused) for e in errors)
    kept = results[0].kept
    assert list(Visitor.objects.current().filter(pk__in=[a.pk, b.pk])) == [kept]
    assert Visit.objects.filter(visitor=kept).count() == 2
    assert Visit.objects.filter(visitor=kept, is_first_visit=True).count() == 1
    assert VisitorMerge.objects.count() == 1


def test_the_likely_duplicates_page_asks_first_through_the_confirm_step(coordinator_client, world):
    a = VisitorFactory(neighborhood=world.own, first_name="Twin", phone="555 123 0000")
    b = VisitorFactory(neighborhood=world.own, first_name="Twin", phone="555 123 0000")
    html = coordinator_client.get(reverse("intake_duplicates", args=[world.own.slug])).content
    assert confirm_url(world, a, b) in html.decode()
    assert not VisitorMerge.objects.exists()


def test_a_stale_link_to_a_merge_already_done_says_so(coordinator_client, world, kwame):
    keep, other = kwame
    actions.merge_visitors(keep=keep, other=other, by=world.coordinator)
    response = coordinator_client.get(confirm_url(world, keep, other), follow=True)
    assert "One of the two records was merged a moment ago." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/visitors/{keep.pk}/")
    assert VisitorMerge.objects.count() == 1
