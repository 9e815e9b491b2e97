"""The navigation bar: what the person's role in the current neighborhood allows.

Each app adds its pages to NEIGHBORHOOD_PAGES; an entry shows only to people whose
role includes ``role``. The access rules themselves live in members.access.

Every page draws these links (a dozen a page for a coordinator), so each address is
worked out once per process: the URLconf does not change while it runs
(docs/performance.md).
"""

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.models import Role


@dataclass(frozen=True)
class NavPage:
    label: str | Promise
    url_name: str
    role: Role = Role.MEMBER


NEIGHBORHOOD_PAGES: list[NavPage] = [
    NavPage(_("Home"), "neighborhood_home"),
    NavPage(_("Needs"), "needs_board"),
    NavPage(_("My claims"), "needs_my_claims"),
    NavPage(_("Shifts"), "shift_list"),
    NavPage(_("My shifts"), "my_shifts"),
    NavPage(_("Proposals"), "proposal_list"),
    NavPage(_("Decisions"), "decision_log"),
    NavPage(_("Meetings"), "meeting_list"),
    NavPage(_("Intake table"), "intake_sessions", Role.VOLUNTEER),
    NavPage(_("Follow-ups"), "intake_followups", Role.VOLUNTEER),
    NavPage(_("Triage"), "needs_triage", Role.COORDINATOR),
    NavPage(_("Coverage"), "shift_coverage", Role.COORDINATOR),
    NavPage(_("Members"), "member_directory", Role.COORDINATOR),
    NavPage(_("Invitations"), "invitations", Role.COORDINATOR),
    NavPage(_("My membership"), "my_membership"),
]


@lru_cache(maxsize=4096)
def _address(script_prefix: str, url_name: str, slug: str | None) -> str:
    return reverse(url_name, kwargs={"slug": slug} if slug else None)


def address(url_name: str, slug: str | None = None) -> str:
    """``reverse(url_name)``, with ``slug`` for a neighborhood's page, remembered (also
    as ``{% address %}`` in templates: wcc/templatetags/addresses.py)."""
    return _address(get_script_prefix(), url_name, slug)


def navigation(request: HttpRequest) -> dict:
    neighborhood = getattr(request, "neighborhood", None)
    role = getattr(request, "role", None)
    if neighborhood is None or role is None:
        return {"nav_pages": []}
    current = request.path
    pages = []
    for page in NEIGHBORHOOD_PAGES:
        if role.includes(page.role):
            url = address(page.url_name, neighborhood.slug)
            pages.append({"label": page.label, "url": url, "current": url == current})
    return {"nav_pages": pages}
