"""Members post their own needs and offers, and opt in to the daily digest."""

import pytest
from django.urls import reverse

from mutualaid.models import DigestSubscription, Offer, ResourceRequest

from .factories import NeedCategoryFactory, OfferFactory

pytestmark = pytest.mark.django_db


def post_url(world):
    return reverse("needs_post", kwargs={"slug": world.own.slug})


def offers_url(world):
    return reverse("needs_offers", kwargs={"slug": world.own.slug})


def fresh_key(client, url) -> str:
    return str(client.get(url).context["form"]["submission_key"].value())


def need_data(world, key, **overrides):
    category = NeedCategoryFactory(neighborhood=world.own)
    return {
        "submission_key": key,
        "category": category.pk,
        "public_summary": "Two bags of groceries before Friday",
        "private_details": "Call me at 555-0199",
        "urgency": "urgent",
        "needed_by": "",
        **overrides,
    }


def test_a_member_posts_a_need_that_asks_for_themselves(member_client, world):
    data = need_data(world, fresh_key(member_client, post_url(world)))

    response = member_client.post(post_url(world), data)

    assert response.status_code == 302
    need = ResourceRequest.objects.get()
    assert need.source == ResourceRequest.Source.MEMBER
    assert need.requested_by == world.member
    assert need.private_details == "Call me at 555-0199"
    assert need.status_changes.get().to_status == "open"


def test_a_coordinator_records_a_need_for_someone_else(coordinator_client, world):
    data = need_data(world, fresh_key(coordinator_client, post_url(world)))
    coordinator_client.post(post_url(world), data)
    need = ResourceRequest.objects.get()
    assert need.source == ResourceRequest.Source.COORDINATOR
    assert need.requested_by is None


def test_a_double_submit_of_post_a_need_creates_one_need(member_client, world):
    data = need_data(world, fresh_key(member_client, post_url(world)))
    member_client.post(post_url(world), data)
    member_client.post(post_url(world), data)
    assert ResourceRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("public_summary", "", "This field is required."),
        ("public_summary", "hi", "Say in a few words what is needed."),
        ("public_summary", "x" * 281, "at most 280 characters"),
        ("category", "999999", "Select a valid choice."),
        ("urgency", "tomorrow", "Select a valid choice."),
        ("needed_by", "2001-01-01", "This date has passed"),
        ("needed_by", "soon", "Enter a valid date."),
    ],
)
def test_bad_need_input_gets_a_message_by_the_field_and_keeps_the_rest(
    member_client, world, field, value, message
):
    data = need_data(world, fresh_key(member_client, post_url(world)), **{field: value})

    response = member_client.post(post_url(world), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    content = response.content.decode()
    assert "Call me at 555-0199" in content  # what was typed is kept
    assert ResourceRequest.objects.count() == 0


def test_a_category_of_another_neighborhood_is_refused(member_client, world):
    foreign = NeedCategoryFactory(neighborhood=world.other)
    data = need_data(world, fresh_key(member_client, post_url(world)), category=foreign.pk)
    response = member_client.post(post_url(world), data)
    assert "category" in response.context["form"].errors


def test_a_member_adds_an_offer_once_and_can_pause_it(member_client, world):
    category = NeedCategoryFactory(neighborhood=world.own)
    data = {
        "submission_key": fresh_key(member_client, offers_url(world)),
        "category": category.pk,
        "description": "Grocery runs by car",
        "availability": "Weekday evenings",
    }
    member_client.post(offers_url(world), data)
    member_client.post(offers_url(world), data)

    offer = Offer.objects.get()
    assert (offer.member, offer.description) == (world.member, "Grocery runs by car")
    toggle = reverse("needs_offer_toggle", kwargs={"slug": world.own.slug, "pk": offer.pk})
    member_client.post(toggle, {"confirmed": "on"})
    offer.refresh_from_db()
    assert offer.is_active is False


def test_an_offer_without_a_description_says_so_by_the_field(member_client, world):
    category = NeedCategoryFactory(neighborhood=world.own)
    data = {
        "submission_key": fresh_key(member_client, offers_url(world)),
        "category": category.pk,
        "description": "",
        "availability": "Mondays",
    }
    response = member_client.post(offers_url(world), data)
    assert "This field is required." in response.context["form"].errors["description"]
    assert "Mondays" in response.content.decode()


def test_someone_elses_offer_cannot_be_paused(volunteer_client, world):
    offer = OfferFactory(neighborhood=world.own, member=world.member)
    toggle = reverse("needs_offer_toggle", kwargs={"slug": world.own.slug, "pk": offer.pk})
    assert volunteer_client.post(toggle).status_code == 404


def test_digest_opt_in_and_out_records_consent(member_client, world):
    digest = reverse("needs_digest", kwargs={"slug": world.own.slug})

    member_client.post(digest, {"subscribe": "on"})
    member_client.post(digest, {"subscribe": "on"})
    assert DigestSubscription.objects.filter(user=world.member).count() == 1
    world.member.refresh_from_db()
    assert world.member.contact_consent_at is not None

    member_client.post(digest, {})
    assert not DigestSubscription.objects.exists()
