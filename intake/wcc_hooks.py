"""The intake app's part of erasures, downloads, the network overview and the
neighborhood home.

See members/registry.py. A visitor's erasure keeps every row that counts depend on
(the visitor, its visits and needs, their dates) and empties what names the person;
the append-only access log holds no values and stays whole.
"""

from __future__ import annotations

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Role
from members.registry import HomeCard, home_cards, overview_figures, personal_data, visitor_erasers
from mutualaid.models import ShiftSeries

from .models import IntakeSession, Visit, Visitor

ERASED_VISITOR = "Erased visitor"  # stored in English, like every erased row


@visitor_erasers.register("intake", covers=[Visitor, Visit])
def erase_visitor_details(visitor_id: int) -> int:
    """Empty the visitor's details and those of every record merged into it."""
    ids = [
        visitor_id,
        *Visitor.objects.filter(merged_into_id=visitor_id).values_list("pk", flat=True),
    ]
    touched = Visitor.objects.filter(pk__in=ids).update(
        first_name=ERASED_VISITOR,
        last_name="",
        phone="",
        languages="",
        contact_by="",
        search_name=ERASED_VISITOR.lower(),
        phone_digits="",
    )
    touched += Visit.objects.filter(visitor_id__in=ids).update(note="", follow_up="")
    # VisitorMerge rows hold ids and a count only; AccessLog rows ids and dates only.
    return touched


@personal_data.register("intake_visits_logged", covers=[Visit])
def visits_logged(user) -> list[dict]:
    """Visits the person logged at the table: ids and dates, never the visitor's details."""
    return [
        {"visit": pk, "session_date": date.isoformat()}
        for pk, date in Visit.objects.filter(logged_by=user)
        .order_by("session__date", "pk")
        .values_list("pk", "session__date")
    ]


@personal_data.register("intake_sessions_staffed", covers=[IntakeSession])
def sessions_staffed(user) -> list[dict]:
    """The tables the person staffed: their dates and places."""
    return [
        {"session": pk, "date": date.isoformat(), "place": place}
        for pk, date, place in IntakeSession.objects.filter(staffed_by=user)
        .order_by("date", "pk")
        .values_list("pk", "date", "place")
    ]


@overview_figures.register("people_served", label=_("People served at the last table"))
def people_served_at_last_table(neighborhoods) -> dict[int, int]:
    ids = [n.pk for n in neighborhoods]
    last = dict(
        IntakeSession.objects.filter(neighborhood_id__in=ids, visits__isnull=False)
        .values("neighborhood_id")
        .annotate(last=Max("date"))
        .values_list("neighborhood_id", "last")
    )
    counts = dict.fromkeys(ids, 0)
    rows = (
        Visit.objects.filter(session__neighborhood_id__in=ids, session__date__in=set(last.values()))
        .values("session__neighborhood_id", "session__date")
        .annotate(people=Count("visitor", distinct=True))
    )
    for row in rows:
        neighborhood_id = row["session__neighborhood_id"]
        if last.get(neighborhood_id) == row["session__date"]:
            counts[neighborhood_id] = row["people"]
    return counts


@home_cards.register("next_table")
def next_table_card(request, neighborhood) -> HomeCard:
    """When and where the next table session is, for everyone in the neighborhood."""
    today = timezone.localdate(timezone=neighborhood.zone)
    upcoming = IntakeSession.objects.of(neighborhood).upcoming(today)
    next_session = upcoming.order_by("date", "starts_at").first()
    # "When" in the reader's language from the table's series; the schedule typed in
    # the neighborhood's settings only when no series staffs the table.
    series = ShiftSeries.intake_table_of(neighborhood)
    context = {"next_session": next_session, "when": series.describe() if series else ""}
    return HomeCard("intake/home/next_table.html", context, order=10)


@home_cards.register("overdue_follow_ups")
def overdue_follow_ups_card(request, neighborhood) -> HomeCard | None:
    """Follow-ups past their date and not done: coordinators only."""
    if not request.role.includes(Role.COORDINATOR):
        return None
    today = timezone.localdate(timezone=neighborhood.zone)
    overdue = Visit.objects.of(neighborhood).follow_ups_overdue(today).count()
    return HomeCard("intake/home/overdue_follow_ups.html", {"overdue": overdue}, 3, True)


@home_cards.register("sessions_to_close")
def sessions_to_close_card(request, neighborhood) -> HomeCard | None:
    """Table sessions that have ended (today's too) and are still open: closing one
    makes its summary."""
    if not request.role.includes(Role.COORDINATOR):
        return None
    now = timezone.localtime(timezone=neighborhood.zone)
    to_close = IntakeSession.objects.of(neighborhood).to_close(now).count()
    return HomeCard("intake/home/sessions_to_close.html", {"to_close": to_close}, 5, True)
