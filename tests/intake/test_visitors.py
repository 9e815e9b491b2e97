"""Visitors: search as you type, optimistic concurrency, duplicates and merges, the log."""

import pytest
from django.test import Client
from django.urls import reverse

from intake.actions import VisitorConflict, merge_visitors, update_visitor
from intake.models import AccessLog, Visit, Visitor, VisitorMerge, likely_duplicates

from .factories import IntakeSessionFactory, VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def search(client, session, q):
    url = reverse("intake_search", args=[session.neighborhood.slug, session.pk])
    return client.post(url, {"q": q}, headers={"HX-Request": "true"})


@pytest.mark.parametrize(
    "typed", ["mar", "MAR", "José", "jose", "Martnez", "jose martines", "4567", "555-12"]
)
def test_search_finds_returning_visitors_despite_accents_case_and_small_typos(
    volunteer_client, session, world, typed
):
    VisitorFactory(
        neighborhood=world.own, first_name="José", last_name="Martínez", phone="555 123 4567"
    )
    VisitorFactory(neighborhood=world.own, first_name="Quentin", last_name="Blake")
    response = search(volunteer_client, session, typed)
    html = response.content.decode()
    assert "José Martínez" in html
    assert "Quentin" not in html


def test_search_answers_only_the_results_partial_and_never_other_neighborhoods(
    volunteer_client, session, world
):
    VisitorFactory(neighborhood=world.other, first_name="Marisol")
    html = search(volunteer_client, session, "mari").content.decode()
    assert 'id="search-results"' in html and "<html" not in html
    assert "Marisol" not in html
    assert "Nobody found" in html


def test_search_hides_merged_visitors(volunteer_client, session, world):
    keep = VisitorFactory(neighborhood=world.own, first_name="Merged Keep")
    gone = VisitorFactory(neighborhood=world.own, first_name="Merged Gone")
    merge_visitors(keep=keep, other=gone, by=world.coordinator)
    html = search(volunteer_client, session, "merged").content.decode()
    assert "Merged Keep" in html and "Merged Gone" not in html


def test_search_without_js_answers_the_whole_session_page_with_results(
    volunteer_client, session, world
):
    VisitorFactory(neighborhood=world.own, first_name="Nadia")
    url = reverse("intake_search", args=[world.own.slug, session.pk])
    html = volunteer_client.post(url, {"q": "nad"}).content.decode()
    assert "<html" in html and "Nadia" in html and 'id="intake-form"' in html


@pytest.mark.parametrize("rows", [1, 30])
def test_search_query_count_is_flat(
    volunteer_client, session, world, rows, django_assert_max_num_queries
):
    for n in range(rows):
        VisitorFactory(neighborhood=world.own, first_name=f"Sam{n}")
    # One more than before issue 15: each result's last visit (and its needs, when any).
    with django_assert_max_num_queries(8):
        response = search(volunteer_client, session, "sam")
    assert response.content.decode().count("<li>") == min(rows, 8)


