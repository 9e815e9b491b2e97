"""Workflows of the table: each one a keyword-only function in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions import erase_visitor as erase_everywhere
from members.models import Neighborhood
from mutualaid.actions.needs import post_need, withdraw_need
from mutualaid.models import NeedCategory, ResourceRequest, Shift
from wcc import content_stamps

from .models import (
    AccessLog,
    IntakeSession,
    MergePlan,
    Visit,
    VisitNeed,
    Visitor,
    VisitorMerge,
)
from .wcc_hooks import ERASED_VISITOR


@dataclass
class Difference:
    field: str
    label: str
    saved: object
    yours: object


class VisitorConflict(Exception):
    """Someone else saved this visitor since the form was rendered."""

    subject = "visitor"

    def __init__(self, current: Visitor, differences: list[Difference]):
        super().__init__("stale visitor version")
        self.current = current
        self.differences = differences


class VisitConflict(Exception):
    """Someone else saved this visit since the form was rendered."""

    subject = "visit"

    def __init__(self, current: Visit, differences: list[Difference]):
        super().__init__("stale visit version")
        self.current = current
        self.differences = differences


VISIT_FIELDS = ["note", "follow_up", "follow_up_owner", "follow_up_due"]


def _visit_differences(visit: Visit, data: dict) -> list[Difference]:
    """What the form would change in the visit as saved now (its needs included)."""
    differences = []
    for name in VISIT_FIELDS:
        saved = getattr(visit, name)
        yours = data.get(name) or ("" if name in {"note", "follow_up"} else None)
        if saved != yours:
            label = str(Visit._meta.get_field(name).verbose_name)
            differences.append(Difference(name, label, saved, yours))
    saved_needs = sorted(
        (vn.category for vn in visit.visit_needs.select_related("category")),
        key=lambda c: c.position,
    )
    your_needs = sorted(data.get("needs") or [], key=lambda c: c.position)
    if [c.pk for c in saved_needs] != [c.pk for c in your_needs]:
        differences.append(
            Difference(
                "needs",
                _("needs"),
                ", ".join(c.label for c in saved_needs),
                ", ".join(c.label for c in your_needs),
            )
        )
    return differences


def suggested_summary(category: NeedCategory, household_size: int | None) -> str:
    if household_size:
        return _("%(need)s for a household of %(size)s (from the intake table)") % {
            "need": category.label,
            "size": household_size,
        }
    return _("%(need)s (from the intake table)") % {"need": category.label}


@transaction.atomic
def open_session(*, neighborhood: Neighborhood, by, **fields) -> IntakeSession:
    """Open the table: today's planned session if there is one, else a new one."""
    today = timezone.localdate()
    date = fields.pop("date", today)
    session = (
        IntakeSession.objects.of(neighborhood).filter(date=date).exclude(status="closed").first()
    )
    if session is None:
        fields.setdefault("place", neighborhood.meeting_place)
        session = IntakeSession.objects.create(neighborhood=neighborhood, date=date, **fields)
    if date == today:
        session.open()
    session.staff(by)
    return session


def _session_for(shift: Shift) -> IntakeSession:
    """A new session with the shift's date, times and place; or the day's session a
    coordinator planned without linking it to a shift, so one table keeps one list."""
    zone = shift.neighborhood.zone
    starts, ends = (timezone.localtime(moment, zone) for moment in (shift.starts_at, shift.ends_at))
    unlinked = (
        IntakeSession.objects.of(shift.neighborhood)
        .filter(date=starts.date(), shifts__isnull=True)
        .exclude(status=IntakeSession.Status.CLOSED)
        .order_by("starts_at", "pk")
        .first()
    )
    if unlinked is not None:
        return unlinked
    return IntakeSession.objects.create(
        neighborhood=shift.neighborhood,
        date=starts.date(),
        starts_at=starts.time(),
        ends_at=ends.time(),
        place=shift.place,
    )


@transaction.atomic
def open_session_from_shift(*, shift: Shift, by) -> IntakeSession:
    """Open the day's table from an intake-table shift (the caller checked who and when).

    The first press makes the session and links it to the shift; every later press
    (or a second volunteer's at the same moment: the shift's row lock queues them)
    finds the linked session. A planned session is opened; a closed one stays closed
    for a coordinator to reopen. Everyone confirmed on the shift staffs it."""
    shift = shift.lock()
    session = shift.intake_session
    if session is None:
        session = _session_for(shift)
        shift.intake_session = session
        shift.save(update_fields=["intake_session"])
    if session.status == IntakeSession.Status.PLANNED:
        session.open()
    if session.status == IntakeSession.Status.OPEN:
        session.staff_from_shifts()
        session.staff(by)
    return session


