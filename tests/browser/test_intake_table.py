"""A volunteer opens the table from their shift of the day and logs three people at
it on a phone (390×844)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from intake.models import IntakeSession, Visit
from members.models import Role
from mutualaid.models import NeedCategory, ResourceRequest, Signup
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory
from tests.mutualaid.shifts.factories import ShiftFactory


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_volunteer_logs_three_people_and_the_shared_need_reaches_the_board(
    transactional_db, phone, browser, live_server
):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    volunteer = UserFactory(email="val@example.org", display_name="Val Volunteer")
    MembershipFactory(user=volunteer, neighborhood=eastside, role=Role.VOLUNTEER)
    member = UserFactory(email="mo@example.org", display_name="Mo Member")
    MembershipFactory(user=member, neighborhood=eastside, role=Role.MEMBER)
    earlier = IntakeSessionFactory(neighborhood=eastside, status="closed")
    returning = VisitorFactory(neighborhood=eastside, first_name="Marisol", last_name="Ortega")
    VisitFactory(session=earlier, visitor=returning)
    starts = timezone.localtime(timezone=eastside.zone).replace(minute=0, second=0, microsecond=0)
    shift = ShiftFactory(
        neighborhood=eastside,
        role="Saturday table",
        is_intake_table=True,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
    )
    Signup.objects.create(shift=shift, user=volunteer, status=Signup.Status.CONFIRMED)
    page = phone

    # 0. The volunteer opens today's session from their shift, on the neighborhood home.
    log_in(page, "val@example.org")
    next_shift = page.locator("section", has=page.get_by_role("heading", name="Your next shift"))
    expect(next_shift).to_contain_text("Saturday table")
    next_shift.get_by_role("button", name="Open today's intake session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Table of")
    expect(page.get_by_role("link", name=re.compile("Saturday table"))).to_be_visible()
    session = IntakeSession.objects.get(status="open")
    assert shift.signups.get().user in session.staffed_by.all()
    assert page.url.endswith(f"/n/eastside/intake/sessions/{session.pk}/")
    search = page.get_by_label("Returning visitor?")

    # 1. A returning visitor, found by typing three letters.
    search.press_sequentially("mar", delay=60)
    page.get_by_role("link", name="Marisol Ortega").click()
    expect(page.get_by_label("First name or nickname")).to_have_value("Marisol")
    page.locator("#id_needs label", has_text="Groceries").click()
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_role("heading", name="1 visit so far")).to_be_visible()
    expect(search).to_be_focused()
    expect(search).to_have_value("")

    # 2. A new visitor with only a first name, sharing a need on the board. A save
    #    without the name shows the error in place and keeps what was ticked.
    page.locator("#id_needs label", has_text="Medical").click()
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_role("alert")).to_contain_text("Everything you typed is kept")
    expect(page.locator("#id_needs input[type=checkbox]:checked")).to_have_count(1)
    page.get_by_label("First name or nickname").fill("Tobias")
    page.get_by_text("Share on the needs board", exact=True).click()  # the folded step
    page.locator("#id_shared label", has_text="Medical").click()
    page.get_by_label("Public summary").fill("A ride to a clinic appointment")
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_role("heading", name="2 visits so far")).to_be_visible()
    expect(page.get_by_label("First name or nickname")).to_have_value("")
    # The swap has settled (intake.js puts the cursor back in the search box then), so
    # htmx has taken over the new form before anything is typed into it.
    expect(search).to_be_focused()

    # 3. The wifi drops on the first save; then the save button is tapped twice.
    # (Every request from here on is kept, to explain a failure: see the note below.)
    requests = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))
    page.get_by_label("First name or nickname").fill("Priya")
    save_url = f"**/intake/sessions/{session.pk}/"
    page.route(
        save_url,
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_text("Not saved yet: the connection failed.")).to_be_visible()
    # This once found the name gone (2026-12-01, one run in ten): the requests say which
    # swap, if any, replaced the form.
    name = page.get_by_label("First name or nickname")
    expect(name, f"requests since typing the name: {requests}").to_have_value("Priya")
    page.unroute(save_url)
    page.get_by_role("button", name="Save visit").dblclick()
    expect(page.get_by_role("heading", name="3 visits so far")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="3 visits so far")).to_be_visible()
    expect(page.locator(".visit")).to_have_count(3)
    assert Visit.objects.filter(session=session).count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    need = ResourceRequest.objects.get()
    assert (need.status, need.source) == ("open", "intake")
    assert need.public_summary == "A ride to a clinic appointment"
    assert need.category.slug == "medical"

    # A member on another phone: the shared need is on the board by its public summary,
    # never with the visitor's name; the table's pages are closed to members.
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, is_mobile=True, has_touch=True, locale="en-US"
    )
    context.set_default_timeout(10_000)
    other = context.new_page()
    log_in(other, "mo@example.org")
    expect(other.get_by_role("heading", level=1)).to_have_text("Eastside")
    assert "Tobias" not in other.content()
    other.goto("/n/eastside/needs/")
    expect(other.get_by_text("A ride to a clinic appointment")).to_be_visible()
    assert not re.search("Tobias|Marisol|Priya", other.content())
    response = other.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    assert response.status == 403
    assert not re.search("Tobias|Marisol|Priya", other.content())
    context.close()


def test_a_coordinator_closes_the_session_and_reads_the_summary_on_a_phone(transactional_db, phone):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    MembershipFactory(user=coordinator, neighborhood=eastside, role=Role.COORDINATOR)
    groceries = NeedCategory.objects.get(neighborhood=eastside, slug="groceries")
    session = IntakeSessionFactory(neighborhood=eastside)
    for n in range(3):
        visit = VisitFactory(session=session, is_first_visit=n == 0)
        visit.visit_needs.create(category=groceries)
    page = phone
    log_in(page, "cora@example.org")
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    page.get_by_role("link", name="Close the session").click()
    # Asked first: what closing does, and a way back that keeps it open.
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the session?")
    expect(page.get_by_text("The 3 visits logged stay, and count in the summary.")).to_be_visible()
    expect(page.get_by_role("link", name="Go back, keep it open")).to_be_visible()
    page.get_by_role("button", name="Close the session").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Summary of")
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.locator(".facts dd").first).to_have_text("3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_busy_session_brings_older_visits_in_place_numbered_on(
    transactional_db, phone, browser, live_server
):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    volunteer = UserFactory(email="val@example.org")
    MembershipFactory(user=volunteer, neighborhood=eastside, role=Role.VOLUNTEER)
    session = IntakeSessionFactory(neighborhood=eastside)
    for n in range(30):  # Visitor 0 came first, Visitor 29 last
        VisitFactory(session=session, visitor__neighborhood=eastside, visitor__first_name=f"V{n}")
    page = phone
    log_in(page, "val@example.org")
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    expect(page.get_by_role("heading", name="30 visits so far")).to_be_visible()
    rows = page.locator("li.visit")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("V29")
    page.get_by_role("link", name="Show older visits").click()
    expect(rows).to_have_count(30)  # swapped in below, without leaving the page
    expect(rows.last).to_contain_text("V0")
    expect(page.get_by_role("link", name="Show older visits")).to_have_count(0)
    assert page.url.endswith(f"/sessions/{session.pk}/")
    # <ol reversed start=30>: the newest visit is number 30 and the rows brought in
    # count on down to 1 (the DOM does not expose the ordinals themselves).
    expect(page.locator("ol.visit-list")).to_have_attribute("start", "30")
