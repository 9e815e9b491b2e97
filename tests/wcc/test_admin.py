"""The admin serves network admins for every model: lists, filters, search, forms."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

OUR_APPS = {"members", "mutualaid", "intake", "wcc", "governance"}


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps

    registered = set(our_models())
    # A model shown inline in its parent's admin counts too.
    registered |= {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    plumbing = {"wcc.FormSubmission"}
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and m not in registered
        and m._meta.label not in plumbing
        and not m._meta.auto_created
    ]
    assert not missing, f"models with no admin: {missing}"


@pytest.mark.parametrize("page", ["changelist", "add"])
def test_admin_pages_of_every_model_open_for_a_network_admin(client, world, page):
    client.force_login(world.admin)
    request = RequestFactory().get("/")
    request.user = world.admin
    for model in our_models():
        if page == "add" and not admin.site._registry[model].has_add_permission(request):
            continue  # append-only records (the access log) have no add page on purpose
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}")
        query = "?q=east" if page == "changelist" else ""
        assert client.get(url + query).status_code == 200, url


def test_coordinators_cannot_open_the_admin(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
