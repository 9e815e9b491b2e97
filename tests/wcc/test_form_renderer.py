"""FastRenderer (wcc/forms.py) writes the same HTML as Django's form templates.

Django's ``DjangoTemplates`` renderer is the reference: every form class of the
project is rendered with both, unbound, bound with valid data and bound with two
kinds of invalid data (nothing filled in; markup characters everywhere), in English
and Spanish, and the outputs must be equal: HTML-equal and, stricter, the same
characters.
"""

import datetime
import importlib
import inspect
import pkgutil
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.utils import timezone, translation

from intake import forms as intake_forms
from members import forms as member_forms
from members.models import Role
from mutualaid import shift_forms
from mutualaid.forms import needs as need_forms
from mutualaid.models import NeedsSettings
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitorFactory
from tests.members.factories import InvitationFactory, SkillFactory
from tests.mutualaid.needs.factories import NeedCategoryFactory, NeedFactory
from tests.mutualaid.shifts.factories import ShiftFactory
from wcc import forms as fast_forms
from wcc import idempotency
from wcc.forms import FastRenderer

MARKUP = "<script>\"'&amp;</script>"
KEY = "5b6c2f3e-9a1d-4c7e-8f00-123456789abc"
PACKAGES = ["wcc", "members", "intake", "mutualaid"]


@pytest.fixture(autouse=True)
def fixed_submission_key(monkeypatch):
    """The same per-render key in both renders of an unbound SubmitOnceForm."""
    monkeypatch.setattr(idempotency, "new_submission_key", lambda: uuid.UUID(KEY))


@pytest.fixture
def seed(world, settings):
    """One of each thing a form needs, in the ``own`` neighborhood."""
    # The password forms check the password in every render: a fast hash for those checks.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world.member.set_password(PASSWORD)
    world.member.save(update_fields=["password"])
    own = world.own
    groceries = NeedCategoryFactory(neighborhood=own, slug="groceries", name="Groceries")
    rides = NeedCategoryFactory(neighborhood=own, slug="rides", name='Rides & "lifts" <car>')
    skill = SkillFactory(neighborhood=own, name="Driving & <cars>")
    session = IntakeSessionFactory(neighborhood=own)
    visitor = VisitorFactory(neighborhood=own, first_name="Ana", phone="555 0101")
    other_visitor = VisitorFactory(neighborhood=own, first_name="Bea")
    driver = UserFactory(email="driver@example.org", display_name="Dee <Driver>")
    membership = MembershipFactory(user=driver, neighborhood=own, role=Role.VOLUNTEER)
    membership.skills.add(skill)
    return SimpleNamespace(
        world=world,
        own=own,
        categories=[groceries, rides],
        skill=skill,
        session=session,
        visitor=visitor,
        other_visitor=other_visitor,
        driver=driver,
        shift=ShiftFactory(neighborhood=own, skill=skill),
        need=NeedFactory(neighborhood=own, category=groceries),
        invitation=InvitationFactory(neighborhood=own, email="invited@example.org"),
    )


@dataclass
class Case:
    """How to make one form: ``make(seed, **form_kwargs)``, and data it accepts."""

    form_class: type
    make: object
    valid: object = None  # seed -> data, or None when no data can be valid in a test
    files: object = None  # seed -> files

    @property
    def name(self) -> str:
        return self.form_class.__name__


