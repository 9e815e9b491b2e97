"""The meeting journey on a phone: the facilitator checks people in at the door, writes
the minutes with an action point, publishes them, and the owner sees the action point
on their home until they mark it done."""

from playwright.sync_api import expect

from tests.governance.factories import meeting_of

from .test_proposals import log_in, log_out


def test_facilitator_checks_in_writes_minutes_publishes_and_the_owner_sees_it(
    phone, transactional_db, world
):
    meeting_of(world, days=-0.02)  # started half an hour ago; the volunteer facilitates
    page = phone
    log_in(page, world.volunteer.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="December assembly").click()
    page.get_by_role("link", name="Check people in at the door").click()
    page.get_by_label("Name:").fill("Mo")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Check in Mo Member").click()
    expect(page.get_by_text("Mo Member is checked in.")).to_be_visible()
    expect(page.get_by_text("1 person present")).to_be_visible()
    page.get_by_role("link", name="Back to the meeting").click()

    page.get_by_role("link", name="Write the minutes of “The Sunday table”").click()
    page.get_by_label("Notes:").fill("Four volunteers can staff a Sunday table.")
    page.get_by_label("Decisions taken:").fill("We try one Sunday in January.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes of this item are saved.")).to_be_visible()
    page.get_by_label("Action point:").fill("Ask the church hall about Sundays")
    page.get_by_label("Who does it:").select_option(label="Mo Member")
    page.get_by_label("Due on:").fill("2030-01-10")
    page.get_by_role("button", name="Add the action point").click()
    expect(page.get_by_text("The action point is added.")).to_be_visible()
    page.get_by_role("link", name="Back to the meeting").click()
    page.get_by_role("button", name="The minutes are final: publish them").click()
    expect(page.get_by_text("The minutes are published")).to_be_visible()
    log_out(page)

    log_in(page, world.member.email)  # lands on the neighborhood home
    card = page.locator("section", has_text="Your action points")
    expect(card).to_contain_text("Ask the church hall about Sundays")
    card.get_by_role("link", name="December assembly").click()
    expect(page.get_by_text("We try one Sunday in January.")).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Marked as done. Thank you!")).to_be_visible()
    expect(page.get_by_text("Your action points")).to_have_count(0)
