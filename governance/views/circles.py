"""Study circles: the list, starting one, a circle's page, joining and leaving, the
convener saying yes, adding readings, serving a PDF to the circle's members only, and
planning a session."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.access import neighborhood_view
from members.models import Neighborhood

from ..access import get_circle_or_404, may_convene
from ..actions import circles as actions
from ..forms.circles import CircleForm, ReadingForm, SessionForm
from ..models import CircleMember, Meeting, StudyCircle
from .proposals import _create_once


def _convene_or_403(request, circle: StudyCircle) -> None:
    if not may_convene(request.user, circle):
        raise PermissionDenied


@neighborhood_view()
def circle_list(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    mine = CircleMember.objects.filter(circle=OuterRef("pk"), person=request.user)
    circles = (
        StudyCircle.objects.of(neighborhood)
        .select_related("convener")
        .annotate(
            member_count=Count("members", filter=Q(members__status=CircleMember.Status.MEMBER)),
            joined=Exists(mine.filter(status=CircleMember.Status.MEMBER)),
            asked=Exists(mine.filter(status=CircleMember.Status.ASKED)),
        )
    )
    context = {"neighborhood": neighborhood, "circles": list(circles)}
    return render(request, "governance/circles/list.html", context)


@neighborhood_view()
def circle_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        circle = _create_once(
            request,
            form,
            lambda: actions.create_circle(
                neighborhood=neighborhood,
                convener=request.user,
                name=data["name"],
                about=data["about"],
                is_open=data["is_open"],
            ),
        )
        if circle is not None:
            messages.success(request, _("The circle is started. You are its convener."))
            return redirect("circle_detail", slug=neighborhood.slug, pk=circle.pk)
    context = {"neighborhood": neighborhood, "form": form}
    return render(request, "governance/circles/form.html", context)


@neighborhood_view()
def circle_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    circle = get_circle_or_404(request, neighborhood, pk)
    place = circle.members.filter(person=request.user).first()
    is_member = place is not None and place.status == CircleMember.Status.MEMBER
    convenes = may_convene(request.user, circle)
    people = list(circle.members.select_related("person").order_by("asked_at", "pk"))
    sessions = Meeting.objects.filter(circle=circle).select_related("reading")
    context = {
        "neighborhood": neighborhood,
        "circle": circle,
        "place": place,
        "is_member": is_member,
        "convenes": convenes,
        "members": [p for p in people if p.status == CircleMember.Status.MEMBER],
        "asking": [p for p in people if p.status == CircleMember.Status.ASKED] if convenes else [],
        "show_readings": circle.is_open or is_member,
        "readings": list(circle.readings.all()) if circle.is_open or is_member else [],
        "upcoming": list(sessions.upcoming()[:5]) if is_member or convenes else [],
        "past": list(sessions.past()[:10]) if is_member or convenes else [],
    }
    return render(request, "governance/circles/detail.html", context)


@require_POST
@neighborhood_view()
def circle_join(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    circle = get_circle_or_404(request, neighborhood, pk)
    place = actions.join(circle=circle, person=request.user)
    if place.status == CircleMember.Status.MEMBER:
        messages.success(request, _("You are in the circle. Its readings are below."))
    else:
        messages.success(request, _("Your request is sent. The convener will answer it."))
    return redirect("circle_detail", slug=neighborhood.slug, pk=circle.pk)


@neighborhood_view()
def circle_leave(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Leaving asks first (GET shows the question, POST leaves)."""
    circle = get_circle_or_404(request, neighborhood, pk)
    place = get_object_or_404(circle.members, person=request.user)
    if circle.convener_id == request.user.pk:
        messages.error(request, _("A convener cannot leave their circle."))
        return redirect("circle_detail", slug=neighborhood.slug, pk=circle.pk)
    if request.method == "POST":
        actions.leave(circle=circle, person=request.user)
        messages.success(request, _("You left the circle. You can join again at any time."))
        return redirect("circle_list", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "circle": circle, "place": place}
    return render(request, "governance/circles/leave.html", context)


@require_POST
@neighborhood_view()
def circle_accept(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, member_pk: int
) -> HttpResponse:
    circle = get_circle_or_404(request, neighborhood, pk)
    _convene_or_403(request, circle)
    place = get_object_or_404(circle.members.select_related("person"), pk=member_pk)
    if actions.accept(place=place):
        messages.success(
            request,
            _("%(name)s is in the circle and is told.") % {"name": place.person.display_name},
        )
    return redirect("circle_detail", slug=neighborhood.slug, pk=circle.pk)


@neighborhood_view()
def reading_add(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    circle = get_circle_or_404(request, neighborhood, pk)
    _convene_or_403(request, circle)
    form = ReadingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("submission_key")
        reading = _create_once(
            request,
            form,
            lambda: actions.add_reading(circle=circle, added_by=request.user, **data),
        )
        if reading is not None:
            messages.success(request, _("The reading is on the list."))
            return redirect("circle_detail", slug=neighborhood.slug, pk=circle.pk)
    context = {"neighborhood": neighborhood, "circle": circle, "form": form}
    return render(request, "governance/circles/reading_form.html", context)


@require_GET
@neighborhood_view()
def reading_file(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, reading_pk: int
) -> FileResponse:
    """A reading's PDF, to the circle's members only (never from a public address)."""
    circle = get_circle_or_404(request, neighborhood, pk)
    if not circle.is_member(request.user):
        raise Http404
    reading = get_object_or_404(circle.readings.exclude(pdf=""), pk=reading_pk)
    response = FileResponse(
        reading.pdf.open("rb"), content_type="application/pdf", filename=f"reading-{reading.pk}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@neighborhood_view()
def session_create(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    circle = get_circle_or_404(request, neighborhood, pk)
    _convene_or_403(request, circle)
    form = SessionForm(request.POST or None, circle=circle)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("submission_key")
        session = _create_once(
            request,
            form,
            lambda: actions.plan_session(
                circle=circle,
                facilitator=circle.convener,
                note_taker=circle.convener,
                **data,
            ),
        )
        if session is not None:
            messages.success(request, _("The session is planned; the circle sees it."))
            return redirect("meeting_detail", slug=neighborhood.slug, pk=session.pk)
    context = {"neighborhood": neighborhood, "circle": circle, "form": form}
    return render(request, "governance/circles/session_form.html", context)
