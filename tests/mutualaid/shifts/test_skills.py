"""A shift's required skill: sign-up (and the waitlist) refuse a person without it, the
shift card says what it needs, and a coordinator can still assign anyone after a confirm."""

import pytest
from django.urls import reverse

from members.models import Membership
from mutualaid.actions import shifts as actions
from mutualaid.models import Signup
from tests.members.factories import SkillFactory

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.own.slug, **kwargs})


@pytest.fixture
def first_aid(world):
    """A first-aid shift; the coordinator has the skill, the volunteer and member not."""
    skill = SkillFactory(neighborhood=world.own, name="First aid")
    Membership.objects.get(user=world.coordinator, neighborhood=world.own).skills.add(skill)
    return ShiftFactory(neighborhood=world.own, skill=skill, role="Medic", capacity=1)


def test_sign_up_without_the_skill_is_refused(world, first_aid):
    with pytest.raises(actions.MissingSkillError):
        actions.sign_up(shift=first_aid, user=world.volunteer)
    assert actions.sign_up(shift=first_aid, user=world.coordinator).status == "confirmed"
    # Full now: joining the waitlist needs the skill too.
    with pytest.raises(actions.MissingSkillError):
        actions.sign_up(shift=first_aid, user=world.member)
    assert first_aid.signups.count() == 1


def test_skill_of_the_same_name_in_another_neighborhood_does_not_count(world, first_aid):
    elsewhere = SkillFactory(neighborhood=world.other, name="First aid")
    Membership.objects.create(
        user=world.volunteer, neighborhood=world.other, status="active"
    ).skills.add(elsewhere)
    assert first_aid.lacks_skill(world.volunteer)


def test_the_shift_page_explains_and_a_plain_post_changes_nothing(
    world, volunteer_client, first_aid
):
    page = volunteer_client.get(url("shift_detail", world, pk=first_aid.pk)).content.decode()
    assert "This shift needs the skill “First aid”" in page
    assert ">Sign up<" not in page
    assert f'href="{url("my_membership", world)}"' in page  # where a person adds skills
    response = volunteer_client.post(url("shift_signup", world, pk=first_aid.pk), follow=True)
    assert "This shift needs the skill “First aid”" in response.content.decode()
    assert not first_aid.signups.exists()


def test_an_htmx_sign_up_without_the_skill_returns_the_explanation(
    world, volunteer_client, first_aid
):
    response = volunteer_client.post(
        url("shift_signup", world, pk=first_aid.pk), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "This shift needs the skill “First aid”" in page
    assert not first_aid.signups.exists()


def test_the_shift_card_says_what_it_needs(world, client, first_aid):
    client.force_login(world.volunteer)
    page = client.get(url("shift_list", world)).content.decode()
    assert "Needs: First aid" in page
    assert "you don't have this skill yet" in page
    client.force_login(world.coordinator)
    page = client.get(url("shift_list", world)).content.decode()
    assert "Needs: First aid" in page
    assert "have this skill yet" not in page


def test_coordinator_must_confirm_to_assign_someone_without_the_skill(
    world, coordinator_client, first_aid
):
    page = coordinator_client.get(url("shift_detail", world, pk=first_aid.pk)).content.decode()
    assert "Val Volunteer (without First aid)" in page
    assert "Cora Coordinator</option>" in page

    assign = url("shift_assign", world, pk=first_aid.pk)
    response = coordinator_client.post(assign, {"person": world.volunteer.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Val Volunteer does not have the skill this shift needs (First aid)" in page
    assert f'<option value="{world.volunteer.pk}" selected>' in page  # the choice is kept
    assert not first_aid.signups.exists()

    response = coordinator_client.post(assign, {"person": world.volunteer.pk, "anyway": "on"})
    assert response.status_code == 302
    assert first_aid.signups.get().status == Signup.Status.CONFIRMED


def test_a_person_with_the_skill_is_assigned_without_a_confirm(
    world, coordinator_client, first_aid
):
    Membership.objects.get(user=world.volunteer, neighborhood=world.own).skills.add(first_aid.skill)
    coordinator_client.post(
        url("shift_assign", world, pk=first_aid.pk), {"person": world.volunteer.pk}
    )
    assert first_aid.signups.get().user == world.volunteer


def test_a_shift_without_a_skill_asks_no_confirm(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    page = coordinator_client.get(url("shift_detail", world, pk=shift.pk)).content.decode()
    assert 'name="anyway"' not in page
    assert "(without " not in page
