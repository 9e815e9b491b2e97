"""The intake table offline, on a 390×844 phone: opened once online, the session page
keeps working without a connection (reload included); ten visits kept on the device
are sent once each when the connection returns; after logout no visitor's name is left
anywhere in the browser's storage."""

import datetime
import re

from playwright.sync_api import expect

from intake.models import Visit, Visitor
from members.models import Role
from mutualaid.models import NeedCategory
from tests.factories import PASSWORD, MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory

RETURNING = [("Grace", "O'Brien"), ("Marisol", "Ortega"), ("Kwame", "Mensah"), ("José", "Núñez")]
NEW = ["Tobias", "Priya", "Aiyana", "Dmitri", "Fatou", "Lucía"]

# Everything the browser keeps for the site, read from the page: IndexedDB (every
# database, every store, every record), Cache Storage (every entry's URL and body),
# localStorage and the cookies the page can see.
READ_DEVICE = """async () => {
  const found = [];
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, no) => {
      const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = no;
    });
    for (const name of db.objectStoreNames) {
      const all = await new Promise((ok) => {
        const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result);
      });
      found.push(`indexeddb ${info.name}/${name}: ${JSON.stringify(all)}`);
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push(`cache ${name} ${request.url}: ${await response.text()}`);
    }
  }
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    found.push(`localStorage ${key}=${localStorage.getItem(key)}`);
  }
  found.push(`cookies ${document.cookie}`);
  return found;
}"""


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def a_table_with_returning_visitors():
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    volunteer = UserFactory(email="val@example.org", display_name="Val Volunteer")
    MembershipFactory(user=volunteer, neighborhood=eastside, role=Role.VOLUNTEER)
    earlier = IntakeSessionFactory(
        neighborhood=eastside, status="closed", date=datetime.date.today() - datetime.timedelta(14)
    )
    for first, last in RETURNING:
        visitor = VisitorFactory(
            neighborhood=eastside, first_name=first, last_name=last, last_visit_on=earlier.date
        )
        VisitFactory(session=earlier, visitor=visitor)
    # The canary: another neighborhood's visitor, seen today, must never reach this device.
    westside = NeighborhoodFactory(name="Westside", slug="westside")
    VisitorFactory(neighborhood=westside, first_name="Westcanary", last_visit_on=earlier.date)
    return IntakeSessionFactory(neighborhood=eastside), volunteer


def open_the_table(page, session):
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    # The worker has kept the page and its files, and the roster is on the device.
    expect(page.locator("html[data-offline-ready=yes]")).to_have_count(1)


def queue_line(page):
    return page.locator("#offline-queue")


def log_new_visitor(page, name, need):
    page.get_by_label("First name or nickname").fill(name)
    page.locator("#id_needs label", has_text=need).click()
    page.get_by_role("button", name="Save visit").click()
    expect(page.locator("#save-status")).to_contain_text(f"{name} is kept on this device")


def log_returning_visitor(page, letters, full_name, need):
    page.get_by_label("Returning visitor?").press_sequentially(letters, delay=40)
    results = page.locator("#search-results")
    expect(results).to_contain_text("kept on this device")
    results.get_by_role("button", name=full_name).click()
    expect(page.locator("#offline-picked")).to_contain_text(full_name)
    page.locator("#id_needs label", has_text=need).click()
    page.get_by_role("button", name="Save visit").click()
    expect(page.locator("#save-status")).to_contain_text(f"{full_name} is kept on this device")


