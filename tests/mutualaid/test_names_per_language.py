"""Need categories, skills and shift roles have a name per language: each reader sees
the one of their language, or the default name when nobody wrote one; a series says
when it repeats in the reader's language, made from its rule."""

from datetime import date, datetime, time, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import Skill
from mutualaid import digests
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import DigestSubscription, NeedCategory, Shift, ShiftSeries
from mutualaid.models.repeats import describe_repeat
from tests.mutualaid.needs.factories import NeedCategoryFactory, NeedFactory, OfferFactory
from tests.mutualaid.shifts.factories import ShiftFactory

pytestmark = pytest.mark.django_db


def speaks(user, language: str):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def pantry(world):
    """A category the neighborhood made, with its own Spanish name."""
    return NeedCategoryFactory(
        neighborhood=world.own, slug="pantry", name="Pantry shelf", names={"es": "Despensa"}
    )


@pytest.fixture
def unnamed(world):
    """A category the neighborhood made without a Spanish name."""
    return NeedCategoryFactory(neighborhood=world.own, slug="bikes", name="Bike repair")


# --- Need categories --------------------------------------------------------------


def test_the_board_shows_categories_in_spanish_to_a_spanish_reader(client, world, pantry, unnamed):
    NeedCategory.ensure_defaults(world.own)
    NeedFactory(neighborhood=world.own, category=pantry, public_summary="Rice and beans")
    NeedFactory(neighborhood=world.own, category=unnamed, public_summary="A flat tyre")
    client.force_login(speaks(world.member, "es"))
    page = client.get(reverse("needs_board", kwargs={"slug": "eastside"})).content.decode()
    assert "Despensa" in page and "Pantry shelf" not in page
    assert "Alimentos" in page and "Groceries" not in page  # the filter's default choices
    assert "Bike repair" in page  # no Spanish name: the default one


def test_the_board_shows_categories_in_english_to_an_english_reader(client, world, pantry, unnamed):
    NeedFactory(neighborhood=world.own, category=pantry, public_summary="Rice and beans")
    client.force_login(speaks(world.member, "en"))
    page = client.get(reverse("needs_board", kwargs={"slug": "eastside"})).content.decode()
    assert "Pantry shelf" in page and "Despensa" not in page


def test_a_need_page_and_triage_show_the_readers_name(client, world, pantry):
    need = NeedFactory(neighborhood=world.own, category=pantry, public_summary="Rice")
    client.force_login(speaks(world.coordinator, "es"))
    triage = client.get(reverse("needs_triage", kwargs={"slug": "eastside"})).content.decode()
    assert "Despensa" in triage and "Pantry shelf" not in triage
    manage = client.get(
        reverse("needs_manage", kwargs={"slug": "eastside", "pk": need.pk})
    ).content.decode()
    assert "Despensa" in manage


def test_the_intake_need_toggles_are_in_the_readers_language(client, world, pantry):
    from tests.intake.factories import IntakeSessionFactory

    session = IntakeSessionFactory(neighborhood=world.own)
    client.force_login(speaks(world.volunteer, "es"))
    url = reverse("intake_session", kwargs={"slug": "eastside", "pk": session.pk})
    page = client.get(url).content.decode()
    assert "Despensa" in page and "Pantry shelf" not in page
    client.force_login(speaks(world.coordinator, "en"))
    assert "Pantry shelf" in client.get(url).content.decode()


def test_the_digest_email_to_a_spanish_reader_names_the_categories_in_spanish(world, pantry):
    member = speaks(world.member, "es")
    member.contact_consent_at = timezone.now()
    member.save(update_fields=["contact_consent_at"])
    groceries = NeedCategoryFactory(
        neighborhood=world.own, slug="groceries", name="Groceries", names={"es": "Alimentos"}
    )
    OfferFactory(neighborhood=world.own, member=member, category=pantry)
    OfferFactory(neighborhood=world.own, member=member, category=groceries)
    NeedFactory(neighborhood=world.own, category=pantry, public_summary="Rice and beans")
    NeedFactory(neighborhood=world.own, category=groceries, public_summary="Milk")
    subscription = DigestSubscription.objects.create(user=member, neighborhood=world.own)

    assert digests.send_digest(subscription_id=subscription.pk) == 2

    body = mail.outbox[0].body
    assert "- Despensa: Rice and beans" in body
    assert "- Alimentos: Milk" in body
    assert "Pantry shelf" not in body and "Groceries" not in body


