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
from types import SimpleNamespace

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.utils import translation

from intake import forms as intake_forms
from members.models import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitorFactory
from tests.members.factories import InvitationFactory, SkillFactory
from tests.mutualaid.needs.factories import NeedCategoryFactory, NeedFactory
from tests.mutualaid.shifts.factories import ShiftFactory
from tests.wcc.form_cases import CASES, KEY
from wcc import forms as fast_forms
from wcc import idempotency
from wcc.forms import FastRenderer

MARKUP = "<script>\"'&amp;</script>"
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


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput(),
        forms.EmailInput(),
        forms.NumberInput(),
        forms.URLInput(),
        forms.TelInput(),
        forms.SearchInput(),
        forms.PasswordInput(render_value=True),
        forms.HiddenInput(),
        forms.DateInput(),
        forms.DateTimeInput(),
        forms.TimeInput(),
        forms.CheckboxInput(),
        forms.ColorInput(),
        forms.FileInput(),
        forms.Textarea(),
        forms.Select(choices=[("", "—"), (1, 1000), ("Group", [(2, MARKUP), (3, "c")])]),
        forms.SelectMultiple(choices=[(1, "a"), (2, MARKUP)]),
        forms.RadioSelect(choices=[(1, "a"), ("Group", [(2, MARKUP)])]),
        forms.CheckboxSelectMultiple(choices=[(1, "a"), ("Group", [(2, MARKUP)])]),
    ],
    ids=lambda widget: type(widget).__name__,
)
def test_each_widget_renders_as_with_djangos_templates(widget):
    """Every widget type the fast path writes, with values, options, groups and attributes
    of every kind (a number is localized like {{ value }}, True and False attributes)."""
    attrs = {"id": "id_x", "class": MARKUP, "data-n": 1000, "data-on": True, "data-off": False}
    for language in ("en", "es"):
        with translation.override(language):
            for value in (None, "", "<2>", 2, [2], datetime.datetime(2030, 1, 2, 3, 4)):
                fast = widget.render("x", value, attrs, renderer=FastRenderer())
                reference = widget.render("x", value, attrs, renderer=DjangoTemplates())
                assert_same_html(fast, reference, f"{language} {value!r}")
