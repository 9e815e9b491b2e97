"""Texting WCC in the demo (the file backend), on a phone: a volunteer's reminder lands
in the outbox, they answer YES from the page for typed texts, and the coordinator
sees it on the roster; then STOP, and the profile says texts are off."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder
from tests.factories import PASSWORD
from tests.mutualaid.shifts.factories import ShiftFactory


@pytest.fixture
def file_outbox(settings, tmp_path):
    settings.SMS_BACKEND = "members.sms.backends.filebased.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    return tmp_path


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_volunteer_answers_a_reminder_by_text_and_the_coordinator_sees_it(
    phone, transactional_db, world, file_outbox, monkeypatch
):
    monkeypatch.setattr(actions, "nudge_dispatcher", lambda: None)
    volunteer = world.volunteer
    volunteer.phone = "+1 555 222 3333"
    volunteer.contact_channel = "sms"
    volunteer.contact_consent_at = timezone.now()
    volunteer.save()
    shift = ShiftFactory(
        neighborhood=world.own, role="Intake table", starts_at=timezone.now() + timedelta(hours=5)
    )
    actions.sign_up(shift=shift, user=volunteer)
    Reminder.objects.update(due_at=timezone.now())
    assert actions.send_due_reminders(time_budget=10) == 1
    (reminder_file,) = file_outbox.iterdir()
    # "Reminder (tomorrow): …" or "Reminder (in 2 hours): …", whichever was due.
    assert re.search(r"Reminder \((tomorrow|in 2 hours)\): Intake table", reminder_file.read_text())

    page = phone
    log_in(page, volunteer.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Text WCC from this page").click()
    page.get_by_label("Your text message").fill("Sí")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("you are confirmed for Intake table")).to_be_visible()
    page.get_by_label("Your text message").fill("STOP")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("You will get no more texts from WCC")).to_be_visible()
    page.get_by_role("link", name="Back to my profile").click()
    expect(page.get_by_text("Your phone number replied STOP")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, world.coordinator.email)
    page.goto(f"/n/{world.own.slug}/shifts/{shift.pk}/")
    expect(page.get_by_text("said yes by text")).to_be_visible()