def test_a_skill_matches_a_category_by_a_name_in_any_language(world):
    translation_help = NeedCategoryFactory(
        neighborhood=world.own, slug="translation", name="Translation", names={"es": "Traducción"}
    )
    NeedCategoryFactory(neighborhood=world.own, slug="groceries", name="Groceries")
    skill = Skill.objects.create(neighborhood=world.own, name="Traducción")
    world.member.memberships.get(neighborhood=world.own).skills.add(skill)
    assert digests.matching_category_ids(world.member, world.own) == {translation_help.pk}


def test_a_new_neighborhood_gets_the_default_categories_in_english_and_spanish(world):
    NeedCategory.ensure_defaults(world.other)
    groceries = NeedCategory.objects.get(neighborhood=world.other, slug="groceries")
    assert (groceries.name, groceries.names) == ("Groceries", {"es": "Alimentos"})


def test_the_data_migration_fills_spanish_for_unchanged_defaults_only(world):
    kept = NeedCategoryFactory(neighborhood=world.own, slug="housing", name="Housing")
    renamed = NeedCategoryFactory(neighborhood=world.own, slug="medical", name="Clinic rides")
    written = NeedCategoryFactory(
        neighborhood=world.own, slug="clothing", name="Clothing", names={"es": "Ropa usada"}
    )
    driving = Skill.objects.create(neighborhood=world.own, name="Driving")
    knitting = Skill.objects.create(neighborhood=world.own, name="Knitting")

    import_module("mutualaid.migrations.0011_names_per_language").fill_spanish(apps, None)
    import_module("members.migrations.0012_skill_names_per_language").fill_spanish(apps, None)

    for row in (kept, renamed, written, driving, knitting):
        row.refresh_from_db()
    assert kept.names == {"es": "Vivienda"}
    assert renamed.names == {}
    assert written.names == {"es": "Ropa usada"}  # what the neighborhood wrote stays
    assert driving.names == {"es": "Manejar"}
    assert knitting.names == {}


# --- Skills -------------------------------------------------------------------------


def test_a_skill_reads_in_the_readers_language_with_the_default_as_fallback(world):
    driving = Skill.objects.create(neighborhood=world.own, name="Driving", names={"es": "Manejar"})
    knitting = Skill.objects.create(neighborhood=world.own, name="Knitting")
    with translation.override("es"):
        assert (str(driving), str(knitting)) == ("Manejar", "Knitting")
    with translation.override("en"):
        assert str(driving) == "Driving"


def test_the_shift_list_names_role_and_skill_in_the_readers_language(client, world):
    skill = Skill.objects.create(neighborhood=world.own, name="Driving", names={"es": "Manejar"})
    ShiftFactory(neighborhood=world.own, role="Delivery", role_names={"es": "Reparto"}, skill=skill)
    ShiftFactory(neighborhood=world.own, role="Setup")
    client.force_login(speaks(world.volunteer, "es"))
    url = reverse("shift_list", kwargs={"slug": "eastside"})
    page = client.get(url).content.decode()
    assert "Reparto" in page and "Delivery" not in page
    assert "Manejar" in page and "Driving" not in page
    assert "Setup" in page  # no Spanish role written: the default one
    client.force_login(speaks(world.member, "en"))
    page = client.get(url).content.decode()
    assert "Delivery" in page and "Driving" in page


def test_the_sign_up_message_to_a_spanish_reader_names_the_role_in_spanish(world):
    volunteer = speaks(world.volunteer, "es")
    shift = ShiftFactory(neighborhood=world.own, role="Delivery", role_names={"es": "Reparto"})
    shift_actions.sign_up(shift=shift, user=volunteer, confirm_by_message=True)
    shift_actions.send_due_reminders()
    sent = [message for message in mail.outbox if volunteer.email in message.to]
    assert sent, "the sign-up confirmation went out"
    text = " ".join(message.subject + " " + message.body for message in sent)
    assert "Reparto" in text and "Delivery" not in text


# --- Series: "When" in the reader's language -------------------------------------------


@pytest.mark.parametrize(
    ("rule", "english", "spanish"),
    [
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            "Every other Saturday, 10:00 to 13:00",
            "Cada dos sábados, de 10:00 a 13:00",
        ),
        ("FREQ=WEEKLY;INTERVAL=1;BYDAY=WE", "Every Wednesday, 10:00 to 13:00", None),
        (
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU",
            "Every 3 weeks on Sunday, 10:00 to 13:00",
            "Cada 3 semanas, los domingos, de 10:00 a 13:00",
        ),
        (
            "FREQ=MONTHLY;BYDAY=1SA",
            "The first Saturday of every month, 10:00 to 13:00",
            "El primer sábado de cada mes, de 10:00 a 13:00",
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T235959",
            "The last Friday of every month, 10:00 to 13:00, until June 30, 2027",
            "El último viernes de cada mes, de 10:00 a 13:00, hasta el 30 de junio de 2027",
        ),
        ("FREQ=DAILY", "Repeats, 10:00 to 13:00", "Se repite, de 10:00 a 13:00"),
    ],
)
def test_a_series_says_when_it_repeats_in_the_readers_language(rule, english, spanish):
    with translation.override("en"):
        assert describe_repeat(rule, time(10), time(13)) == english
    if spanish:
        with translation.override("es"):
            assert describe_repeat(rule, time(10), time(13)) == spanish


