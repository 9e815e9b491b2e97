"""Hypothesis throws arbitrary input at every needs form: never a server error."""

import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.models import ResourceRequest
from wcc.models import FormSubmission

from .factories import NeedCategoryFactory, NeedFactory, claimed_need

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

value = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "on", "urgent", "low", "duplicate", "2030-01-01", "1-1", "0-0"]),
    st.uuids().map(str),
    st.dates().map(str),
)


def fields(*names):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, value))


NEED_FIELDS = [
    "submission_key",
    "category",
    "public_summary",
    "private_details",
    "urgency",
    "needed_by",
    "version",
]


def check(response):
    assert response.status_code < 500, response


@FUZZ
@given(data=fields(*NEED_FIELDS))
def test_post_a_need_never_fails(member_client, world, data):
    check(member_client.post(reverse("needs_post", kwargs={"slug": "eastside"}), data))


@FUZZ
@given(data=fields("category", "urgency", "matches", "after"))
def test_board_filters_never_fail(member_client, world, data):
    url = reverse("needs_board", kwargs={"slug": "eastside"})
    check(member_client.get(url, data))
    check(member_client.get(url, data, HTTP_HX_REQUEST="true"))


@FUZZ
@given(data=fields("submission_key", "category", "description", "availability"))
def test_add_an_offer_never_fails(member_client, world, data):
    check(member_client.post(reverse("needs_offers", kwargs={"slug": "eastside"}), data))


@FUZZ
@given(data=fields("subscribe"))
def test_digest_opt_in_never_fails(member_client, world, data):
    check(member_client.post(reverse("needs_digest", kwargs={"slug": "eastside"}), data))


@FUZZ
@given(data=fields("reason"))
def test_give_back_never_fails(member_client, world, data):
    need = claimed_need(world.member, neighborhood=world.own)
    url = reverse("needs_release", kwargs={"slug": "eastside", "pk": need.pk})
    check(member_client.post(url, data))


@pytest.mark.parametrize(
    ("url_name", "names"),
    [
        ("needs_manage", NEED_FIELDS),
        ("needs_close", ["reason", "note", "confirmed"]),
        ("needs_reopen", ["reason"]),
        ("needs_connect", ["shared_contact"]),
    ],
)
def test_coordinator_need_forms_never_fail(coordinator_client, world, url_name, names):
    @FUZZ
    @given(data=fields(*names), claimed=st.booleans())
    def run(data, claimed):
        need = (
            claimed_need(world.member, neighborhood=world.own)
            if claimed
            else NeedFactory(neighborhood=world.own)
        )
        url = reverse(url_name, kwargs={"slug": "eastside", "pk": need.pk})
        check(coordinator_client.post(url, data))

    run()


@FUZZ
@given(data=fields("status", "waiting", "age", "category", "q", "after"))
def test_the_coordinators_needs_list_filters_never_fail(coordinator_client, world, data):
    url = reverse("needs_list", kwargs={"slug": "eastside"})
    check(coordinator_client.get(url, data))
    check(coordinator_client.get(url, data, HTTP_HX_REQUEST="true"))


@pytest.mark.parametrize(
    ("url_name", "names"), [("needs_edit_own", NEED_FIELDS), ("needs_withdraw", ["confirmed"])]
)
def test_a_members_forms_on_their_own_need_never_fail(member_client, world, url_name, names):
    @FUZZ
    @given(data=fields(*names))
    def run(data):
        need = NeedFactory(
            neighborhood=world.own, requested_by=world.member, source=ResourceRequest.Source.MEMBER
        )
        url = reverse(url_name, kwargs={"slug": "eastside", "pk": need.pk})
        check(member_client.post(url, data))

    run()


@FUZZ
@given(data=fields("stale_after_days"))
def test_stale_days_never_fails(coordinator_client, world, data):
    check(coordinator_client.post(reverse("needs_stale_days", kwargs={"slug": "eastside"}), data))


def test_a_submission_key_of_someone_elses_render_is_not_a_server_error(member_client, world):
    key = str(uuid.uuid4())
    FormSubmission.objects.create(key=key, user=world.coordinator, model="x", object_pk="1")
    category = NeedCategoryFactory(neighborhood=world.own)
    data = {
        "submission_key": key,
        "category": category.pk,
        "public_summary": "Some soup please",
        "urgency": "normal",
    }
    response = member_client.post(reverse("needs_post", kwargs={"slug": "eastside"}), data)
    check(response)
    assert not ResourceRequest.objects.exists()
