"""A coordinator pauses a volunteer from the member page and ends a pause early; the
volunteer is told in their language, and their places in the pause are freed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Membership
from mutualaid.actions import shifts as actions
from mutualaid.models import Pause, Reminder, Signup

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(world):
    return Membership.objects.get(user=world.volunteer, neighborhood=world.own)


def pause_url(membership):
    return reverse("member_pause", kwargs={"slug": "eastside", "pk": membership.pk})


def member_url(membership):
    return reverse("member_detail", kwargs={"slug": "eastside", "pk": membership.pk})


def days(n):
    return timezone.localdate() + timedelta(days=n)


def test_the_member_page_links_to_pausing_them(world, coordinator_client, membership):
    page = coordinator_client.get(member_url(membership)).content.decode()
    assert f'href="{pause_url(membership)}"' in page
    assert "No pause now or coming." in page


def test_a_coordinator_pauses_a_volunteer_who_is_told_and_whose_places_are_freed(
    world, coordinator_client, membership, django_capture_on_commit_callbacks
):
    inside = ShiftFactory(neighborhood=world.own, capacity=1, starts_at=in_days(4))
    outside = ShiftFactory(neighborhood=world.own, capacity=1, starts_at=in_days(20))
    actions.sign_up(shift=inside, user=world.volunteer)
    actions.sign_up(shift=outside, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="w")
    actions.sign_up(shift=inside, user=waiting)
    world.volunteer.preferred_language = "es"
    world.volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            pause_url(membership), {"starts_on": days(2), "ends_on": days(10)}, follow=True
        )
    page = response.content.decode()
    assert "Val Volunteer is paused and was told; 1 place on a shift was freed." in page
    assert response.redirect_chain[-1][0] == member_url(membership)
    pause = Pause.objects.get()
    assert (pause.user, pause.created_by) == (world.volunteer, world.coordinator)
    assert inside.signups.get(user=world.volunteer).status == Signup.Status.CANCELLED
    assert outside.signups.get(user=world.volunteer).status == Signup.Status.CONFIRMED
    assert inside.confirmed().get().user == waiting  # the usual promotion
    told = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    assert len(told) == 1
    assert "puso tus turnos en pausa" in told[0].body  # in Spanish, their language
    assert inside.role in told[0].body
    # The person promoted is told through the usual notices.
    assert Reminder.objects.filter(kind="promoted", user=waiting).exists()


def test_a_volunteer_pausing_themself_gets_no_message_about_it(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.pause(
            user=world.volunteer,
            neighborhood=world.own,
            starts_on=days(1),
            ends_on=days(2),
            by=world.volunteer,
        )
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("starts", "ends", "error"),
    [
        (5, 2, "The pause must end on or after its first day."),
        (-3, 2, "A pause starts today or later."),
        (1, 900, "A pause lasts at most a year."),
    ],
)
def test_a_bad_pause_gets_a_clear_error_and_changes_nothing(
    world, coordinator_client, membership, starts, ends, error
):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(3))
    actions.sign_up(shift=shift, user=world.volunteer)
    data = {"starts_on": days(starts), "ends_on": days(ends)}
    response = coordinator_client.post(pause_url(membership), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert str(data["starts_on"]) in page and str(data["ends_on"]) in page
    assert not Pause.objects.exists()
    assert shift.signups.get().status == Signup.Status.CONFIRMED
    assert mail.outbox == []


def test_ending_a_pause_asks_first_then_ends_it_and_tells_them(
    world, coordinator_client, membership, django_capture_on_commit_callbacks
):
    running = Pause.objects.create(
        user=world.volunteer, neighborhood=world.own, starts_on=days(-2), ends_on=days(5)
    )
    page = coordinator_client.get(member_url(membership)).content.decode()
    end_url = reverse("pause_end", kwargs={"slug": "eastside", "pk": running.pk})
    assert f'href="{end_url}"' in page
    asked = coordinator_client.get(end_url).content.decode()
    assert "End the pause of Val Volunteer now?" in asked
    assert "can sign up for shifts again from today" in asked
    running.refresh_from_db()
    assert running.ends_on == days(5)  # asking changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(end_url, {"confirmed": "True"}, follow=True)
    assert "The pause of Val Volunteer has ended and they were told." in response.content.decode()
    running.refresh_from_db()
    assert running.ends_on == days(-1)  # under way: it ends yesterday, the past stays
    assert [m.to for m in mail.outbox] == [[world.volunteer.email]]
    assert "ended your pause" in mail.outbox[0].body
    # From today they can sign up again.
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(1))
    assert actions.sign_up(shift=shift, user=world.volunteer).status == Signup.Status.CONFIRMED


def test_ending_a_pause_not_begun_removes_it(world, coordinator_client):
    coming = Pause.objects.create(
        user=world.volunteer, neighborhood=world.own, starts_on=days(3), ends_on=days(5)
    )
    end_url = reverse("pause_end", kwargs={"slug": "eastside", "pk": coming.pk})
    coordinator_client.post(end_url, {"confirmed": "True"})
    assert not Pause.objects.exists()


def test_a_bare_post_does_not_end_a_pause(world, coordinator_client):
    coming = Pause.objects.create(
        user=world.volunteer, neighborhood=world.own, starts_on=days(3), ends_on=days(5)
    )
    end_url = reverse("pause_end", kwargs={"slug": "eastside", "pk": coming.pk})
    response = coordinator_client.post(end_url, {})
    assert response.status_code == 200  # the question again
    assert Pause.objects.filter(pk=coming.pk).exists()


def test_another_neighborhoods_coordinator_cannot_pause_or_end(world, client, membership):
    coming = Pause.objects.create(
        user=world.volunteer, neighborhood=world.own, starts_on=days(3), ends_on=days(5)
    )
    client.force_login(world.other_coordinator)
    end_url = reverse("pause_end", kwargs={"slug": "eastside", "pk": coming.pk})
    assert client.post(end_url, {"confirmed": "True"}).status_code == 404
    data = {"starts_on": days(1), "ends_on": days(2)}
    assert client.post(pause_url(membership), data).status_code == 404
    assert Pause.objects.count() == 1


def test_a_paused_person_gets_no_stand_in_request(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1, starts_at=in_days(4))
    asker, free = volunteers(world.own, 2, prefix="s")
    for person in (world.volunteer, free):
        person.contact_consent_at = timezone.now()
        person.save()
    actions.pause(
        user=world.volunteer,
        neighborhood=world.own,
        starts_on=days(3),
        ends_on=days(6),
        by=world.coordinator,
    )
    signup = actions.sign_up(shift=shift, user=asker)
    outcome = actions.request_standin(signup=signup)
    asked = set(Reminder.objects.filter(kind="standin").values_list("user", flat=True))
    assert world.volunteer.pk not in asked
    assert free.pk in asked
    assert outcome.asked == len(asked)


def test_a_paused_person_cannot_be_put_on_a_shift_in_the_pause(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(4))
    day = shift.local_day()
    Pause.objects.create(user=world.volunteer, neighborhood=world.own, starts_on=day, ends_on=day)
    url = reverse("shift_assign", kwargs={"slug": "eastside", "pk": shift.pk})
    response = coordinator_client.post(url, {"person": world.volunteer.pk})
    assert "Val Volunteer is paused on this day." in response.content.decode()
    assert not shift.signups.exists()


def test_a_series_extended_during_a_pause_puts_nobody_on_its_shifts(world):
    """Series make empty shifts: nobody is counted or placed on them, paused or not."""
    from datetime import time

    from mutualaid.models import ShiftSeries

    actions.pause(
        user=world.volunteer,
        neighborhood=world.own,
        starts_on=days(0),
        ends_on=days(30),
        by=world.coordinator,
    )
    series = actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        role="Setup",
        place="Hall",
        capacity=2,
        rule="FREQ=WEEKLY",
        starts_on=days(1),
        start_time=time(9),
        end_time=time(10),
    )
    assert ShiftSeries.objects.get().shifts.exists()
    assert not Signup.objects.filter(shift__series=series).exists()
