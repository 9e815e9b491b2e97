"""Proposals: the list, drafting and editing, the page with its vote and comments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import neighborhood_view
from members.models import Neighborhood
from wcc.idempotency import submit_once
from wcc.models import new_submission_key

from ..access import (
    get_comment_or_404,
    get_own_draft_or_404,
    get_proposal_or_404,
    may_propose,
)
from ..actions import proposals as actions
from ..forms.proposals import CommentEditForm, CommentForm, ProposalEditForm, ProposalForm, VoteForm
from ..models import Comment, Proposal, VotingClosedError
from ..models.proposals import CHOICE_LABELS

DETAIL = "governance/proposals/detail.html"
RECENT = 20


def _create_once(request: HttpRequest, form, create):
    """submit_once; a key that is not this person's is a form error, not a 500."""
    try:
        record, _created = submit_once(
            key=form.cleaned_data["submission_key"], user=request.user, create=create
        )
    except IntegrityError:
        form.add_error(None, _("This form was already used. Please check it and send it again."))
        form.data = form.data.copy()
        form.data["submission_key"] = str(new_submission_key())
        return None
    return record


@neighborhood_view()
def proposal_list(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    proposals = Proposal.objects.of(neighborhood).visible_to(request.user).select_related("author")
    context = {
        "neighborhood": neighborhood,
        "open": list(proposals.filter(status=Proposal.Status.OPEN).order_by("deadline")),
        "drafts": list(proposals.filter(status=Proposal.Status.DRAFT, author=request.user)),
        "decided": list(
            proposals.filter(status__in=[Proposal.Status.PASSED, Proposal.Status.FAILED]).order_by(
                "-decided_at"
            )[:RECENT]
        ),
        "may_propose": may_propose(request.user, neighborhood),
    }
    return render(request, "governance/proposals/list.html", context)


@neighborhood_view()
def proposal_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    if not may_propose(request.user, neighborhood):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, neighborhood=neighborhood)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "submission_key"}
        proposal = _create_once(
            request,
            form,
            lambda: actions.create_proposal(
                neighborhood=neighborhood, author=request.user, **fields
            ),
        )
        if proposal is not None:
            messages.success(request, _("Your draft is saved. Open it for votes when it is ready."))
            return redirect("proposal_detail", slug=neighborhood.slug, pk=proposal.pk)
    context = {"neighborhood": neighborhood, "form": form}
    return render(request, "governance/proposals/form.html", context)


@neighborhood_view()
def proposal_edit(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    proposal = get_own_draft_or_404(request, neighborhood, pk)
    initial = {"version": proposal.version}
    form = ProposalEditForm(
        request.POST or None, instance=proposal, initial=initial, neighborhood=neighborhood
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_proposal(
                proposal=proposal, **{n: data[n] for n in [*actions.EDITABLE, "version"]}
            )
        except actions.EditConflictError as error:
            conflict = error.current
            form.add_error(
                None,
                _(
                    "Someone changed this proposal while you were editing it. Your text is "
                    "kept below; the saved version is shown beside it. Send again to replace it."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = str(conflict.version)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("proposal_detail", slug=neighborhood.slug, pk=proposal.pk)
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "proposal": proposal,
        "conflict": conflict,
    }
    return render(request, "governance/proposals/form.html", context)


@require_POST
@neighborhood_view()
def proposal_open(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    proposal = get_own_draft_or_404(request, neighborhood, pk)
    try:
        actions.open_proposal(proposal=proposal)
        messages.success(request, _("The proposal is open: members can vote until the deadline."))
    except VotingClosedError:
        messages.error(request, _("The deadline has passed. Edit the draft to choose a new one."))
    return redirect("proposal_detail", slug=neighborhood.slug, pk=proposal.pk)


def _detail_context(request, neighborhood, proposal, *, vote_form=None, comment_form=None):
    my_vote = None
    if not proposal.secret:
        my_vote = proposal.votes.filter(voter=request.user).first()
    has_voted = my_vote is not None if not proposal.secret else proposal.has_voted(request.user)
    if vote_form is None and proposal.is_open:
        initial = {"choice": my_vote.choice, "reason": my_vote.reason} if my_vote else None
        vote_form = VoteForm(initial=initial, proposal=proposal)
    comments = proposal.comments.select_related("author").annotate(edits=Count("revisions"))
    votes = []
    if not proposal.secret:
        votes = list(proposal.votes.select_related("voter").order_by("voter__display_name"))
    voters = len(votes) if not proposal.secret else proposal.ballot_casts.count()
    counts = []
    if proposal.tally:
        counts = [(CHOICE_LABELS[c], n) for c, n in proposal.tally["counts"].items()]
    return {
        "neighborhood": neighborhood,
        "proposal": proposal,
        "vote_form": vote_form
        if proposal.is_open and actions.may_vote(proposal, request.user)
        else None,
        "has_voted": has_voted,
        "votes": votes,
        "voters": voters,
        "counts": counts,
        "reasons": [(CHOICE_LABELS[c], r) for c, r in proposal.reasons()]
        if proposal.secret and proposal.is_decided
        else [],
        "comments": comments,
        "comment_form": comment_form or CommentForm(),
        "is_author": proposal.author_id == request.user.pk,
    }


@neighborhood_view()
def proposal_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, neighborhood, pk)
    return render(request, DETAIL, _detail_context(request, neighborhood, proposal))


@require_POST
@neighborhood_view()
def proposal_vote(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, neighborhood, pk)
    if not actions.may_vote(proposal, request.user):
        raise PermissionDenied
    form = VoteForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            actions.cast_vote(
                proposal=proposal,
                voter=request.user,
                choice=form.cleaned_data["choice"],
                reason=form.cleaned_data["reason"],
            )
        except VotingClosedError:
            messages.error(request, _("Voting has closed: your vote was not counted."))
        else:
            messages.success(request, _("Your vote is in. You can change it until the deadline."))
        if not request.htmx:
            return redirect("proposal_detail", slug=neighborhood.slug, pk=proposal.pk)
        form = None
    context = _detail_context(request, neighborhood, proposal, vote_form=form)
    if request.htmx:
        return render(request, f"{DETAIL}#vote", context)
    return render(request, DETAIL, context)


@require_POST
@neighborhood_view()
def comment_add(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, neighborhood, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        made = _create_once(
            request,
            form,
            lambda: actions.add_comment(proposal=proposal, author=request.user, text=text),
        )
        if made is not None:
            messages.success(request, _("Your comment is posted."))
            return redirect("proposal_detail", slug=neighborhood.slug, pk=proposal.pk)
    context = _detail_context(request, neighborhood, proposal, comment_form=form)
    return render(request, DETAIL, context)


@neighborhood_view()
def comment_edit(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, comment_pk: int
) -> HttpResponse:
    """The comment's earlier versions for everyone; its author may edit it here."""
    proposal = get_proposal_or_404(request, neighborhood, pk)
    comment = get_comment_or_404(request, proposal, comment_pk)
    is_author = comment.author_id == request.user.pk
    if request.method == "POST" and not is_author:
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, instance=Comment(text=comment.text))
    if not is_author:
        form = None
    elif request.method == "POST" and form.is_valid():
        actions.edit_comment(comment=comment, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment is changed; the earlier text is kept."))
        return redirect("proposal_detail", slug=neighborhood.slug, pk=proposal.pk)
    revisions = comment.revisions.all()
    context = {
        "neighborhood": neighborhood,
        "proposal": proposal,
        "comment": comment,
        "form": form,
        "revisions": revisions,
    }
    return render(request, "governance/proposals/comment_edit.html", context)
