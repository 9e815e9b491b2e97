"""Cached page parts are never stale: every write moves its neighborhood's content stamp.

wcc/content_stamps.py keys the cached parts of the home, the needs board, an intake
session's visit list and the shift coverage on each neighborhood's stamp. These tests
prove, from outside, that a change shows at once on a page served from the cache, that
the cache does serve (fewer queries), that what one reader sees is never served to
another, and, by reading the apps' source, that every write Django sends no signal for
moves the stamp itself or says why it need not.
"""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from intake.models import Visit
from mutualaid.models import ResourceRequest
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory
from tests.mutualaid.needs.factories import NeedFactory
from tests.mutualaid.shifts.factories import ShiftFactory, SignupFactory
from wcc import content_stamps

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["wcc", "members", "mutualaid", "intake", "governance"]

# Writes that send no signals and move no stamp, each with why no cached page needs it.
UNSTAMPED_WRITES = {
    # the reminder ledger, and what was sent: drawn on no cached page
    "mutualaid/actions/shifts.py:_deliver": "the reminder ledger",
    "governance/actions/meetings.py:queue_meeting_reminders": "the reminder ledger",
    "mutualaid/actions/shifts.py:drop_reminders": "the reminder ledger",
    "mutualaid/actions/shifts.py:restore_occurrence": "the reminder ledger",
    "mutualaid/actions/shifts.py:alert_short_shifts": "when the short alert went",
    "mutualaid/models/shifts.py:claim": "the reminder ledger",
    "mutualaid/actions/shifts.py:schedule_reminders": "the reminder ledger",
    "mutualaid/digests.py:send_digest": "which needs a digest listed: shown nowhere",
    "members/sms/inbound.py:receive": "how often a text was delivered to us: shown nowhere",
    "governance/actions/decisions.py:announce": "who was told of a decision: shown nowhere",
    "intake/models/access_log.py:record": "the access log (NOT_SHOWN)",
    "members/middleware.py:_mark_seen": "UserSession's last-seen time (NOT_SHOWN)",
    "members/sms/inbound.py:_start": "a person's channel: shown on their own settings only",
    "members/actions.py:run_member_import": "an import's progress: shown on the import page only",
    "members/join_notices.py:_summarize": "when join requests were summarized: shown nowhere",
    "governance/actions/proposals.py:close_proposal": "the seals of secret choices",
    # run only by members.actions.erase_person / erase_visitor, which move every stamp
    "governance/wcc_hooks.py:erase_governance": "an eraser (erase_person moves every stamp)",
    "governance/wcc_hooks.py:erase_meetings": "an eraser (erase_person moves every stamp)",
    "intake/wcc_hooks.py:erase_visitor_details": "an eraser (erase_visitor moves every stamp)",
    "members/wcc_hooks.py:erase_admin_log": "an eraser (erase_person moves every stamp)",
    "members/wcc_hooks.py:erase_invitations": "an eraser (erase_person moves every stamp)",
    "members/wcc_hooks.py:erase_memberships": "an eraser (erase_person moves every stamp)",
    "mutualaid/wcc_hooks.py:erase_needs_and_offers": "an eraser (erase_person moves every stamp)",
    "mutualaid/wcc_hooks.py:erase_shift_details": "an eraser (erase_person moves every stamp)",
    "mutualaid/wcc_hooks.py:erase_shift_trail": "an eraser (erase_person moves every stamp)",
    "governance/wcc_hooks.py:erase_circles": "an eraser (erase_person moves every stamp)",
    # the demo's seeding, before anyone has opened a page
    "governance/demo.py:seed": "demo seeding",
    "intake/demo.py:_past_sessions": "demo seeding",
    # not a QuerySet: dicts updated with keywords
    "mutualaid/forms/shifts.py:initial_for": "a dict",
    "mutualaid/forms/shifts.py:series_fields": "a dict",
    "intake/forms.py:__init__": "a form's initial dict",
}


def _bulk_writes():
    """(file:function, line) of every QuerySet.update / bulk_create / bulk_update call in
    the apps whose function neither moves a stamp nor is listed above."""
    found = []
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
                names = {
                    node.func.attr
                    if isinstance(node.func, ast.Attribute)
                    else getattr(node.func, "id", "")
                    for node in calls
                }
                stamps = bool(names & {"changed", "changed_everywhere"})
                for node in calls:
                    func = node.func
                    if not isinstance(func, ast.Attribute):
                        continue
                    bulk = func.attr in {"bulk_create", "bulk_update"}
                    # QuerySet.update takes keywords only; dict.update a mapping.
                    update = func.attr == "update" and node.keywords and not node.args
                    if (bulk or update) and not stamps:
                        where = f"{path.relative_to(ROOT)}:{function.name}"
                        found.append((where, node.lineno))
    return found


