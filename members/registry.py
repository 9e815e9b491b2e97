"""Places where every app adds its part to work that spans the whole system.

Each app puts a ``wcc_hooks.py`` module beside its models and registers functions
there with the decorators below; the members app imports every such module when
Django starts (``autodiscover_modules`` in ``members.apps``). So intake, needs and
shifts add their own data to a person's download, their own rows to an erasure,
their own setup to a copied neighborhood and their own figures to the network
overview, without the members app knowing about them.

The registries:

- ``personal_data``: ``fn(user) -> dict | list``, what the app holds about a person,
  ready for JSON. Shown under the function's registered name (the layout is written
  down in docs/personal-data.md).
- ``person_erasers``: ``fn(user) -> int``, removes the person's details from the
  app's tables (history and logs included) and returns how many rows it touched.
  A part registered with ``last=True`` runs after every other (the account itself:
  the other parts still find the person's rows by email and phone).
- ``membership_enders``: ``fn(user, neighborhood) -> int``, what the app lets go of
  when a person leaves a neighborhood (their shift places, their claims on needs),
  telling the coordinators; returns how many things it let go. Called by
  ``members.actions.leave_neighborhood`` and, for every neighborhood, by
  ``erase_person``.
- ``visitor_erasers``: ``fn(visitor_id) -> int``, the same for a visitor (someone
  served at the table who may have no account); the intake app owns visitors and
  calls ``members.actions.erase_visitor``, which runs every registered part.
- ``neighborhood_copiers``: ``fn(*, source, target) -> int``, copies the app's setup
  (categories, shift series patterns, message texts; never people or records).
- ``overview_figures``: ``fn(neighborhoods) -> dict[neighborhood_id, int]``, one
  column of the network overview (open needs, shifts filled, people served ...).
- ``home_cards``: ``fn(request, neighborhood) -> HomeCard | None``, one card of the
  neighborhood home (the next table, the person's next shift, open needs ...), drawn
  by the card's own template; ``None`` when the card is not for this person. A card
  with ``to_do=True`` is one line of the coordinator's "What needs doing first" list at
  the top of the home (a count with a link to the filtered list): its template is a
  ``<li>``.
- ``member_sections``: ``fn(request, membership) -> HomeCard | None``, one section of
  a member's page in the coordinator's directory (their shifts served, pauses, trail),
  drawn by its own template like a home card.
- ``directory_figures``: ``fn(memberships) -> memberships``, one number column of the
  member directory and its CSV export: it annotates the queryset (no query per row)
  with an attribute named as the part is registered; the label heads the column.
- ``sms_replies``: ``fn(*, sent, user, word) -> (outcome, reply text)``, registered
  under a text's topic (``send_sms(topic=...)``): acts on a reply to that text (its
  first word, in capitals without accents) and says what to answer, in the active
  language (``members/sms/inbound.py``).
- ``sms_delivery``: ``fn(*, sent) -> None``, under a topic: a text of that topic was
  not delivered (the provider's status callback); send it another way.

Coverage by construction: ``personal_data``, ``person_erasers`` and ``visitor_erasers``
parts name the models they cover (``covers=[Model, "app_label.Model"]``), and every
model of every installed app (ours and third-party ones) must be exported and erased,
or be listed in ``PERSONAL_DATA_EXEMPT`` below with the reason.
``tests/members/test_personal_data_coverage.py`` enumerates ``apps.get_models()``
and fails on any model that is neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


def model_label(model) -> str:
    """``"app_label.Model"`` of a model class, or the string itself."""
    return model if isinstance(model, str) else model._meta.label


@dataclass
class Registry:
    """An ordered name → function map; registering a name twice replaces it."""

    functions: dict[str, Callable] = field(default_factory=dict)
    labels: dict[str, object] = field(default_factory=dict)
    # name → the models ("app_label.Model") the part exports or erases.
    covered: dict[str, frozenset[str]] = field(default_factory=dict)
    last: set[str] = field(default_factory=set)

    def register(self, name: str, label=None, *, covers=(), last: bool = False) -> Callable:
        def decorator(function: Callable) -> Callable:
            self.functions[name] = function
            self.labels[name] = label or name
            self.covered[name] = frozenset(model_label(model) for model in covers)
            if last:
                self.last.add(name)
            else:
                self.last.discard(name)
            return function

        return decorator

    def unregister(self, name: str) -> None:
        for mapping in (self.functions, self.labels, self.covered):
            mapping.pop(name, None)
        self.last.discard(name)

    def items(self):
        """In registration order, the parts marked ``last`` after all the others."""
        return sorted(self.functions.items(), key=lambda item: item[0] in self.last)

    def covered_models(self) -> set[str]:
        return set().union(*self.covered.values())


@dataclass(frozen=True)
class HomeCard:
    """A card an app adds to the neighborhood home: its template, what it shows, and
    where it goes (cards are drawn in ``order``, lowest first; ``to_do`` cards are lines
    of the "What needs doing first" list above the others)."""

    template: str
    context: dict
    order: int = 50
    to_do: bool = False


personal_data = Registry()
person_erasers = Registry()
visitor_erasers = Registry()
neighborhood_copiers = Registry()
overview_figures = Registry()
membership_enders = Registry()
home_cards = Registry()
member_sections = Registry()
directory_figures = Registry()
sms_replies = Registry()
sms_delivery = Registry()


def exported_models() -> set[str]:
    return personal_data.covered_models()


def erased_models() -> set[str]:
    return person_erasers.covered_models() | visitor_erasers.covered_models()


_NO_ONES_DATA = "holds no one's personal data"

# Models a person's download or erasure leaves out on purpose, and why. A plain
# reason covers both; {"export": ..., "erasure": ...} names the side left out.
PERSONAL_DATA_EXEMPT: dict[str, str | dict[str, str]] = {
    # Django and third-party apps
    "auth.Permission": _NO_ONES_DATA + ": the list of permissions",
    "auth.Group": _NO_ONES_DATA + ": named sets of permissions (erasure clears a person's)",
    "contenttypes.ContentType": _NO_ONES_DATA + ": the list of models",
    "axes.AccessAttemptExpiration": (
        "only when an AccessAttempt expires; deleted with the attempt, which is covered"
    ),
    "admin.LogEntry": {
        "export": (
            "an admin's entries name the people they changed (not theirs to download); "
            "entries about a person hold what their account holds, which the download has"
        ),
    },
    # members
    "members.Neighborhood": _NO_ONES_DATA + ": a neighborhood's name and setup",
    "members.Skill": _NO_ONES_DATA + ": a neighborhood's list of skills",
    "wcc.FormSubmission": {
        "export": (
            "which record a form submit made (its id), kept so a double tap makes one; "
            "the records themselves are in the download"
        ),
    },
    "members.ErasureRecord": (
        "the proof that an erasure was done: ids, counts and who erased, never a detail "
        "of the person; kept on purpose (erasing it would erase the proof)"
    ),
    "members.SmsStatusEvent": (
        "a provider's message id and a delivery status, nothing else; the message it "
        "is about (SentSms) is covered"
    ),
    "members.SmsOptOut": (
        "the ledger of numbers that said STOP or START (digits and a time, no name), kept "
        "through erasure so a number that said STOP is never texted again, as carriers "
        "require; the download says whether the person's number is opted out"
    ),
    "members.MemberImport": {
        "export": (
            "a coordinator's spreadsheet: its rows are other people's; a person's own row "
            "is in their account and membership once imported"
        ),
    },
    # mutualaid
    "mutualaid.NeedCategory": _NO_ONES_DATA + ": a neighborhood's categories",
    "mutualaid.NeedsSettings": _NO_ONES_DATA + ": a neighborhood's settings",
    "mutualaid.Shift": _NO_ONES_DATA + ": a neighborhood's shift (sign-ups are covered)",
    "mutualaid.ShiftSeries": (
        "a neighborhood's plan of shifts; created_by names the coordinator's account, "
        "which erasure empties, and nothing else about them"
    ),
    # intake
    "intake.IntakeSession": {
        "erasure": (
            "staffed_by links the session to the volunteers' accounts, which erasure "
            "empties; the link stays for the table's counts"
        ),
    },
    "intake.Visitor": {
        "export": (
            "a visitor has no account and no download: their coordinator reads their record "
            "to them at the table; erased by visitor_erasers"
        ),
    },
    "intake.VisitNeed": _NO_ONES_DATA + ": which categories a visit needed",
    "intake.AccessLog": (
        "the append-only trail of who opened which visitor record: ids and times only, "
        "no values; it stays whole (pointing at the emptied account) so the trail is kept"
    ),
    "intake.VisitorMerge": "ids of two visitor records, a count and field names, no values",
}


def exemption(label: str, side: str) -> str:
    """Why ``side`` ("export" or "erasure") leaves the model out, or ""."""
    reason = PERSONAL_DATA_EXEMPT.get(label, "")
    if isinstance(reason, dict):
        return reason.get(side, "")
    return reason


def uncovered(models) -> list[str]:
    """Each model (of ``models``) neither exported nor exempt from the download, and
    each neither erased nor exempt from erasure: what the coverage test reports."""
    exported, erased = exported_models(), erased_models()
    problems = []
    for model in models:
        label = model_label(model)
        if label not in exported and not exemption(label, "export"):
            problems.append(f"{label}: not in any personal_data part's covers, nor exempt")
        if label not in erased and not exemption(label, "erasure"):
            problems.append(f"{label}: not in any eraser's covers, nor exempt")
    return problems
