"""Stand-ins and removals that tell everyone, and the waitlist's place in line."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import shifts as actions
from mutualaid.models import Pause, Reminder, Signup
from tests.concurrency import run_at_once

from .factories import ShiftFactory, volunteers


def url(name, shift, **kwargs):
    return reverse(name, kwargs={"slug": shift.neighborhood.slug, "pk": shift.pk, **kwargs})


def send_all():
    return actions.send_due_reminders(time_budget=10)


def consenting(people):
    for person in people:
        person.contact_consent_at = timezone.now()
        person.save(update_fields=["contact_consent_at"])
    return people


@pytest.mark.django_db
def test_stand_in_goes_to_the_first_on_the_waitlist_and_the_asker_is_told(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Soup kitchen")
    asker = actions.sign_up(shift=shift, user=world.volunteer)
    first, second = volunteers(world.own, 2, prefix="wait")
    actions.sign_up(shift=shift, user=first)
    actions.sign_up(shift=shift, user=second)

    outcome = actions.request_standin(signup=asker)

    assert outcome.taken_by.user == first
    assert shift.signups.confirmed().get().user == first
    assert shift.signups.waitlisted().get().user == second  # still waiting, second in line
    asker.refresh_from_db()
    assert asker.status == Signup.Status.CANCELLED
    send_all()
    by_person = {m.to[0]: m.subject for m in mail.outbox}
    assert by_person[world.volunteer.email].startswith("Stand-in found: Soup kitchen")
    assert by_person[first.email].startswith("A place is yours: Soup kitchen")
    assert second.email not in by_person  # nothing changed for them


@pytest.mark.django_db
def test_a_late_joiner_never_gets_ahead_of_the_waitlist(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    asker = actions.sign_up(shift=shift, user=world.volunteer)
    waiting, late = volunteers(world.own, 2, prefix="w")
    actions.sign_up(shift=shift, user=waiting)
    actions.request_standin(signup=asker)
    assert actions.sign_up(shift=shift, user=late).status == Signup.Status.WAITLISTED
    assert shift.signups.confirmed().get().user == waiting


@pytest.mark.django_db
def test_stand_in_asks_only_people_a_message_reaches_and_counts_the_messages(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=2)
    asker = actions.sign_up(shift=shift, user=world.volunteer)
    reachable = consenting(volunteers(world.own, 2, prefix="ok"))
    volunteers(world.own, 3, prefix="quiet")  # no consent to be contacted
    (gave_up,) = consenting(volunteers(world.own, 1, prefix="gone"))
    actions.cancel_signup(signup=actions.sign_up(shift=shift, user=gave_up))
    (away,) = consenting(volunteers(world.own, 1, prefix="away"))
    day = shift.local_day()
    Pause.objects.create(user=away, neighborhood=world.own, starts_on=day, ends_on=day)
    consenting([world.volunteer])  # the asker: never asked

    outcome = actions.request_standin(signup=asker)

    assert outcome.asked == 2
    assert send_all() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in reachable)


@pytest.mark.django_db
def test_asking_twice_sends_nothing_more(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    asker = actions.sign_up(shift=shift, user=world.volunteer)
    consenting(volunteers(world.own, 2))
    assert actions.request_standin(signup=asker).asked == 2
    assert actions.request_standin(signup=asker).already_asked
    assert Reminder.objects.filter(kind="standin").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_one_stand_in_place_at_once_get_one_place(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    asker = actions.sign_up(shift=shift, user=world.volunteer)
    takers = consenting(volunteers(world.own, 4, prefix="t"))
    actions.request_standin(signup=asker)

    results, errors = run_at_once(lambda person: actions.sign_up(shift=shift, user=person), takers)

    assert errors == []
    assert sorted(s.status for s in results) == ["confirmed"] + ["waitlisted"] * 3
    assert shift.signups.confirmed().count() == 1
    assert Reminder.objects.filter(kind="taken", user=world.volunteer).count() == 1


@pytest.mark.django_db
def test_the_stand_in_page_says_how_many_messages_went_out(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    consenting(volunteers(world.own, 2))
    volunteers(world.own, 5, prefix="quiet")
    response = volunteer_client.post(url("shift_standin", shift), follow=True)
    page = response.content.decode()
    assert "We sent a message to 2 volunteers." in page
    assert "we tell you when they do" in page


@pytest.mark.django_db
def test_the_stand_in_page_says_so_when_nobody_can_be_asked(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    volunteers(world.own, 3, prefix="quiet")
    page = volunteer_client.post(url("shift_standin", shift), follow=True).content.decode()
    assert "Nobody could be asked" in page
    assert "You keep the place" in page


@pytest.mark.django_db
def test_each_person_on_the_waitlist_reads_their_own_place_in_line(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    people = volunteers(world.own, 3, prefix="line")
    for person in people:
        actions.sign_up(shift=shift, user=person)
    pages = []
    for person in people:
        client = Client()
        client.force_login(person)
        pages.append(client.get(url("shift_detail", shift)).content.decode())
    assert "You are first on the waitlist." in pages[0]
    assert "The next place that frees up is yours" in pages[0]
    assert "You are number 2 on the waitlist." in pages[1]
    assert "1 person is ahead of you." in pages[1]
    assert "You are number 3 on the waitlist." in pages[2]
    assert "2 people are ahead of you." in pages[2]
    assert all("it is yours" not in page for page in pages[1:])


@pytest.mark.django_db
def test_remove_asks_first_and_changes_nothing_until_pressed(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    detail = coordinator_client.get(url("shift_detail", shift)).content.decode()
    remove = url("signup_remove", shift, signup_pk=signup.pk)
    assert f'href="{remove}"' in detail
    page = coordinator_client.get(remove).content.decode()
    assert "Take Val Volunteer off the shift?" in page
    assert "is told by their usual channel" in page
    assert "Go back, change nothing" in page
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


@pytest.mark.django_db
def test_removed_volunteer_is_told_with_the_coordinators_note(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Pantry")
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="wait")
    actions.sign_up(shift=shift, user=waiting)
    response = coordinator_client.post(
        url("signup_remove", shift, signup_pk=signup.pk),
        {"note": "We moved you to Sunday"},
        follow=True,
    )
    assert "Val Volunteer is off the shift and was told." in response.content.decode()
    assert "removed by a coordinator" in response.content.decode()
    send_all()
    (told,) = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    assert told.subject.startswith("You are off the shift: Pantry")
    assert "We moved you to Sunday" in told.body
    assert shift.signups.confirmed().get().user == waiting  # the waitlist moved up


@pytest.mark.django_db
def test_removed_volunteer_is_told_in_their_language(world, coordinator_client):
    world.volunteer.preferred_language = "es"
    world.volunteer.save()
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Pantry")
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    coordinator_client.post(url("signup_remove", shift, signup_pk=signup.pk), {"note": ""})
    send_all()
    assert mail.outbox[0].subject.startswith("Ya no está en el turno: Pantry")
