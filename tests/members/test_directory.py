"""The coordinator's member directory, its filters and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory

from .factories import SkillFactory

pytestmark = pytest.mark.django_db

URL = reverse("member_directory", kwargs={"slug": "eastside"})


def add_members(world, count, **user_fields):
    driving = SkillFactory(neighborhood=world.own, name="Driving")
    for n in range(count):
        user = UserFactory(email=f"extra{n}@example.org", display_name=f"Extra {n}", **user_fields)
        membership = MembershipFactory(user=user, neighborhood=world.own)
        membership.skills.add(driving)


@pytest.mark.parametrize("rows", [1, 30])
def test_directory_query_count_does_not_grow_with_rows(
    coordinator_client, world, rows, django_assert_max_num_queries
):
    add_members(world, rows)
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(URL)
    assert response.status_code == 200
    assert "Extra 0" in response.content.decode()


def test_directory_filters_by_role_skill_language_status_and_search(coordinator_client, world):
    add_members(world, 2, languages_spoken="Spanish, English")
    other = UserFactory(email="solo@example.org", display_name="Solo", languages_spoken="French")
    MembershipFactory(user=other, neighborhood=world.own, status=Membership.Status.PENDING)
    skill = world.own.skills.get(name="Driving")

    def names(**params):
        response = coordinator_client.get(URL, params)
        return {m.user.display_name for m in response.context["page"]}

    assert names(skill=skill.pk) == {"Extra 0", "Extra 1"}
    assert names(language="spanish") == {"Extra 0", "Extra 1"}
    assert names(status="pending") == {"Solo"}
    assert names(role="coordinator") == {"Cora Coordinator"}
    assert names(q="extra1@") == {"Extra 1"}
    assert "Wes Westside" not in names()


def test_directory_search_as_you_type_returns_only_the_results(coordinator_client, world):
    response = coordinator_client.get(URL, {"q": "Mo"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="results"' in body and "Mo Member" in body
    assert "<html" not in body


def test_directory_is_paginated(coordinator_client, world):
    add_members(world, 30)
    first = coordinator_client.get(URL)
    assert len(first.context["page"]) == 25
    second = coordinator_client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 33 - 25


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "role", "status", "skill", "language", "page"]),
        st.text(max_size=30),
    )
)
def test_no_filter_input_gives_a_server_error(coordinator_client, world, params):
    assert coordinator_client.get(URL, params).status_code == 200


def test_export_neutralizes_formulas_and_keeps_the_filter(coordinator_client, world):
    evil = UserFactory(
        email="evil@example.org", display_name='=HYPERLINK("http://x")', availability="+1+1"
    )
    MembershipFactory(user=evil, neighborhood=world.own, role=Role.VOLUNTEER)
    url = reverse("member_export", kwargs={"slug": "eastside"})
    response = coordinator_client.get(url, {"role": "volunteer"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][:3] == ["name", "email", "phone"]
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"evil@example.org", "volunteer@example.org"}
    assert by_email["evil@example.org"][0] == '\'=HYPERLINK("http://x")'
    assert by_email["evil@example.org"][7] == "'+1+1"


def test_member_detail_shows_the_history_to_coordinators(coordinator_client, world):
    membership = world.member.memberships.get()
    url = reverse("member_detail", kwargs={"slug": "eastside", "pk": membership.pk})
    body = coordinator_client.get(url).content.decode()
    assert "member@example.org" in body and "History" in body
