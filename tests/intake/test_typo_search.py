"""The returning-visitor search forgives a typo in a short name (issue 15, item 6); the
full measurement over 200 names is bench/intake.py --typos."""

import pytest

from intake.models import Visitor

from .factories import VisitorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    names = [
        ("Grace", "O'Brien"),
        ("Grant", "Okafor"),
        ("Bruce", "Li"),
        ("José", "Quispe"),
        ("Ana", "Silva"),
        ("Amina", "Diallo"),
    ]
    for n in range(30):  # others, so the right one has to rank, not just appear
        VisitorFactory(neighborhood=world.own, first_name=f"Person{n}", last_name="Other")
    return {
        first: VisitorFactory(neighborhood=world.own, first_name=first, last_name=last)
        for first, last in names
    }


def top5(world, text):
    return list(Visitor.objects.of(world.own).current().search(text, limit=5))


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("Grece", "Grace"),  # wrong letter (word similarity 0.33: below the cut-off)
        ("Garce", "Grace"),  # swapped
        ("Grae", "Grace"),  # dropped
        ("Graace", "Grace"),  # doubled
        ("Grece O'Brien", "Grace"),
        ("Jose", "José"),  # missing accent
        ("Aminna", "Amina"),
        ("Amian", "Amina"),
    ],
)
def test_a_one_letter_typo_still_finds_the_person_in_the_top_five(world, people, typed, meant):
    assert people[meant] in top5(world, typed)


def test_the_exact_name_ranks_first(world, people):
    assert top5(world, "grace")[0] == people["Grace"]
    assert top5(world, "grant")[0] == people["Grant"]


def test_the_search_never_crosses_neighborhoods(world, people):
    VisitorFactory(neighborhood=world.other, first_name="Grace", last_name="Elsewhere")
    assert all(v.neighborhood_id == world.own.pk for v in top5(world, "Grece"))


@pytest.mark.parametrize("typed", ["gr", "gra", "grac", "race", "o'bri", "brien"])
def test_a_name_is_found_by_its_start_or_a_part_of_four_letters(world, people, typed):
    """Word similarity alone (no LIKE beside it) still finds what a volunteer types:
    the start of a name, or a part of it of four letters or more."""
    assert people["Grace"] in top5(world, typed)


def test_a_typo_in_the_first_two_letters_swapped_is_still_measured(world, people):
    # "rgace": the initial moved one place; the index looks under both typed letters.
    assert people["Grace"] in top5(world, "Rgace")
