"""The proposal journey on a phone: a member drafts a proposal and opens it, two others
vote and one blocks with a reason, the deadline passes, beat's count runs, everyone is
told it did not pass, and the decision log says why."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from governance.actions.decisions import send_due_announcements
from governance.actions.proposals import close_due_proposals
from governance.models import Proposal
from tests.factories import PASSWORD


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastside")


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def open_the_proposal(page):
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="Proposals", exact=True).click()
    page.get_by_role("link", name="Buy a second folding table").click()


def test_a_blocked_proposal_is_told_to_everyone_and_explained_in_the_log(
    phone, transactional_db, world
):
    page = phone
    log_in(page, world.member.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="Proposals", exact=True).click()
    page.get_by_role("link", name="Draft a proposal").click()
    page.get_by_label("Title:").fill("Buy a second folding table")
    page.get_by_label("Proposal:", exact=True).fill("The line is long on Saturdays.")
    page.get_by_label("What it would change:").fill("40 dollars from the table budget.")
    page.get_by_label("consent").check()
    deadline = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Votes close at:").fill(deadline)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    page.get_by_role("button", name="Open it for votes").click()
    expect(page.get_by_text("The proposal is open")).to_be_visible()
    log_out(page)

    log_in(page, world.volunteer.email)
    open_the_proposal(page)
    page.get_by_label("agree", exact=True).check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("Your vote is in.")).to_be_visible()
    log_out(page)

    log_in(page, world.coordinator.email)
    open_the_proposal(page)
    page.get_by_label("block", exact=True).check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("Say why")).to_be_visible()  # a block needs a reason
    page.get_by_label("Your reason:").fill("The budget is already spent this month.")
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("2 people have voted.")).to_be_visible()
    log_out(page)

    # The deadline passes (moved into the past), and beat's two tasks run.
    Proposal.objects.update(deadline=timezone.now() - timedelta(minutes=1))
    assert close_due_proposals() == 1
    mail.outbox.clear()
    assert send_due_announcements() == 3

    told = {message.to[0]: message.subject for message in mail.outbox}
    assert told == {
        person.email: "Did not pass: Buy a second folding table"
        for person in (world.member, world.volunteer, world.coordinator)
    }

    log_in(page, world.member.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="Decisions", exact=True).click()
    entry = page.locator("article", has_text="Buy a second folding table")
    expect(entry).to_contain_text("not adopted")
    expect(entry).to_contain_text("It did not pass: a member blocked it.")
    entry.get_by_role("link", name="Buy a second folding table").click()
    expect(page.get_by_text("The budget is already spent this month.")).to_be_visible()