def test_ten_visits_logged_offline_reach_the_server_once_each_and_logout_leaves_no_name(
    transactional_db, phone
):
    session, _volunteer = a_table_with_returning_visitors()
    page = phone
    refused = []  # the strict CSP must refuse nothing the offline parts do
    page.on("console", lambda msg: refused.append(msg.text) if "Refused to" in msg.text else None)
    log_in(page, "val@example.org")
    open_the_table(page, session)
    assert "Westcanary" not in str(page.evaluate(READ_DEVICE))

    page.get_by_text("More about this person").click()  # remembered in localStorage
    page.context.set_offline(True)
    log_returning_visitor(page, "gra", "Grace O'Brien", "Groceries")
    expect(queue_line(page)).to_have_text("1 visit waiting to send")
    for name in NEW[:3]:
        log_new_visitor(page, name, "Rent")
    log_returning_visitor(page, "jose", "José Núñez", "Medical")
    expect(queue_line(page)).to_have_text("5 visits waiting to send")

    # A reload with no connection: the kept page, the queue still counted.
    response = page.reload()
    assert response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_contain_text("Table of")
    expect(queue_line(page)).to_have_text("5 visits waiting to send")
    log_returning_visitor(page, "mar", "Marisol Ortega", "Groceries")
    log_returning_visitor(page, "kwa", "Kwame Mensah", "Rent")
    for name in NEW[3:]:
        log_new_visitor(page, name, "Groceries")
    expect(queue_line(page)).to_have_text("10 visits waiting to send")
    assert Visit.objects.filter(session=session).count() == 0

    page.context.set_offline(False)
    expect(queue_line(page)).to_be_hidden(timeout=20_000)
    expect(page.get_by_role("heading", name="10 visits so far")).to_be_visible()
    assert Visit.objects.filter(session=session).count() == 10
    assert page.evaluate("async () => (await wccOffline.queue.all()).length") == 0
    returning = Visit.objects.filter(
        session=session, visitor__first_name__in=[f for f, _ in RETURNING]
    )
    assert returning.count() == 4
    assert not returning.filter(is_first_visit=True).exists()
    assert Visitor.objects.filter(first_name__in=NEW).count() == 6

    grace = Visit.objects.get(session=session, visitor__first_name="Grace")
    assert [vn.category.slug for vn in grace.visit_needs.all()] == ["groceries"]

    # Until logout the device holds the roster and the kept page (the reader sees them),
    # the roster fetched again after the sync with the new visitors in it...
    before = ""
    for _ in range(50):
        before = "\n".join(page.evaluate(READ_DEVICE))
        if "Tobias" in before:
            break
        page.wait_for_timeout(200)
    assert "Kwame" in before and "Tobias" in before
    assert "localStorage wcc.intake.more." in before
    assert "Westcanary" not in before
    # ...and logging out wipes it: no visitor's name in any of the browser's storage.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    kept = "\n".join(page.evaluate(READ_DEVICE))
    names = [first for first, _ in RETURNING] + NEW + ["Westcanary"]
    assert not [name for name in names if name in kept], kept
    assert "localStorage wcc.intake." not in kept  # the fold state, keyed by volunteer
    assert not [c for c in page.context.cookies() if any(n in c["value"] for n in names)]
    assert refused == []


def test_a_queue_sent_twice_at_once_and_again_after_a_reload_mid_sync_saves_each_visit_once(
    transactional_db, phone
):
    session, _volunteer = a_table_with_returning_visitors()
    page = phone
    log_in(page, "val@example.org")
    open_the_table(page, session)
    page.context.set_offline(True)
    log_returning_visitor(page, "gra", "Grace O'Brien", "Groceries")
    for name in NEW[:2]:
        log_new_visitor(page, name, "Rent")
    expect(queue_line(page)).to_have_text("3 visits waiting to send")
    # What the queue holds now, as a device would still hold it had it been reloaded
    # after sending each visit but before crossing it off.
    kept = page.evaluate("async () => await wccOffline.queue.all()")
    assert len(kept) == 3

    # Two sends of the whole queue at once (past the lock that keeps one at a time).
    page.context.set_offline(False)
    page.evaluate(
        "async () => { await Promise.all([wccOffline.sendQueue(), wccOffline.sendQueue()]) }"
    )
    expect(page.get_by_role("heading", name="3 visits so far")).to_be_visible()
    assert Visit.objects.filter(session=session).count() == 3

    # The reload mid-sync: the same three are in the queue again and are sent again,
    # from this tab and a second one of the same device at the same moment.
    page.evaluate(
        "async (items) => { for (const item of items) await wccOffline.queue.put(item) }", kept
    )
    second = page.context.new_page()
    open_the_table(second, session)
    page.evaluate("async () => { await Promise.all([wccOffline.sendQueue(), wccOffline.sync()]) }")
    expect(second.locator("html[data-offline-ready=yes]")).to_have_count(1)
    assert page.evaluate("async () => (await wccOffline.queue.all()).length") == 0
    assert Visit.objects.filter(session=session).count() == 3
    assert Visitor.objects.filter(first_name__in=NEW[:2]).count() == 2
    page.reload()
    expect(page.get_by_role("heading", name="3 visits so far")).to_be_visible()


