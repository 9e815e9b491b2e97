"""A form render submitted twice (double tap, retry, concurrent duplicate) creates one record."""

import threading
import time
import uuid

import pytest
from django.db import IntegrityError, connection

from members.models import Skill
from tests.factories import NeighborhoodFactory, UserFactory
from wcc.idempotency import SubmitOnceForm, submit_once


def make_skill(neighborhood, name="Driving", pause=0.0):
    def create():
        time.sleep(pause)
        return Skill.objects.create(neighborhood=neighborhood, name=name)

    return create


@pytest.mark.django_db
def test_the_same_key_twice_creates_one_record_and_returns_it_again():
    neighborhood, user, key = NeighborhoodFactory(), UserFactory(), uuid.uuid4()
    first, created = submit_once(key=key, user=user, create=make_skill(neighborhood))
    again, created_again = submit_once(key=key, user=user, create=make_skill(neighborhood, "X"))
    assert (created, created_again) == (True, False)
    assert again == first
    assert Skill.objects.count() == 1


@pytest.mark.django_db
def test_a_new_render_creates_a_new_record():
    neighborhood, user = NeighborhoodFactory(), UserFactory()
    submit_once(key=uuid.uuid4(), user=user, create=make_skill(neighborhood, "A"))
    submit_once(key=uuid.uuid4(), user=user, create=make_skill(neighborhood, "B"))
    assert Skill.objects.count() == 2


@pytest.mark.django_db
def test_someone_elses_key_is_refused():
    neighborhood, key = NeighborhoodFactory(), uuid.uuid4()
    submit_once(key=key, user=UserFactory(), create=make_skill(neighborhood, "A"))
    with pytest.raises(IntegrityError):
        submit_once(key=key, user=UserFactory(), create=make_skill(neighborhood, "B"))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_of_one_render_create_one_record():
    neighborhood, user, key = NeighborhoodFactory(), UserFactory(), uuid.uuid4()
    results = []

    def submit():
        try:
            results.append(
                submit_once(key=key, user=user, create=make_skill(neighborhood, pause=0.3))
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Skill.objects.count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk


def test_every_render_gets_a_fresh_key_and_a_bound_form_keeps_its_own():
    first, second = SubmitOnceForm(), SubmitOnceForm()
    assert first.initial["submission_key"] != second.initial["submission_key"]
    key = str(uuid.uuid4())
    bound = SubmitOnceForm(data={"submission_key": key})
    assert bound.is_valid()
    assert str(bound.cleaned_data["submission_key"]) == key
    assert f'value="{key}"' in str(bound["submission_key"])
