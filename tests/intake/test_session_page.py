"""Logging people at the table: the session page, save, double tap, shared needs."""

import re
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessLog, Visit, Visitor
from intake.views import VISITS_PER_PAGE
from mutualaid.models import ResourceRequest

from .factories import VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def url(session, name="intake_session"):
    return reverse(name, args=[session.neighborhood.slug, session.pk])


def visit_data(**extra):
    return {"submission_key": str(uuid.uuid4()), "first_name": "Ana", **extra}


def test_a_new_visitor_with_only_a_first_name_is_saved(volunteer_client, session):
    response = volunteer_client.post(url(session), visit_data())
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.visitor.first_name == "Ana"
    assert visit.is_first_visit
    assert visit.visitor.first_visit_on == session.date == visit.visitor.last_visit_on


def test_a_double_submit_of_one_render_creates_one_visit_and_answers_the_same(
    volunteer_client, session, categories
):
    data = visit_data(needs=[categories["groceries"].pk])
    headers = {"HX-Request": "true"}
    first = volunteer_client.post(url(session), data, headers=headers)
    second = volunteer_client.post(url(session), data, headers=headers)
    assert Visit.objects.count() == 1
    assert first.status_code == second.status_code == 200
    assert b"1 visit so far" in first.content and b"1 visit so far" in second.content


