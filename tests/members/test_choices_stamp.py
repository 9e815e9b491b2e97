"""A neighborhood's choices stamp moves on at every change of its categories or
volunteers, however the change is made, and what is kept under it (Neighborhood.remember)
follows at once; the pages' cached parts follow every save at once and a write with no
signal (a shell's update) within the minute."""

import re
import time
from importlib import import_module

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from intake.forms import NewVisitForm
from members.models import Membership, Neighborhood, Role, User
from mutualaid.models import NeedCategory
from tests.factories import MembershipFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory
from wcc import content_stamps

pytestmark = pytest.mark.django_db


def stamp(neighborhood) -> int:
    return Neighborhood.objects.values_list("choices_stamp", flat=True).get(pk=neighborhood.pk)


@pytest.fixture
def place(world):
    NeedCategory.ensure_defaults(world.own)
    NeedCategory.ensure_defaults(world.other)
    return world.own


def changes_stamp(neighborhood, change) -> bool:
    before = stamp(neighborhood)
    change()
    return stamp(neighborhood) != before


def test_every_way_of_changing_categories_moves_the_stamp(place, world):
    category = NeedCategory.objects.of(place).first()

    def save_renamed():
        category.name = "Groceries and bread"
        category.save()

    assert changes_stamp(place, save_renamed)
    assert changes_stamp(place, lambda: NeedCategory.objects.of(place).update(is_active=False))
    assert changes_stamp(
        place,
        lambda: NeedCategory.objects.bulk_create(
            [NeedCategory(neighborhood=place, slug="bikes", name="Bike repair")]
        ),
    )
    assert changes_stamp(place, lambda: NeedCategory.objects.filter(slug="bikes").delete())
    # Another neighborhood's categories leave this one's stamp alone.
    assert not changes_stamp(place, lambda: NeedCategory.objects.of(world.other).update(position=7))


def test_every_change_of_who_volunteers_moves_the_stamp(place, world):
    newcomer = UserFactory(display_name="Nia Newcomer")
    joined = []
    assert changes_stamp(
        place,
        lambda: joined.append(MembershipFactory(user=newcomer, neighborhood=place)),
    )
    membership = joined[0]
    assert changes_stamp(
        place, lambda: Membership.objects.filter(pk=membership.pk).update(role=Role.VOLUNTEER)
    )
    # Moving a membership changes both neighborhoods' choices.
    other_before = stamp(world.other)
    assert changes_stamp(
        place,
        lambda: Membership.objects.filter(pk=membership.pk).update(neighborhood=world.other),
    )
    assert stamp(world.other) != other_before
    assert changes_stamp(world.other, membership.delete)


def test_a_volunteers_name_email_or_account_moves_the_stamps_of_their_neighborhoods(place, world):
    volunteer = world.volunteer
    assert changes_stamp(
        place, lambda: User.objects.filter(pk=volunteer.pk).update(display_name="Val V.")
    )
    assert changes_stamp(
        place, lambda: User.objects.filter(pk=volunteer.pk).update(email="val@example.net")
    )
    assert changes_stamp(
        place, lambda: User.objects.filter(pk=volunteer.pk).update(is_active=False)
    )
    # Signing in (last_login) or a new phone number changes no choice.
    assert not changes_stamp(
        place, lambda: User.objects.filter(pk=volunteer.pk).update(phone="+1 555 000 1111")
    )
    volunteer.refresh_from_db()
    assert not changes_stamp(place, volunteer.save)
    # Only the neighborhoods the person belongs to.
    assert not changes_stamp(
        world.other, lambda: User.objects.filter(pk=volunteer.pk).update(display_name="V")
    )


def test_saving_a_neighborhood_read_earlier_keeps_the_newer_stamp(place):
    read_before = Neighborhood.objects.get(pk=place.pk)
    NeedCategory.objects.of(place).update(position=3)
    newer = stamp(place)
    assert newer != read_before.choices_stamp
    read_before.description = "We meet on Saturdays."
    read_before.save()
    assert stamp(place) == newer
    assert Neighborhood.objects.get(pk=place.pk).description == "We meet on Saturdays."


def test_remember_computes_once_per_stamp_and_name(place):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    fresh = Neighborhood.objects.get(pk=place.pk)
    assert fresh.remember("test-count", compute) == 1
    assert Neighborhood.objects.get(pk=place.pk).remember("test-count", compute) == 1
    assert fresh.remember("test-count:es", compute) == 2  # another variant
    NeedCategory.objects.of(place).update(position=5)
    assert Neighborhood.objects.get(pk=place.pk).remember("test-count", compute) == 3


KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')


def form_of(page: str) -> str:
    """The new-visit form without its CSRF token (masked afresh on every page)."""
    form = page.split('id="intake-form"')[1].split("</form>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_blank_visit_form_is_the_drawn_form_with_a_fresh_key(
    volunteer_client, world, place, language
):
    """The page keeps the blank form's drawing, but every page gets its own key: two
    tables saving at once are never taken for one double tap."""
    world.volunteer.preferred_language = language
    world.volunteer.save(update_fields=["preferred_language"])
    session = IntakeSessionFactory(neighborhood=place, status="open")
    pages = [volunteer_client.get(session_url(session)) for _ in range(2)]
    forms = [form_of(page.content.decode()) for page in pages]
    keys = [KEY.findall(form) for form in forms]
    assert all(len(found) == 1 for found in keys)
    assert keys[0] != keys[1]
    assert forms[0].replace(keys[0][0], "") == forms[1].replace(keys[1][0], "")
    with translation.override(language):
        drawn = render_to_string(
            "intake/visit_fields.html",
            {"form": NewVisitForm(neighborhood=place), "key_outside": True},
        )
    fields = re.sub(r'<input type="hidden" name="submission_key"[^>]*>', "", drawn)
    assert " ".join(fields.split()) in " ".join(forms[0].split())
    label = "Groceries" if language == "en" else "Alimentos"
    assert label in forms[0]


