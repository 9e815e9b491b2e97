"""The printable sign-in sheet of a shift: names and status, no contact details."""

import pytest
from django.urls import reverse

from mutualaid.actions import shifts as actions

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def test_sign_in_sheet_lists_names_and_no_contact_details(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own, role="Pantry")
    actions.sign_up(shift=shift, user=world.volunteer)
    detail = reverse("shift_detail", kwargs={"slug": "eastside", "pk": shift.pk})
    sheet = reverse("shift_sign_in_sheet", kwargs={"slug": "eastside", "pk": shift.pk})
    assert f'href="{sheet}"' in coordinator_client.get(detail).content.decode()
    page = coordinator_client.get(sheet).content.decode()
    assert "Sign-in sheet: Pantry" in page
    assert "Val Volunteer" in page
    assert world.volunteer.email not in page
    assert "Signature" in page
