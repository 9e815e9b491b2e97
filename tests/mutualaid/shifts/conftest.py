import pytest

import mutualaid.actions.shifts
from members import sms

REAL_NUDGE = mutualaid.actions.shifts.nudge_dispatcher


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Texts land in members.sms.outbox, as mail lands in django.core.mail.outbox."""
    settings.SMS_BACKEND = "members.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Unit tests do not talk to a broker: the nudge after commit is counted only.
    The tests that take ``real_broker`` send it through a real one."""
    calls = []
    monkeypatch.setattr(mutualaid.actions.shifts, "nudge_dispatcher", lambda: calls.append(1))
    return calls


@pytest.fixture
def real_broker(no_broker, monkeypatch):
    monkeypatch.setattr(mutualaid.actions.shifts, "nudge_dispatcher", REAL_NUDGE)
