"""No input to any membership form gives a server error (hypothesis)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# (url name, kwargs builder, field names the form reads)
FORMS = [
    ("invitations", lambda w: {"slug": "eastside"}, ["role", "email", "days", "submission_key"]),
    ("member_role", lambda w: {"slug": "eastside", "pk": w.member.memberships.get().pk}, ["role"]),
    (
        "member_status",
        lambda w: {"slug": "eastside", "pk": w.member.memberships.get().pk},
        ["action", "next"],
    ),
    ("my_membership", lambda w: {"slug": "eastside"}, ["skills"]),
    ("erase_account", lambda w: {}, ["password", "confirm"]),
    ("two_factor", lambda w: {}, ["token"]),
    ("two_factor_verify", lambda w: {}, ["token"]),
    ("neighborhood_new", lambda w: {}, ["source", "name", "slug", "submission_key"]),
]


@pytest.mark.parametrize(("name", "kwargs", "fields"), FORMS, ids=[f[0] for f in FORMS])
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_form_input_gives_a_server_error(client, world, name, kwargs, fields, data):
    values = data.draw(
        st.fixed_dictionaries({}, optional={field: st.text(max_size=60) for field in fields})
    )
    client.force_login(world.admin if name == "neighborhood_new" else world.coordinator)
    response = client.post(reverse(name, kwargs=kwargs(world)), values)
    assert response.status_code in {200, 302, 403}
    world.coordinator.refresh_from_db()
    assert world.coordinator.is_active  # the erase form never passes without the password