def test_a_stale_visitor_save_conflicts_and_shows_what_changed(volunteer_client, world):
    coordinator_client = Client()
    coordinator_client.force_login(world.coordinator)
    visitor = VisitorFactory(neighborhood=world.own, first_name="Lena", phone="555 000 1111")
    url = reverse("intake_visitor", args=[world.own.slug, visitor.pk])
    base = {"first_name": "Lena", "phone": "555 000 1111", "version": visitor.version}
    assert coordinator_client.post(url, {**base, "phone": "555 999 2222"}).status_code == 302
    response = volunteer_client.post(url, {**base, "languages": "Tigrinya"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this visitor" in html
    assert "555 999 2222" in html  # what the other person saved
    assert 'value="Tigrinya"' in html  # what this person typed is kept
    visitor.refresh_from_db()
    assert (visitor.phone, visitor.languages, visitor.version) == ("555 999 2222", "", 2)
    # Saving again from the conflict page is deliberate: it goes through.
    again = volunteer_client.post(url, {**base, "languages": "Tigrinya", "version": 2})
    assert again.status_code == 302


def test_update_visitor_refuses_an_old_version(world):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Old")
    update_visitor(visitor=visitor, changes={"first_name": "New"}, expected_version=1, by=None)
    with pytest.raises(VisitorConflict) as caught:
        update_visitor(
            visitor=visitor, changes={"first_name": "Other"}, expected_version=1, by=None
        )
    assert [d.field for d in caught.value.differences] == ["first_name"]
    assert caught.value.current.first_name == "New"


def test_a_visit_saved_from_a_stale_visitor_render_conflicts_and_saves_nothing(
    volunteer_client, session, world
):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Ruth")
    update_visitor(visitor=visitor, changes={"phone": "555 777 8888"}, expected_version=1, by=None)
    url = reverse("intake_session", args=[world.own.slug, session.pk])
    data = {
        "submission_key": "5b0e2f2e-4b2a-4a43-9b8c-3a1f0f0a0a0a",
        "visitor": visitor.pk,
        "visitor_version": 1,
        "first_name": "Ruth",
        "phone": "",
    }
    response = volunteer_client.post(url, data)
    assert response.status_code == 409
    assert not Visit.objects.exists()
    assert "555 777 8888" in response.content.decode()


def test_likely_duplicates_pair_same_phone_and_similar_names(world):
    a = VisitorFactory(neighborhood=world.own, first_name="Ana", phone="555 111 2222")
    b = VisitorFactory(neighborhood=world.own, first_name="Anita", phone="(555) 111-2222")
    c = VisitorFactory(neighborhood=world.own, first_name="Guadalupe", last_name="Ramírez")
    d = VisitorFactory(neighborhood=world.own, first_name="Guadalupe", last_name="Ramirez")
    VisitorFactory(neighborhood=world.other, first_name="Guadalupe", last_name="Ramirez")
    VisitorFactory(neighborhood=world.own, first_name="Bartholomew")
    pairs = {frozenset(p) for p in likely_duplicates(world.own)}
    assert pairs == {frozenset([a, b]), frozenset([c, d])}


def test_a_merge_keeps_every_visit_and_is_recorded(coordinator_client, coordinator, world):
    keep = VisitorFactory(neighborhood=world.own, first_name="Keep")
    other = VisitorFactory(neighborhood=world.own, first_name="Other")
    s1, s2 = (
        IntakeSessionFactory(neighborhood=world.own),
        IntakeSessionFactory(neighborhood=world.own),
    )
    VisitFactory(session=s1, visitor=keep)
    VisitFactory(session=s2, visitor=other)
    VisitFactory(session=s1, visitor=other)
    url = reverse("intake_merge_confirm", args=[world.own.slug, keep.pk, other.pk])
    data = {"kept_version": keep.version, "other_version": other.version, "take_first_name": "kept"}
    assert coordinator_client.post(url, data).status_code == 302
    assert Visit.objects.filter(visitor=keep).count() == 3
    other.refresh_from_db()
    assert other.merged_into == keep
    merge = VisitorMerge.objects.get()
    assert (merge.kept, merge.merged, merge.visits_moved, merge.merged_by) == (
        keep,
        other,
        2,
        coordinator,
    )
    assert AccessLog.objects.filter(visitor=other, action="merge").exists()


def test_a_visitor_of_another_neighborhood_cannot_be_merged_in(coordinator_client, world):
    keep = VisitorFactory(neighborhood=world.own)
    outsider = VisitorFactory(neighborhood=world.other)
    url = reverse("intake_merge_confirm", args=[world.own.slug, keep.pk, outsider.pk])
    assert coordinator_client.post(url, {"kept_version": 1, "other_version": 1}).status_code == 404
    assert not VisitorMerge.objects.exists()
    assert Visitor.objects.get(pk=outsider.pk).merged_into is None


def test_the_access_log_is_readable_per_visitor_and_holds_no_values(coordinator_client, world):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Logged", phone="555 314 1592")
    url = reverse("intake_visitor", args=[world.own.slug, visitor.pk])
    volunteer_client = Client()
    volunteer_client.force_login(world.volunteer)
    volunteer_client.get(url)
    log_url = reverse("intake_visitor_log", args=[world.own.slug, visitor.pk])
    html = coordinator_client.get(log_url).content.decode()
    assert "Val Volunteer" in html and "viewed" in html
    entry = AccessLog.objects.filter(visitor=visitor).first()
    assert {f.name for f in AccessLog._meta.fields} == {
        "id",
        "neighborhood",
        "user",
        "visitor",
        "visit_id",
        "action",
        "at",
    }
    assert "555" not in str(entry)


def test_the_access_log_is_append_only(world):
    visitor = VisitorFactory(neighborhood=world.own)
    AccessLog.record(user=world.volunteer, action="view", visitors=[visitor])
    entry = AccessLog.objects.get()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.all().update(action="change")
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()
