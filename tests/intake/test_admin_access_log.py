"""The Django admin is another door to visitors' records: it leaves the same trail."""

import pytest
from django.urls import reverse

from intake.models import AccessLog, Visitor

from .factories import VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def test_opening_a_visitor_in_the_admin_is_logged_as_a_view(client, world):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Zaida")
    client.force_login(world.admin)

    response = client.get(reverse("admin:intake_visitor_change", args=[visitor.pk]))

    assert response.status_code == 200
    assert "Zaida" in response.content.decode()
    entry = AccessLog.objects.get(visitor=visitor)
    assert (entry.user, entry.action, entry.neighborhood) == (
        world.admin,
        AccessLog.Action.VIEW,
        world.own,
    )


def test_saving_a_visitor_in_the_admin_is_logged_as_a_change(client, world):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Zaida")
    client.force_login(world.admin)
    url = reverse("admin:intake_visitor_change", args=[visitor.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(first_name="Zaira", neighborhood=world.own.pk, household_size="")
    data = {k: v for k, v in data.items() if not isinstance(v, list)}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    visitor.refresh_from_db()
    assert visitor.first_name == "Zaira"
    assert list(
        AccessLog.objects.filter(visitor=visitor).values_list("action", flat=True).order_by("at")
    ) == [AccessLog.Action.VIEW, AccessLog.Action.CHANGE]


def test_opening_a_visit_in_the_admin_is_logged_for_its_visitor(client, world):
    visit = VisitFactory(session__neighborhood=world.own)
    client.force_login(world.admin)

    assert client.get(reverse("admin:intake_visit_change", args=[visit.pk])).status_code == 200

    entry = AccessLog.objects.get(visit_id=visit.pk)
    assert (entry.visitor_id, entry.action) == (visit.visitor_id, AccessLog.Action.VIEW)


def test_the_admin_cannot_delete_a_visitor_outside_the_erasure_page(client, world):
    visitor = VisitorFactory(neighborhood=world.own)
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:intake_visitor_delete", args=[visitor.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Visitor.objects.filter(pk=visitor.pk).exists()
