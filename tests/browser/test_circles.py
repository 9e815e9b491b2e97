"""On a phone: a member finds a study circle in the menu, joins it and sees on their
home what to read for the next session; the reading's PDF opens for them. And the
"in numbers" page draws its charts."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.governance.factories import circle_of, meeting_of, pdf_reading, session_of

from .test_proposals import log_in


def test_a_member_joins_a_circle_and_sees_what_to_read_on_their_home(
    phone, transactional_db, world
):
    circle = circle_of(world)
    reading = pdf_reading(circle, title="Pedagogy, chapter 2")
    session_of(circle, reading=reading, days=4)
    page = phone
    log_in(page, world.member.email)
    expect(page.get_by_text("Your study circles")).to_have_count(0)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Study circles", exact=True).click()
    page.get_by_role("link", name="Reading Freire").click()
    page.get_by_role("button", name="Join the circle").click()
    expect(page.get_by_text("You are in the circle.")).to_be_visible()
    expect(page.get_by_role("link", name="Pedagogy, chapter 2").first).to_be_visible()

    page.get_by_role("link", name="Home", exact=True).click()
    card = page.locator("section", has_text="Your study circles")
    expect(card).to_contain_text("Reading Freire")
    expect(card).to_contain_text("next session")
    link = card.get_by_role("link", name="Pedagogy, chapter 2")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_the_numbers_page_draws_its_charts(phone, transactional_db, world):
    meeting_of(world, days=-3)
    meeting_of(world, days=-40)
    page = phone
    log_in(page, world.member.email)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="In numbers", exact=True).click()
    expect(page.get_by_role("heading", name="Our neighborhood in numbers")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(6)
    expect(page.get_by_role("heading", name="Meetings held: 2")).to_be_visible()
    charts = page.locator("svg.chart[role=img]")
    assert charts.first.bounding_box()["width"] <= 360
    this_year = str((timezone.now() - timedelta(days=0)).year)
    page.get_by_label("Year").select_option(this_year)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text(f"in {this_year}, month by month")).to_be_visible()