@transaction.atomic
def set_session_status(*, session: IntakeSession, status: str, by) -> None:
    if status == IntakeSession.Status.CLOSED:
        # Volunteers confirmed on its shifts after it opened staffed it too.
        session.staff_from_shifts()
        session.close()
    else:
        session.open()
        session.staff(by)


def _save_visitor_changes(*, visitor: Visitor, changes: dict, expected_version, by) -> Visitor:
    """Apply changes only if nobody saved the visitor since ``expected_version``."""
    differences = [
        Difference(name, str(Visitor._meta.get_field(name).verbose_name), getattr(visitor, name), v)
        for name, v in changes.items()
        if getattr(visitor, name) != v
    ]
    if not differences:
        return visitor
    if expected_version is not None and expected_version != visitor.version:
        raise VisitorConflict(visitor, differences)
    for name, value in changes.items():
        setattr(visitor, name, value)
    visitor.refresh_search_fields()
    updated = Visitor.objects.filter(pk=visitor.pk, version=visitor.version).update(
        **changes,
        search_name=visitor.search_name,
        phone_digits=visitor.phone_digits,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:  # saved by someone else between our read and this write
        current = Visitor.objects.get(pk=visitor.pk)
        raise VisitorConflict(current, differences)
    content_stamps.changed(visitor.neighborhood_id)  # update() sends no signal
    visitor.version += 1
    AccessLog.record(user=by, action=AccessLog.Action.CHANGE, visitors=[visitor])
    return visitor


def _visitor_changes(data: dict) -> tuple[dict, int | None]:
    """The visitor's details from a visit form, and the version it was drawn at.

    A form drawn for a record merged since (the form gives it as ``merged_from``) follows
    it to the kept record, carrying only what the volunteer changed from what the form
    showed: the details the merge put together are not overwritten by the old ones."""
    changes = {name: data.get(name) for name in Visitor.EDITABLE}
    changes = {k: ("" if v is None and k != "household_size" else v) for k, v in changes.items()}
    merged_from = data.get("merged_from")
    if merged_from is None:
        return changes, data.get("visitor_version")
    return {k: v for k, v in changes.items() if v != getattr(merged_from, k)}, None


@transaction.atomic
def update_visitor(*, visitor: Visitor, changes: dict, expected_version: int, by) -> Visitor:
    visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
    return _save_visitor_changes(
        visitor=visitor, changes=changes, expected_version=expected_version, by=by
    )


def _record_consent(visitor: Visitor, *, contact: bool, share: bool, by) -> None:
    now, fields = timezone.now(), []
    if contact and not visitor.contact_consent:
        visitor.contact_consent_at, visitor.contact_consent_by = now, by
        fields += ["contact_consent_at", "contact_consent_by"]
    elif not contact and visitor.contact_consent:
        visitor.contact_consent_at, visitor.contact_consent_by = None, None
        fields += ["contact_consent_at", "contact_consent_by"]
    if share and not visitor.share_consent:
        visitor.share_consent_at, visitor.share_consent_by = now, by
        fields += ["share_consent_at", "share_consent_by"]
    if fields:
        visitor.save(update_fields=fields)


def _set_needs(*, visit: Visit, needs, shared, summary: str, household_size, by) -> None:
    existing = {vn.category_id: vn for vn in visit.visit_needs.all()}
    wanted = {category.pk: category for category in needs}
    VisitNeed.objects.filter(visit=visit).exclude(category_id__in=wanted).delete()
    # bulk_create sets primary keys (RETURNING on PostgreSQL).
    new = VisitNeed.objects.bulk_create(
        VisitNeed(visit=visit, category=c) for pk, c in wanted.items() if pk not in existing
    )
    content_stamps.changed(visit.session.neighborhood_id)  # bulk_create sends no signal
    for category in shared:
        visit_need = existing.get(category.pk) or next(
            vn for vn in new if vn.category_id == category.pk
        )
        if visit_need.request_id:
            continue
        visit_need.request = post_need(
            neighborhood=visit.session.neighborhood,
            by=by,
            category=category,
            public_summary=summary or suggested_summary(category, household_size),
            source=ResourceRequest.Source.INTAKE,
        )
        visit_need.save(update_fields=["request"])


@transaction.atomic
def record_visit(*, session: IntakeSession, data: dict, by) -> Visit:
    """Log one person at the table: the visitor (returning or new), the visit, its
    needs, and an open need on the board for each need shared with consent."""
    visitor = data.get("visitor")
    changes, expected_version = _visitor_changes(data)
    is_new = visitor is None
    if is_new:
        visitor = Visitor(neighborhood=session.neighborhood, **changes)
        visitor.refresh_search_fields()
        visitor.first_visit_on = session.date
        visitor.save()
        AccessLog.record(user=by, action=AccessLog.Action.CREATE, visitors=[visitor])
    else:
        visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
        _save_visitor_changes(
            visitor=visitor, changes=changes, expected_version=expected_version, by=by
        )
    _record_consent(
        visitor, contact=bool(data.get("contact_consent")), share=bool(data.get("shared")), by=by
    )
    if visitor.last_visit_on is None or visitor.last_visit_on < session.date:
        visitor.last_visit_on = session.date
        visitor.save(update_fields=["last_visit_on"])
    visit = Visit.objects.create(
        session=session,
        visitor=visitor,
        logged_by=by,
        is_first_visit=is_new,
        note=data.get("note", ""),
        follow_up=data.get("follow_up", ""),
        follow_up_owner=data.get("follow_up_owner"),
        follow_up_due=data.get("follow_up_due"),
    )
    _set_needs(
        visit=visit,
        needs=data.get("needs") or [],
        shared=data.get("shared") or [],
        summary=data.get("public_summary", ""),
        household_size=visitor.household_size,
        by=by,
    )
    session.staff(by)
    AccessLog.record(user=by, action=AccessLog.Action.CREATE, visits=[visit])
    return visit


@transaction.atomic
def update_visit(*, visit: Visit, data: dict, by) -> Visit:
    """Save an edited visit, unless someone saved it (or its visitor) since the form
    was drawn: then VisitConflict (or VisitorConflict) and nothing is written."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("session__neighborhood")
        .get(pk=visit.pk)
    )
    differences = _visit_differences(visit, data)
    expected = data.get("visit_version")
    if differences and expected is not None and expected != visit.version:
        raise VisitConflict(visit, differences)
    visitor = Visitor.objects.select_for_update().get(pk=visit.visitor_id)
    changes, expected_version = _visitor_changes(data)
    _save_visitor_changes(
        visitor=visitor, changes=changes, expected_version=expected_version, by=by
    )
    _record_consent(
        visitor, contact=bool(data.get("contact_consent")), share=bool(data.get("shared")), by=by
    )
    for name in VISIT_FIELDS:
        setattr(visit, name, data.get(name) or ("" if name in {"note", "follow_up"} else None))
    if differences:
        visit.version += 1
    visit.save(update_fields=[*VISIT_FIELDS, "version", "updated_at"])
    _set_needs(
        visit=visit,
        needs=data.get("needs") or [],
        shared=data.get("shared") or [],
        summary=data.get("public_summary", ""),
        household_size=visitor.household_size,
        by=by,
    )
    AccessLog.record(user=by, action=AccessLog.Action.CHANGE, visits=[visit])
    return visit


class UndoRefused(Exception):
    """Too late to undo the save, or not this person's save to undo."""


@transaction.atomic
def undo_visit(*, visit: Visit, by) -> str:
    """Take back a visit just saved (Visit.can_be_undone_by): the needs it put on the board
    are withdrawn, the visit is removed with a trail, and the visitor's first-visit marks
    are worked out again; a visitor the save created, with no other visit, goes too.
    Returns the visitor's name, for the confirmation."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("session", "visitor")
        .get(pk=visit.pk)
    )
    if not visit.can_be_undone_by(by):
        raise UndoRefused
    for visit_need in visit.visit_needs.exclude(request=None).select_related("request"):
        if visit_need.request.status in (
            ResourceRequest.Status.OPEN,
            ResourceRequest.Status.CLAIMED,
        ):
            withdraw_need(need=visit_need.request, by=by)
    visitor, name = visit.visitor, str(visit.visitor)
    created_by_this_save = visit.is_first_visit and visitor.created_at >= (
        visit.created_at - datetime.timedelta(minutes=1)
    )
    AccessLog.record(user=by, action=AccessLog.Action.REMOVE, visits=[visit])
    visit.delete()
    alone = not visitor.visits.exists() and not Visitor.objects.filter(merged_into=visitor)
    if created_by_this_save and alone:
        visitor.delete()
    else:
        visitor.recompute_visit_marks()
    return name


class MergeRefused(Exception):
    """The merge cannot go ahead as it was confirmed; ``reason`` says why, to a person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def merge_visitors(
    *, keep: Visitor, other: Visitor, by, take_from_other=(), versions=None
) -> VisitorMerge:
    """Merge ``other`` into ``keep``: every visit moves, each detail ``keep`` lacks is
    taken from ``other``, and so is each one named in ``take_from_other`` where both
    differ; the first-visit marks are recomputed. ``other`` stays, hidden, pointing to
    ``keep`` (so a form or link still holding it follows), and both records' versions
    move on, so a form drawn before the merge saves deliberately.

    ``versions`` — (keep's, other's) as the person confirming saw them — refuses a merge
    whose records changed since. Both rows are locked in one order (by pk), so two merges
    of the same records at once run one after the other and the second is refused."""
    if keep.pk == other.pk:
        raise MergeRefused(_("A record cannot be merged into itself."))
    locked = Visitor.objects.select_for_update().filter(pk__in=[keep.pk, other.pk]).order_by("pk")
    rows = {visitor.pk: visitor for visitor in locked}
    keep, other = rows[keep.pk], rows[other.pk]
    if keep.neighborhood_id != other.neighborhood_id:
        raise MergeRefused(_("Only records of the same neighborhood can be merged."))
    if keep.merged_into_id or other.merged_into_id:
        raise MergeRefused(_("One of the two records was merged a moment ago."))
    if versions is not None and tuple(versions) != (keep.version, other.version):
        raise MergeRefused(_("One of the two records was changed a moment ago: check again."))
    plan = MergePlan.of(keep, other)
    taken = plan.apply(set(take_from_other))
    keep.version += 1
    keep.save()
    moved = Visit.objects.filter(visitor=other).update(visitor=keep)
    content_stamps.changed(keep.neighborhood_id)  # update() sends no signal
    # Records merged into ``other`` before now point to ``keep``: always one step.
    Visitor.objects.filter(merged_into=other).update(merged_into=keep)
    other.merged_into = keep
    other.version += 1
    other.save(update_fields=["merged_into", "version", "updated_at"])
    keep.recompute_visit_marks()
    AccessLog.record(user=by, action=AccessLog.Action.MERGE, visitors=[keep, other])
    return VisitorMerge.objects.create(
        kept=keep, merged=other, visits_moved=moved, merged_by=by, fields_taken=taken
    )


@transaction.atomic
def finish_follow_up(*, visit: Visit, by) -> None:
    visit.mark_follow_up_done()
    AccessLog.record(user=by, action=AccessLog.Action.CHANGE, visits=[visit])


def session_summary(session: IntakeSession) -> dict:
    """The close-out numbers of one session."""
    # Each visit knows its session (no N+1 for the access log); owners in the same query.
    visits = list(session.visits.for_list().select_related("follow_up_owner"))
    by_category: dict[str, int] = {}
    shared = 0
    for visit in visits:
        for vn in visit.visit_needs.all():
            by_category[vn.category.label] = by_category.get(vn.category.label, 0) + 1
            shared += vn.request_id is not None
    recent = list(
        type(session)
        .objects.of(session.neighborhood)
        .filter(date__lte=session.date)
        .with_counts()
        .order_by("-date", "-starts_at")[:12]
    )
    return {
        "people": len({v.visitor_id for v in visits}),
        "new": sum(v.is_first_visit for v in visits),
        "returning": len({v.visitor_id for v in visits if not v.is_first_visit}),
        "by_category": sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])),
        "shared": shared,
        "follow_ups": [v for v in visits if v.follow_up],
        "follow_ups_due": [v for v in visits if v.follow_up and not v.follow_up_done_at],
        "follow_ups_done": [v for v in visits if v.follow_up and v.follow_up_done_at],
        "staff": list(session.staffed_by.order_by("display_name")),
        "recent": [(s.date, s.people_count) for s in reversed(recent)],
    }


