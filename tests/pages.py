"""The pages people reach, found the way they find them: the public pages, then for
each person the account pages and every navigation entry of each neighborhood."""

from django.urls import reverse

from members.access import neighborhoods_of, role_in
from wcc.navigation import NEIGHBORHOOD_PAGES

PUBLIC_PAGES = ["login", "password_reset", "home"]


def public_urls() -> list[str]:
    return [reverse(name) for name in PUBLIC_PAGES]


def reachable_urls(user) -> list[str]:
    urls = [reverse("home"), reverse("profile"), reverse("password_change")]
    for neighborhood in neighborhoods_of(user):
        role = role_in(user, neighborhood)
        urls += [
            reverse(page.url_name, kwargs={"slug": neighborhood.slug})
            for page in NEIGHBORHOOD_PAGES
            if role.includes(page.role)
        ]
    return urls
