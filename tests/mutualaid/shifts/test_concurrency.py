"""Capacity under concurrency: real threads, each with its own PostgreSQL connection."""

import threading

import pytest
from django.db import connection

from mutualaid import shift_actions as actions
from mutualaid.models import Signup

from .factories import ShiftFactory, volunteers


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_for_three_places_give_three_confirmed(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=3)
    people = volunteers(world.own, 50)
    start = threading.Barrier(50)
    errors = []

    def sign_up(person):
        try:
            start.wait()
            actions.sign_up(shift=shift, user=person)
        except Exception as error:  # noqa: BLE001 (any error fails the test below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = list(shift.signups.values_list("status", flat=True))
    assert len(statuses) == 50
    assert statuses.count(Signup.Status.CONFIRMED) == 3
    assert statuses.count(Signup.Status.WAITLISTED) == 47
    assert shift.reminders.filter(kind="reminder").count() == 3 * 2