def session_url(session):
    return reverse("intake_session", args=[session.neighborhood.slug, session.pk])


def test_the_session_page_shows_a_new_category_and_a_new_volunteer_at_once(volunteer_client, place):
    session = IntakeSessionFactory(neighborhood=place)
    page = volunteer_client.get(session_url(session)).content.decode()
    assert "Bike repair" not in page and "Nia Newcomer" not in page
    NeedCategory.objects.create(neighborhood=place, slug="bikes", name="Bike repair")
    MembershipFactory(
        user=UserFactory(display_name="Nia Newcomer"), neighborhood=place, role=Role.VOLUNTEER
    )
    page = volunteer_client.get(session_url(session)).content.decode()
    assert "Bike repair" in page and "Nia Newcomer" in page


def test_the_session_page_drops_a_renamed_or_departed_volunteer_at_once(
    volunteer_client, place, world
):
    session = IntakeSessionFactory(neighborhood=place)
    assert "Cora Coordinator" in volunteer_client.get(session_url(session)).content.decode()
    world.coordinator.display_name = "Cora C."
    world.coordinator.save()
    page = volunteer_client.get(session_url(session)).content.decode()
    assert "Cora C." in page and "Cora Coordinator" not in page
    membership = Membership.objects.get(user=world.coordinator)
    membership.status = Membership.Status.INACTIVE
    membership.save()
    assert "Cora C." not in volunteer_client.get(session_url(session)).content.decode()


def test_a_volunteer_renamed_without_signals_leaves_the_session_page_within_the_minute(
    volunteer_client, place, world, monkeypatch
):
    """The blank visit form is drawn in the page's cached parts, keyed on the content
    stamp and the minute like the board's filter: a write no app code makes (a shell's
    ``update``) shows in the next minute at the latest."""
    session = IntakeSessionFactory(neighborhood=place)
    assert "Cora Coordinator" in volunteer_client.get(session_url(session)).content.decode()
    User.objects.filter(pk=world.coordinator.pk).update(display_name="Cora C.")

    now = time.time()
    monkeypatch.setattr(content_stamps.time, "time", lambda: now + 60)

    page = volunteer_client.get(session_url(session)).content.decode()
    assert "Cora C." in page and "Cora Coordinator" not in page


def test_the_board_filter_shows_a_new_or_retired_category_at_once(member_client, place):
    """The board's filter is drawn in its cached part, keyed on the content stamp (which
    every save of a category moves), not on the choices stamp: a page drawn from the
    cache then reads nothing from the database (docs/performance.md)."""
    url = reverse("needs_board", kwargs={"slug": place.slug})
    assert "Bike repair" not in member_client.get(url).content.decode()
    bikes = NeedCategory.objects.create(neighborhood=place, slug="bikes", name="Bike repair")
    assert "Bike repair" in member_client.get(url).content.decode()
    bikes.is_active = False
    bikes.save()
    assert "Bike repair" not in member_client.get(url).content.decode()


def test_a_category_changed_without_signals_leaves_the_board_within_the_minute(
    member_client, place, monkeypatch
):
    """A write no app code makes (a shell's ``update``, raw SQL) moves only the choices
    stamp; the board's cached part is keyed on the minute too, so it shows the change
    in the next minute at the latest.
    """
    NeedCategory.objects.create(neighborhood=place, slug="bikes", name="Bike repair")
    url = reverse("needs_board", kwargs={"slug": place.slug})
    assert "Bike repair" in member_client.get(url).content.decode()
    NeedCategory.objects.filter(slug="bikes").update(is_active=False)

    now = time.time()
    monkeypatch.setattr(content_stamps.time, "time", lambda: now + 60)

    assert "Bike repair" not in member_client.get(url).content.decode()


def _stamp_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%%choices_stamp'")
        return {name for (name,) in cursor.fetchall()}


def test_the_triggers_come_from_a_reversible_migration(place):
    """The migration's reverse drops them (the stamp stops moving); its forward SQL
    brings them back."""
    migration = import_module("members.migrations.0005_choices_stamp_triggers")
    (run_sql,) = migration.Migration.operations
    everything = {
        "members_membership_choices_stamp",
        "members_user_choices_stamp",
        "mutualaid_needcategory_choices_stamp",
    }
    assert _stamp_triggers() == everything
    with connection.cursor() as cursor:
        for statement in run_sql.reverse_sql:
            cursor.execute(statement)
    assert _stamp_triggers() == set()
    before = Neighborhood.objects.get(pk=place.pk).choices_stamp
    NeedCategory.objects.create(neighborhood=place, slug="bikes", name="Bike repair")
    assert Neighborhood.objects.get(pk=place.pk).choices_stamp == before
    with connection.cursor() as cursor:
        for statement in run_sql.sql:
            cursor.execute(statement)
    assert _stamp_triggers() == everything
    NeedCategory.objects.create(neighborhood=place, slug="tools", name="Tools")
    assert Neighborhood.objects.get(pk=place.pk).choices_stamp != before
