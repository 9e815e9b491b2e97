"""No input to the table's forms gives a 500: long text, emoji, right-to-left scripts,
control characters (NUL included, which PostgreSQL refuses in text), bad phones,
negative household sizes."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.models import Visit, VisitorMerge

from .factories import VisitorFactory

texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(
        ["", "\x00", "a\x00b", "🍞🥫" * 50, "مرحبا بكم", "שלום", "\u202eevil", "x" * 5000, "\r\n\t"]
    ),
)
numbers = st.one_of(st.integers(-(10**12), 10**12).map(str), texts)
fuzz = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@fuzz
@given(first=texts, phone=texts, size=numbers, note=texts, due=texts, languages=texts)
def test_the_visit_form_never_answers_500(
    world, session, categories, first, phone, size, note, due, languages
):
    client = Client(raise_request_exception=False)
    client.force_login(world.volunteer)
    url = reverse("intake_session", args=[world.own.slug, session.pk])
    data = {
        "submission_key": str(uuid.uuid4()),
        "first_name": first,
        "phone": phone,
        "household_size": size,
        "note": note,
        "follow_up": note,
        "follow_up_due": due,
        "languages": languages,
        "needs": [categories["groceries"].pk],
    }
    before = Visit.objects.count()
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code in {200, 400}
    if "\x00" in first + note + languages + phone:
        assert Visit.objects.count() == before  # refused cleanly, with an error by the field


@pytest.mark.django_db
@fuzz
@given(first=texts, phone=texts, size=numbers, version=numbers)
def test_the_visitor_form_never_answers_500(world, first, phone, size, version):
    visitor = VisitorFactory(neighborhood=world.own)
    client = Client(raise_request_exception=False)
    client.force_login(world.volunteer)
    url = reverse("intake_visitor", args=[world.own.slug, visitor.pk])
    data = {"first_name": first, "phone": phone, "household_size": size, "version": version}
    assert client.post(url, data).status_code in {200, 302, 409}


@pytest.mark.django_db
@fuzz
@given(q=texts)
def test_the_search_never_answers_500(world, session, q):
    client = Client(raise_request_exception=False)
    client.force_login(world.volunteer)
    url = reverse("intake_search", args=[world.own.slug, session.pk])
    assert client.post(url, {"q": q}, headers={"HX-Request": "true"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("household_size", "-3", "greater than or equal to 1"),
        ("household_size", "many", "Enter a whole number."),
        ("phone", "call me maybe", "Enter a phone number"),
        ("first_name", "Ana\x00", "Null characters are not allowed."),
        ("follow_up_due", "31/31/2031", "Enter a valid date."),
    ],
)
def test_each_bad_input_gets_its_error_by_the_field_and_keeps_the_rest(
    volunteer_client, world, session, field, value, error
):
    url = reverse("intake_session", args=[world.own.slug, session.pk])
    data = {"submission_key": str(uuid.uuid4()), "first_name": "Ana", "languages": "Amharic"}
    data[field] = value
    response = volunteer_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert error in html
    assert 'value="Amharic"' in html
    assert not Visit.objects.exists()


@pytest.mark.django_db
@fuzz
@given(date=texts, starts=texts, ends=texts, place=texts, picked=numbers)
def test_the_session_form_and_the_visitor_pick_never_answer_500(
    world, session, date, starts, ends, place, picked
):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    url = reverse("intake_session_new", args=[world.own.slug])
    data = {"date": date, "starts_at": starts, "ends_at": ends, "place": place, "notes": place}
    assert client.post(url, data).status_code in {302, 400}
    page = reverse("intake_session", args=[world.own.slug, session.pk])
    assert client.get(page, {"visitor": picked}).status_code in {200, 404}


@pytest.mark.django_db
@fuzz
@given(choice=texts, kept_version=numbers, other_version=numbers, query=texts)
def test_the_merge_forms_never_answer_500(world, choice, kept_version, other_version, query):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    keep = VisitorFactory(neighborhood=world.own, first_name="Keep", phone="555 1")
    other = VisitorFactory(neighborhood=world.own, first_name="Other", phone="555 2")
    search = reverse("intake_merge", args=[world.own.slug, keep.pk])
    assert client.post(search, {"q": query}).status_code == 200
    confirm = reverse("intake_merge_confirm", args=[world.own.slug, keep.pk, other.pk])
    data = {
        "kept_version": kept_version,
        "other_version": other_version,
        "take_first_name": choice,
        "take_phone": choice,
    }
    response = client.post(confirm, data)
    assert response.status_code in {302, 400, 409}
    if choice not in {"kept", "other"}:  # the choice is asked again, by the field
        assert response.status_code == 400 and not VisitorMerge.objects.exists()