def test_every_wednesday_in_spanish_is_todos_los_miercoles():
    with translation.override("es"):
        text = describe_repeat("FREQ=WEEKLY;INTERVAL=1;BYDAY=WE", time(18), time(20, 30))
    assert text == "Todos los miércoles, de 18:00 a 20:30"


def test_a_rule_typed_oddly_never_breaks_the_page():
    for rule in ("", "FREQ=WEEKLY;BYDAY=MO,TU", "nonsense", "FREQ=MONTHLY;BYDAY=9XX;UNTIL=zz"):
        assert describe_repeat(rule, time(9), time(10)).endswith("09:00 to 10:00")


@pytest.fixture
def table_series(world):
    saturday = timezone.localdate(timezone=world.own.zone)
    saturday += timedelta(days=(5 - saturday.weekday()) % 7)
    return shift_actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        role="Intake table",
        role_names={"es": "Mesa de recepción"},
        place="Church hall",
        capacity=3,
        notes="",
        skill=None,
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
        starts_on=saturday,
        start_time=time(10),
        end_time=time(13),
        horizon_weeks=4,
        is_intake_table=True,
    )


def test_the_home_says_when_the_table_meets_in_the_readers_language(client, world, table_series):
    home = reverse("neighborhood_home", kwargs={"slug": "eastside"})
    client.force_login(speaks(world.member, "es"))
    page = client.get(home).content.decode()
    assert "Cada dos sábados, de 10:00 a 13:00" in page
    assert "Every other Saturday" not in page  # the English schedule typed in settings
    client.force_login(speaks(world.volunteer, "en"))
    assert "Every other Saturday, 10:00 to 13:00" in client.get(home).content.decode()


def test_the_home_keeps_the_typed_schedule_without_a_table_series(client, world):
    client.force_login(speaks(world.member, "es"))
    page = client.get(reverse("neighborhood_home", kwargs={"slug": "eastside"})).content.decode()
    assert world.own.meeting_schedule in page


def test_a_series_shift_page_shows_role_and_repeat_in_spanish(client, world, table_series):
    shift = table_series.shifts.earliest("starts_at")
    assert shift.role_names == {"es": "Mesa de recepción"}  # copied from the series
    client.force_login(speaks(world.coordinator, "es"))
    page = client.get(
        reverse("shift_detail", kwargs={"slug": "eastside", "pk": shift.pk})
    ).content.decode()
    assert "<h1>Mesa de recepción</h1>" in page
    assert "Cada dos sábados, de 10:00 a 13:00" in page


def test_the_coverage_page_shows_roles_in_the_readers_language(client, world, table_series):
    client.force_login(speaks(world.coordinator, "es"))
    page = client.get(reverse("shift_coverage", kwargs={"slug": "eastside"})).content.decode()
    assert "Mesa de recepción" in page and "Intake table" not in page


# --- Forms: one field per language ----------------------------------------------------


def series_data(**changes) -> dict:
    data = {
        "role": "Intake table",
        "role_es": "Mesa de recepción",
        "place": "Church hall",
        "capacity": "3",
        "frequency": "weekly",
        "interval": "2",
        "weekday": "SA",
        "week_of_month": "1",
        "starts_on": (date.today() + timedelta(days=3)).isoformat(),
        "start_time": "10:00",
        "end_time": "13:00",
        "horizon_weeks": "4",
    }
    return data | changes


def test_a_coordinator_writes_the_role_in_spanish_on_the_series_form(client, world):
    client.force_login(world.coordinator)
    url = reverse("series_create", kwargs={"slug": "eastside"})
    form = client.get(url).content.decode()
    assert 'name="role_es"' in form and "Role (Spanish)" in form
    key = client.get(url).context["form"]["submission_key"].value()
    client.post(url, series_data(submission_key=key))
    series = ShiftSeries.objects.get()
    assert (series.role, series.role_names) == ("Intake table", {"es": "Mesa de recepción"})
    shifts = list(series.shifts.all())
    assert shifts and all(shift.role_names == {"es": "Mesa de recepción"} for shift in shifts)