def today_in(neighborhood: Neighborhood) -> datetime.date:
    return timezone.localdate(timezone=neighborhood.zone)


# --- Erasure and retention --------------------------------------------------------------


@transaction.atomic
def erase_visitor(*, visitor: Visitor, by) -> None:
    """Every app's part of the visitor's erasure, recorded (members.actions)."""
    erase_everywhere(visitor_id=visitor.pk, by=by)


def apply_retention(*, today: datetime.date | None = None) -> int:
    """Anonymize visitors with no visit for their neighborhood's retention period,
    through the same erasure as a coordinator's (recorded with no one as eraser and
    the period in its parts). Returns how many visitors were erased."""
    today = today or timezone.localdate()
    erased = 0
    for neighborhood in Neighborhood.objects.all():
        cutoff = today - relativedelta(months=neighborhood.retention_months)
        stale = (
            Visitor.objects.of(neighborhood)
            .current()
            .exclude(first_name=ERASED_VISITOR)
            .filter(
                Q(last_visit_on__lt=cutoff)
                | Q(last_visit_on__isnull=True, created_at__date__lt=cutoff)
            )
            .values_list("pk", flat=True)
        )
        for visitor_id in list(stale):
            with transaction.atomic():
                record = erase_everywhere(visitor_id=visitor_id, by=None)
                record.parts["retention_months"] = neighborhood.retention_months
                record.save(update_fields=["parts"])
            erased += 1
    return erased
