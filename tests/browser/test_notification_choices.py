"""Choosing which messages come, on a phone: a volunteer opens their profile from the
menu, turns stand-in requests off; a stand-in request then does not reach them (it
reaches a volunteer who did not), but the reminder of their own shift still does."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from members.models import NotificationChoice
from members.notifications import unsubscribe_token
from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import violations
from tests.factories import PASSWORD
from tests.mutualaid.shifts.factories import ShiftFactory, volunteers


@pytest.fixture
def phone(browser, live_server, settings_secure_off):
    """The shared phone, with CSP bypassed so axe-core can be injected (the CSP itself
    is tested in test_content_security_policy.py)."""
    context = browser.new_context(
        viewport=PHONE,
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_volunteer_turns_stand_in_requests_off_and_still_gets_their_reminder(
    phone, transactional_db, world, monkeypatch
):
    monkeypatch.setattr(actions, "nudge_dispatcher", lambda: None)
    volunteer = world.volunteer
    (other,) = volunteers(world.own, 1, prefix="still-asked")
    for person in (volunteer, other):
        person.contact_consent_at = timezone.now()
        person.save(update_fields=["contact_consent_at"])
    own_shift = ShiftFactory(
        neighborhood=world.own, role="Intake table", starts_at=timezone.now() + timedelta(hours=5)
    )
    actions.sign_up(shift=own_shift, user=volunteer)
    short_shift = ShiftFactory(
        neighborhood=world.own, role="Soup kitchen", starts_at=timezone.now() + timedelta(days=3)
    )
    asker = actions.sign_up(shift=short_shift, user=world.coordinator)

    page = phone
    log_in(page, volunteer.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Which messages I get").click()
    expect(page.get_by_role("heading", name="Which messages you get")).to_be_visible()
    stand_ins = page.get_by_role("group", name="Stand-in requests")
    stand_ins.get_by_label("none: do not send these").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Stand-in requests").get_by_label("none: do not send these")
    ).to_be_checked()
    # The page fits the phone (nothing to scroll sideways) and axe finds nothing.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert violations(page) == []
    assert NotificationChoice.objects.chosen(volunteer) == {"standin_requests": "none"}

    outcome = actions.request_standin(signup=asker)
    Reminder.objects.filter(kind=Reminder.Kind.REMINDER).update(due_at=timezone.now())
    actions.send_due_reminders(time_budget=10)

    subjects = {}
    for message in mail.outbox:
        subjects.setdefault(message.to[0], []).append(message.subject)
    assert outcome.asked == 1  # the other volunteer, not the one who turned them off
    assert any("Soup kitchen" in subject for subject in subjects[other.email])
    assert not any("Soup kitchen" in subject for subject in subjects[volunteer.email])
    assert any("Reminder" in s and "Intake table" in s for s in subjects[volunteer.email])


def test_an_emails_unsubscribe_link_asks_first_then_offers_an_undo(phone, transactional_db, world):
    page = phone
    page.goto(f"/unsubscribe/{unsubscribe_token(world.member, 'need_digests')}/")
    expect(page.get_by_role("heading", name="Stop “Needs digest”?")).to_be_visible()
    assert violations(page) == []
    assert not NotificationChoice.objects.exists()  # opening the link changes nothing

    page.get_by_role("button", name="Yes, stop these messages").click()
    expect(page.get_by_text("You will no longer get these messages: Needs digest.")).to_be_visible()
    assert NotificationChoice.objects.chosen(world.member) == {"need_digests": "none"}
    page.get_by_role("button", name="Undo: send them to me again").click()
    expect(page.get_by_text("You will get these messages again")).to_be_visible()
    assert not NotificationChoice.objects.exists()
    assert page.get_by_role("link", name="Choose which messages I get").is_visible()