def test_editing_the_series_shows_and_changes_the_spanish_role(client, world, table_series):
    client.force_login(world.coordinator)
    url = reverse("series_edit", kwargs={"slug": "eastside", "pk": table_series.pk})
    assert 'value="Mesa de recepción"' in client.get(url).content.decode()
    data = series_data(
        role_es="", starts_on=table_series.starts_on.isoformat(), place="Church hall"
    )
    client.post(url, data)
    table_series.refresh_from_db()
    assert table_series.role_names == {}  # emptied: Spanish readers see the default
    future = table_series.shifts.filter(starts_at__gt=timezone.now())
    assert future.exists() and all(shift.role_names == {} for shift in future)


def test_a_spanish_role_too_long_gets_an_error_by_its_field(client, world):
    client.force_login(world.coordinator)
    url = reverse("shift_create", kwargs={"slug": "eastside"})
    key = client.get(url).context["form"]["submission_key"].value()
    day = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        url,
        {
            "submission_key": key,
            "role": "Setup",
            "role_es": "x" * 81,
            "day": day,
            "start_time": "09:00",
            "end_time": "10:00",
            "place": "Hall",
            "capacity": "2",
        },
    )
    form = response.context["form"]
    assert list(form.errors) == ["role_es"]
    assert form["role"].value() == "Setup"  # the rest is kept
    assert not Shift.objects.exists()


def test_the_admin_edits_a_categorys_name_per_language(client, world, pantry):
    client.force_login(world.admin)
    url = reverse("admin:mutualaid_needcategory_change", args=[pantry.pk])
    page = client.get(url).content.decode()
    assert 'name="name_es"' in page and 'value="Despensa"' in page
    response = client.post(
        url,
        {
            "neighborhood": world.own.pk,
            "slug": "pantry",
            "name": "Pantry shelf",
            "name_es": "Estante de despensa",
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    pantry.refresh_from_db()
    assert pantry.names == {"es": "Estante de despensa"}


def test_the_admin_edits_a_skills_name_per_language(client, world):
    skill = Skill.objects.create(neighborhood=world.own, name="Driving")
    client.force_login(world.admin)
    url = reverse("admin:members_skill_change", args=[skill.pk])
    response = client.post(
        url, {"neighborhood": world.own.pk, "name": "Driving", "name_es": "Manejar"}
    )
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.names == {"es": "Manejar"}
    with translation.override("es"):
        assert str(skill) == "Manejar"


def test_a_shift_made_by_hand_keeps_its_spanish_role(world):
    starts = datetime.now(tz=world.own.zone) + timedelta(days=2)
    shift = shift_actions.create_shift(
        neighborhood=world.own,
        role="Setup",
        role_names={"es": "Montaje"},
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Hall",
        capacity=2,
    )
    with translation.override("es"):
        assert shift.role_label == "Montaje"
    with translation.override("en"):
        assert shift.role_label == "Setup"


# --- Hypothesis over the series edit form ------------------------------------------------

FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
name_text = st.one_of(
    st.text(max_size=100),
    st.sampled_from(["", " ", "Mesa de recepción", "x" * 80, "x" * 81, "\x00", "🙂" * 5]),
)


@FUZZ
@given(role=name_text, role_es=name_text)
def test_the_series_edit_form_keeps_each_language_or_says_what_is_wrong(
    client, world, table_series, role, role_es
):
    """Whatever is typed in either language: the page answers (never a 500); a valid
    pair is saved as typed (trimmed) and read back per language; a bad one gets its
    error by its own field, keeps what was typed elsewhere and changes nothing."""
    before = ShiftSeries.objects.get(pk=table_series.pk)
    client.force_login(world.coordinator)
    url = reverse("series_edit", kwargs={"slug": "eastside", "pk": table_series.pk})
    data = series_data(role=role, role_es=role_es, starts_on=table_series.starts_on.isoformat())
    response = client.post(url, data)
    assert response.status_code < 500
    series = ShiftSeries.objects.get(pk=table_series.pk)
    if response.status_code == 302:
        assert series.role == role.strip()
        assert series.role_names == ({"es": role_es.strip()} if role_es.strip() else {})
        with translation.override("es"):
            assert series.role_label == (role_es.strip() or role.strip())
        with translation.override("en"):
            assert series.role_label == role.strip()
    else:
        form = response.context["form"]
        assert set(form.errors) <= {"role", "role_es"} and form.errors
        assert form["place"].value() == "Church hall"
        assert (series.role, series.role_names) == (before.role, before.role_names)


def test_a_regional_variant_reads_its_base_languages_name():
    from wcc.languages import in_reader_language

    assert in_reader_language("Delivery", {"es": "Reparto"}, "es-mx") == "Reparto"
    assert in_reader_language("Delivery", {"es": "Reparto"}, "fr") == "Delivery"
    assert in_reader_language("Delivery", {}, "es") == "Delivery"
