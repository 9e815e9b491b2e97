import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


def test_person_updates_name_phone_and_language(member_client, world):
    response = member_client.post(
        reverse("profile"),
        {
            "display_name": "  Mo   Rivera ",
            "phone": "+1 555 123 4567",
            "preferred_language": "es",
            "contact_channel": "none",
        },
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.display_name == "Mo Rivera"
    assert world.member.phone == "+1 555 123 4567"
    assert world.member.preferred_language == "es"
    page = member_client.get(reverse("profile"))
    assert "Mi perfil" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "   ", "This field is required."),
        ("display_name", "x" * 81, "at most 80 characters"),
        ("phone", "call me maybe", "Enter a phone number of 7 to 20 digits"),
        ("preferred_language", "klingon", "Select a valid choice."),
    ],
)
def test_bad_profile_input_gets_an_error_and_keeps_the_rest(member_client, field, value, message):
    data = {
        "display_name": "Mo Rivera",
        "phone": "+1 555 123 4567",
        "preferred_language": "en",
        "contact_channel": "none",
    }
    data[field] = value
    response = member_client.post(reverse("profile"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    kept = {
        k: v for k, v in data.items() if k not in {field, "preferred_language", "contact_channel"}
    }
    for typed in kept.values():
        assert f'value="{typed}"' in body


text = st.text(st.characters(codec="utf-8"), max_size=120)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=text, phone=text, language=st.sampled_from(["en", "es", "", "xx"]))
def test_no_profile_input_gives_a_server_error(member_client, name, phone, language):
    response = member_client.post(
        reverse("profile"), {"display_name": name, "phone": phone, "preferred_language": language}
    )
    assert response.status_code in {200, 302}
