"""The coordinator's member directory: search, filters, one member, the CSV export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, spreadsheets
from ..access import get_membership_or_404, neighborhood_view
from ..forms import DirectoryFilterForm, MembershipDecisionForm, RoleForm
from ..models import Membership, Neighborhood, Role

PAGE_SIZE = 25


@neighborhood_view(Role.COORDINATOR)
def member_directory(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, neighborhood=neighborhood)
    memberships = form.filter(Membership.objects.in_neighborhood(neighborhood).for_directory())
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "pending_count": Membership.objects.in_neighborhood(neighborhood).pending().count(),
    }
    template = "members/directory.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@neighborhood_view(Role.COORDINATOR)
def member_export(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, neighborhood=neighborhood)
    memberships = form.filter(Membership.objects.in_neighborhood(neighborhood).for_directory())
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{neighborhood.slug}-members-{stamp}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    spreadsheets.write_directory(memberships, response)
    return response


@neighborhood_view(Role.COORDINATOR)
def member_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    membership = get_membership_or_404(neighborhood, pk)
    context = {
        "membership": membership,
        "person": membership.user,
        "skills": membership.skills.all(),
        "changes": membership.changes.select_related("changed_by")[:50],
        "role_form": RoleForm(initial={"role": membership.role}),
    }
    return render(request, "members/member_detail.html", context)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def member_role(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    membership = get_membership_or_404(neighborhood, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        actions.change_role(
            membership=membership, role=Role(form.cleaned_data["role"]), by=request.user
        )
        messages.success(request, _("The role is changed."))
    else:
        messages.error(request, _("Choose member, volunteer or coordinator."))
    return redirect("member_detail", slug=neighborhood.slug, pk=membership.pk)


STATUS_ACTIONS = {
    "approve": (actions.approve, {Membership.Status.PENDING}),
    "decline": (actions.decline, {Membership.Status.PENDING}),
    "deactivate": (actions.deactivate, {Membership.Status.ACTIVE}),
    "reactivate": (actions.reactivate, {Membership.Status.INACTIVE}),
}


@require_POST
@neighborhood_view(Role.COORDINATOR)
def member_status(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    membership = get_membership_or_404(neighborhood, pk)
    form = MembershipDecisionForm(request.POST)
    if form.is_valid():
        action, allowed_from = STATUS_ACTIONS[form.cleaned_data["action"]]
        if membership.status in allowed_from:
            action(membership=membership, by=request.user)
            messages.success(request, _("Saved: %s.") % membership.get_status_display())
        else:
            messages.info(
                request,
                _("Nothing changed: the membership is %s.") % membership.get_status_display(),
            )
    if request.POST.get("next") == "directory":
        return redirect(reverse("member_directory", args=[neighborhood.slug]) + "?status=pending")
    return redirect("member_detail", slug=neighborhood.slug, pk=membership.pk)