def test_a_visit_that_conflicts_at_sync_is_shown_to_resolve_and_saved_once(transactional_db, phone):
    session, _volunteer = a_table_with_returning_visitors()
    page = phone
    log_in(page, "val@example.org")
    open_the_table(page, session)
    page.context.set_offline(True)
    log_returning_visitor(page, "gra", "Grace O'Brien", "Groceries")
    log_new_visitor(page, "Tobias", "Rent")
    # Meanwhile, on another device, a coordinator corrects Grace's details.
    grace = Visitor.objects.get(first_name="Grace")
    grace.phone = "555-0199"
    grace.version += 1
    grace.save(update_fields=["phone", "version"])

    page.context.set_offline(False)
    problems = page.locator("#offline-problems")
    expect(problems).to_be_visible(timeout=20_000)
    expect(problems).to_contain_text("Grace O'Brien")
    expect(problems).to_contain_text("someone else changed this person")
    expect(queue_line(page)).to_be_hidden()
    assert Visit.objects.filter(session=session).count() == 1  # Tobias; Grace waits

    problems.get_by_role("button", name="Open it").click()
    expect(page.locator("#intake-form")).to_contain_text("someone else changed this person")
    expect(page.get_by_label("First name or nickname")).to_have_value("Grace")
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_role("heading", name="2 visits so far")).to_be_visible()
    expect(problems).to_be_hidden()
    assert page.evaluate("async () => (await wccOffline.queue.all()).length") == 0
    assert Visit.objects.filter(session=session, visitor=grace).count() == 1


def test_logging_out_with_visits_unsent_asks_first(transactional_db, phone):
    session, _volunteer = a_table_with_returning_visitors()
    page = phone
    log_in(page, "val@example.org")
    open_the_table(page, session)
    page.context.set_offline(True)
    log_new_visitor(page, "Tobias", "Rent")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="Log out").click()
    # The question comes once the page has counted the queue (IndexedDB answers later).
    for _ in range(50):
        if questions:
            break
        page.wait_for_timeout(100)
    assert questions == [
        "1 visit saved on this device has not been sent yet. If you log out now it is lost. "
        "Log out anyway?"
    ]
    expect(queue_line(page)).to_have_text("1 visit waiting to send")
    assert "/intake/sessions/" in page.url  # still at the table, still signed in
    assert page.evaluate("async () => (await wccOffline.queue.all()).length") == 1


def test_a_closed_session_and_entries_past_their_hours_leave_the_device(transactional_db, phone):
    session, _volunteer = a_table_with_returning_visitors()
    page = phone
    log_in(page, "val@example.org")
    open_the_table(page, session)
    # A visit kept on a device left in a drawer past WCC_OFFLINE_HOURS (never sent: it
    # is marked as refused, so no sync takes it before the reload).
    page.evaluate(
        """async (url) => wccOffline.queue.put({key: "drawer", url, session: url,
            fields: [["first_name", "Drawername"]], name: "Drawername", visitor: "",
            keptAt: 0, expiresAt: Date.now() - 1, problem: "refused", html: ""})""",
        f"/n/eastside/intake/sessions/{session.pk}/",
    )
    assert "Drawername" in str(page.evaluate(READ_DEVICE))
    page.reload()
    expect(page.locator("html[data-offline-ready=yes]")).to_have_count(1)
    kept = "\n".join(page.evaluate(READ_DEVICE))
    assert "Drawername" not in kept
    assert "Kwame" in kept  # the roster of the open session is still there

    # The coordinator closes the session: the next load drops its roster and page.
    session.status = "closed"
    session.save(update_fields=["status"])
    page.reload()
    expect(page.locator("html[data-offline-ready=wiped]")).to_have_count(1)
    kept = "\n".join(page.evaluate(READ_DEVICE))
    assert not [name for name, _ in RETURNING if name in kept], kept
    assert "wcc-intake-personal http" not in kept
