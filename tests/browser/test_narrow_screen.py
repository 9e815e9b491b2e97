"""Every page at 360 px: no sideways scroll, and no field an iPhone zooms into.

iPhones zoom the page in when a field under 16 px is tapped; long email addresses
and links must wrap instead of widening the page. Walks the pages each demo role
reaches (tests/pages.py, as the accessibility test does), plus a few pages reached
from them, and the member page of a member with a 60-character email address.
"""

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from members.demo import DEMO_ACCOUNTS
from members.models import Membership, Neighborhood, Role, User
from tests.factories import MembershipFactory, UserFactory
from tests.pages import public_urls, reachable_urls

WIDTH = 360
LONG_EMAIL = "a.very.long.name.of.somebody.in.east1@mutual-aid-example.org"
MEASURE = """() => {
  const small = [];
  for (const el of document.querySelectorAll("input, select, textarea, .helptext")) {
    if (el.type === "hidden" || el.getClientRects().length === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const name = el.id || el.name || el.className;
    if (size < 16) small.push(`${el.tagName.toLowerCase()}#${name} ${size}px`);
  }
  return {width: document.scrollingElement.scrollWidth, small};
}"""


def extra_urls(user) -> list[str]:
    """Pages linked from the ones above, with wide or small content of their own."""
    urls = [reverse("sessions"), reverse("my_data")]
    for membership in Membership.objects.active().filter(user=user):
        slug = membership.neighborhood.slug
        urls.append(reverse("needs_text", kwargs={"slug": slug}))
        if membership.role == Role.COORDINATOR:
            long = Membership.objects.filter(
                neighborhood=membership.neighborhood, user__email=LONG_EMAIL
            ).first()
            if long is not None:
                urls.append(reverse("member_detail", kwargs={"slug": slug, "pk": long.pk}))
    return urls


def test_every_page_fits_360_px_and_its_fields_are_16_px(
    browser, live_server, settings_secure_off, transactional_db
):
    call_command("seed_demo", verbosity=0)
    assert len(LONG_EMAIL) == 60
    long_member = UserFactory(email=LONG_EMAIL, display_name="Lena Longaddress")
    long = MembershipFactory(
        user=long_member, neighborhood=Neighborhood.objects.get(slug="eastside")
    )

    found = {}

    def visit(page, where, url):
        page.goto(url)
        page.wait_for_load_state()
        found[f"{where} {url}"] = page.evaluate(MEASURE)

    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740}, base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    for url in public_urls():
        visit(page, "anonymous", url)
    context.close()

    for email, *_ in DEMO_ACCOUNTS:
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 740}, base_url=live_server.url, is_mobile=True
        )
        page = context.new_page()
        page.goto(reverse("login"))
        page.fill("#id_username", email)
        page.fill("#id_password", settings.WCC_DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        user = User.objects.get(email=email)
        for url in reachable_urls(user) + extra_urls(user):
            visit(page, email, url)
        context.close()

    long_page = reverse("member_detail", kwargs={"slug": "eastside", "pk": long.pk})
    assert f"coordinator@example.org {long_page}" in found
    wide = {where: m["width"] for where, m in found.items() if m["width"] > WIDTH}
    small = {where: m["small"] for where, m in found.items() if m["small"]}
    assert len(found) >= 40
    assert not wide and not small, (
        "wider than 360 px:\n"
        + "\n".join(f"{w}: {px}" for w, px in wide.items())
        + "\nunder 16 px:\n"
        + "\n".join(f"{w}: {s}" for w, s in small.items())
    )
