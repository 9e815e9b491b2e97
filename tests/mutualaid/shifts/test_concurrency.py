"""Capacity under concurrency: real threads, each with its own PostgreSQL connection."""

import pytest

from mutualaid.actions import shifts as actions
from mutualaid.models import Signup
from tests.concurrency import run_at_once

from .factories import ShiftFactory, volunteers


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_for_three_places_give_three_confirmed(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=3)
    people = volunteers(world.own, 50)
    _, errors = run_at_once(lambda person: actions.sign_up(shift=shift, user=person), people)

    assert errors == []
    statuses = list(shift.signups.values_list("status", flat=True))
    assert len(statuses) == 50
    assert statuses.count(Signup.Status.CONFIRMED) == 3
    assert statuses.count(Signup.Status.WAITLISTED) == 47
    assert shift.reminders.filter(kind="reminder").count() == 3 * 2
