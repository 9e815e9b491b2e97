"""Meetings: check-in at the door, minutes with action points, publishing them, and the
owner's home showing their action points until done."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.actions import meetings as actions
from governance.models import ActionPoint, Attendance, Meeting
from members.models import NotificationChoice

from .factories import meeting_of, members


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.own.slug, **kwargs})


def test_a_coordinator_plans_a_meeting_with_its_agenda(coordinator_client, world):
    starts = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = coordinator_client.post(
        url("meeting_create", world),
        {
            "title": "January assembly",
            "kind": "assembly",
            "starts_at": starts,
            "place": "Church hall",
            "facilitator": world.volunteer.pk,
            "note_taker": world.member.pk,
            "agenda": "Welcome\n\nThe Sunday table\n",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == url("meeting_detail", world, pk=meeting.pk)
    assert list(meeting.items.values_list("title", flat=True)) == ["Welcome", "The Sunday table"]


def test_an_empty_agenda_is_refused_by_the_field(coordinator_client, world):
    response = coordinator_client.post(url("meeting_create", world), {"title": "X", "agenda": " "})
    assert "This field is required." in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_facilitator_checks_people_in_once_each(volunteer_client, world):
    meeting = meeting_of(world)
    door = url("meeting_door", world, pk=meeting.pk)
    page = volunteer_client.get(door, {"q": "mo"}).content.decode()
    assert "Mo Member" in page and "Cora Coordinator" not in page
    volunteer_client.post(door, {"person": world.member.pk})
    volunteer_client.post(door, {"person": world.member.pk})
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    page = volunteer_client.get(door).content.decode()
    assert "1 person present" in page


def test_someone_of_another_neighborhood_cannot_be_checked_in(volunteer_client, world):
    meeting = meeting_of(world)
    volunteer_client.post(
        url("meeting_door", world, pk=meeting.pk), {"person": world.other_coordinator.pk}
    )
    assert not Attendance.objects.exists()


def test_minutes_are_seen_by_members_only_once_published(volunteer_client, world):
    meeting = meeting_of(world)
    item = meeting.items.first()
    volunteer_client.post(
        url("minutes_item", world, pk=meeting.pk, item_pk=item.pk),
        {
            "save_minutes": "1",
            "notes": "Canary notes",
            "decisions": "We open on Sundays",
            "version": 1,
        },
    )
    member = Client()
    member.force_login(world.member)
    detail = url("meeting_detail", world, pk=meeting.pk)
    assert "Canary notes" not in member.get(detail).content.decode()

    volunteer_client.post(url("minutes_publish", world, pk=meeting.pk))

    page = member.get(detail).content.decode()
    assert "Canary notes" in page and "We open on Sundays" in page


def test_an_action_point_is_on_its_owners_home_until_done(
    volunteer_client, world, django_capture_on_commit_callbacks
):
    meeting = meeting_of(world)
    item = meeting.items.first()
    volunteer_client.post(
        url("minutes_item", world, pk=meeting.pk, item_pk=item.pk),
        {
            "add_point": "1",
            "text": "Ask the hall for Sundays",
            "owner": world.member.pk,
            "due_on": "2030-01-10",
        },
    )
    point = ActionPoint.objects.get()
    member = Client()
    member.force_login(world.member)
    home = reverse("neighborhood_home", kwargs={"slug": world.own.slug})
    assert "Ask the hall for Sundays" not in member.get(home).content.decode()  # minutes not final

    with django_capture_on_commit_callbacks(execute=True):
        volunteer_client.post(url("minutes_publish", world, pk=meeting.pk))

    assert "Ask the hall for Sundays" in member.get(home).content.decode()
    told = {m.to[0]: m for m in mail.outbox}
    assert "Minutes published: December assembly" in told[world.member.email].subject
    assert "You have action points" in told[world.member.email].body
    assert "You have action points" not in told[world.coordinator.email].body

    member.post(url("action_point_done", world, pk=point.pk))
    assert "Ask the hall for Sundays" not in member.get(home).content.decode()


def test_publishing_twice_tells_the_members_once(world, django_capture_on_commit_callbacks):
    meeting = meeting_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.publish_minutes(meeting=meeting)
        assert not actions.publish_minutes(meeting=meeting)
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("rows", [1, 30])
def test_a_meeting_page_reads_a_fixed_number_of_queries(
    volunteer_client, world, rows, django_assert_num_queries
):
    meeting = meeting_of(world, published=True)
    people = members(world.own, rows)
    for n in range(rows):
        item = meeting.items.create(position=10 + n, title=f"Item {n}", notes="n")
        item.action_points.create(text="do", owner=people[n], due_on=timezone.localdate())
        actions.check_in(meeting=meeting, person=people[n])
    # Warm: the session, person and roles then come from the session cache.
    volunteer_client.get(url("meeting_detail", world, pk=meeting.pk))
    with django_assert_num_queries(3):
        volunteer_client.get(url("meeting_detail", world, pk=meeting.pk))


def test_the_calendar_feed_has_the_neighborhoods_meetings_by_the_token(client, world):
    from icalendar import Calendar

    from mutualaid.models import CalendarFeed

    meeting_of(world, days=3)
    token = CalendarFeed.for_user(world.member).token
    response = client.get(url("meetings_feed", world, token=token))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["December assembly"]
    other = reverse("meetings_feed", kwargs={"slug": world.other.slug, "token": token})
    assert client.get(other).status_code == 404  # not the member's neighborhood
    assert client.get(url("meetings_feed", world, token="wrong")).status_code == 404


def test_minutes_saved_meanwhile_are_a_conflict_not_an_overwrite(volunteer_client, world):
    meeting = meeting_of(world)
    item = meeting.items.first()
    actions.save_item_minutes(item=item, notes="The coordinator's notes", decisions="")

    response = volunteer_client.post(
        url("minutes_item", world, pk=meeting.pk, item_pk=item.pk),
        {"save_minutes": "1", "notes": "My notes", "decisions": "", "version": 1},
    )

    page = response.content.decode()
    assert "Someone saved these minutes" in page
    assert "The coordinator&#x27;s notes" in page and "My notes" in page
    item.refresh_from_db()
    assert item.notes == "The coordinator's notes"


def test_minutes_carry_one_click_unsubscribe_and_stop_for_whoever_turned_them_off(
    world, django_capture_on_commit_callbacks
):
    NotificationChoice.objects.choose(world.member, "meetings_and_decisions", "none")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_minutes(meeting=meeting_of(world))

    told = {m.to[0]: m for m in mail.outbox}
    assert world.member.email not in told
    assert len(told) == 2
    for message in told.values():
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_agenda_item_gets_its_owner_and_its_proposal(volunteer_client, world):
    from .factories import open_proposal

    meeting = meeting_of(world)
    item = meeting.items.last()
    proposal = open_proposal(world.own, world.member, title="A Sunday table")
    response = volunteer_client.post(
        url("agenda_item_edit", world, pk=meeting.pk, item_pk=item.pk),
        {"title": item.title, "owner": world.member.pk, "proposal": proposal.pk},
    )
    assert response.url == url("meeting_detail", world, pk=meeting.pk)
    item.refresh_from_db()
    assert item.owner == world.member and item.proposal == proposal
    page = volunteer_client.get(url("meeting_detail", world, pk=meeting.pk)).content.decode()
    assert "Brought by Mo Member" in page
    assert url("proposal_detail", world, pk=proposal.pk) in page


def test_another_neighborhoods_proposal_cannot_be_linked(volunteer_client, world):
    from .factories import open_proposal

    meeting = meeting_of(world)
    item = meeting.items.last()
    elsewhere = open_proposal(world.other, world.other_coordinator)
    response = volunteer_client.post(
        url("agenda_item_edit", world, pk=meeting.pk, item_pk=item.pk),
        {"title": item.title, "proposal": elsewhere.pk},
    )
    assert "Select a valid choice." in response.content.decode()
    item.refresh_from_db()
    assert item.proposal is None