def test_every_write_without_signals_moves_the_stamp_or_says_why_not():
    unlisted = sorted({where for where, _line in _bulk_writes()} - set(UNSTAMPED_WRITES))
    assert not unlisted, (
        "these functions write rows with update()/bulk_create() and move no content stamp: "
        f"call content_stamps.changed(...) (or list them with a reason): {unlisted}"
    )


def test_the_list_of_unstamped_writes_names_only_real_ones():
    real = {where for where, _line in _bulk_writes()}
    assert set(UNSTAMPED_WRITES) <= real, sorted(set(UNSTAMPED_WRITES) - real)


def test_every_model_of_the_apps_finds_its_neighborhood_or_moves_every_stamp():
    """Rows reach their neighborhood through their foreign keys; a model with no path
    moves every neighborhood's stamp, which is right (a person's name) but costly: the
    ones that do are named here, so a new one is a choice, not an accident."""
    everywhere = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in content_stamps.WCC_APPS
        and model._meta.label not in content_stamps.NOT_SHOWN
        and content_stamps._path_to_neighborhood(model) is None
    }
    assert everywhere == {
        "members.User",
        "members.ErasureRecord",
        "members.SmsOptOut",
        "members.SentSms",
        "members.InboundSms",
        "members.SmsStatusEvent",
        "mutualaid.CalendarFeed",
    }


# --- From outside: pages served from the cache show every change at once -------------


def _board(client, world):
    return client.get(reverse("needs_board", kwargs={"slug": world.own.slug}))


def test_the_board_is_served_from_the_cache_until_a_need_changes(
    member_client, world, django_assert_max_num_queries
):
    need = NeedFactory(neighborhood=world.own, public_summary="Soup for Ines")
    assert "Soup for Ines" in _board(member_client, world).content.decode()
    with django_assert_max_num_queries(1):  # the neighborhood row only
        again = _board(member_client, world)
    assert "Soup for Ines" in again.content.decode()

    need.public_summary = "Bread for Ines"
    need.save()
    body = _board(member_client, world).content.decode()
    assert "Bread for Ines" in body and "Soup for Ines" not in body

    # A write that sends no signal, through the app's own path: the need is claimed.
    ResourceRequest.objects.filter(pk=need.pk).update(status=ResourceRequest.Status.CLAIMED)
    content_stamps.changed(world.own.pk)
    assert "Bread for Ines" not in _board(member_client, world).content.decode()


def test_one_readers_cached_board_is_never_served_to_another(client, world):
    NeedFactory(neighborhood=world.own, public_summary="Nappies", requested_by=world.member)
    client.force_login(world.member)
    own = _board(client, world).content.decode()
    assert "You asked for this." in own
    client.force_login(world.volunteer)
    theirs = _board(client, world).content.decode()
    assert "You asked for this." not in theirs and "I can help" in theirs


def test_a_change_in_another_neighborhood_keeps_this_ones_cache(
    member_client, world, django_assert_max_num_queries
):
    NeedFactory(neighborhood=world.own, public_summary="Soup for Ines")
    _board(member_client, world)
    NeedFactory(neighborhood=world.other, public_summary="Elsewhere")
    with django_assert_max_num_queries(1):
        assert "Soup for Ines" in _board(member_client, world).content.decode()


def test_the_coverage_shows_a_new_signup_at_once(coordinator_client, world):
    shift = ShiftFactory(
        neighborhood=world.own, capacity=2, starts_at=timezone.now() + timedelta(days=2)
    )
    url = reverse("shift_coverage", kwargs={"slug": world.own.slug})
    assert "0/2" in coordinator_client.get(url).content.decode()
    SignupFactory(shift=shift, user=world.volunteer)
    assert "1/2" in coordinator_client.get(url).content.decode()


def test_the_session_list_shows_another_volunteers_visit_at_once(volunteer_client, world):
    session = IntakeSessionFactory(neighborhood=world.own)
    url = reverse("intake_session", args=[world.own.slug, session.pk])
    assert "0 visits so far" in volunteer_client.get(url).content.decode()
    VisitFactory(
        session=session,
        visitor=VisitorFactory(neighborhood=world.own, first_name="Grace", last_name="Hopper"),
    )
    body = volunteer_client.get(url).content.decode()
    assert "1 visit so far" in body and "Grace Hopper" in body
    Visit.objects.filter(session=session).delete()
    assert "0 visits so far" in volunteer_client.get(url).content.decode()


def test_the_home_counts_follow_the_needs(coordinator_client, world):
    url = reverse("neighborhood_home", kwargs={"slug": world.own.slug})
    before = coordinator_client.get(url).content.decode()
    NeedFactory(neighborhood=world.own, public_summary="A ride")
    after = coordinator_client.get(url).content.decode()
    assert before != after


@pytest.mark.django_db
def test_a_lost_stamp_is_made_again_and_differs():
    first = content_stamps.stamp(987654)
    caches["sessions"].clear()
    assert content_stamps.stamp(987654) != first
