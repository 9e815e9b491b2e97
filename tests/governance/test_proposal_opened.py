"""Opening a proposal tells the neighborhood's members, each in their language, once."""

import pytest
from django.core import mail

from governance.actions import proposals as actions

from .factories import ProposalFactory, members

pytestmark = pytest.mark.django_db


def test_opening_tells_every_member_but_the_author_in_their_language(
    world, django_capture_on_commit_callbacks
):
    [hablante] = members(world.own, 1, language="es")
    draft = ProposalFactory(neighborhood=world.own, author=world.member, title="Sunday table")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.open_proposal(proposal=draft)
    told = {message.to[0]: message for message in mail.outbox}
    assert world.member.email not in told
    assert {world.volunteer.email, world.coordinator.email, hablante.email} <= set(told)
    assert world.other_coordinator.email not in told
    assert told[world.volunteer.email].subject == "A proposal is open: Sunday table"
    assert "Sunday table" in told[hablante.email].subject
    assert "está abierta" in told[hablante.email].body


def test_opening_twice_tells_them_once(world, django_capture_on_commit_callbacks):
    draft = ProposalFactory(neighborhood=world.own, author=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.open_proposal(proposal=draft)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        actions.open_proposal(proposal=draft)
    assert len(mail.outbox) == sent
