"""Names that people type once per language: need categories, skills, shift roles.

The model keeps its plain text field (``name``, ``role``) for the default language
(settings.LANGUAGE_CODE) and a JSON field beside it, ``{language code: text}``, for the
other languages of the network (settings.LANGUAGES: every neighborhood offers the
same languages). A reader sees the text of their active language, or the default
text when nobody wrote one. The names live in the row itself, so showing them costs
no query, and a language added later needs no migration.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def other_languages() -> list[tuple[str, str]]:
    """The languages a name may be written in besides the default one: (code, name)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def reader_language() -> str:
    """The active language's code, or the default one."""
    return get_language() or settings.LANGUAGE_CODE


def in_reader_language(default: str, names: dict | None, language: str | None = None) -> str:
    """The text for the reader: the one written in their language (or its base
    language: "es" for "es-mx"), else the default."""
    if not names:
        return default
    language = (language or reader_language()).lower()
    return names.get(language) or names.get(language.split("-")[0]) or default


def names_from_catalog(default: str) -> dict:
    """A shipped default name (marked with gettext_noop) in each other language, from
    the translation catalog: what a new neighborhood's defaults start with."""
    names = {}
    for code, _language in other_languages():
        with translation.override(code):
            text = translation.gettext(default)
        if text != default:
            names[code] = text
    return names


def clean_names(names: dict) -> dict:
    """Only the languages offered and only texts that are not blank (stripped)."""
    offered = {code for code, _name in other_languages()}
    return {code: text.strip() for code, text in names.items() if code in offered and text.strip()}


def language_field(label, language, max_length: int | None) -> forms.CharField:
    """The optional field for a name in one more language, limited like the default."""
    return forms.CharField(
        label=format_lazy(_("{field} ({language})"), field=label, language=language),
        required=False,
        max_length=max_length,
        help_text=_("Optional. Without it, readers of this language see the first one."),
    )


class NamesInLanguagesForm:
    """A form mixin: for each field in ``names_in_languages`` (form field name → model
    JSON attribute, e.g. ``{"role": "role_names"}``), one optional field per other
    language, right after the default one, limited like it."""

    names_in_languages: dict[str, str] = {}

    def add_language_fields(self) -> None:
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name not in self.names_in_languages:
                continue
            for code, language in other_languages():
                fields[f"{name}_{code}"] = language_field(field.label, language, field.max_length)
        self.fields = fields

    def names_for(self, name: str) -> dict:
        """The cleaned texts of the language fields of ``name``, as the model stores them."""
        return clean_names(
            {
                code: self.cleaned_data.get(f"{name}_{code}") or ""
                for code, _lang in other_languages()
            }
        )

    def language_fields(self) -> dict:
        """The JSON attributes with their cleaned values, ready for the model."""
        return {
            attribute: self.names_for(name) for name, attribute in self.names_in_languages.items()
        }

    @classmethod
    def initial_names(cls, name: str, names: dict | None) -> dict:
        return {f"{name}_{code}": (names or {}).get(code, "") for code, _lang in other_languages()}


class NamesInLanguagesModelForm(NamesInLanguagesForm, forms.ModelForm):
    """A model form whose language fields fill the model's JSON attributes (see
    names_model_form, which declares them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, attribute in self.names_in_languages.items():
            for key, value in self.initial_names(name, getattr(self.instance, attribute)).items():
                self.initial.setdefault(key, value)

    def save(self, commit=True):
        for attribute, names in self.language_fields().items():
            setattr(self.instance, attribute, names)
        return super().save(commit)


def names_model_form(model, names_in_languages: dict[str, str]) -> type[forms.ModelForm]:
    """A model form for the admin with one field per other language for each named
    field, declared on the class (the admin lays out a form's declared fields only)."""
    meta = type("Meta", (), {"model": model, "exclude": list(names_in_languages.values())})
    attributes = {"Meta": meta, "names_in_languages": names_in_languages}
    for name in names_in_languages:
        model_field = model._meta.get_field(name)
        for code, language in other_languages():
            attributes[f"{name}_{code}"] = language_field(
                capfirst(model_field.verbose_name), language, model_field.max_length
            )
    return type(f"{model.__name__}NamesForm", (NamesInLanguagesModelForm,), attributes)
