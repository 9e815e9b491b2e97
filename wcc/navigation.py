"""The navigation bar: what the person's role in the current neighborhood allows.

Each app adds its pages to NEIGHBORHOOD_PAGES; an entry shows only to people whose
role includes ``role``. The access rules themselves live in members.access.

The pages are grouped by what each role does there (``group``): the few everyone
uses most are always in the bar (``Group.BAR``), the others sit in the "Menu" beside
them, under a heading per group, so a 360 px phone shows every destination without
scrolling sideways (a ``<details>`` menu: no JavaScript needed).

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


class Group:
    BAR = "bar"
    MINE = "mine"
    TOGETHER = "together"
    TABLE = "table"
    COORDINATING = "coordinating"


# The menu's headings, in the order the menu shows them.
GROUP_TITLES = {
    Group.MINE: _("Yours"),
    Group.TOGETHER: _("Deciding together"),
    Group.TABLE: _("At the table"),
    Group.COORDINATING: _("Coordinating"),
}


@dataclass(frozen=True)
class NavPage:
    label: str | Promise
    url_name: str
    role: Role = Role.MEMBER
    group: str = Group.MINE


NEIGHBORHOOD_PAGES: list[NavPage] = [
    NavPage(_("Home"), "neighborhood_home", group=Group.BAR),
    NavPage(_("Needs"), "needs_board", group=Group.BAR),
    NavPage(_("Shifts"), "shift_list", group=Group.BAR),
    NavPage(_("My claims"), "needs_my_claims"),
    NavPage(_("My shifts"), "my_shifts"),
    NavPage(_("My membership"), "my_membership"),
    NavPage(_("Proposals"), "proposal_list", group=Group.TOGETHER),
    NavPage(_("Decisions"), "decision_log", group=Group.TOGETHER),
    NavPage(_("Meetings"), "meeting_list", group=Group.TOGETHER),
    NavPage(_("Study circles"), "circle_list", group=Group.TOGETHER),
    NavPage(_("In numbers"), "neighborhood_numbers", group=Group.TOGETHER),
    NavPage(_("Intake table"), "intake_sessions", Role.VOLUNTEER, Group.TABLE),
    NavPage(_("Follow-ups"), "intake_followups", Role.VOLUNTEER, Group.TABLE),
    NavPage(_("Triage"), "needs_triage", Role.COORDINATOR, Group.COORDINATING),
    NavPage(_("All needs"), "needs_list", Role.COORDINATOR, Group.COORDINATING),
    NavPage(_("Coverage"), "shift_coverage", Role.COORDINATOR, Group.COORDINATING),
    NavPage(_("Today's roster"), "shift_roster_now", Role.COORDINATOR, Group.COORDINATING),
    NavPage(_("Reliability"), "shift_reliability", Role.COORDINATOR, Group.COORDINATING),
    NavPage(_("Members"), "member_directory", Role.COORDINATOR, Group.COORDINATING),
    NavPage(_("Invitations"), "invitations", Role.COORDINATOR, Group.COORDINATING),
]


@lru_cache(maxsize=4096)
def _address(script_prefix: str, url_name: str, slug: str | None) -> str:
    return reverse(url_name, kwargs={"slug": slug} if slug else None)


def address(url_name: str, slug: str | None = None) -> str:
    """``reverse(url_name)``, with ``slug`` for a neighborhood's page, remembered (also
    as ``{% address %}`` in templates: wcc/templatetags/addresses.py)."""
    return _address(get_script_prefix(), url_name, slug)


def navigation(request: HttpRequest) -> dict:
    """``nav_pages``: the bar's links; ``nav_groups``: (heading, links) for the menu,
    only the groups the person's role has pages in; ``nav_menu_current``: whether the
    page shown is one of the menu's (the menu's button then says so)."""
    neighborhood = getattr(request, "neighborhood", None)
    role = getattr(request, "role", None)
    if neighborhood is None or role is None:
        return {"nav_pages": [], "nav_groups": [], "nav_menu_current": False}
    current = request.path
    grouped: dict[str, list[dict]] = {Group.BAR: [], **{key: [] for key in GROUP_TITLES}}
    for page in NEIGHBORHOOD_PAGES:
        if role.includes(page.role):
            url = address(page.url_name, neighborhood.slug)
            grouped[page.group].append({"label": page.label, "url": url, "current": url == current})
    groups = [(GROUP_TITLES[key], grouped[key]) for key in GROUP_TITLES if grouped[key]]
    in_menu = any(link["current"] for _title, links in groups for link in links)
    return {"nav_pages": grouped[Group.BAR], "nav_groups": groups, "nav_menu_current": in_menu}
