"""Study circles: joining (open, or by request the convener answers, each told), the
reading list with PDFs served only to the circle, sessions as meetings of the circle
that only its members see, and the member's home showing what to read."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.actions import circles as actions
from governance.models import CircleMember, Meeting, Reading, StudyCircle
from tests.factories import UserFactory

from .factories import PDF_BYTES, circle_of, pdf_reading, session_of

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.own.slug, **kwargs})


def once(**data) -> dict:
    """A form's fields with the fresh per-render key every create form carries."""
    from wcc.models import new_submission_key

    return {"submission_key": str(new_submission_key()), **data}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_starts_a_circle_and_convenes_it(member_client, world):
    response = member_client.post(
        url("circle_create", world), once(name="Housing rights", about="", is_open="on")
    )
    circle = StudyCircle.objects.get()
    assert response.url == url("circle_detail", world, pk=circle.pk)
    assert circle.convener == world.member and circle.is_member(world.member)


def test_joining_an_open_circle_is_at_once(member_client, world):
    circle = circle_of(world)
    member_client.post(url("circle_join", world, pk=circle.pk))
    assert circle.is_member(world.member)
    member_client.post(url("circle_join", world, pk=circle.pk))
    assert circle.members.filter(person=world.member).count() == 1


def test_a_closed_circle_asks_the_convener_in_their_language(
    member_client, world, django_capture_on_commit_callbacks
):
    world.volunteer.preferred_language = "es"
    world.volunteer.save()
    circle = circle_of(world, is_open=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url("circle_join", world, pk=circle.pk))
    place = circle.members.get(person=world.member)
    assert place.status == CircleMember.Status.ASKED and not circle.is_member(world.member)
    [message] = mail.outbox
    assert message.to == [world.volunteer.email]
    assert "Mo Member" in message.body and "pide unirse" in message.body


