"""One access helper per kind of object: another neighborhood's (or someone else's
draft) answers 404, so no view can forget the check."""

from django.shortcuts import get_object_or_404

from members.access import can_coordinate
from members.models import Neighborhood

from .models import Comment, Decision, GovernanceSettings, Proposal, StudyCircle


def get_proposal_or_404(request, neighborhood: Neighborhood, pk: int) -> Proposal:
    proposals = Proposal.objects.of(neighborhood).visible_to(request.user)
    return get_object_or_404(proposals.select_related("author"), pk=pk)


def get_own_draft_or_404(request, neighborhood: Neighborhood, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.of(neighborhood),
        pk=pk,
        author=request.user,
        status=Proposal.Status.DRAFT,
    )


def get_comment_or_404(request, proposal: Proposal, pk: int) -> Comment:
    return get_object_or_404(proposal.comments.select_related("author"), pk=pk)


def get_decision_or_404(request, neighborhood: Neighborhood, pk: int) -> Decision:
    decisions = Decision.objects.of(neighborhood).select_related("proposal", "superseded_by")
    return get_object_or_404(decisions, pk=pk)


def may_propose(user, neighborhood: Neighborhood) -> bool:
    rules = GovernanceSettings.of(neighborhood)
    if rules.who_may_propose == GovernanceSettings.Proposers.COORDINATORS:
        return can_coordinate(user, neighborhood)
    return True


def get_circle_or_404(request, neighborhood: Neighborhood, pk: int) -> StudyCircle:
    """A circle of the neighborhood (every member of it may see that it exists)."""
    circle = get_object_or_404(
        StudyCircle.objects.of(neighborhood).select_related("convener"), pk=pk
    )
    circle.neighborhood = neighborhood  # already loaded: rules and links read it
    return circle


def may_convene(user, circle: StudyCircle) -> bool:
    """The convener runs the circle; the neighborhood's coordinators may stand in."""
    return user.pk == circle.convener_id or can_coordinate(user, circle.neighborhood)
