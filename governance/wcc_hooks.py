"""The governance app's part of a person's download and erasure and of the
neighborhood home. See members/registry.py.

A secret ballot's choices are in no one's download and no one's erasure: no stored
value says whose they are (``SecretChoice`` is exempt for that reason); the download
says only that the person voted.
"""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Neighborhood
from members.registry import (
    PERSONAL_DATA_EXEMPT,
    HomeCard,
    home_cards,
    person_erasers,
    personal_data,
)

from .models import (
    ActionPoint,
    AgendaItem,
    Announcement,
    Attendance,
    BallotCast,
    CircleMember,
    Comment,
    CommentRevision,
    Decision,
    Meeting,
    MeetingSeries,
    Proposal,
    Reading,
    StudyCircle,
    Vote,
)

PERSONAL_DATA_EXEMPT.update(
    {
        "governance.GovernanceSettings": "holds no one's personal data: a neighborhood's rules",
        "governance.SecretChoice": (
            "a secret ballot's choice: nothing stored links it to a person (no person, no "
            "time, a random key; the seal is wiped when the ballot is counted), so it is "
            "no one's to download or erase"
        ),
    }
)


def _when(value):
    return value.isoformat() if value else None


@personal_data.register(
    "governance",
    covers=[Proposal, Vote, BallotCast, Comment, CommentRevision, Decision, Announcement],
)
def governance_data(user) -> dict:
    return {
        "proposals_drafted": [
            {
                "proposal": p.pk,
                "title": p.title,
                "status": p.status,
                "created_at": _when(p.created_at),
            }
            for p in Proposal.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "open_ballot_votes": [
            {"proposal": v.proposal_id, "choice": v.choice, "reason": v.reason}
            for v in Vote.objects.filter(voter=user).order_by("proposal_id")
        ],
        # Only that the person voted: what they chose is stored apart from them.
        "secret_ballots_voted_in": sorted(
            BallotCast.objects.filter(voter=user).values_list("proposal_id", flat=True)
        ),
        "comments": [
            {
                "proposal": c.proposal_id,
                "text": c.text,
                "created_at": _when(c.created_at),
                "earlier_texts": [r.text for r in c.revisions.all()],
            }
            for c in Comment.objects.filter(author=user).prefetch_related("revisions")
        ],
        "decisions_taken_or_ratified": sorted(
            Decision.objects.filter(Q(taken_by=user) | Q(ratified_by=user)).values_list(
                "pk", flat=True
            )
        ),
        "decisions_announced_to_you": sorted(
            Announcement.objects.filter(recipient=user).values_list("decision_id", flat=True)
        ),
    }


@person_erasers.register(
    "governance",
    covers=[Proposal, Vote, BallotCast, Comment, CommentRevision, Decision, Announcement],
)
def erase_governance(user) -> int:
    """The person's words go (comments with their earlier texts, the reasons of their
    votes); the records of the network stay without their name (proposals they drafted,
    decisions they took) and their votes stay counted, tied to the emptied account."""
    touched, _rows = Comment.objects.filter(author=user).delete()
    touched += Vote.objects.filter(voter=user).exclude(reason="").update(reason="")
    touched += Proposal.objects.filter(author=user).update(author=None)
    touched += Decision.objects.filter(taken_by=user).update(taken_by=None)
    touched += Decision.objects.filter(ratified_by=user).update(ratified_by=None)
    deleted, _rows = Announcement.objects.filter(recipient=user).delete()
    return touched + deleted


@personal_data.register(
    "meetings", covers=[Meeting, MeetingSeries, AgendaItem, Attendance, ActionPoint]
)
def meetings_data(user) -> dict:
    return {
        "meetings_attended": sorted(
            Attendance.objects.filter(person=user).values_list("meeting_id", flat=True)
        ),
        "meetings_run": sorted(
            Meeting.objects.filter(Q(facilitator=user) | Q(note_taker=user)).values_list(
                "pk", flat=True
            )
        ),
        "agenda_items_brought": sorted(
            AgendaItem.objects.filter(owner=user).values_list("pk", flat=True)
        ),
        "recurring_meetings_planned_or_run": sorted(
            MeetingSeries.objects.filter(
                Q(facilitator=user) | Q(note_taker=user) | Q(created_by=user)
            ).values_list("pk", flat=True)
        ),
        "action_points": [
            {
                "meeting": p.item.meeting_id,
                "text": p.text,
                "due_on": str(p.due_on),
                "done_at": _when(p.done_at),
            }
            for p in ActionPoint.objects.filter(owner=user).select_related("item")
        ],
    }


@person_erasers.register(
    "meetings", covers=[Meeting, MeetingSeries, AgendaItem, Attendance, ActionPoint]
)
def erase_meetings(user) -> int:
    """Attendance stays (the count present) on the emptied account; the meetings they
    ran lose their name; their action points go with them."""
    touched = Meeting.objects.filter(facilitator=user).update(facilitator=None)
    touched += Meeting.objects.filter(note_taker=user).update(note_taker=None)
    touched += AgendaItem.objects.filter(owner=user).update(owner=None)
    touched += MeetingSeries.objects.filter(facilitator=user).update(facilitator=None)
    touched += MeetingSeries.objects.filter(note_taker=user).update(note_taker=None)
    touched += MeetingSeries.objects.filter(created_by=user).update(created_by=None)
    deleted, _rows = ActionPoint.objects.filter(owner=user).delete()
    return touched + deleted


def _count(queryset):
    """A count of rows of the neighborhood read as a subquery (0 for none)."""
    counted = queryset.order_by().values("neighborhood").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


@home_cards.register("governance")
def governance_card(request, neighborhood: Neighborhood) -> HomeCard:
    """Open proposals (and how many the person has still to vote on), and urgent
    decisions waiting for the assembly, in one query: every home page draws it."""
    open_proposals = Proposal.objects.filter(
        neighborhood=OuterRef("pk"), status=Proposal.Status.OPEN, deadline__gt=timezone.now()
    )
    voted = Vote.objects.filter(proposal=OuterRef("pk"), voter=request.user)
    cast = BallotCast.objects.filter(proposal=OuterRef("pk"), voter=request.user)
    awaiting = Decision.objects.filter(
        neighborhood=OuterRef("pk"), ratification=Decision.Ratification.AWAITING
    )
    context = (
        Neighborhood.objects.filter(pk=neighborhood.pk)
        .annotate(
            open_proposals=_count(open_proposals),
            to_vote=_count(open_proposals.exclude(Exists(voted)).exclude(Exists(cast))),
            awaiting=_count(awaiting),
        )
        .values("open_proposals", "to_vote", "awaiting")
        .get()
    )
    return HomeCard("governance/home/card.html", context, order=45)


@home_cards.register("my_action_points")
def action_points_card(request, neighborhood: Neighborhood) -> HomeCard | None:
    """The person's action points from published minutes, until they mark them done."""
    points = list(
        ActionPoint.objects.open_for(request.user, neighborhood).select_related("item__meeting")
    )
    if not points:
        return None
    return HomeCard("governance/home/action_points.html", {"points": points}, order=35)


@personal_data.register("study_circles", covers=[StudyCircle, CircleMember, Reading])
def circles_data(user) -> dict:
    return {
        "circles_convened": sorted(
            StudyCircle.objects.filter(convener=user).values_list("pk", flat=True)
        ),
        "circles": [
            {"circle": place.circle_id, "status": place.status, "since": _when(place.asked_at)}
            for place in CircleMember.objects.filter(person=user).order_by("circle_id")
        ],
        "readings_added": [
            {"circle": r.circle_id, "title": r.title, "author": r.author, "link": r.link}
            for r in Reading.objects.filter(added_by=user).order_by("pk")
        ],
    }


@person_erasers.register("study_circles", covers=[StudyCircle, CircleMember, Reading])
def erase_circles(user) -> int:
    """Their places in circles go; the circles they convened and the readings they added
    stay for the others, without their name."""
    deleted, _rows = CircleMember.objects.filter(person=user).delete()
    touched = StudyCircle.objects.filter(convener=user).update(convener=None)
    touched += Reading.objects.filter(added_by=user).update(added_by=None)
    return deleted + touched


@home_cards.register("my_study_circles")
def circles_card(request, neighborhood: Neighborhood) -> HomeCard | None:
    """The person's circles, each with its next session and what to read for it: one
    query for the circles, one for their next sessions (DISTINCT ON the circle)."""
    circles = list(StudyCircle.objects.of(neighborhood).joined_by(request.user))
    if not circles:
        return None
    next_sessions = (
        Meeting.objects.filter(circle__in=circles, starts_at__gte=timezone.now())
        .select_related("reading")
        .order_by("circle_id", "starts_at", "pk")
        .distinct("circle_id")
    )
    by_circle = {session.circle_id: session for session in next_sessions}
    rows = [{"circle": circle, "session": by_circle.get(circle.pk)} for circle in circles]
    return HomeCard("governance/home/circles.html", {"rows": rows}, order=40)
