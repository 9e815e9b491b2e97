"""Personal data is covered by construction: every model of every installed app
(ours, Django's and third-party ones) is exported in a person's download and
erased, or is exempt with its reason in members.registry.PERSONAL_DATA_EXEMPT."""

import pytest
from django.apps import apps
from django.conf import settings

from intake.models import Visitor
from members import registry

PERSON_MODELS = {settings.AUTH_USER_MODEL, "intake.Visitor"}


def every_model():
    return apps.get_models()


def person_fields(model) -> list[str]:
    """Fields that point at a person: a key (or many-to-many) to the user or a visitor."""
    person = (apps.get_model(settings.AUTH_USER_MODEL), Visitor)
    return [
        f.name
        for f in model._meta.get_fields()
        if f.is_relation and not f.auto_created and f.related_model in person
    ]


def test_every_model_is_exported_and_erased_or_exempt_with_a_reason():
    assert registry.uncovered(every_model()) == []


def test_the_coverage_check_fails_for_a_model_that_no_part_covers():
    """What happens when an app adds a model and forgets it: the check names it."""
    covered = dict(registry.personal_data.covered)
    try:
        registry.personal_data.covered["offers"] = frozenset()
        assert registry.uncovered(every_model()) == [
            "mutualaid.Offer: not in any personal_data part's covers, nor exempt"
        ]
    finally:
        registry.personal_data.covered.clear()
        registry.personal_data.covered.update(covered)


@pytest.mark.parametrize(
    "model",
    [m for m in apps.get_models() if person_fields(m) or m._meta.label in PERSON_MODELS],
    ids=lambda m: m._meta.label,
)
def test_a_model_with_a_persons_key_is_covered_or_exempt_for_a_stated_reason(model):
    label = model._meta.label
    for side, covered in (
        ("export", registry.exported_models()),
        ("erasure", registry.erased_models()),
    ):
        reason = registry.exemption(label, side)
        assert label in covered or reason, f"{label} ({person_fields(model)}): no {side}"
        # "holds no one's data" cannot be true of a model that points at a person.
        assert label in covered or not reason.startswith("holds no one's"), label


def test_every_exemption_names_a_model_and_a_side_left_out():
    labels = {m._meta.label for m in every_model()}
    for label, reason in registry.PERSONAL_DATA_EXEMPT.items():
        assert label in labels, f"{label} is exempt but is no model"
        sides = reason if isinstance(reason, dict) else {"export": reason, "erasure": reason}
        assert set(sides) <= {"export", "erasure"}, label
        for side, text in sides.items():
            assert len(text) > 20, f"{label}: say why ({side})"
    # An exemption on a side a part covers is stale: remove it.
    for label in registry.PERSONAL_DATA_EXEMPT:
        assert not (label in registry.exported_models() and registry.exemption(label, "export"))
        assert not (label in registry.erased_models() and registry.exemption(label, "erasure"))


def test_every_covered_model_is_a_real_model():
    labels = {m._meta.label for m in every_model()}
    assert (registry.exported_models() | registry.erased_models()) <= labels


def test_a_person_model_has_an_eraser():
    assert registry.erased_models() >= PERSON_MODELS
