"""Permission-matrix rows of the intake app: volunteers and coordinators of the own
neighborhood only; members 403, outsiders 404."""

from datetime import timedelta

from django.utils import timezone

from mutualaid.models import Signup
from tests.matrix import Row, at_least, everyone
from tests.mutualaid.shifts.factories import ShiftFactory

from .factories import IntakeSessionFactory, VisitFactory, VisitorFactory


def session(world):
    return {"slug": world.own.slug, "pk": IntakeSessionFactory(neighborhood=world.own).pk}


def visit(world):
    s = IntakeSessionFactory(neighborhood=world.own)
    return {"slug": world.own.slug, "pk": VisitFactory(session=s, follow_up="Call back").pk}


def visitor(world):
    return {"slug": world.own.slug, "pk": VisitorFactory(neighborhood=world.own).pk}


def visitor_pair(world):
    keep, other = (VisitorFactory(neighborhood=world.own) for _ in range(2))
    return {"slug": world.own.slug, "pk": keep.pk, "other": other.pk}


def table_shift_today(world):
    """An intake-table shift of today with the volunteer (and the member) confirmed on it."""
    starts = timezone.localtime(timezone=world.own.zone).replace(hour=10, minute=0)
    shift = ShiftFactory(
        neighborhood=world.own,
        is_intake_table=True,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    for person in (world.volunteer, world.member):
        Signup.objects.create(shift=shift, user=person, status=Signup.Status.CONFIRMED)
    return {"slug": world.own.slug, "pk": shift.pk}


def own(world):
    return {"slug": world.own.slug}


def volunteers(**kwargs):
    return at_least("volunteer", **kwargs)


def coordinators(**kwargs):
    return at_least("coordinator", **kwargs)


ROWS = [
    Row("intake_sessions", volunteers(), kwargs=own),
    Row("intake_session_new", coordinators(allowed=400), kwargs=own, method="post"),
    Row("intake_open_from_shift", volunteers(allowed=302), kwargs=table_shift_today, method="post"),
    Row("intake_session", volunteers(), kwargs=session),
    Row("intake_session_sign_in_sheet", volunteers(), kwargs=session),
    Row("intake_session", volunteers(allowed=400), kwargs=session, method="post"),
    Row("intake_visits_since", volunteers(), kwargs=session, data={"stamp": "0-0"}),
    Row("intake_search", volunteers(), kwargs=session, method="post", data={"q": "vis"}),
    Row("intake_roster", volunteers(), kwargs=session),
    # The service worker's script: the same for everyone, nothing personal in it.
    Row("intake_service_worker", everyone(), kwargs=own),
    Row("intake_session_status", coordinators(), kwargs=session),  # "Close the session?"
    Row("intake_session_status", coordinators(allowed=302), kwargs=session, method="post"),
    Row("intake_session_summary", coordinators(), kwargs=session),
    Row("intake_session_csv", coordinators(), kwargs=session),
    Row("intake_visit_edit", volunteers(), kwargs=visit),
    Row("intake_visit_undo", volunteers(allowed=302), kwargs=visit, method="post"),
    Row("intake_follow_up_done", volunteers(allowed=302), kwargs=visit, method="post"),
    Row("intake_duplicates", coordinators(), kwargs=own),
    Row("intake_access_log", coordinators(), kwargs=own),
    Row("intake_visitor", volunteers(), kwargs=visitor),
    Row("intake_visitor_log", coordinators(), kwargs=visitor),
    Row("intake_visitor_erase", coordinators(), kwargs=visitor),
    Row("intake_visitor_erase", coordinators(), kwargs=visitor, method="post"),
    Row("intake_merge", coordinators(), kwargs=visitor),
    Row("intake_merge", coordinators(), kwargs=visitor, method="post", data={"q": "vis"}),
    Row("intake_merge_confirm", coordinators(), kwargs=visitor_pair),
    Row("intake_merge_confirm", coordinators(allowed=400), kwargs=visitor_pair, method="post"),
    Row("intake_followups", volunteers(), kwargs=own),
]
