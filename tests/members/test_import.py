"""Members from a spreadsheet: checking lines, the preview, confirming, progress, re-imports."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members import actions, spreadsheets
from members.models import Invitation, MemberImport, Membership, MembershipChange, Role, User
from wcc.celery import app as celery_app

pytestmark = pytest.mark.django_db

UPLOAD = reverse("member_import", kwargs={"slug": "eastside"})
GOOD = (
    "name,email,phone,role,skills,languages,availability\n"
    "Ana Lopez,ana@example.org,+1 555 100 2000,volunteer,Driving; Cooking,Spanish,Saturdays\n"
    "Ben Ode,ben@example.org,+1 555 300 4000,,,,\n"
)


def upload(client, content: bytes | str, name="members.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def import_file(client, content, django_capture_on_commit_callbacks):
    response = upload(client, content)
    member_import = MemberImport.objects.latest("pk")
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("member_import_confirm", kwargs={"slug": "eastside", "pk": member_import.pk})
        )
    member_import.refresh_from_db()
    return member_import


def test_each_kind_of_bad_line_gets_its_own_message():
    parsed = spreadsheets.parse(
        (
            "\ufeffName,Email,Role,Colour\n"
            "Ana,ana@example.org,member,red\n"
            "Bad Email,not-an-email,member,\n"
            "Odd Role,odd@example.org,king,\n"
            "Ana again,ANA@example.org,,\n"
            "Too,many,cells,here,really\n"
            ",,member,\n"
        ).encode()
    )
    problems = {p["line"]: " ".join(p["messages"]) for p in parsed.problems}
    assert [row["email"] for row in parsed.rows] == ["ana@example.org"]
    assert parsed.ignored_columns == ["Colour"]
    assert "email address is not valid" in problems[3]
    assert "role must be member, volunteer or coordinator" in problems[4]
    assert "same person as on line 2" in problems[5]
    assert "5 cells; the first line has 4" in problems[6]
    assert "name is missing" in problems[7]
    # Messages never repeat what the cells held (they are stored).
    assert "not-an-email" not in str(parsed.problems)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,email\nJosé,jose@example.org\n".encode("latin-1"), "not in UTF-8"),
        (b"", "The submitted file is empty."),
        (b"colour,size\nred,big\n", "The first line must name the columns"),
        (b"\x00\x01\x02binary", "does not look like a CSV file"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message_by_the_field(
    coordinator_client, world, content, message
):
    response = upload(coordinator_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MemberImport.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(coordinator_client, world, settings):
    settings.WCC_IMPORT_MAX_BYTES = 1024
    response = upload(coordinator_client, GOOD + "x" * 2000)
    assert "the limit is 1 KB" in response.content.decode()
    assert not MemberImport.objects.exists()


def test_preview_lists_problems_and_saves_nothing_yet(coordinator_client, world):
    response = upload(coordinator_client, GOOD + "Bad,bad-email,,,,,\n")
    page = coordinator_client.get(response.url).content.decode()
    assert "2 people are ready to import." in page
    assert "1 line has problems" in page
    assert not User.objects.filter(email="ana@example.org").exists()
    assert not Invitation.objects.exists()


def test_preview_says_what_will_happen_to_each_line(coordinator_client, world):
    actions.deactivate(membership=world.volunteer.memberships.get(), by=world.coordinator)
    content = (
        "name,email,phone\n"
        "Mo Member,member@example.org,\n"  # here: updated
        "Wes Westside,west@example.org,\n"  # has an account elsewhere: invited
        "New Person,new@example.org,\n"  # no account: invited, the same words
        "Val Volunteer,volunteer@example.org,\n"  # made inactive here: skipped
        "Phone Only,,+1 555 999 8888\n"  # no one here has it: skipped
    )
    response = upload(coordinator_client, content)
    page = coordinator_client.get(response.url).content.decode()
    lines = {
        line: re.search(rf"<tr><td>{line}</td>(.*?)</tr>", page, re.S).group(1)
        for line in range(2, 7)
    }
    assert "will be updated" in lines[2]
    assert "will be invited (as member)" in lines[3]
    assert "will be invited (as member)" in lines[4]
    assert lines[3].replace("Wes Westside", "N").replace("west@", "E") == lines[4].replace(
        "New Person", "N"
    ).replace("new@", "E")
    assert "will be skipped" in lines[5] and "made this person inactive here" in lines[5]
    assert "will be skipped" in lines[6] and "needs an email address" in lines[6]
    assert "1 will be updated" in page and "2 will be invited" in page
    assert "2 will be skipped" in page
    assert not Invitation.objects.exists()


def accept(email, *, name="Someone"):
    """The invited person accepts their invitation with a new account."""
    invitation = Invitation.objects.get(email=email)
    actions.sign_up_with_invitation(
        invitation=invitation, display_name=name, email=email, password="a-long-pass-phrase-42"
    )


def test_confirming_invites_with_progress_and_reimporting_changes_nothing(
    coordinator_client, world, eager_celery, django_capture_on_commit_callbacks
):
    done = import_file(coordinator_client, GOOD, django_capture_on_commit_callbacks)
    assert (done.status, done.invited_count, done.created_count, done.processed) == (
        "done",
        2,
        0,
        2,
    )
    assert done.rows == []  # the details are not kept once imported
    # No one is added by the import: each new address gets an invitation with its role.
    assert not User.objects.filter(email__in=["ana@example.org", "ben@example.org"]).exists()
    assert {(i.email, i.role) for i in Invitation.objects.all()} == {
        ("ana@example.org", Role.VOLUNTEER),
        ("ben@example.org", Role.MEMBER),
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    assert "Done: 2 invited" in coordinator_client.get(done.get_absolute_url()).content.decode()

    again = import_file(coordinator_client, GOOD, django_capture_on_commit_callbacks)
    assert (again.invited_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert Invitation.objects.count() == 2 and len(mail.outbox) == 2  # not sent twice

    accept("ana@example.org", name="Ana Lopez")
    accept("ben@example.org", name="Ben Ode")
    members = import_file(coordinator_client, GOOD, django_capture_on_commit_callbacks)
    assert (members.invited_count, members.updated_count) == (0, 2)
    ana = Membership.objects.get(user__email="ana@example.org")
    assert ana.role == Role.VOLUNTEER and ana.is_active
    assert {s.name for s in ana.skills.all()} == {"Cooking", "Driving"}
    assert ana.user.phone == "+1 555 100 2000"
    assert ana.changes.filter(kind=MembershipChange.Kind.INVITED).exists()
    ben = User.objects.get(email="ben@example.org")
    count = User.objects.count()

    same = import_file(coordinator_client, GOOD, django_capture_on_commit_callbacks)
    assert (same.invited_count, same.updated_count, same.unchanged_count) == (0, 0, 2)

    # Ben's line without email is matched by his phone, typed differently.
    updated = (
        GOOD.replace("Ana Lopez", "Ana López").replace(
            "ben@example.org,+1 555 300 4000,,", ",15553004000,coordinator,"
        )
        + "Nobody Known,,+1 555 999 8888,,,,\n"
    )
    third = import_file(coordinator_client, updated, django_capture_on_commit_callbacks)
    assert (third.invited_count, third.updated_count, third.skipped_count) == (0, 2, 1)
    assert "needs an email address" in str(third.problems)
    assert User.objects.count() == count
    assert User.objects.get(email="ana@example.org").display_name == "Ana López"
    assert Membership.objects.get(user=ben, neighborhood=world.own).role == Role.COORDINATOR


def test_progress_partial_polls_while_working(coordinator_client, world):
    member_import = MemberImport.objects.create(
        neighborhood=world.own, status="running", total=100, processed=40
    )
    url = member_import.get_absolute_url()
    response = coordinator_client.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and "Imported 40 of 100." in body
    assert "<html" not in body


def queued_import(world, *rows: dict) -> MemberImport:
    blank = {"phone": "", "role": "member", "skills": [], "languages": "", "availability": ""}
    rows = [{"line": n + 2, **blank, **row} for n, row in enumerate(rows)]
    return MemberImport.objects.create(
        neighborhood=world.own,
        created_by=world.coordinator,
        status="queued",
        rows=rows,
        total=len(rows),
    )


def test_import_never_rewrites_a_person_another_neighborhood_knows(world):
    member_import = queued_import(world, {"name": "Hijacked", "email": "west@example.org"})
    actions.run_member_import(import_id=member_import.pk)
    world.other_coordinator.refresh_from_db()
    assert world.other_coordinator.display_name == "Wes Westside"


def test_import_invites_a_person_of_another_neighborhood_instead_of_joining_them(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    world.other_coordinator.phone = "+1 555 777 0000"
    world.other_coordinator.languages_spoken = "Tagalog"
    world.other_coordinator.save()
    member_import = queued_import(
        world, {"name": "Wes", "email": "WEST@example.org", "role": "volunteer"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = actions.run_member_import(import_id=member_import.pk)
    assert (done.invited_count, done.created_count, done.updated_count) == (1, 0, 0)
    assert not world.other_coordinator.memberships.filter(neighborhood=world.own).exists()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.neighborhood) == (
        "west@example.org",
        Role.VOLUNTEER,
        world.own,
    )
    assert [m.to for m in mail.outbox] == [["west@example.org"]]
    # Nothing of theirs reaches Eastside's coordinator: directory, export, member page.
    directory = coordinator_client.get(reverse("member_directory", kwargs={"slug": "eastside"}))
    export = coordinator_client.get(reverse("member_export", kwargs={"slug": "eastside"}))
    for page in (directory, export):
        body = page.content.decode()
        assert "west@example.org" not in body and "555 777 0000" not in body
        assert "Tagalog" not in body
    other = world.other_coordinator.memberships.get()
    detail = reverse("member_detail", kwargs={"slug": "eastside", "pk": other.pk})
    assert coordinator_client.get(detail).status_code == 404
    # Accepting the invitation (bound to that address) is what makes them a member.
    actions.accept_invitation(invitation=invitation, user=world.other_coordinator)
    joined = world.other_coordinator.memberships.get(neighborhood=world.own)
    assert (joined.role, joined.status) == (Role.VOLUNTEER, Membership.Status.ACTIVE)


def test_import_answers_a_known_and_an_unknown_email_the_same(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    """The counts and the page after an import never tell that an address has an account."""
    pages = []
    for email in ("west@example.org", "nobody@example.org"):
        member_import = queued_import(world, {"name": "Someone", "email": email})
        done = actions.run_member_import(import_id=member_import.pk)
        counts = (done.invited_count, done.created_count, done.updated_count, done.skipped_count)
        body = coordinator_client.get(done.get_absolute_url()).content.decode()
        pages.append((counts, re.search(r"Done:[^<]*", body).group(0)))
    assert (
        pages[0]
        == pages[1]
        == ((1, 0, 0, 0), "Done: 1 invited, 0 updated, 0 unchanged, 0 skipped.")
    )
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_import_leaves_a_deactivated_member_alone_and_says_so(world):
    membership = world.member.memberships.get()
    actions.deactivate(membership=membership, by=world.coordinator)
    member_import = queued_import(
        world, {"name": "Renamed", "email": "member@example.org", "role": "coordinator"}
    )
    done = actions.run_member_import(import_id=member_import.pk)
    assert (done.skipped_count, done.invited_count) == (1, 0)
    assert "made this person inactive here" in str(done.problems)
    membership.refresh_from_db()
    world.member.refresh_from_db()
    assert (membership.status, membership.role) == (Membership.Status.INACTIVE, Role.MEMBER)
    assert world.member.display_name == "Mo Member"
    assert not Invitation.objects.exists()


def test_import_matches_phones_only_among_this_neighborhoods_people(world):
    world.other_coordinator.phone = "+1 555 777 0000"
    world.other_coordinator.save()
    member_import = queued_import(world, {"name": "Wes", "email": "", "phone": "15557770000"})
    done = actions.run_member_import(import_id=member_import.pk)
    assert (done.skipped_count, done.updated_count) == (1, 0)
    assert not world.other_coordinator.memberships.filter(neighborhood=world.own).exists()


def test_another_neighborhoods_coordinator_cannot_open_an_import(client, world):
    member_import = MemberImport.objects.create(neighborhood=world.own)
    client.force_login(world.other_coordinator)
    url = reverse("member_import_detail", kwargs={"slug": "westside", "pk": member_import.pk})
    assert client.get(url).status_code == 404


cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=8), bom=st.booleans())
def test_no_spreadsheet_gives_a_server_error(coordinator_client, world, rows, bom):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "phone", "role", "skills", "languages", "availability"])
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + out.getvalue()
    response = upload(coordinator_client, data)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        member_import = MemberImport.objects.latest("pk")
        actions.confirm_import(member_import=member_import)
        member_import.refresh_from_db()
        member_import.status = "queued"
        member_import.save()
        assert actions.run_member_import(import_id=member_import.pk).status == "done"
