"""The offline table's two endpoints: the roster a volunteer's device keeps for
searching offline, and the service worker script. The browser journey is in
tests/browser/test_intake_offline.py."""

import datetime
import json

import pytest
from django.urls import reverse

from intake.models import AccessLog
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def roster_url(session):
    return reverse("intake_roster", kwargs={"slug": session.neighborhood.slug, "pk": session.pk})


def roster_names(client, session):
    response = client.get(roster_url(session))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [visitor["name"] for visitor in response.json()["visitors"]]


def test_the_roster_lists_the_neighborhoods_recent_visitors_with_what_the_form_needs(
    client, world, session
):
    today = datetime.date.today()
    grace = VisitorFactory(
        neighborhood=world.own,
        first_name="Grace",
        last_name="O'Brien",
        phone="555-0142",
        languages="English",
        household_size=3,
        last_visit_on=today,
    )
    client.force_login(world.volunteer)
    [entry] = client.get(roster_url(session)).json()["visitors"]
    assert entry == {
        "id": grace.pk,
        "name": "Grace O'Brien",
        "version": grace.version,
        "contact_consent": False,
        "last_visit_on": today.isoformat(),
        "here_today": False,
        "search": "grace o'brien",
        "digits": "5550142",
        "first_name": "Grace",
        "last_name": "O'Brien",
        "phone": "555-0142",
        "household_size": 3,
        "languages": "English",
        "contact_by": "",
    }


def test_the_roster_never_holds_another_neighborhoods_visitors(client, world, session):
    """The canary: a visitor of Westside, seen today, never reaches an Eastside device."""
    today = datetime.date.today()
    VisitorFactory(neighborhood=world.own, first_name="Eastie", last_visit_on=today)
    VisitorFactory(neighborhood=world.other, first_name="Westcanary", last_visit_on=today)
    for person in (world.volunteer, world.coordinator):
        client.force_login(person)
        response = client.get(roster_url(session))
        assert "Eastie" in response.content.decode()
        assert "Westcanary" not in response.content.decode()


def test_the_roster_of_another_neighborhoods_session_is_not_found(client, world):
    west_session = IntakeSessionFactory(neighborhood=world.other)
    VisitorFactory(
        neighborhood=world.other, first_name="Westcanary", last_visit_on=datetime.date.today()
    )
    client.force_login(world.coordinator)
    url = reverse("intake_roster", kwargs={"slug": world.own.slug, "pk": west_session.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert b"Westcanary" not in response.content


def test_a_closed_session_has_no_roster(client, world):
    closed = IntakeSessionFactory(neighborhood=world.own, status="closed")
    VisitorFactory(neighborhood=world.own, first_name="Grace", last_visit_on=datetime.date.today())
    client.force_login(world.volunteer)
    response = client.get(roster_url(closed))
    assert response.status_code == 404
    assert b"Grace" not in response.content


def test_the_roster_leaves_out_merged_and_long_unseen_visitors(client, world, session, settings):
    settings.WCC_ROSTER_DAYS = 30
    today = datetime.date.today()
    kept = VisitorFactory(neighborhood=world.own, first_name="Kept", last_visit_on=today)
    VisitorFactory(
        neighborhood=world.own, first_name="Merged", last_visit_on=today, merged_into=kept
    )
    VisitorFactory(
        neighborhood=world.own,
        first_name="Longago",
        last_visit_on=today - datetime.timedelta(days=31),
    )
    VisitorFactory(neighborhood=world.own, first_name="Never", last_visit_on=None)
    client.force_login(world.volunteer)
    assert roster_names(client, session) == ["Kept"]


def test_the_roster_keeps_the_most_recent_within_its_size(client, world, session, settings):
    settings.WCC_ROSTER_SIZE = 2
    today = datetime.date.today()
    for days, name in [(3, "Older"), (0, "Newest"), (1, "Newer")]:
        VisitorFactory(
            neighborhood=world.own,
            first_name=name,
            last_visit_on=today - datetime.timedelta(days=days),
        )
    client.force_login(world.volunteer)
    assert roster_names(client, session) == ["Newest", "Newer"]


def test_the_roster_marks_who_is_already_here_in_this_session(client, world, session):
    today = datetime.date.today()
    here = VisitorFactory(neighborhood=world.own, first_name="Here", last_visit_on=today)
    VisitFactory(session=session, visitor=here)
    VisitorFactory(neighborhood=world.own, first_name="Away", last_visit_on=today)
    client.force_login(world.volunteer)
    visitors = client.get(roster_url(session)).json()["visitors"]
    assert {v["name"]: v["here_today"] for v in visitors} == {"Here": True, "Away": False}


def test_the_roster_is_written_to_the_access_log_once_a_day_per_reader(client, world, session):
    visitors = [
        VisitorFactory(neighborhood=world.own, last_visit_on=datetime.date.today())
        for _ in range(3)
    ]
    client.force_login(world.volunteer)
    client.get(roster_url(session))
    client.get(roster_url(session))  # fetched again at the next reload
    views = AccessLog.objects.filter(user=world.volunteer, action=AccessLog.Action.VIEW)
    assert sorted(views.values_list("visitor_id", flat=True)) == sorted(v.pk for v in visitors)


def test_the_roster_is_never_cached(client, world, session):
    client.force_login(world.volunteer)
    response = client.get(roster_url(session))
    assert "no-store" in response["Cache-Control"]


def test_the_service_worker_is_served_from_the_intake_path_as_javascript(client, world):
    response = client.get(reverse("intake_service_worker", kwargs={"slug": world.own.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'const PERSONAL = "wcc-intake-personal"' in body
    assert 'self.addEventListener("fetch"' in body


def test_the_session_page_links_the_manifest_and_the_offline_parts(client, world, session):
    client.force_login(world.volunteer)
    response = client.get(
        reverse("intake_session", kwargs={"slug": world.own.slug, "pk": session.pk})
    )
    body = response.content.decode()
    assert '<link rel="manifest" href="/static/manifest.webmanifest">' in body
    assert f'data-roster-url="{roster_url(session)}"' in body
    assert 'data-worker-url="/n/eastside/intake/sw.js?hours=12"' in body
    assert 'data-session-open="yes"' in body
    assert "/static/js/intake-offline.js" in body


def test_the_manifest_names_the_app_and_its_icons(settings):
    manifest = json.loads((settings.BASE_DIR / "static" / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert (settings.BASE_DIR / "static" / icon["src"]).exists()


def test_logging_out_asks_the_browser_to_clear_the_sites_storage(client, world):
    client.force_login(world.volunteer)
    response = client.post(reverse("logout"))
    assert '"cache"' in response["Clear-Site-Data"]
    assert '"storage"' in response["Clear-Site-Data"]


def test_the_logout_button_carries_the_unsent_warning_in_spanish(client, world):
    world.volunteer.preferred_language = "es"
    world.volunteer.save(update_fields=["preferred_language"])
    client.force_login(world.volunteer)
    body = client.get(reverse("intake_sessions", kwargs={"slug": world.own.slug})).content.decode()
    assert "data-logout" in body
    assert "no se han enviado" in body
