"""Every governance URL × every role (see tests/matrix.py)."""

from django.utils import timezone

from governance.actions import circles as circle_actions
from governance.actions import decisions as decision_actions
from governance.actions import proposals as actions
from mutualaid.models import CalendarFeed
from tests.matrix import Row, at_least, everyone, own_neighborhood

from .factories import (
    ProposalFactory,
    circle_of,
    meeting_of,
    open_proposal,
    pdf_reading,
    session_of,
)


def opened(world) -> dict:
    made = open_proposal(world.own, world.coordinator)
    return {"slug": world.own.slug, "pk": made.pk}


def members_draft(world) -> dict:
    """A draft of the member: other people (the coordinator too) get 404."""
    made = ProposalFactory(neighborhood=world.own, author=world.member)
    return {"slug": world.own.slug, "pk": made.pk}


def comment(world) -> dict:
    made = open_proposal(world.own, world.coordinator)
    written = actions.add_comment(proposal=made, author=world.member, text="Good idea")
    return {"slug": world.own.slug, "pk": made.pk, "comment_pk": written.pk}


def urgent(world) -> dict:
    made = decision_actions.take_urgent_decision(
        neighborhood=world.own,
        by=world.coordinator,
        title="Close the table on the 24th",
        text="The hall is flooded.",
        reason="The hall is flooded today.",
    )
    return {"slug": world.own.slug, "pk": made.pk}


def meeting(world) -> dict:
    made = meeting_of(world)
    return {"slug": world.own.slug, "pk": made.pk}


def agenda_item(world) -> dict:
    made = meeting_of(world)
    return {"slug": world.own.slug, "pk": made.pk, "item_pk": made.items.first().pk}


def action_point(world) -> dict:
    """The member's action point in published minutes: only the member may close it."""
    made = meeting_of(world, published=True)
    point = made.items.first().action_points.create(
        text="Ask the hall", owner=world.member, due_on=timezone.localdate()
    )
    return {"slug": world.own.slug, "pk": point.pk}


def meetings_feed(world) -> dict:
    """The member's feed token: like the shifts' feed, the token is the key."""
    meeting_of(world)
    return {"slug": world.own.slug, "token": CalendarFeed.for_user(world.member).token}


def circle(world) -> dict:
    """An open circle convened by the volunteer (the convener runs it; coordinators may)."""
    return {"slug": world.own.slug, "pk": circle_of(world).pk}


def asking(world) -> dict:
    """A closed circle and someone's request to join it: the convener says yes."""
    made = circle_of(world, is_open=False)
    place = circle_actions.join(circle=made, person=world.other_coordinator)
    return {"slug": world.own.slug, "pk": made.pk, "member_pk": place.pk}


def joined_circle(world) -> dict:
    """A circle the member is in, so they can leave it (others have no place: 404)."""
    made = circle_of(world)
    circle_actions.join(circle=made, person=world.member)
    return {"slug": world.own.slug, "pk": made.pk}


def reading(world) -> dict:
    """A PDF of a circle the member and the volunteer (convener) are in."""
    made = circle_of(world)
    circle_actions.join(circle=made, person=world.member)
    return {"slug": world.own.slug, "pk": made.pk, "reading_pk": pdf_reading(made).pk}


def circle_session(world) -> dict:
    """A session of a circle the member is in; the coordinator is not: 404 for them."""
    made = circle_of(world)
    circle_actions.join(circle=made, person=world.member)
    return {"slug": world.own.slug, "pk": session_of(made).pk}


def circle_members_only() -> dict:
    """Only the circle's members (the member and the convener); staff too see no PDF."""
    expect = at_least("member", allowed=404)
    expect["member"] = 200
    expect["volunteer"] = 200
    return expect


def draft_owner_only() -> dict:
    """Only the member who wrote the draft sees it; staff see others' drafts as 404 too."""
    expect = at_least("member", allowed=404)
    expect["member"] = 200
    return expect


def redirect_for(role: str) -> dict:
    return at_least(role, allowed=302)


def member_redirect_only() -> dict:
    expect = at_least("member", allowed=404)
    expect["member"] = 302
    return expect


VOTE = {"choice": "agree"}
DEADLINE = (timezone.now() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

ROWS = [
    Row("proposal_list", at_least("member"), kwargs=own_neighborhood),
    Row("proposal_create", at_least("member"), kwargs=own_neighborhood),
    Row("proposal_detail", at_least("member"), kwargs=opened),
    Row("proposal_detail", draft_owner_only(), kwargs=members_draft, label="GET a draft"),
    Row("proposal_edit", draft_owner_only(), kwargs=members_draft),
    Row("proposal_open", member_redirect_only(), kwargs=members_draft, method="post"),
    # Staff have no membership here, so they may not vote: 403 like a stranger's role.
    Row(
        "proposal_vote",
        {**redirect_for("member"), "admin": 403},
        kwargs=opened,
        method="post",
        data=VOTE,
    ),
    Row("comment_add", at_least("member"), kwargs=opened, method="post", data={"text": ""}),
    Row("comment_edit", at_least("member"), kwargs=comment),
    Row("decision_log", at_least("member"), kwargs=own_neighborhood),
    Row("decision_detail", at_least("member"), kwargs=urgent),
    Row("urgent_decision_create", at_least("coordinator"), kwargs=own_neighborhood),
    Row("decision_ratify", at_least("coordinator"), kwargs=urgent),
    Row("governance_settings", at_least("coordinator"), kwargs=own_neighborhood),
    Row("meeting_list", at_least("member"), kwargs=own_neighborhood),
    Row("meeting_create", at_least("coordinator"), kwargs=own_neighborhood),
    Row("meeting_series_create", at_least("coordinator"), kwargs=own_neighborhood),
    Row("meeting_detail", at_least("member"), kwargs=meeting),
    # The facilitator is the volunteer: they and coordinators run the door and the minutes.
    Row("meeting_door", at_least("volunteer"), kwargs=meeting),
    Row("minutes_item", at_least("volunteer"), kwargs=agenda_item),
    Row("agenda_item_edit", at_least("volunteer"), kwargs=agenda_item),
    Row("minutes_publish", redirect_for("volunteer"), kwargs=meeting, method="post"),
    Row("meetings_feed", everyone(200), kwargs=meetings_feed),
    Row("action_point_done", member_redirect_only(), kwargs=action_point, method="post"),
    Row("neighborhood_numbers", at_least("member"), kwargs=own_neighborhood),
    Row("circle_list", at_least("member"), kwargs=own_neighborhood),
    Row("circle_create", at_least("member"), kwargs=own_neighborhood),
    Row("circle_detail", at_least("member"), kwargs=circle),
    Row("circle_join", redirect_for("member"), kwargs=circle, method="post"),
    # The member has a place to leave; the convener (volunteer) is sent back with a note.
    Row(
        "circle_leave",
        {**at_least("member", allowed=404), "member": 200, "volunteer": 302},
        kwargs=joined_circle,
    ),
    # The convener is the volunteer; coordinators (and staff) may stand in.
    Row("circle_accept", redirect_for("volunteer"), kwargs=asking, method="post"),
    Row("reading_add", at_least("volunteer"), kwargs=circle),
    Row("reading_file", circle_members_only(), kwargs=reading),
    Row("session_create", at_least("volunteer"), kwargs=circle),
    Row(
        "meeting_detail",
        {**circle_members_only(), "admin": 200},
        kwargs=circle_session,
        label="GET a circle's session",
    ),
]
