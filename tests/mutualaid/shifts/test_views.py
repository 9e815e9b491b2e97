"""Shift pages through Django's test client (htmx requests send HX-Request)."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from mutualaid.actions import shifts as actions
from mutualaid.models import CalendarFeed, Signup
from tests.factories import UserFactory

from .factories import ShiftFactory, in_days

pytestmark = pytest.mark.django_db
CANARY = "Zq-CANARY-volunteer-name"


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.own.slug, **kwargs})


def test_shift_list_shows_free_places_and_my_place(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=3, role="Setup crew")
    actions.sign_up(shift=shift, user=world.volunteer)
    page = volunteer_client.get(url("shift_list", world)).content.decode()
    assert "Setup crew" in page
    assert "2 places free" in page
    assert "You are on it" in page


def test_shift_list_leaves_out_other_neighborhoods_and_past_shifts(world, member_client):
    ShiftFactory(neighborhood=world.other, role="Westside only")
    ShiftFactory(neighborhood=world.own, role="Long gone", starts_at=in_days(-3))
    page = member_client.get(url("shift_list", world)).content.decode()
    assert "Westside only" not in page
    assert "Long gone" not in page


def test_sign_up_by_plain_post_redirects_to_the_shift(world, member_client):
    shift = ShiftFactory(neighborhood=world.own)
    response = member_client.post(url("shift_signup", world, pk=shift.pk))
    assert response.status_code == 302
    assert shift.signups.get().user == world.member


def test_sign_up_by_htmx_returns_only_the_place_partial(world, member_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    response = member_client.post(url("shift_signup", world, pk=shift.pk), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="my-place"' in page
    assert "You are first on the waitlist." in page
    assert "<html" not in page
    assert shift.signups.get(user=world.member).status == Signup.Status.WAITLISTED


def test_cancel_by_htmx_frees_the_place_for_the_waitlist(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    actions.sign_up(shift=shift, user=world.member)
    response = volunteer_client.post(
        url("shift_cancel_signup", world, pk=shift.pk), {"note": "sick"}, HTTP_HX_REQUEST="true"
    )
    asked = response.content.decode()
    assert "Give up your place on this shift?" in asked  # asked first, in place
    assert 'value="sick"' in asked  # the note is kept
    assert shift.confirmed().get().user == world.volunteer
    response = volunteer_client.post(
        url("shift_cancel_signup", world, pk=shift.pk),
        {"note": "sick", "confirmed": "True"},
        HTTP_HX_REQUEST="true",
    )
    assert "Join the waitlist" in response.content.decode()
    assert shift.confirmed().get().user == world.member
    assert shift.signups.get(user=world.volunteer).note == "sick"


def test_sign_up_for_a_past_shift_is_refused(world, member_client):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(-1))
    member_client.post(url("shift_signup", world, pk=shift.pk))
    assert not shift.signups.exists()


def test_shift_of_another_neighborhood_is_404(world, member_client):
    shift = ShiftFactory(neighborhood=world.other)
    assert member_client.get(url("shift_detail", world, pk=shift.pk)).status_code == 404
    assert member_client.post(url("shift_signup", world, pk=shift.pk)).status_code == 404


def test_my_shifts_adds_up_hours_served_without_no_shows(world, volunteer_client):
    served = ShiftFactory(neighborhood=world.own, starts_at=in_days(-7))
    missed = ShiftFactory(neighborhood=world.own, starts_at=in_days(-14))
    Signup.objects.create(shift=served, user=world.volunteer, status="confirmed")
    Signup.objects.create(
        shift=missed, user=world.volunteer, status="confirmed", attendance="no-show"
    )
    page = volunteer_client.get(url("my_shifts", world)).content.decode()
    assert "3 hours in 1 shift" in page


def test_my_shifts_lists_the_past_weeks_with_what_was_recorded(world, volunteer_client):
    def mine(role, days, **fields):
        shift = ShiftFactory(neighborhood=world.own, role=role, starts_at=in_days(days))
        Signup.objects.create(shift=shift, user=world.volunteer, status="confirmed", **fields)

    mine("Came along", -7, attendance="attended")
    mine("Stayed away", -14, attendance="no-show")
    mine("Nobody ticked", -3)
    mine("Long ago", -7 * 13, attendance="attended")  # before the 12 weeks shown
    mine("Still to come", 3)
    waited = ShiftFactory(neighborhood=world.own, role="Only waited", starts_at=in_days(-2))
    Signup.objects.create(shift=waited, user=world.volunteer, status="waitlisted")
    page = volunteer_client.get(url("my_shifts", world)).content.decode()
    past = page.split('id="past-title"')[1].split("</section>")[0]
    assert "Past shifts (the last 12 weeks)" in page
    assert re.findall(r">([^<]+)</a>, [^·]+· <span class=\"badge\">([^<]+)<", past) == [
        ("Nobody ticked", "not recorded"),
        ("Came along", "attended"),
        ("Stayed away", "did not come"),
    ]
    assert "Still to come" not in past and "Long ago" not in past and "Only waited" not in past


def test_calendar_feed_holds_the_persons_confirmed_shifts(world, client):
    mine = ShiftFactory(neighborhood=world.own, role="Delivery driver")
    waiting = ShiftFactory(neighborhood=world.own, role="Translation", capacity=1)
    actions.sign_up(shift=mine, user=world.volunteer)
    actions.sign_up(shift=waiting, user=world.member)
    actions.sign_up(shift=waiting, user=world.volunteer)
    token = CalendarFeed.for_user(world.volunteer).token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Delivery driver"]
    assert events[0].decoded("dtstart") == mine.starts_at


def test_revoked_calendar_address_stops_working(world, volunteer_client):
    old = CalendarFeed.for_user(world.volunteer).token
    volunteer_client.post(url("calendar_revoke", world))
    assert volunteer_client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404
    new = CalendarFeed.objects.get(user=world.volunteer).token
    assert volunteer_client.get(reverse("calendar_feed", kwargs={"token": new})).status_code == 200


def test_shift_ics_parses_with_the_shift_times(world, member_client):
    shift = ShiftFactory(neighborhood=world.own)
    response = member_client.get(url("shift_ics", world, pk=shift.pk))
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == shift.starts_at
    assert event.decoded("dtend") == shift.ends_at


def test_public_schedule_shows_free_places_and_no_names(world, client):
    shift = ShiftFactory(neighborhood=world.own, capacity=3)
    actions.sign_up(shift=shift, user=UserFactory(display_name=CANARY, email="canary@example.org"))
    response = client.get(url("public_schedule", world))
    assert CANARY not in response.content.decode()
    assert "canary@example.org" not in response.content.decode()
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["description"]) == "2 places free"


def test_members_never_see_who_is_on_a_shift(world, member_client):
    shift = ShiftFactory(neighborhood=world.own)
    actions.sign_up(shift=shift, user=UserFactory(display_name=CANARY))
    for name in ("shift_detail", "shift_ics"):
        assert CANARY not in member_client.get(url(name, world, pk=shift.pk)).content.decode()
    assert CANARY not in member_client.get(url("shift_list", world)).content.decode()


def test_coverage_marks_short_shifts_in_words_and_shape(world, coordinator_client):
    short = ShiftFactory(neighborhood=world.own, capacity=3, role="Short one")
    full = ShiftFactory(neighborhood=world.own, capacity=1, role="Full one")
    actions.sign_up(shift=short, user=world.volunteer)
    actions.sign_up(shift=full, user=world.volunteer)
    page = coordinator_client.get(url("shift_coverage", world)).content.decode()
    assert "▲ Short by 2 people" in page
    assert "✓ Covered" in page
    assert page.count("coverage__row--short") == 1


def test_coverage_by_htmx_returns_the_table_for_the_chosen_weeks(world, coordinator_client):
    ShiftFactory(neighborhood=world.own, role="Soon", starts_at=in_days(3))
    ShiftFactory(neighborhood=world.own, role="Later", starts_at=in_days(40))
    response = coordinator_client.get(
        url("shift_coverage", world), {"weeks": "2"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Soon" in page and "Later" not in page
    assert "<html" not in page
    wide = coordinator_client.get(url("shift_coverage", world), {"weeks": "8"})
    assert "Later" in wide.content.decode()


def test_coverage_with_bad_weeks_falls_back_and_shows_the_error(world, coordinator_client):
    response = coordinator_client.get(url("shift_coverage", world), {"weeks": "-3"})
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()


def test_coverage_pages_through_many_shifts(world, coordinator_client):
    for n in range(55):
        ShiftFactory(neighborhood=world.own, role=f"Role {n:02}", starts_at=in_days(1 + n / 10))
    first = coordinator_client.get(url("shift_coverage", world)).content.decode()
    assert "Role 49" in first and "Role 50" not in first
    assert "Page 1 of 2" in first
    second = coordinator_client.get(url("shift_coverage", world), {"weeks": 4, "page": 2})
    assert "Role 54" in second.content.decode()
    past_the_end = coordinator_client.get(url("shift_coverage", world), {"weeks": 4, "page": 9})
    assert "Page 2 of 2" in past_the_end.content.decode()
    assert "Role 54" in past_the_end.content.decode()


def test_coverage_of_weeks_without_shifts_says_so_on_any_page(
    world, coordinator_client, django_assert_num_queries
):
    ShiftFactory(neighborhood=world.own, role="Far away", starts_at=in_days(60))
    coordinator_client.get(url("shift_coverage", world), {"weeks": 1})  # warm-up
    caches["template_fragments"].clear()  # the page drawn afresh, not from the fragment cache
    # The empty page of rows: no count needed either (the neighborhood is in the snapshot).
    with django_assert_num_queries(1):
        empty = coordinator_client.get(url("shift_coverage", world), {"weeks": 1})
    assert "No shifts in these weeks." in empty.content.decode()
    assert "Far away" not in empty.content.decode()
    later = coordinator_client.get(url("shift_coverage", world), {"weeks": 1, "page": 3})
    assert later.status_code == 200 and "No shifts in these weeks." in later.content.decode()


def test_coverage_counts_each_shift_once_however_many_sign_ups_it_has(world, coordinator_client):
    busy = ShiftFactory(neighborhood=world.own, capacity=3, role="Busy one")
    ShiftFactory(neighborhood=world.own, capacity=2, role="Quiet one")
    for person in (world.volunteer, world.member, world.coordinator):
        actions.sign_up(shift=busy, user=person)
    page = coordinator_client.get(url("shift_coverage", world)).content.decode()
    assert "2 shifts in these weeks" in page
    assert "3/3" in page and "0/2" in page


@pytest.mark.parametrize(
    ("language", "short_words", "covered_word"),
    [("en", "Short by 2 people", "Covered"), ("es", "Faltan 2 personas", "Cubierto")],
)
def test_coverage_rows_keep_their_markup_words_and_escaping(
    world, coordinator_client, language, short_words, covered_word
):
    world.coordinator.preferred_language = language
    world.coordinator.save(update_fields=["preferred_language"])
    full = ShiftFactory(
        neighborhood=world.own, capacity=1, role="<b>Doors</b>", starts_at=in_days(1)
    )
    short = ShiftFactory(neighborhood=world.own, capacity=3, role="Kitchen", starts_at=in_days(2))
    actions.sign_up(shift=full, user=world.volunteer)
    actions.sign_up(shift=full, user=world.coordinator)  # on the waitlist
    actions.sign_up(shift=short, user=world.volunteer)
    page = coordinator_client.get(url("shift_coverage", world)).content.decode()
    with translation.override(language), timezone.override(world.own.zone):
        # The page's format, in the page's language (Spanish: "mié 2 dic").
        full_at = date(timezone.localtime(full.starts_at), translation.gettext("D j M, H:i"))
        short_at = date(timezone.localtime(short.starts_at), translation.gettext("D j M, H:i"))
    rows = re.findall(r'<li class="coverage__row[^"]*">.*?</li>', page, re.S)
    assert len(rows) == 2
    full_row, short_row = (" ".join(row.split()) for row in rows)
    full_url = url("shift_detail", world, pk=full.pk)
    short_url = url("shift_detail", world, pk=short.pk)
    assert full_row == (
        f'<li class="coverage__row"> <a href="{full_url}">&lt;b&gt;Doors&lt;/b&gt;</a> '
        f"<span>{full_at}</span> <span>1/1 (+1)</span> "
        f'<span class="badge badge--open">✓ {covered_word}</span> </li>'
    )
    assert short_row == (
        f'<li class="coverage__row coverage__row--short"> <a href="{short_url}">Kitchen</a> '
        f"<span>{short_at}</span> <span>1/3</span> "
        f'<strong class="badge badge--short">▲ {short_words}</strong> </li>'
    )


def test_coordinator_assigns_records_attendance_and_removes(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    coordinator_client.post(url("shift_assign", world, pk=shift.pk), {"person": world.member.pk})
    signup = shift.signups.get(user=world.member)
    assert signup.status == Signup.Status.CONFIRMED
    coordinator_client.post(url("signup_remove", world, pk=shift.pk, signup_pk=signup.pk))
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED

    past = ShiftFactory(neighborhood=world.own, starts_at=in_days(-1))
    attended = Signup.objects.create(shift=past, user=world.volunteer, status="confirmed")
    coordinator_client.post(
        url("signup_attendance", world, pk=past.pk, signup_pk=attended.pk),
        {"attendance": "attended"},
    )
    attended.refresh_from_db()
    assert attended.attendance == "attended"


def test_coordinator_cannot_assign_a_person_of_another_neighborhood(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    coordinator_client.post(
        url("shift_assign", world, pk=shift.pk), {"person": world.other_coordinator.pk}
    )
    assert not shift.signups.exists()


def test_coordinator_cancels_an_occurrence(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    actions.sign_up(shift=shift, user=world.volunteer)
    coordinator_client.post(url("shift_cancel", world, pk=shift.pk))
    shift.refresh_from_db()
    assert shift.is_cancelled


def test_reminder_due_soon_after_sign_up_is_not_created_in_the_past(world, member_client):
    shift = ShiftFactory(
        neighborhood=world.own,
        starts_at=timezone.now() + timedelta(hours=5),
        ends_at=timezone.now() + timedelta(hours=8),
    )
    member_client.post(url("shift_signup", world, pk=shift.pk))
    reminders = shift.signups.get().reminders.filter(kind="reminder")
    assert list(reminders.values_list("offset_minutes", flat=True)) == [120]


def test_coordinator_reads_the_note_of_a_person_who_gave_up_the_place(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    actions.cancel_signup(signup=signup, note="Zq-CANARY-note: my kid is sick")
    page = coordinator_client.get(url("shift_detail", world, pk=shift.pk)).content.decode()
    assert "Zq-CANARY-note: my kid is sick" in page


def test_members_never_see_the_notes_of_people_who_gave_up(world, member_client):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    actions.cancel_signup(signup=signup, note="Zq-CANARY-note")
    for name in ("shift_detail", "shift_ics"):
        page = member_client.get(url(name, world, pk=shift.pk)).content.decode()
        assert "Zq-CANARY-note" not in page
    assert "Zq-CANARY-note" not in member_client.get(url("shift_list", world)).content.decode()