def future(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def plain(form_class):
    return lambda seed, **kw: form_class(**kw)


def with_categories(form_class):
    return lambda seed, **kw: form_class(categories=seed.categories, **kw)


def in_neighborhood(form_class):
    return lambda seed, **kw: form_class(neighborhood=seed.own, **kw)


CSV = b"name,email\nAna,ana@example.org\n"

CASES = [
    # members
    Case(
        member_forms.EmailAuthenticationForm,
        lambda seed, data=None, **kw: member_forms.EmailAuthenticationForm(None, data, **kw),
    ),
    Case(
        member_forms.ProfileForm,
        lambda seed, **kw: member_forms.ProfileForm(instance=seed.world.member, **kw),
        lambda seed: {"display_name": "Mo", "phone": "", "preferred_language": "es"},
    ),
    Case(
        member_forms.ProfileDetailsForm,
        lambda seed, **kw: member_forms.ProfileDetailsForm(instance=seed.world.member, **kw),
        lambda seed: {
            "display_name": "Mo",
            "phone": "555 0102",
            "preferred_language": "en",
            "contact_channel": "sms",
            "contact_consent": "on",
            "languages_spoken": "Spanish",
            "availability": "Evenings",
        },
    ),
    Case(
        member_forms.LanguageForm,
        plain(member_forms.LanguageForm),
        lambda seed: {"language": "es", "next": "/"},
    ),
    Case(
        member_forms.JoinForm,
        plain(member_forms.JoinForm),
        lambda seed: {
            "display_name": "Ana",
            "email": "ana@example.org",
            "phone": "",
            "password": "a-long-pass-phrase-77",
            "message": "Hello",
        },
    ),
    Case(
        member_forms.JoinMessageForm,
        plain(member_forms.JoinMessageForm),
        lambda seed: {"message": "Hello"},
    ),
    Case(
        member_forms.InvitationSignUpForm,
        lambda seed, **kw: member_forms.InvitationSignUpForm(invitation=seed.invitation, **kw),
        lambda seed: {"display_name": "Ivy", "password": "a-long-pass-phrase-77"},
    ),
    Case(
        member_forms.InvitationForm,
        plain(member_forms.InvitationForm),
        lambda seed: {
            "role": "volunteer",
            "email": "x@example.org",
            "days": "7",
            "submission_key": KEY,
        },
    ),
    Case(member_forms.RoleForm, plain(member_forms.RoleForm), lambda seed: {"role": "member"}),
    Case(
        member_forms.MembershipDecisionForm,
        plain(member_forms.MembershipDecisionForm),
        lambda seed: {"action": "approve"},
    ),
    Case(
        member_forms.SkillsForm,
        in_neighborhood(member_forms.SkillsForm),
        lambda seed: {"skills": [seed.skill.pk]},
    ),
    Case(
        member_forms.DirectoryFilterForm,
        in_neighborhood(member_forms.DirectoryFilterForm),
        lambda seed: {"q": "mo", "role": "member", "status": "active", "skill": seed.skill.pk},
    ),
    Case(
        member_forms.ImportUploadForm,
        plain(member_forms.ImportUploadForm),
        lambda seed: {},
        lambda seed: {"file": SimpleUploadedFile("members.csv", CSV, "text/csv")},
    ),
    Case(
        member_forms.ConfirmPasswordForm,
        lambda seed, **kw: member_forms.ConfirmPasswordForm(user=seed.world.member, **kw),
        lambda seed: {"password": PASSWORD, "confirm": "on"},
    ),
    Case(member_forms.TokenForm, plain(member_forms.TokenForm)),
    Case(
        member_forms.NewNeighborhoodForm,
        plain(member_forms.NewNeighborhoodForm),
        lambda seed: {
            "source": seed.own.pk,
            "name": "Northside",
            "slug": "northside",
            "submission_key": KEY,
        },
    ),
    # intake
    *(
        Case(
            form_class,
            in_neighborhood(form_class),
            lambda seed: {
                "visitor": seed.visitor.pk,
                "visitor_version": "1",
                "first_name": "Ana",
                "phone": "555 0101",
                "needs": [c.pk for c in seed.categories],
                "shared": [seed.categories[0].pk],
                "household_size": "3",
                "contact_by": "sms",
                "contact_consent": "on",
                "note": "Private <note>",
                "follow_up": "Call back",
                "follow_up_owner": seed.driver.pk,
                "follow_up_due": future(3),
                "submission_key": KEY,
            },
        )
        for form_class in (intake_forms.VisitForm, intake_forms.NewVisitForm)
    ),
    Case(
        intake_forms.VisitorForm,
        lambda seed, **kw: intake_forms.VisitorForm(instance=seed.visitor, **kw),
        lambda seed: {"version": "1", "first_name": "Ana", "household_size": "2"},
    ),
    Case(intake_forms.PickForm, plain(intake_forms.PickForm), lambda seed: {"visitor": "4"}),
    Case(intake_forms.SearchForm, plain(intake_forms.SearchForm), lambda seed: {"q": "an"}),
    Case(
        intake_forms.SessionForm,
        lambda seed, **kw: intake_forms.SessionForm(instance=seed.session, **kw),
        lambda seed: {
            "date": future(2),
            "starts_at": "10:00",
            "ends_at": "12:30",
            "place": "Hall",
            "notes": "Bring <chairs> & tables",
        },
    ),
    Case(intake_forms.StatusForm, plain(intake_forms.StatusForm), lambda seed: {"status": "open"}),
    Case(
        intake_forms.MergeForm,
        lambda seed, **kw: intake_forms.MergeForm(keep=seed.visitor, **kw),
        lambda seed: {"other": seed.other_visitor.pk},
    ),
    Case(
        intake_forms.FollowUpFilterForm,
        plain(intake_forms.FollowUpFilterForm),
        lambda seed: {"show": "overdue"},
    ),
    Case(
        intake_forms.EraseVisitorForm,
        plain(intake_forms.EraseVisitorForm),
        lambda seed: {"confirm": "on"},
    ),
    # shifts
    Case(
        shift_forms.IntakeTableForm,
        lambda seed, **kw: shift_forms.IntakeTableForm(
            neighborhood=seed.own, day=seed.session.date, **kw
        ),
        lambda seed: {"is_intake_table": "on", "intake_session": seed.session.pk},
    ),
    Case(
        shift_forms.ShiftForm,
        in_neighborhood(shift_forms.ShiftForm),
        lambda seed: {
            "role": "Intake",
            "day": future(5),
            "start_time": "10:00",
            "end_time": "12:00",
            "place": "Hall",
            "capacity": "3",
            "skill": seed.skill.pk,
            "notes": "",
            "submission_key": KEY,
        },
    ),
    *(
        Case(
            form_class,
            in_neighborhood(form_class),
            lambda seed: {
                "role": "Setup",
                "place": "Hall",
                "capacity": "2",
                "frequency": "weekly",
                "interval": "1",
                "weekday": "SA",
                "week_of_month": "1",
                "starts_on": future(7),
                "start_time": "09:00",
                "end_time": "10:00",
                "horizon_weeks": "8",
                "submission_key": KEY,
            },
        )
        for form_class in (shift_forms.SeriesForm, shift_forms.NewSeriesForm)
    ),
    Case(
        shift_forms.CancelSignupForm,
        plain(shift_forms.CancelSignupForm),
        lambda seed: {"note": "Sorry"},
    ),
    Case(
        shift_forms.AssignForm,
        lambda seed, **kw: shift_forms.AssignForm(neighborhood=seed.own, shift=seed.shift, **kw),
        lambda seed: {"person": seed.world.volunteer.pk, "anyway": "on"},
    ),
    Case(
        shift_forms.AttendanceForm,
        plain(shift_forms.AttendanceForm),
        lambda seed: {"attendance": "no-show"},
    ),
    Case(
        shift_forms.CoverageForm,
        plain(shift_forms.CoverageForm),
        lambda seed: {"weeks": "4", "page": "2"},
    ),
    # needs
    Case(
        need_forms.BoardFilterForm,
        with_categories(need_forms.BoardFilterForm),
        lambda seed: {"category": seed.categories[1].pk, "urgency": "urgent", "matches": "on"},
    ),
    Case(
        need_forms.NeedForm,
        with_categories(need_forms.NeedForm),
        lambda seed: {
            "category": seed.categories[0].pk,
            "public_summary": "A bag of rice",
            "urgency": "normal",
            "needed_by": future(4),
            "submission_key": KEY,
        },
    ),
    Case(
        need_forms.NeedEditForm,
        lambda seed, **kw: need_forms.NeedEditForm(
            categories=seed.categories, instance=seed.need, **kw
        ),
        lambda seed: {
            "category": seed.categories[1].pk,
            "public_summary": "Two bags of rice",
            "urgency": "urgent",
            "version": seed.need.updated_at.isoformat(),
        },
    ),
    Case(need_forms.ReleaseForm, plain(need_forms.ReleaseForm), lambda seed: {"reason": "Ill"}),
    Case(need_forms.CloseForm, plain(need_forms.CloseForm), lambda seed: {"reason": "duplicate"}),
    Case(need_forms.ReopenForm, plain(need_forms.ReopenForm), lambda seed: {"reason": ""}),
    Case(
        need_forms.ConnectForm,
        plain(need_forms.ConnectForm),
        lambda seed: {"shared_contact": "Ana, 555 0101"},
    ),
    Case(
        need_forms.OfferForm,
        with_categories(need_forms.OfferForm),
        lambda seed: {
            "category": seed.categories[0].pk,
            "description": "Rides on Saturdays",
            "availability": "Saturdays",
            "submission_key": KEY,
        },
    ),
    Case(
        need_forms.StaleDaysForm,
        lambda seed, **kw: need_forms.StaleDaysForm(
            instance=NeedsSettings(neighborhood=seed.own), **kw
        ),
        lambda seed: {"stale_after_days": "10"},
    ),
    Case(need_forms.DigestForm, plain(need_forms.DigestForm), lambda seed: {"subscribe": "on"}),
    # wcc
    Case(
        idempotency.SubmitOnceForm,
        plain(idempotency.SubmitOnceForm),
        lambda seed: {"submission_key": KEY},
    ),
    # Django's own forms behind our pages (login, password reset and change)
    Case(
        auth_forms.PasswordResetForm,
        plain(auth_forms.PasswordResetForm),
        lambda seed: {"email": "member@example.org"},
    ),
    Case(
        auth_forms.SetPasswordForm,
        lambda seed, **kw: auth_forms.SetPasswordForm(seed.world.member, **kw),
        lambda seed: {"new_password1": "b-long-pass-77", "new_password2": "b-long-pass-77"},
    ),
    Case(
        auth_forms.PasswordChangeForm,
        lambda seed, **kw: auth_forms.PasswordChangeForm(seed.world.member, **kw),
        lambda seed: {
            "old_password": PASSWORD,
            "new_password1": "b-long-pass-77",
            "new_password2": "b-long-pass-77",
        },
    ),
]


def query(data: dict) -> QueryDict:
    """Form data as a request brings it (lists for multiple choices)."""
    result = QueryDict(mutable=True)
    for name, value in data.items():
        result.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return result


def markup_everywhere(seed, case) -> QueryDict:
    """Every field given text with markup characters: invalid, and echoed back."""
    form = case.make(seed)
    return query(
        {
            name: [MARKUP] if isinstance(field, forms.MultipleChoiceField) else MARKUP
            for name, field in form.fields.items()
        }
    )


def renderings(form, options: bool = True) -> list[tuple[str, str]]:
    """Everything our templates and Django's ask a form for."""
    out = [
        ("str(form)", str(form)),
        ("includes/form.html", render_to_string("includes/form.html", {"form": form})),
        ("non_field_errors", str(form.non_field_errors())),
    ]
    for field in form:
        out.append((f"{field.name}.as_field_group", field.as_field_group()))
        out.append((f"{field.name} widget", str(field)))
        out.append((f"{field.name}.label_tag", field.label_tag()))
        out.append((f"{field.name}.legend_tag", field.legend_tag()))
        out.append((f"{field.name}.errors", str(field.errors)))
        if options:
            out.extend((f"{field.name} option", str(option)) for option in field.subwidgets)
    return out


def states(seed, case):
    """Each state's form arguments, made afresh for each render (an upload is read once)."""
    yield "unbound", dict
    yield "empty", lambda: {"data": query({}), "files": {}}
    yield "markup", lambda: {"data": markup_everywhere(seed, case), "files": {}}
    if case.valid is not None:
        files = case.files or (lambda seed: {})
        yield "valid", lambda: {"data": query(case.valid(seed)), "files": files(seed)}


def assert_same_html(fast: str, reference: str, where: str):
    assert parse_html(fast) == parse_html(reference), f"{where}: not HTML-equal"
    assert fast == reference, f"{where}: HTML-equal but not the same characters"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_form_renders_as_with_djangos_templates(seed, case):
    for language in ("en", "es"):
        with translation.override(language):
            for state, kwargs in states(seed, case):
                reference = case.make(seed, renderer=DjangoTemplates(), **kwargs())
                fast = case.make(seed, renderer=FastRenderer(), **kwargs())
                if state == "valid":
                    assert fast.is_valid(), (state, fast.errors)
                for (what, fast_html), (_, reference_html) in zip(
                    renderings(fast), renderings(reference), strict=True
                ):
                    assert_same_html(fast_html, reference_html, f"{language} {state} {what}")


def form_classes_of_the_project() -> set[type]:
    found = set()
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in module_info.name or module_info.name.endswith(".celery"):
                continue
            module = importlib.import_module(module_info.name)
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    found.add(obj)
    return found


def test_every_form_class_of_the_project_is_compared():
    """A new form class fails here until it has a case above."""
    missing = form_classes_of_the_project() - {case.form_class for case in CASES}
    assert not missing, sorted(cls.__qualname__ for cls in missing)


class MarkupForm(forms.Form):
    """Labels, help, choices, values and errors carrying markup characters."""

    text = forms.CharField(label=MARKUP, help_text="Help: <b>bold</b> is kept as the template does")
    choice = forms.ChoiceField(label=MARKUP, choices=[("a&b", MARKUP), ("<c>", "c")])
    boxes = forms.MultipleChoiceField(
        label=MARKUP, choices=[("a&b", MARKUP)], widget=forms.CheckboxSelectMultiple
    )
    radio = forms.ChoiceField(
        label=MARKUP, choices=[(MARKUP, MARKUP), ("", "")], widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=MARKUP, widget=forms.Textarea(attrs={"placeholder": MARKUP, MARKUP: "x"})
    )

    def clean_text(self):
        raise forms.ValidationError(MARKUP)

    def clean(self):
        raise forms.ValidationError(f"Whole form: {MARKUP}")


def test_markup_in_labels_values_and_errors_comes_out_escaped():
    data = query(
        {"text": MARKUP, "choice": "<c>", "boxes": ["a&b"], "radio": MARKUP, "notes": MARKUP}
    )
    fast = MarkupForm(data, renderer=FastRenderer())
    reference = MarkupForm(data, renderer=DjangoTemplates())
    html = render_to_string("includes/form.html", {"form": fast})
    assert html == render_to_string("includes/form.html", {"form": reference})
    assert "<script>" not in html
    escaped = "&lt;script&gt;&quot;&#x27;&amp;amp;&lt;/script&gt;"
    assert html.count(escaped) >= 12  # labels, options, values, attributes, errors
    assert "Help: <b>bold</b>" in html  # help_text|safe, as in Django's field.html
    assert '<option value="&lt;c&gt;" selected>c</option>' in html
    assert f"<li>Whole form: {escaped}</li>" in html


class SplitForm(forms.Form):
    """Widgets the fast path does not write: Django's templates render them."""

    when = forms.SplitDateTimeField(label="When")
    upload = forms.FileField(label="File", required=False)
    flag = forms.NullBooleanField(label="Flag", widget=forms.NullBooleanSelect)
    year = forms.DateField(label="Year", widget=forms.SelectDateWidget(years=[2030, 2031]))


def test_widgets_the_fast_path_does_not_know_render_through_djangos_templates(monkeypatch):
    names = []
    render = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        if isinstance(self, FastRenderer):
            names.append(template_name)
        return render(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    data = query({"when_0": "2030-01-02", "when_1": "<b>", "flag": "true", "year_year": "2030"})
    for kwargs in ({}, {"data": data}):
        fast = SplitForm(renderer=FastRenderer(), **kwargs)
        reference = SplitForm(renderer=DjangoTemplates(), **kwargs)
        for (what, fast_html), (_, reference_html) in zip(
            renderings(fast), renderings(reference), strict=True
        ):
            assert_same_html(fast_html, reference_html, what)
    assert "django/forms/widgets/splitdatetime.html" in names
    assert "django/forms/widgets/clearable_file_input.html" in names
    assert "django/forms/widgets/select_date.html" in names
    assert "django/forms/field.html" not in names  # the field around them is still fast


def test_the_intake_form_renders_without_djangos_templates(seed, monkeypatch):
    names = []
    monkeypatch.setattr(
        DjangoTemplates, "render", lambda self, name, *args, **kw: names.append(name) or ""
    )
    form = intake_forms.NewVisitForm(query({}), neighborhood=seed.own, renderer=FastRenderer())
    assert "field--invalid" in render_to_string("includes/form.html", {"form": form})
    assert names == []


def test_an_attribute_the_template_would_call_goes_to_djangos_templates():
    widget = forms.TextInput(attrs={"data-x": lambda: "called"})
    fast = widget.render("name", "value", renderer=FastRenderer())
    assert fast == widget.render("name", "value", renderer=DjangoTemplates())
    assert 'data-x="called"' in fast


def test_forms_use_the_fast_renderer_by_default():
    assert isinstance(get_default_renderer(), FastRenderer)
    assert fast_forms.FAST_TEMPLATES["django/forms/field.html"]


def test_admin_forms_render_as_with_djangos_templates(world, rf):
    """The admin's forms go through the renderer too (its own widget templates fall back)."""
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.admin
    compared = 0
    for model, model_admin in admin.site._registry.items():
        form_class = model_admin.get_form(request)
        # Some defaults are random (a device's key): the same initial values for both.
        initial = {field.name: field.initial for field in form_class()}
        for kwargs in ({"initial": initial}, {"initial": initial, "data": query({})}):
            fast = form_class(renderer=FastRenderer(), **kwargs)
            reference = form_class(renderer=DjangoTemplates(), **kwargs)
            # Options one by one are left out: the admin's RelatedFieldWidgetWrapper
            # cannot list them (its subwidgets() raises KeyError, with either renderer).
            for (what, fast_html), (_, reference_html) in zip(
                renderings(fast, options=False), renderings(reference, options=False), strict=True
            ):
                assert_same_html(fast_html, reference_html, f"{model.__name__} {what}")
        compared += 1
    assert compared >= 10
