"""The coordinator's member directory: search, filters, one member, the CSV export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, registry, spreadsheets
from ..access import get_membership_or_404, neighborhood_view
from ..forms import DirectoryFilterForm, MembershipDecisionForm, RoleForm
from ..models import Membership, Neighborhood, Role

PAGE_SIZE = 25


def with_figures(memberships):
    """The directory's rows with every app's number columns (shift hours, no-shows ...)
    annotated onto them: the same number of queries however many rows."""
    for _name, annotate in registry.directory_figures.items():
        memberships = annotate(memberships)
    return memberships


def figure_columns() -> list[tuple[str, object]]:
    labels = registry.directory_figures.labels
    return [(name, labels[name]) for name, _annotate in registry.directory_figures.items()]


@neighborhood_view(Role.COORDINATOR)
def member_directory(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, neighborhood=neighborhood)
    memberships = with_figures(
        form.filter(Membership.objects.in_neighborhood(neighborhood).for_directory())
    )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    columns = figure_columns()
    for membership in page:  # the page's rows, read once; the template reads the same
        membership.figures = [getattr(membership, name) for name, _label in columns]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "pending_count": Membership.objects.in_neighborhood(neighborhood).pending().count(),
        "figure_columns": columns,
    }
    template = "members/directory.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@neighborhood_view(Role.COORDINATOR)
def member_export(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, neighborhood=neighborhood)
    memberships = with_figures(
        form.filter(Membership.objects.in_neighborhood(neighborhood).for_directory())
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{neighborhood.slug}-members-{stamp}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    spreadsheets.write_directory(
        memberships, response, figures=[name for name, _label in figure_columns()]
    )
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
        "sections": member_sections(request, membership),
    }
    return render(request, "members/member_detail.html", context)


def member_sections(request, membership) -> list:
    """What the other apps add to a member's page, in their order."""
    sections = (section(request, membership) for _name, section in registry.member_sections.items())
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)


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
