"""The Saturday table: sessions, the people served (visitors), their visits, and the
append-only trail of who looked at or changed which record.

Intake depends on mutualaid (a shared need becomes a ResourceRequest, linked from
VisitNeed; a session is opened from an intake-table Shift). The one link the other
way, Shift.intake_session, names this app's model by string: mutualaid never imports
intake, so the apps load in one order and the migrations have no cycle.
"""

from .access_log import AccessLog, AccessLogQuerySet
from .sessions import IntakeSession, IntakeSessionQuerySet
from .visitors import (
    MergeField,
    MergePlan,
    Visitor,
    VisitorMerge,
    VisitorQuerySet,
    digits_of,
    likely_duplicates,
    normalized,
)
from .visits import (
    RecentVisit,
    Visit,
    VisitNeed,
    VisitPage,
    VisitQuerySet,
    attach_recent_visits,
)

__all__ = [
    "MergeField",
    "MergePlan",
    "AccessLog",
    "AccessLogQuerySet",
    "IntakeSession",
    "IntakeSessionQuerySet",
    "RecentVisit",
    "Visit",
    "VisitNeed",
    "VisitPage",
    "VisitQuerySet",
    "Visitor",
    "VisitorMerge",
    "VisitorQuerySet",
    "attach_recent_visits",
    "digits_of",
    "likely_duplicates",
    "normalized",
]
