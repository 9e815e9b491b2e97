"""The coordinator's home says what needs doing first: a count for each kind of work
with a link to the list that shows it; the navigation reaches every page by role."""

import datetime
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitFactory
from tests.mutualaid.needs.factories import claimed_need
from tests.mutualaid.shifts.factories import ShiftFactory, in_days
from wcc.navigation import NEIGHBORHOOD_PAGES

pytestmark = pytest.mark.django_db

HOME = reverse("neighborhood_home", kwargs={"slug": "eastside"})


def one_of_each(world, count: int = 1) -> None:
    """``count`` of each thing a coordinator must see to: shifts short of people this
    week, claimed needs not connected, overdue follow-ups, requests to join, sessions of
    past days still open."""
    today = timezone.localdate()
    for n in range(count):
        ShiftFactory(neighborhood=world.own, starts_at=in_days(1 + n % 5), capacity=2)
        claimed_need(world.member, neighborhood=world.own)
        past = IntakeSessionFactory(neighborhood=world.own, date=today - timedelta(days=14 + n))
        VisitFactory(
            session=past, follow_up="Call back about rent", follow_up_due=today - timedelta(days=1)
        )
        MembershipFactory(
            user=UserFactory(email=f"newcomer{n}@example.org"),
            neighborhood=world.own,
            role="member",
            status="pending",
        )


def to_do_line(page: str, key: str) -> str:
    start = page.index(f'id="to-do-{key}"')
    return page[start : page.index("</li>", start)]


def test_each_count_links_to_the_list_that_shows_it(coordinator_client, world):
    one_of_each(world)

    page = coordinator_client.get(HOME).content.decode()

    assert "What needs doing first" in page
    expected = {
        "short-shifts": (
            "1 shift in the next 7 days is short of people",
            "/shifts/coverage/?weeks=1&amp;short=on",
        ),
        "needs-to-connect": (
            "1 claimed need waits for you to connect its helper",
            "/needs/all/?status=claimed&amp;waiting=on",
        ),
        "overdue-follow-ups": ("1 follow-up is overdue", "/intake/follow-ups/?show=overdue"),
        "join-requests": ("1 person is waiting for your answer", "/members/?status=pending"),
        "sessions-to-close": (
            "1 table session has ended and is still open",
            "/intake/?show=to-close",
        ),
    }
    for key, (words, link) in expected.items():
        line = to_do_line(page, key)
        assert words in line, key
        assert f'href="/n/eastside{link}"' in line, key


def test_the_counts_lead_to_lists_holding_exactly_those(coordinator_client, world):
    one_of_each(world, count=2)
    page = coordinator_client.get(HOME).content.decode()
    assert "2 claimed needs wait for you to connect their helpers" in page

    needs = coordinator_client.get("/n/eastside/needs/all/?status=claimed&waiting=on")
    sessions = coordinator_client.get("/n/eastside/intake/?show=to-close")

    assert len(needs.context["needs"]) == 2
    assert len(sessions.context["sessions"]) == 2
    assert all(s.date < datetime.date.today() for s in sessions.context["sessions"])


def test_a_quiet_day_says_zero_for_each_line(coordinator_client, world):
    page = coordinator_client.get(HOME).content.decode()
    assert "0 claimed needs wait for you" in page and "0 follow-ups are overdue" in page
    assert "Nobody asks to join right now" in page


@pytest.mark.parametrize("role", ["member", "volunteer"])
def test_members_and_volunteers_have_no_to_do_list(client, world, role):
    one_of_each(world)
    client.force_login(getattr(world, role))
    page = client.get(HOME).content.decode()
    assert "What needs doing first" not in page and "to-do-" not in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_coordinators_home_runs_the_same_queries_at_1_and_30_rows(
    coordinator_client, world, django_assert_num_queries, rows
):
    one_of_each(world, count=rows)
    coordinator_client.get(HOME)  # the session, person and roles are then cached
    # next table and the series that says when it meets, the person's
    # next shift, open needs, governance's two cards (open proposals and decisions, the
    # person's action points), their study circles (none), and one count for each of the
    # five lines of "What needs doing first"
    caches["template_fragments"].clear()  # the page drawn afresh, not from the fragment cache
    with django_assert_num_queries(12):
        coordinator_client.get(HOME)


# --- Navigation -----------------------------------------------------------------------


def nav_links(page: str) -> str:
    return page[page.index('<nav class="site-nav"') : page.index("</nav>")]


def test_the_menu_groups_the_pages_by_what_each_role_does(client, world):
    client.force_login(world.coordinator)
    nav = nav_links(client.get(HOME).content.decode())
    for heading in ("Yours", "At the table", "Coordinating", "Account"):
        assert heading in nav
    for page in NEIGHBORHOOD_PAGES:  # every destination is in the bar or the menu
        assert f'href="{reverse(page.url_name, kwargs={"slug": "eastside"})}"' in nav
    assert "<details" in nav and "<summary" in nav  # opens without JavaScript

    client.force_login(world.member)
    nav = nav_links(client.get(HOME).content.decode())
    assert "Coordinating" not in nav and "At the table" not in nav
    assert 'href="/n/eastside/needs/all/"' not in nav


def test_the_menu_button_shows_when_the_page_is_one_of_its_pages(coordinator_client, world):
    page = coordinator_client.get("/n/eastside/needs/all/").content.decode()
    assert 'class="site-nav__menu--current"' in nav_links(page)
    assert 'href="/n/eastside/needs/all/" aria-current="page"' in page


def test_todays_session_counts_to_close_once_its_end_time_has_passed(coordinator_client, world):
    now = timezone.localtime(timezone=world.own.zone)
    if now.time() < datetime.time(0, 10) or now.time() > datetime.time(23, 40):
        pytest.skip("needs room on both sides of now within today")
    earlier = (now - timedelta(minutes=5)).time().replace(second=0, microsecond=0)
    later = (now + timedelta(minutes=15)).time().replace(second=0, microsecond=0)
    IntakeSessionFactory(
        neighborhood=world.own, date=now.date(), starts_at=datetime.time(0, 0), ends_at=earlier
    )
    IntakeSessionFactory(
        neighborhood=world.own, date=now.date(), starts_at=datetime.time(0, 0), ends_at=later
    )

    page = coordinator_client.get(HOME).content.decode()
    sessions = coordinator_client.get("/n/eastside/intake/?show=to-close")

    assert "1 table session has ended and is still open" in to_do_line(page, "sessions-to-close")
    assert [s.ends_at for s in sessions.context["sessions"]] == [earlier]
