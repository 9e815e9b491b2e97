"""Members from a spreadsheet: upload, a preview with each line's problems, confirm, progress."""

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import actions
from ..access import get_member_import_or_404, neighborhood_view
from ..forms import ImportUploadForm
from ..models import MemberImport, Neighborhood, Role


@neighborhood_view(Role.COORDINATOR)
def member_import(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        parsed = form.parsed
        created = MemberImport.objects.create(
            neighborhood=neighborhood,
            created_by=request.user,
            file_name=form.cleaned_data["file"].name[:200],
            rows=parsed.rows,
            problems=parsed.problems,
            ignored_columns=parsed.ignored_columns,
            total=len(parsed.rows),
        )
        return redirect(created)
    recent = MemberImport.objects.of(neighborhood)[:10]
    return render(request, "members/import_upload.html", {"form": form, "recent": recent})


@neighborhood_view(Role.COORDINATOR)
def member_import_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    member_import = get_member_import_or_404(neighborhood, pk)
    template = "members/import_detail.html"
    if request.htmx:
        template += "#progress"
    context = {"member_import": member_import}
    if member_import.status == MemberImport.Status.PREVIEW:
        previews = actions.preview_rows(member_import)
        actions_planned = Counter(preview["action"] for preview in previews)
        context |= {"previews": previews, "planned": actions_planned}
    return render(request, template, context)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def member_import_confirm(
    request: HttpRequest, neighborhood: Neighborhood, pk: int
) -> HttpResponse:
    member_import = get_member_import_or_404(neighborhood, pk)
    if member_import.status == MemberImport.Status.PREVIEW:
        actions.confirm_import(member_import=member_import)
    return redirect(member_import)
