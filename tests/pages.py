"""The pages people reach, found the way they find them: the public pages (and the
cancel link a reminder carries), then for each person the account pages and every
navigation entry of each neighborhood."""

from django.urls import reverse
from django.utils import timezone

from members.access import neighborhoods_of, role_in
from mutualaid.models import Signup
from wcc.navigation import NEIGHBORHOOD_PAGES

PUBLIC_PAGES = ["login", "password_reset", "home", "join_list"]


def public_urls() -> list[str]:
    urls = [reverse(name) for name in PUBLIC_PAGES]
    signup = Signup.objects.active().filter(shift__starts_at__gt=timezone.now()).first()
    if signup is not None:  # opened from a phone, signed in or not
        urls.append(reverse("signup_cancel_link", kwargs={"token": signup.cancel_token()}))
    return urls


def reachable_urls(user) -> list[str]:
    urls = [reverse("home"), reverse("profile"), reverse("password_change"), reverse("sms_try")]
    for neighborhood in neighborhoods_of(user):
        role = role_in(user, neighborhood)
        urls += [
            reverse(page.url_name, kwargs={"slug": neighborhood.slug})
            for page in NEIGHBORHOOD_PAGES
            if role.includes(page.role)
        ]
    return urls