def test_the_convener_says_yes_and_the_person_is_told(world, django_capture_on_commit_callbacks):
    circle = circle_of(world, is_open=False)
    actions.join(circle=circle, person=world.member)
    place = circle.members.get(person=world.member)
    mail.outbox.clear()
    convener = signed_in(world.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        convener.post(url("circle_accept", world, pk=circle.pk, member_pk=place.pk))
    assert circle.is_member(world.member)
    [message] = mail.outbox
    assert message.to == [world.member.email] and "Reading Freire" in message.subject


def test_only_the_convener_or_a_coordinator_says_yes(member_client, world):
    circle = circle_of(world, is_open=False)
    stranger = UserFactory()
    actions.join(circle=circle, person=stranger)
    place = circle.members.get(person=stranger)
    response = member_client.post(url("circle_accept", world, pk=circle.pk, member_pk=place.pk))
    assert response.status_code == 403
    assert not circle.is_member(stranger)


def test_leaving_asks_first(member_client, world):
    circle = circle_of(world)
    actions.join(circle=circle, person=world.member)
    page = member_client.get(url("circle_leave", world, pk=circle.pk)).content.decode()
    assert "Leave the circle?" in page and circle.is_member(world.member)
    member_client.post(url("circle_leave", world, pk=circle.pk))
    assert not circle.is_member(world.member)


def test_a_closed_circles_readings_are_for_its_members_only(member_client, world):
    circle = circle_of(world, is_open=False)
    pdf_reading(circle, title="Secret chapter")
    page = member_client.get(url("circle_detail", world, pk=circle.pk)).content.decode()
    assert "Secret chapter" not in page
    assert "The reading list of this circle is for its members." in page
    convener_page = signed_in(world.volunteer).get(url("circle_detail", world, pk=circle.pk))
    assert "Secret chapter" in convener_page.content.decode()


def test_a_pdf_is_served_to_circle_members_only(member_client, world):
    circle = circle_of(world)
    reading = pdf_reading(circle)
    address = url("reading_file", world, pk=circle.pk, reading_pk=reading.pk)
    assert member_client.get(address).status_code == 404
    actions.join(circle=circle, person=world.member)
    response = member_client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert signed_in(world.other_coordinator).get(address).status_code == 404


def test_the_uploaded_pdf_is_under_media_root_not_a_public_url(world, settings):
    reading = pdf_reading(circle_of(world))
    assert reading.pdf.path.startswith(str(settings.MEDIA_ROOT))
    assert Client().get("/media/" + reading.pdf.name).status_code == 404


def upload(content: bytes, name: str = "reading.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_convener_adds_a_pdf_reading(world):
    circle = circle_of(world)
    response = signed_in(world.volunteer).post(
        url("reading_add", world, pk=circle.pk),
        once(title="Chapter 3", author="Freire", pdf=upload(PDF_BYTES), note="Pages 1-20"),
    )
    assert response.status_code == 302
    reading = Reading.objects.get()
    assert reading.pdf.read() == PDF_BYTES


def test_a_file_that_is_not_a_pdf_gets_an_error_by_the_field(world):
    circle = circle_of(world)
    response = signed_in(world.volunteer).post(
        url("reading_add", world, pk=circle.pk),
        once(title="Chapter 3", author="Freire", pdf=upload(b"MZ\x90\x00 not a pdf")),
    )
    page = response.content.decode()
    assert "This file is not a PDF." in page and 'value="Freire"' in page
    assert not Reading.objects.exists()


def test_a_ten_megabyte_pdf_is_refused_with_the_limit(world):
    circle = circle_of(world)
    big = PDF_BYTES + b"0" * (10 * 1024 * 1024)
    response = signed_in(world.volunteer).post(
        url("reading_add", world, pk=circle.pk), once(title="Too big", pdf=upload(big))
    )
    page = response.content.decode()
    assert "a reading may be at most 5.0" in page and 'value="Too big"' in page
    assert not Reading.objects.exists()


def test_a_reading_needs_a_link_or_a_file(world):
    circle = circle_of(world)
    response = signed_in(world.volunteer).post(
        url("reading_add", world, pk=circle.pk), once(title="Nothing")
    )
    assert "Give a link to the reading or choose its PDF file." in response.content.decode()


def test_a_link_without_a_scheme_is_read_as_https(world):
    circle = circle_of(world)
    signed_in(world.volunteer).post(
        url("reading_add", world, pk=circle.pk), once(title="Online", link="example.org/text")
    )
    assert Reading.objects.get().link == "https://example.org/text"


def test_the_convener_plans_a_session_with_the_reading_of_the_day(world):
    circle = circle_of(world)
    reading = pdf_reading(circle)
    starts = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in(world.volunteer).post(
        url("session_create", world, pk=circle.pk),
        once(starts_at=starts, place="Library", reading=reading.pk),
    )
    session = Meeting.objects.get()
    assert response.url == url("meeting_detail", world, pk=session.pk)
    assert session.kind == Meeting.Kind.SESSION and session.circle == circle
    assert session.title == circle.name and session.reading == reading
    assert [item.title for item in session.items.all()] == [actions.SESSION_AGENDA]


def test_a_session_in_the_past_is_refused_by_the_field(world):
    circle = circle_of(world)
    starts = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in(world.volunteer).post(
        url("session_create", world, pk=circle.pk), once(starts_at=starts, place="Library")
    )
    assert "Choose a time in the future." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_session_is_seen_only_by_the_circle(member_client, world):
    circle = circle_of(world)
    session = session_of(circle)
    detail = url("meeting_detail", world, pk=session.pk)
    assert member_client.get(detail).status_code == 404
    assert "Reading Freire" not in member_client.get(url("meeting_list", world)).content.decode()
    actions.join(circle=circle, person=world.member)
    assert member_client.get(detail).status_code == 200
    assert "Reading Freire" in member_client.get(url("meeting_list", world)).content.decode()


def test_the_home_shows_my_circles_next_session_and_what_to_read(member_client, world):
    circle = circle_of(world)
    reading = pdf_reading(circle)
    session_of(circle, reading=reading)
    home = url("neighborhood_home", world)
    assert "Your study circles" not in member_client.get(home).content.decode()
    actions.join(circle=circle, person=world.member)
    page = member_client.get(home).content.decode()
    assert "Your study circles" in page and reading.title in page
    assert url("reading_file", world, pk=circle.pk, reading_pk=reading.pk) in page


def test_a_meeting_for_coordinators_is_hidden_from_members(member_client, world):
    from .factories import meeting_of

    meeting = meeting_of(world)
    Meeting.objects.filter(pk=meeting.pk).update(audience_role="coordinator")
    detail = url("meeting_detail", world, pk=meeting.pk)
    assert member_client.get(detail).status_code == 404
    assert signed_in(world.coordinator).get(detail).status_code == 200


def test_erasure_removes_places_and_keeps_the_circle(world):
    from governance.wcc_hooks import circles_data, erase_circles

    circle = circle_of(world)
    actions.join(circle=circle, person=world.member)

    assert circles_data(world.member)["circles"][0]["circle"] == circle.pk
    erase_circles(world.volunteer)
    circle.refresh_from_db()
    assert circle.convener is None and not circle.is_member(world.volunteer)
    assert circle.is_member(world.member)


@pytest.mark.parametrize("rows", [1, 30])
def test_a_circles_page_runs_the_same_queries_at_1_and_30_rows(
    member_client, world, rows, django_assert_num_queries
):
    """The circle; my place; the people; upcoming sessions; past sessions; readings."""
    circle = circle_of(world)
    actions.join(circle=circle, person=world.member)
    for n in range(rows):
        actions.join(circle=circle, person=UserFactory(display_name=f"Reader {n}"))
        pdf_reading(circle, title=f"Reading row {n}")
    for n in range(min(rows, 5)):
        session_of(circle, days=n + 1)
    address = url("circle_detail", world, pk=circle.pk)
    member_client.get(address)
    with django_assert_num_queries(6):
        page = member_client.get(address).content.decode()
    assert page.count("Reading row") >= rows and page.count("Reader ") == rows


def test_the_circles_are_in_the_admin(client, world):
    from django.contrib import admin

    circle = circle_of(world)
    pdf_reading(circle)
    assert StudyCircle in admin.site._registry
    client.force_login(world.admin)
    assert (
        client.get(reverse("admin:governance_studycircle_changelist") + "?q=east").status_code
        == 200
    )
    change = reverse("admin:governance_studycircle_change", args=[circle.pk])
    assert client.get(change).status_code == 200
