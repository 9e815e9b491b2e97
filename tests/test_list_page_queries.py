"""Every list page of the app runs the same exact number of queries at 1 row and at 30.

``LIST_PAGES`` is the one table: each row names the URL, the role that views it, a
seeder that makes N rows of what the page lists in the world's own neighborhood (and
returns the URL's kwargs and a word that each listed row shows), and the exact count.
``NOT_LIST_PAGES`` names every other URL with the reason it lists nothing; a URL in
neither fails ``test_every_url_is_a_list_page_or_says_why_not``.

Each count is taken after one warm-up GET, so per-process caches (members/choices.py)
and the signed-in snapshot (members/signed_in.py) are warm: the session, the person and
their roles come from the session cache and are not in the count. The fragment cache
(wcc/content_stamps.py) is emptied after the warm-up: the count is of a page drawn
afresh (tests/wcc/test_content_stamps.py counts the pages served from it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from governance.actions import circles as circle_actions
from governance.actions import meetings as meeting_actions
from intake.models import AccessLog
from intake.views import VISITS_PER_PAGE
from members import actions as member_actions
from members.models import MemberImport, Role, UserSession
from members.views.directory import PAGE_SIZE as DIRECTORY_PAGE_SIZE
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import CalendarFeed, NeedCategory
from mutualaid.views.needs import PAGE_SIZE as BOARD_PAGE_SIZE
from mutualaid.views.needs import TRIAGE_ROWS
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory
from tests.governance.factories import open_proposal
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory
from tests.members.factories import SkillFactory
from tests.mutualaid.needs.factories import NeedFactory, OfferFactory, claimed_need
from tests.mutualaid.shifts.factories import ShiftFactory, in_days, volunteers
from tests.test_permission_matrix import named_url_patterns

pytestmark = pytest.mark.django_db

SIZES = (1, 30)


@dataclass
class Seeded:
    kwargs: dict = field(default_factory=dict)
    # A word every listed row shows once or more: the page must show it for each row.
    marker: str = ""


@dataclass
class ListPage:
    url_name: str
    role: str
    seed: Callable  # (world, rows) -> Seeded
    queries: int
    why: str  # what the queries are, so a changed count is read, not just bumped
    method: str = "get"
    data: dict = field(default_factory=dict)
    shown_at_most: int = 30  # the page shows at most this many rows

    @property
    def id(self) -> str:
        return f"{self.url_name} as {self.role}"


# --- Seeders: N rows of what each page lists, in world.own -----------------------


def own(world) -> dict:
    return {"slug": world.own.slug}


def needs(world, rows):
    NeedFactory.create_batch(rows, neighborhood=world.own)
    return Seeded(own(world), "a bag of groceries")


def needs_on_the_board(world, rows):
    OfferFactory(neighborhood=world.own, member=world.member)
    return needs(world, rows)


def my_claims(world, rows):
    for _ in range(rows):
        claimed_need(world.member, neighborhood=world.own)
    return Seeded(own(world), "a bag of groceries")


def my_offers(world, rows):
    for n in range(rows):
        OfferFactory(neighborhood=world.own, member=world.member, description=f"Offer row {n}")
    return Seeded(own(world), "Offer row")


def needs_to_triage(world, rows):
    old = timezone.now() - timedelta(days=20)
    NeedFactory.create_batch(rows, neighborhood=world.own, urgency="urgent")
    NeedFactory.create_batch(rows, neighborhood=world.own, created_at=old)
    return Seeded(own(world), "a bag of groceries")


def upcoming_shifts(world, rows):
    people = volunteers(world.own, 2)
    for n in range(rows):
        shift = ShiftFactory(
            neighborhood=world.own, role=f"Shift row {n}", starts_at=in_days(1 + n)
        )
        shift_actions.sign_up(shift=shift, user=people[n % 2])
        shift_actions.sign_up(shift=shift, user=world.volunteer)
    return Seeded(own(world), "Shift row")


def my_signups(world, rows):
    CalendarFeed.for_user(world.volunteer)
    for n in range(rows):
        shift = ShiftFactory(
            neighborhood=world.own, role=f"Shift row {n}", starts_at=in_days(1 + n)
        )
        shift_actions.sign_up(shift=shift, user=world.volunteer)
    return Seeded(own(world), "Shift row")


def shifts_in_four_weeks(world, rows):
    for n in range(rows):
        shift = ShiftFactory(
            neighborhood=world.own, role=f"Shift row {n}", starts_at=in_days(1 + n % 20)
        )
        shift_actions.sign_up(shift=shift, user=world.volunteer)
    return Seeded(own(world), "Shift row")


def shift_roster(world, rows):
    # Full at both sizes: a full shift also asks whether a stand-in is wanted.
    shift = ShiftFactory(neighborhood=world.own, capacity=rows)
    for person in volunteers(world.own, rows, prefix="roster"):
        shift_actions.sign_up(shift=shift, user=person)
    # As many who waited and gave up: rows of "gave up" and of the shift's trail.
    for person in volunteers(world.own, rows, prefix="left"):
        waiting = shift_actions.sign_up(shift=shift, user=person)
        shift_actions.cancel_signup(signup=waiting, note="", by=person)
    return Seeded(own(world) | {"pk": shift.pk}, "Volunteer roster")


def past_shifts(world, rows):
    """``rows`` shifts in the last weeks, each with two people."""
    people = volunteers(world.own, 2, prefix="past")
    for n in range(rows):
        shift = ShiftFactory(
            neighborhood=world.own, role=f"Past row {n}", starts_at=in_days(-1 - n % 60)
        )
        shift_actions.assign(shift=shift, user=people[n % 2])
        shift_actions.assign(shift=shift, user=world.volunteer)
    return Seeded(own(world), "Past row")


def todays_shifts(world, rows):
    """``rows`` shifts under way now, each with one person on it."""
    starts = timezone.now() - timedelta(minutes=30)
    for n, person in enumerate(volunteers(world.own, rows, prefix="now")):
        shift = ShiftFactory(
            neighborhood=world.own,
            role=f"Now row {n}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        shift_actions.assign(shift=shift, user=person)
    return Seeded(own(world), "Now row")


def unreliable_volunteers(world, rows):
    """``rows`` volunteers, each marked absent twice in the last weeks."""
    for n, person in enumerate(volunteers(world.own, rows, prefix="absent")):
        person.display_name = f"Absent row {n}"
        person.save()
        for days_ago in (3, 10):
            shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(-days_ago))
            signup = shift_actions.assign(shift=shift, user=person)
            shift_actions.record_attendance(signup=signup, attendance="no-show")
    return Seeded(own(world), "Absent row")


def series_shifts(world, rows):
    series = shift_actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        role="Series row",
        place="Hall",
        capacity=2,
        notes="",
        skill=None,
        rule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=timezone.localdate() + timedelta(days=1),  # none of them past already
        start_time=time(9),
        end_time=time(10),
        horizon_weeks=rows + 1,
    )
    # The horizon holds at least ``rows`` Saturdays: keep exactly that many.
    series.shifts.filter(pk__in=series.shifts.order_by("starts_at").values("pk")[rows:]).delete()
    return Seeded(own(world) | {"pk": series.pk}, '<li class="coverage__row')


def public_shifts(world, rows):
    for n in range(rows):
        ShiftFactory(neighborhood=world.own, role=f"Shift row {n}", starts_at=in_days(1 + n))
    return Seeded(own(world), "Shift row")


def feed_shifts(world, rows):
    for n in range(rows):
        shift = ShiftFactory(
            neighborhood=world.own, role=f"Shift row {n}", starts_at=in_days(1 + n)
        )
        shift_actions.sign_up(shift=shift, user=world.volunteer)
    return Seeded({"token": CalendarFeed.for_user(world.volunteer).token}, "Shift row")


def members(world, rows):
    driving = SkillFactory(neighborhood=world.own, name="Driving")
    for n in range(rows):
        user = UserFactory(email=f"extra{n}@example.org", display_name=f"Extra person {n}")
        membership = MembershipFactory(user=user, neighborhood=world.own)
        membership.skills.add(driving)
    return Seeded(own(world), "Extra person")


def invitations(world, rows):
    for n in range(rows):
        member_actions.invite(
            neighborhood=world.own,
            role=Role.MEMBER,
            by=world.coordinator,
            email=f"invited{n}@example.org",
        )
    return Seeded(own(world), "invited")


def neighborhoods_open_to_join(world, rows):
    for n in range(rows):
        NeighborhoodFactory(name=f"Open hood {n}", slug=f"open-{n}", accepts_join_requests=True)
    return Seeded({}, "Open hood")


def neighborhoods_with_members(world, rows):
    for n in range(rows):
        neighborhood = NeighborhoodFactory(name=f"Listed hood {n}", slug=f"listed-{n}")
        MembershipFactory(neighborhood=neighborhood)
    return Seeded({}, "Listed hood")


def devices(world, rows):
    for n in range(rows):
        store = SessionStore()
        store.create()
        UserSession.objects.create(
            user=world.member, session_key=store.session_key, device=f"Device row {n}"
        )
    return Seeded({}, "Device row")


def intake_sessions(world, rows):
    for n in range(rows):
        IntakeSessionFactory(
            neighborhood=world.own,
            date=timezone.localdate() - timedelta(days=n),
            place=f"Hall row {n}",
        )
    return Seeded(own(world), "Hall row")


def session_visits(world, rows, **visit_fields):
    NeedCategory.ensure_defaults(world.own)
    groceries = NeedCategory.objects.of(world.own).get(slug="groceries")
    session = IntakeSessionFactory(neighborhood=world.own)
    for n in range(rows):
        visit = VisitFactory(session=session, visitor__first_name=f"Visitorrow{n}", **visit_fields)
        visit.visit_needs.create(category=groceries)
    return Seeded(own(world) | {"pk": session.pk}, "Visitorrow")


def session_sheet_people(world, rows):
    """Half on the session's shift, half who staffed it besides: both kinds of row."""
    session = IntakeSessionFactory(neighborhood=world.own)
    shift = ShiftFactory(neighborhood=world.own, capacity=rows, intake_session=session)
    people = volunteers(world.own, rows, prefix="sheet")
    for person in people[: (rows + 1) // 2]:
        shift_actions.sign_up(shift=shift, user=person)
    session.staffed_by.add(*people[(rows + 1) // 2 :])
    return Seeded(own(world) | {"pk": session.pk}, "Volunteer sheet")


def session_follow_ups(world, rows):
    today = timezone.localdate()
    seeded = session_visits(
        world, rows, follow_up="Call back", follow_up_due=today, follow_up_owner=UserFactory()
    )
    return Seeded(seeded.kwargs, "Call back")


def visitors_named_sam(world, rows):
    session = IntakeSessionFactory(neighborhood=world.own)
    for n in range(rows):
        VisitorFactory(neighborhood=world.own, first_name=f"Samrow{n}")
    return Seeded(own(world) | {"pk": session.pk}, "Samrow")


def merge_candidates_named_sam(world, rows):
    keep = VisitorFactory(neighborhood=world.own, first_name="Keeper")
    for n in range(rows):
        VisitorFactory(neighborhood=world.own, first_name=f"Samrow{n}")
    return Seeded(own(world) | {"pk": keep.pk}, "Samrow")


def recent_visitors(world, rows):
    session = IntakeSessionFactory(neighborhood=world.own)
    for n in range(rows):
        VisitorFactory(
            neighborhood=world.own, first_name=f"Rosterrow{n}", last_visit_on=timezone.localdate()
        )
    return Seeded(own(world) | {"pk": session.pk}, "Rosterrow")


def duplicate_pairs(world, rows):
    for n in range(rows):
        for _ in range(2):
            VisitorFactory(
                neighborhood=world.own, first_name=f"Twinrow{n}", phone=f"555 {n:03} 0000"
            )
    return Seeded(own(world), "Twinrow")


def visits_of_one_visitor(world, rows):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Regular")
    for n in range(rows):
        session = IntakeSessionFactory(
            neighborhood=world.own,
            date=timezone.localdate() - timedelta(days=n),
            place=f"Hall row {n}",
        )
        VisitFactory(session=session, visitor=visitor, note=f"Note row {n}")
    return Seeded(own(world) | {"pk": visitor.pk}, "Note row")


def access_log_entries(world, rows):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Logged")
    readers = [UserFactory(display_name=f"Reader row {n}") for n in range(rows)]
    for reader in readers:
        AccessLog.record(user=reader, action=AccessLog.Action.VIEW, visitors=[visitor])
    return Seeded(own(world) | {"pk": visitor.pk}, "Reader row")


def follow_ups_due(world, rows):
    session = IntakeSessionFactory(neighborhood=world.own)
    for n in range(rows):
        VisitFactory(
            session=session,
            visitor__first_name=f"Followrow{n}",
            follow_up="Call back",
            follow_up_due=session.date,
            follow_up_owner=world.volunteer,
        )
    return Seeded(own(world), "Followrow")


def recent_imports(world, rows):
    for n in range(rows):
        MemberImport.objects.create(
            neighborhood=world.own, created_by=world.coordinator, file_name=f"import-row-{n}.csv"
        )
    return Seeded(own(world), "import-row-")


def import_preview_rows(world, rows):
    blank = {"phone": "", "role": "member", "skills": [], "languages": "", "availability": ""}
    lines = [
        {"line": n + 2, **blank, "name": f"Imported row {n}", "email": f"imported{n}@example.org"}
        for n in range(rows)
    ]
    member_import = MemberImport.objects.create(
        neighborhood=world.own, created_by=world.coordinator, rows=lines, total=len(lines)
    )
    return Seeded(own(world) | {"pk": member_import.pk}, "Imported row")


def open_proposals(world, rows):
    for n in range(rows):
        open_proposal(world.own, world.member, title=f"Proposal row {n}")
    return Seeded(own(world), "Proposal row")


def meetings(world, rows):
    for n in range(rows):
        meeting_actions.create_meeting(
            neighborhood=world.own,
            agenda=["Welcome"],
            title=f"Meeting row {n}",
            kind="assembly",
            starts_at=timezone.now() + timedelta(days=1 + n),
            place="Church hall",
            call_link="",
            facilitator=world.volunteer,
            note_taker=world.volunteer,
        )
    return Seeded(own(world), "Meeting row")


def study_circles(world, rows):
    for n in range(rows):
        circle_actions.create_circle(
            neighborhood=world.own,
            convener=world.volunteer,
            name=f"Circle row {n}",
            about="",
            is_open=bool(n % 2),
        )
    return Seeded(own(world), "Circle row")


def feed_meetings(world, rows):
    seeded = meetings(world, rows)
    token = CalendarFeed.for_user(world.member).token
    return Seeded(seeded.kwargs | {"token": token}, seeded.marker)


# --- The table -----------------------------------------------------------------------

# The signed-in person, their roles and their neighborhoods' rows come from the session
# cache and cost nothing; a page that draws the neighborhood's choices (categories,
# volunteers) reads its choices stamp, which database triggers move; a public page reads
# its neighborhood ("hood").
LIST_PAGES = [
    # governance
    ListPage(
        "proposal_list",
        "member",
        open_proposals,
        4,
        "open, my drafts and decided proposals with authors; the rules (who may propose)",
    ),
    ListPage(
        "meeting_list",
        "member",
        meetings,
        3,
        "upcoming meetings; past meetings; my calendar feed",
        shown_at_most=20,
    ),
    ListPage(
        "meetings_feed", "anonymous", feed_meetings, 3, "the feed; its membership; the meetings"
    ),
    ListPage(
        "circle_list",
        "member",
        study_circles,
        1,
        "the circles with conveners, member counts and my place in each",
    ),
    # mutualaid: needs
    ListPage(
        "needs_board",
        "member",
        needs_on_the_board,
        2,
        "the choices stamp (categories from memory); the needs with their match to my offers",
        data={"matches": "on"},
        shown_at_most=BOARD_PAGE_SIZE,
    ),
    ListPage("needs_my_claims", "member", my_claims, 2, "needs I claimed; needs I asked for"),
    ListPage(
        "needs_offers",
        "member",
        my_offers,
        3,
        "the choices stamp; my digest subscription; my offers",
    ),
    ListPage("needs_text", "member", needs, 1, "the open needs"),
    ListPage(
        "needs_triage",
        "coordinator",
        needs_to_triage,
        2,
        "its stale-days setting; every section's needs in one UNION",
        shown_at_most=TRIAGE_ROWS,
    ),
    # mutualaid: shifts
    ListPage(
        "shift_list",
        "volunteer",
        upcoming_shifts,
        3,
        "my skills; the shifts with counts; my sign-ups on them (prefetch)",
    ),
    ListPage("my_shifts", "volunteer", my_signups, 2, "my sign-ups with their shifts; my feed"),
    ListPage(
        "shift_coverage",
        "coordinator",
        shifts_in_four_weeks,
        1,
        "the page of shifts with their counts and their number (COUNT OVER)",
        data={"weeks": 4},
    ),
    ListPage(
        "shift_detail",
        "coordinator",
        shift_roster,
        9,
        "shift; my sign-up; confirmed count; a stand-in wanted (full); the "
        "intake-table choices; roster with people; those who gave up; the people to assign; "
        "the shift's trail with its people",
    ),
    ListPage("shift_sign_in_sheet", "coordinator", shift_roster, 2, "shift; its people"),
    ListPage(
        "shift_list",
        "volunteer",
        past_shifts,
        3,
        "my skills; the past shifts with counts; my sign-ups on them (prefetch)",
        data={"past": "1"},
    ),
    ListPage(
        "shift_coverage",
        "coordinator",
        past_shifts,
        1,
        "the page of past shifts with their counts and their number (COUNT OVER)",
        data={"weeks": 12, "past": "1"},
    ),
    ListPage(
        "shift_roster_now",
        "coordinator",
        todays_shifts,
        2,
        "today's shifts; their confirmed people with their names (prefetch)",
    ),
    ListPage(
        "shift_reliability",
        "coordinator",
        unreliable_volunteers,
        1,
        "the volunteers with their late cancellations and no-shows (subqueries)",
    ),
    ListPage("series_detail", "coordinator", series_shifts, 2, "series; its shifts"),
    ListPage("public_schedule", "anonymous", public_shifts, 2, "hood; its shifts with counts"),
    ListPage("calendar_feed", "anonymous", feed_shifts, 2, "the feed; its shifts"),
    # members
    ListPage(
        "member_directory",
        "coordinator",
        members,
        5,
        "members counted; pending counted; the skill choices; the page of "
        "members; their skills (prefetch)",
        shown_at_most=DIRECTORY_PAGE_SIZE - 1,  # "Cora Coordinator" sorts first
    ),
    ListPage("member_export", "coordinator", members, 2, "the members; their skills"),
    ListPage("invitations", "coordinator", invitations, 1, "invitations with who used them"),
    ListPage("join_list", "anonymous", neighborhoods_open_to_join, 1, "the open neighborhoods"),
    ListPage("home", "anonymous", neighborhoods_open_to_join, 1, "the open neighborhoods"),
    ListPage(
        "network_overview",
        "admin",
        neighborhoods_with_members,
        7,
        "the neighborhoods; then one query per registered figure (members.registry)",
    ),
    ListPage("sessions", "member", devices, 1, "my live devices"),
    ListPage(
        "member_import",
        "coordinator",
        recent_imports,
        1,
        "the recent imports with their neighborhood (for their links)",
        shown_at_most=10,
    ),
    ListPage(
        "member_import_detail",
        "coordinator",
        import_preview_rows,
        4,
        "the import; its plan's neighborhood, memberships and open invitations",
    ),
    # intake
    ListPage("intake_sessions", "volunteer", intake_sessions, 1, "sessions with counts"),
    ListPage(
        "intake_session",
        "volunteer",
        session_visits,
        7,
        "session; the shifts that opened it; the blank form's categories and owners; "
        "the page of visits with their number; their needs; the access log",
        shown_at_most=VISITS_PER_PAGE,
    ),
    ListPage(
        "intake_session_sign_in_sheet",
        "volunteer",
        session_sheet_people,
        3,
        "session; those on its shifts; the others who staffed it",
    ),
    ListPage(
        "intake_session_summary",
        "coordinator",
        session_follow_ups,
        6,
        "session; visits; their needs; recent sessions; its staff; access log",
    ),
    ListPage(
        "intake_session_csv",
        "coordinator",
        session_visits,
        4,
        "session; visits with people; their needs; the access log",
    ),
    ListPage(
        "intake_search",
        "volunteer",
        visitors_named_sam,
        9,
        "session; the trigram threshold; the matches; their last visits; those visits' "
        "needs; the access log; the blank form's categories and owners",
        method="post",
        data={"q": "samrow"},
        shown_at_most=8,
    ),
    ListPage(
        "intake_merge",
        "coordinator",
        merge_candidates_named_sam,
        5,
        "the record kept; its access log; the trigram threshold; the matches; the access log",
        method="post",
        data={"q": "samrow"},
        shown_at_most=8,
    ),
    ListPage(
        "intake_roster",
        "volunteer",
        recent_visitors,
        3,
        "session; the recent visitors, each marked if here today; who of them this "
        "reader has viewed today (the entries are written only on the first fetch)",
        shown_at_most=500,
    ),
    ListPage(
        "intake_duplicates",
        "coordinator",
        duplicate_pairs,
        4,
        "same phones; similar names; the visitors; the access log",
    ),
    ListPage(
        "intake_visitor",
        "volunteer",
        visits_of_one_visitor,
        5,
        "visitor; its access log; its visits with sessions; their needs; their access log",
    ),
    ListPage(
        "intake_visitor_log",
        "coordinator",
        access_log_entries,
        3,
        "visitor; its access log entry; the log with its readers",
    ),
    ListPage(
        "intake_followups",
        "volunteer",
        follow_ups_due,
        2,
        "the follow-ups with visitor, owner and session; the access log",
    ),
]

NOT_LIST_PAGES = {
    "healthz": "a health probe",
    "neighborhood_home": "cards with counts, each app's card pinned in its own tests",
    "neighborhood_public": "one neighborhood's join form",
    "join_thanks": "a thank-you note",
    "join_confirm": "confirms one request to join",
    "invitation_accept": "one invitation",
    "invitation_confirm": "confirms one invitation",
    "my_membership": "one membership's form",
    "leave_neighborhood": "asks before leaving one neighborhood",
    "neighborhood_left": "a note after leaving",
    "member_detail": "one member",
    "member_role": "a POST changing one member's role",
    "member_status": "a POST changing one member's status",
    "member_import_confirm": "a POST starting one import",
    "invitation_withdraw": "a POST withdrawing one invitation",
    "neighborhood_new": "a form for one neighborhood",
    "my_data": "one person's own data, section by section (the registry's exporters)",
    "my_data_download": "one person's own data as a file",
    "erase_account": "asks before erasing one account",
    "session_end": "a POST ending one device",
    "sessions_end_others": "a POST ending the other devices",
    "two_factor": "one person's two-factor setup",
    "two_factor_verify": "one code to type",
    "two_factor_disable": "a POST turning two-factor off",
    "set_language": "a POST choosing a language",
    "profile": "one person's profile form",
    "notification_choices": "one person's choice per kind of message (a fixed list)",
    "unsubscribe": "one kind of message for one person",
    "login": "a form",
    "logout": "a POST",
    "password_change": "a form",
    "password_change_done": "a note",
    "password_reset": "a form",
    "password_reset_done": "a note",
    "password_reset_confirm": "a form",
    "password_reset_complete": "a note",
    "needs_post": "a form for one need",
    "needs_offer_toggle": "a POST on one offer",
    "needs_digest": "a POST choosing the digest",
    "needs_stale_days": "a POST of one setting",
    "needs_claim": "a POST on one need",
    "needs_fulfil": "a POST on one need",
    "needs_release": "one need to release",
    "needs_manage": "one need",
    "needs_close": "a POST on one need",
    "needs_reopen": "a POST on one need",
    "needs_connect": "a POST on one need",
    "calendar_revoke": "a POST renewing one feed",
    "shift_create": "a form for one shift",
    "series_create": "a form for one series",
    "series_edit": "a form for one series",
    "series_preview": "the dates of one series being filled in",
    "shift_signup": "a POST on one shift",
    "shift_cancel_signup": "a POST on one shift",
    "shift_standin": "a POST on one shift",
    "shift_ics": "one shift as a calendar file",
    "shift_cancel": "a POST on one shift",
    "shift_assign": "a POST on one shift",
    "shift_intake_table": "a POST on one shift",
    "signup_remove": "a POST on one sign-up",
    "signup_attendance": "a POST on one sign-up",
    "signup_cancel_link": "one sign-up to cancel",
    "intake_session_new": "a POST making one session",
    "intake_service_worker": "the offline table's script, the same for everyone",
    "intake_open_from_shift": "a POST opening one session",
    "intake_session_status": "a POST on one session",
    "intake_visit_edit": "one visit",
    "intake_follow_up_done": "a POST on one visit",
    "intake_visit_undo": "a POST undoing one visit",
    "intake_visitor_erase": "asks before erasing one visitor",
    "intake_merge_confirm": "asks before merging two visitors",
    "action_point_done": "a POST marking one action point done",
    "circle_create": "a form for one study circle",
    "circle_join": "a POST joining one circle",
    "circle_leave": "asks before leaving one circle",
    "circle_accept": "a POST saying yes to one request to join",
    "reading_add": "a form for one reading",
    "reading_file": "one reading's PDF",
    "session_create": "a form for one session",
    "comment_add": "a POST adding one comment",
    "comment_edit": "one comment's form",
    "decision_detail": "one decision",
    "decision_ratify": "a POST confirming or reversing one urgent decision",
    "governance_settings": "one neighborhood's rules form",
    "meeting_create": "a form for one meeting",
    "meeting_series_create": "a form for one recurring meeting",
    "meeting_door": "check-in at the door: a search form, pinned in governance's tests",
    "minutes_item": "one agenda item's minutes form",
    "agenda_item_edit": "one agenda item's owner and proposal form",
    "minutes_publish": "a POST publishing one meeting's minutes",
    "my_pause": "one person's pause form",
    "member_pause": "a form pausing one member",
    "pause_end": "asks before ending one pause",
    "needs_edit_own": "one need's form",
    "needs_withdraw": "asks before withdrawing one need",
    "proposal_create": "a form for one proposal",
    "proposal_edit": "one proposal's form",
    "proposal_open": "a POST opening one proposal",
    "proposal_vote": "a POST casting one vote",
    "shift_restore": "a POST restoring one cancelled shift",
    "sms_inbound": "the provider's webhook for one text",
    "sms_status": "the provider's webhook for one delivery status",
    "sms_try": "a form for typing one text (file backend only)",
    "urgent_decision_create": "a form for one urgent decision",
}


# List pages pinned exactly at 1 and 30 rows beside their feature's other tests.
PINNED_ELSEWHERE = {
    "decision_log": "tests/governance/test_views.py",
    "proposal_detail": "tests/governance/test_views.py",
    "meeting_detail": "tests/governance/test_meetings.py",
    "circle_detail": "tests/governance/test_circles.py",
    "neighborhood_numbers": "tests/governance/test_numbers.py",
    "needs_list": "tests/mutualaid/needs/test_needs_list.py",
    "intake_access_log": "tests/intake/test_access_log_reads.py",
    "intake_visits_since": "tests/intake/test_live_list.py",
}


def test_every_url_is_a_list_page_or_says_why_not():
    listed = {page.url_name for page in LIST_PAGES} | set(PINNED_ELSEWHERE)
    assert not listed & set(NOT_LIST_PAGES), "a URL is both a list page and not one"
    assert all(NOT_LIST_PAGES.values()), "every page that is not a list says why"
    missing = named_url_patterns() - listed - set(NOT_LIST_PAGES)
    assert not missing, f"URLs neither in LIST_PAGES nor in NOT_LIST_PAGES: {sorted(missing)}"
    gone = (listed | set(NOT_LIST_PAGES)) - named_url_patterns()
    assert not gone, f"rows for URLs that no longer exist: {sorted(gone)}"


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda page: page.id)
def test_a_list_page_runs_the_same_exact_queries_at_1_and_30_rows(
    client, world, page: ListPage, rows: int, django_assert_num_queries
):
    seeded = page.seed(world, rows)
    user = world.user(page.role)
    if user is not None:
        client.force_login(user)
    url = reverse(page.url_name, kwargs=seeded.kwargs)
    send = getattr(client, page.method)
    assert send(url, page.data).status_code == 200  # warm-up
    caches["template_fragments"].clear()
    with django_assert_num_queries(page.queries):
        response = send(url, page.data)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(seeded.marker) >= min(rows, page.shown_at_most), "the rows are listed"
