"""Network admins: the overview, and a new neighborhood copied from another."""

import pytest
from django.urls import reverse

from members.models import Membership, Neighborhood
from mutualaid.models import NeedCategory, ResourceRequest

from .factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def new_neighborhood(admin_client, world, **overrides):
    page = admin_client.get(reverse("neighborhood_new"))
    data = {
        "source": world.own.pk,
        "name": "Northside",
        "slug": "northside",
        "submission_key": page.context["form"]["submission_key"].value(),
        **overrides,
    }
    return admin_client.post(reverse("neighborhood_new"), data)


def test_a_new_neighborhood_copies_setup_and_no_people(admin_client, world):
    NeedCategory.ensure_defaults(world.own)
    NeedCategory.objects.create(neighborhood=world.own, slug="bikes", name="Bike repair")
    SkillFactory(neighborhood=world.own, name="Driving")
    world.own.retention_months = 12
    world.own.meeting_schedule = "Sundays"
    world.own.save()
    ResourceRequest.objects.create(
        neighborhood=world.own,
        category=NeedCategory.objects.get(neighborhood=world.own, slug="bikes"),
        public_summary="A bike",
        source="member",
    )
    response = new_neighborhood(admin_client, world)
    assert response.status_code == 302
    north = Neighborhood.objects.get(slug="northside")
    assert north.copied_from == world.own
    assert (north.retention_months, north.meeting_schedule) == (12, "Sundays")
    assert set(north.need_categories.values_list("slug", flat=True)) == set(
        world.own.need_categories.values_list("slug", flat=True)
    )
    assert list(north.skills.values_list("name", flat=True)) == ["Driving"]
    assert not Membership.objects.filter(neighborhood=north).exists()
    assert not ResourceRequest.objects.filter(neighborhood=north).exists()


def test_a_double_submit_makes_one_neighborhood(admin_client, world):
    page = admin_client.get(reverse("neighborhood_new"))
    key = page.context["form"]["submission_key"].value()
    data = {"source": world.own.pk, "name": "Northside", "slug": "northside", "submission_key": key}
    admin_client.post(reverse("neighborhood_new"), data)
    admin_client.post(reverse("neighborhood_new"), data)
    assert Neighborhood.objects.filter(slug="northside").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "eastside", "This short name is taken."),
        ("name", "eastside", "A neighborhood with this name exists."),
        ("slug", "Not a slug!", "Enter a valid"),
        ("source", "999999", "Select a valid choice."),
    ],
)
def test_bad_new_neighborhood_input_gets_an_error(admin_client, world, field, value, message):
    response = new_neighborhood(admin_client, world, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Neighborhood.objects.count() == 2


def test_overview_counts_active_members_and_open_needs(
    admin_client, world, django_assert_max_num_queries
):
    Membership.objects.filter(user=world.member).update(status="inactive")
    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("network_overview"))
    rows = {n.slug: values for n, values in response.context["rows"]}
    labels = [str(label) for label in response.context["labels"]]
    assert rows["eastside"][labels.index("Active members")] == 2
    assert rows["westside"][labels.index("Active members")] == 1
    assert "Open needs" in labels