def test_an_htmx_save_answers_a_fresh_form_and_the_list_out_of_band(volunteer_client, session):
    response = volunteer_client.post(url(session), visit_data(), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="intake-form"' in html and 'data-saved="yes"' in html
    assert 'id="visit-list"' in html and 'hx-swap-oob="true"' in html
    assert 'value="Ana"' not in html  # the form is reset for the next person
    assert "<html" not in html


def test_a_shared_need_creates_an_open_request_with_the_public_summary(
    volunteer_client, volunteer, session, categories
):
    groceries = categories["groceries"]
    data = visit_data(
        needs=[groceries.pk, categories["medical"].pk],
        shared=[groceries.pk],
        public_summary="Groceries for a family of four",
    )
    volunteer_client.post(url(session), data)
    request = ResourceRequest.objects.get()
    assert request.status == ResourceRequest.Status.OPEN
    assert request.source == ResourceRequest.Source.INTAKE
    assert request.public_summary == "Groceries for a family of four"
    assert (request.category, request.created_by) == (groceries, volunteer)
    assert request.requested_by is None  # the visitor is no member
    # The need's trail starts as every need's does (mutualaid.actions.needs.post_need).
    opened = request.status_changes.get()
    assert (opened.from_status, opened.to_status, opened.changed_by) == ("", "open", volunteer)
    visit = Visit.objects.get()
    assert visit.visitor.share_consent_by == volunteer
    assert [vn.request for vn in visit.visit_needs.order_by("category__position")] == [
        request,
        None,
    ]


def test_a_shared_need_without_a_summary_gets_the_suggested_one_without_the_name(
    volunteer_client, session, categories
):
    groceries = categories["groceries"]
    data = visit_data(first_name="Zebulon", household_size=3, needs=[groceries.pk])
    data["shared"] = [groceries.pk]
    volunteer_client.post(url(session), data)
    summary = ResourceRequest.objects.get().public_summary
    assert "Groceries" in summary and "3" in summary and "Zebulon" not in summary


def test_sharing_a_need_that_is_not_ticked_is_refused_and_input_kept(
    volunteer_client, session, categories
):
    data = visit_data(first_name="Kept Name", shared=[categories["housing"].pk])
    response = volunteer_client.post(url(session), data)
    assert response.status_code == 400
    assert "Only a need that is ticked above can be shared." in response.content.decode()
    assert 'value="Kept Name"' in response.content.decode()
    assert not Visit.objects.exists()


def test_a_missing_first_name_gets_an_error_by_the_field(volunteer_client, session):
    response = volunteer_client.post(url(session), visit_data(first_name="", note="keep me"))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "keep me" in response.content.decode()


def test_an_htmx_save_with_errors_answers_200_so_the_errors_are_swapped_in(
    volunteer_client, session, categories
):
    data = visit_data(first_name="", note="still here", needs=[categories["medical"].pk])
    response = volunteer_client.post(url(session), data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html and "still here" in html
    assert (
        f'value="{categories["medical"].pk}" class="need-toggles" id="id_needs_4" checked' in html
    )
    assert "<html" not in html and not Visit.objects.exists()


def test_a_returning_visitor_is_picked_and_their_visit_counts_as_returning(
    volunteer_client, session, world
):
    visitor = VisitorFactory(neighborhood=world.own, first_name="María", phone="555 123 4567")
    page = volunteer_client.get(url(session), {"visitor": visitor.pk}, headers={"HX-Request": "1"})
    assert 'value="María"' in page.content.decode()
    data = visit_data(first_name="María", phone="555 123 4567", visitor=visitor.pk)
    data["visitor_version"] = visitor.version
    volunteer_client.post(url(session), data)
    visit = Visit.objects.get()
    assert visit.visitor == visitor and not visit.is_first_visit
    assert Visitor.objects.count() == 1


def test_a_closed_session_takes_no_visits(volunteer_client, session):
    session.close()
    assert volunteer_client.post(url(session), visit_data()).status_code == 403


def test_the_session_page_lists_visits_newest_first_and_logs_each_view(
    volunteer_client, volunteer, session, categories
):
    older = VisitFactory(session=session, visitor__first_name="Older")
    newer = VisitFactory(session=session, visitor__first_name="Newer")
    older.visit_needs.create(category=categories["groceries"])
    html = volunteer_client.get(url(session)).content.decode()
    assert html.index("Newer") < html.index("Older")
    assert html.count('<span class="chip">Groceries</span>') == 1
    logged_at = timezone.localtime(newer.created_at, session.neighborhood.zone)
    assert f'<span class="muted">{logged_at:%H:%M}</span>' in html
    logged = AccessLog.objects.filter(user=volunteer, action="view", visit_id__isnull=False)
    assert {(e.visit_id, e.visitor_id, e.neighborhood_id) for e in logged} >= {
        (visit.pk, visit.visitor_id, session.neighborhood_id) for visit in (older, newer)
    }


def test_every_intake_page_says_no_store(coordinator_client, session):
    for name in ["intake_session", "intake_session_summary", "intake_session_csv"]:
        response = coordinator_client.get(url(session, name))
        assert "no-store" in response["Cache-Control"], name


@pytest.mark.parametrize("rows", [1, 30])
def test_the_session_page_query_count_is_flat(
    volunteer_client, session, categories, rows, django_assert_num_queries
):
    for _ in range(rows):
        visit = VisitFactory(session=session)
        visit.visit_needs.create(category=categories["groceries"])
    # The session, the person, their roles and neighborhood come from the session cache
    # (members/signed_in.py). Drawn afresh (no fragment kept): the intake session, the
    # shifts that opened it, the blank form's two lists (the categories and who can own a
    # follow-up), the page of visits (with their visitors' names and the count), their
    # needs, and the access log's reads of them.
    volunteer_client.get(url(session))
    caches["template_fragments"].clear()  # the page drawn afresh, not from the fragment cache
    with django_assert_num_queries(7):
        response = volunteer_client.get(url(session))
    assert response.content.decode().count('class="visit"') == min(rows, VISITS_PER_PAGE)
    assert f"{rows} visit" in response.content.decode()


def add_visits(session, names):
    """Visits logged in this order (so the last name is the newest)."""
    return [VisitFactory(session=session, visitor__first_name=name) for name in names]


def shown_names(html):
    return re.findall(r"<strong>(\w+)</strong>", html)


def test_a_busy_session_shows_the_newest_page_numbered_from_the_total_and_a_link_to_older(
    volunteer_client, session
):
    names = [f"P{n:03}x" for n in range(VISITS_PER_PAGE + 7)]  # 32 visits
    add_visits(session, names)
    html = volunteer_client.get(url(session)).content.decode()
    assert "32 visits so far" in html
    assert shown_names(html) == names[::-1][:VISITS_PER_PAGE]
    assert 'reversed start="32"' in html  # the newest row is number 32, not 25
    assert "Show older visits" in html


def test_show_older_visits_with_htmx_answers_the_next_rows_only_and_logs_them(
    volunteer_client, volunteer, session
):
    names = [f"P{n:03}x" for n in range(VISITS_PER_PAGE + 7)]
    visits = add_visits(session, names)
    html = volunteer_client.get(url(session)).content.decode()
    more = re.search(r'hx-get="([^"]+older=[^"]+)"', html).group(1).replace("&amp;", "&")
    before = AccessLog.objects.filter(user=volunteer, action="view").count()
    part = volunteer_client.get(more, headers={"HX-Request": "true"})
    rows = part.content.decode()
    assert part.status_code == 200
    assert "<html" not in rows and "visits so far" not in rows
    assert shown_names(rows) == names[::-1][VISITS_PER_PAGE:]  # the 7 oldest, newest first
    assert "Show older visits" not in rows  # nothing older is left
    logged = AccessLog.objects.filter(user=volunteer, action="view").order_by("pk")[before:]
    assert {entry.visit_id for entry in logged} == {visit.pk for visit in visits[:7]}


def test_show_older_visits_without_javascript_is_a_whole_page_numbered_from_its_first_row(
    volunteer_client, session
):
    names = [f"P{n:03}x" for n in range(VISITS_PER_PAGE + 7)]
    add_visits(session, names)
    html = volunteer_client.get(url(session)).content.decode()
    more = re.search(r'href="([^"]+older=[^"#]+)', html).group(1)
    page = volunteer_client.get(more).content.decode()
    assert "32 visits so far" in page  # the heading still counts the whole session
    assert shown_names(page) == names[::-1][VISITS_PER_PAGE:]
    assert 'reversed start="7"' in page


@pytest.mark.parametrize("older", ["", "x", "12-", "99999999999999999-1", "1-2-3", "<b>"])
def test_a_broken_older_link_shows_the_newest_visits(volunteer_client, session, older):
    add_visits(session, ["Alma", "Bert"])
    response = volunteer_client.get(url(session), {"older": older})
    assert response.status_code == 200
    assert shown_names(response.content.decode()) == ["Bert", "Alma"]


def test_editing_a_visit_during_the_session_changes_needs_and_note(
    volunteer_client, session, categories
):
    visit = VisitFactory(session=session, visitor__first_name="Edit")
    edit = reverse("intake_visit_edit", args=[session.neighborhood.slug, visit.pk])
    data = {
        "first_name": "Edit",
        "visitor_version": visit.visitor.version,
        "needs": [categories["housing"].pk],
        "note": "Needs a lease review",
    }
    assert volunteer_client.post(edit, data).status_code == 302
    visit.refresh_from_db()
    assert visit.note == "Needs a lease review"
    assert list(visit.needs.all()) == [categories["housing"]]
    assert AccessLog.objects.filter(visit_id=visit.pk, action="change").exists()


def test_a_volunteer_cannot_edit_a_visit_of_a_closed_session(volunteer_client, session):
    visit = VisitFactory(session=session)
    session.close()
    edit = reverse("intake_visit_edit", args=[session.neighborhood.slug, visit.pk])
    assert volunteer_client.get(edit).status_code == 403


@pytest.mark.parametrize("pk", [2**63, 2**70, 0])
def test_a_session_number_no_session_can_have_answers_404(volunteer_client, session, pk):
    path = url(session).replace(f"/{session.pk}/", f"/{pk}/")
    assert volunteer_client.get(path).status_code == 404
