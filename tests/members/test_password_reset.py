import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reset_link_by_email_lets_a_person_choose_a_new_password(client, world):
    response = client.post(reverse("password_reset"), {"email": "member@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)

    page = client.get(link, follow=True)
    assert "Choose a new password" in page.content.decode()
    done = client.post(
        page.request["PATH_INFO"],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done.status_code == 302
    world.member.refresh_from_db()
    assert world.member.check_password("a-brand-new-passphrase")


def test_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_bad_address_gets_an_error_by_the_field(client, world):
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert 'value="not an address"' in body


def test_used_or_forged_link_says_it_no_longer_works(client, world):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert "This link no longer works" in response.content.decode()


def test_new_passwords_that_differ_are_refused_by_the_field(client, world):
    client.post(reverse("password_reset"), {"email": "member@example.org"})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    response = client.post(
        page.request["PATH_INFO"],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "something-else-entirely"},
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()


def test_change_password_needs_the_old_one(member_client, world):
    response = member_client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_reset_answers_a_known_and_an_unknown_address_alike(world):
    from django.test import Client

    from tests.members.sameness import page_text

    answers = []
    for email in ("member@example.org", "nobody@example.org"):
        client = Client()
        response = client.post(reverse("password_reset"), {"email": email})
        page = client.get(response.url)
        answers.append((response.status_code, response.url, page_text(page, email)))
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
