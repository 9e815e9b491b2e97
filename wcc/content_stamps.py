"""What a neighborhood's pages show, stamped: cached fragments are keyed on the stamp.

The busiest pages (the home, the needs board, an intake session's visits, the shift
coverage) draw their main part inside ``{% cache %}`` keyed on ``page_version``: the
page's address, the reader, their role, language and CSRF secret, the minute (the
pages say "3 minutes ago"), and the *content stamp* of the page's neighborhood. The
stamp is moved whenever any row a neighborhood's pages can show is written:

- every save and delete of a model of WCC's apps moves the stamp of the row's
  neighborhood (found through its ``neighborhood`` field or the first chain of foreign
  keys that reaches one: a sign-up through its shift, a visit through its session), or
  every neighborhood's stamp when the row belongs to none (a person's name is shown
  in every neighborhood they are in); ``NOT_SHOWN`` lists the few models no page
  draws, written on every request;
- writes that send no signals (``QuerySet.update``, ``bulk_create``) call ``changed``
  or ``changed_everywhere`` themselves: ``tests/wcc/test_content_stamps.py`` reads
  the apps' source and fails on one that does neither and is not listed there.

Stamps live in the cache every process shares (``SESSION_CACHE_ALIAS``: Redis in
production). Like the signed-in snapshot's (``members.signed_in``), a stamp is moved
at once and again when the transaction commits, and it is read before the rows a
fragment shows: a fragment drawn from rows a commit was about to change is stored
under a stamp the commit then moves, so it is never shown again.
"""

from __future__ import annotations

import functools
import hashlib
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

EVERYWHERE_KEY = "wcc:content:everywhere"
WCC_APPS = ("wcc", "members", "mutualaid", "intake", "governance")
# Written on (nearly) every request, and drawn on no cached fragment: moving stamps
# for them would empty the cache on each page view. Their rows are never shown on a
# page that is cached.
NOT_SHOWN = {
    "wcc.FormSubmission": "the per-render keys of posted forms",
    "members.UserSession": "touched by the session middleware on every request",
    "intake.AccessLog": "written when a visitor's record is read, by the very pages cached",
    "members.NotificationChoice": "a person's message choices, on their own settings page",
}
# Saves of a person that change nothing any page shows (Django's login stamp).
UNSHOWN_USER_FIELDS = frozenset({"last_login"})


def _cache():
    return caches[settings.SESSION_CACHE_ALIAS]


def _key(neighborhood_id) -> str:
    return f"wcc:content:{neighborhood_id}"


def _move(keys: list[str]) -> None:
    _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def _move_now_and_on_commit(keys: list[str]) -> None:
    _move(keys)
    transaction.on_commit(lambda: _move(keys))


def changed(*neighborhood_ids) -> None:
    """What these neighborhoods' pages show has changed (or is about to commit)."""
    keys = [_key(pk) for pk in set(neighborhood_ids) if pk is not None]
    if keys:
        _move_now_and_on_commit(keys)


def changed_everywhere() -> None:
    """A change every neighborhood's pages may show (a person's name, an erasure)."""
    _move_now_and_on_commit([EVERYWHERE_KEY])


def stamp(neighborhood_id, *more_keys: str) -> str:
    """The stamp of one neighborhood's content (with the network-wide one, and any other
    stamps of the same cache named in ``more_keys``), in one round trip."""
    keys = [_key(neighborhood_id), EVERYWHERE_KEY, *more_keys]
    found = _cache().get_many(keys)
    for key in keys:
        if key not in found:
            _cache().add(key, uuid.uuid4().hex, timeout=None)  # a racing creator wins
            found[key] = _cache().get(key)
    return ".".join(str(found[key]) for key in keys)


# --- The fragment key of a page --------------------------------------------------


def request_stamp(request) -> str:
    """The stamp of the request's neighborhood (with the reader's own: the page's header
    lists their neighborhoods and roles), read once a request, before the rows it keys:
    by ``page_version``, and by a view that keeps a row under it (the intake session)."""
    found = getattr(request, "_wcc_content_stamp", None)
    if found is None:
        from members.signed_in import person_stamp_key

        user = request.user
        person = [person_stamp_key(user.pk)] if user.is_authenticated else []
        found = request._wcc_content_stamp = stamp(request.neighborhood.pk, *person)
    return found


def page_version(request) -> str:
    """Everything a cached part of this page depends on besides its content's stamp."""
    neighborhood = getattr(request, "neighborhood", None)
    if neighborhood is None:  # no stamp to key on: a key that is never found again
        return uuid.uuid4().hex
    csrf_secret = request.META.get("CSRF_COOKIE", "")
    parts = [
        # Categories, skills and volunteers drawn in cached parts (the board's filter,
        # the intake form) are rows of the neighborhood: saving one moves this stamp
        # like any other row. A write that sends no signal outside the apps' code (a
        # shell, raw SQL) shows within the minute below; the neighborhood's
        # choices_stamp is not read here, so a page drawn from the cache reads nothing.
        request_stamp(request),
        request.get_full_path(),
        str(getattr(request.user, "pk", "")),
        str(getattr(request, "role", "")),
        get_language() or "",
        # Forms inside a fragment carry the CSRF token, which is made from the
        # browser's secret; the secret itself must not sit in a cache key.
        hashlib.sha256(csrf_secret.encode()).hexdigest()[:16],
        str(int(time.time() // 60)),  # "opened 3 minutes ago" moves each minute
    ]
    return "|".join(parts)


def page_version_context(request) -> dict:
    """Context processor: ``page_version``, read only by a page that caches a part."""
    return {"page_version": SimpleLazyObject(lambda: page_version(request))}


# --- Which neighborhood a row belongs to -----------------------------------------


def _path_to_neighborhood(model, depth: int = 0) -> list[str] | None:
    """Attribute names from a row of ``model`` to its neighborhood's id, or None."""
    if model._meta.label == "members.Neighborhood":
        return ["pk"]
    names = {field.name for field in model._meta.concrete_fields}
    if "neighborhood" in names:
        return ["neighborhood_id"]
    if depth >= 3:
        return None
    for field in model._meta.concrete_fields:
        target = field.related_model
        if not field.many_to_one or target is None or target is model:
            continue
        if target._meta.label == settings.AUTH_USER_MODEL:
            continue  # a person is in several neighborhoods: not a path to one
        rest = _path_to_neighborhood(target, depth + 1)
        if rest is not None:
            return [field.name, *rest]
    return None


@functools.cache
def _path_of(model) -> tuple[str, ...] | None:
    path = _path_to_neighborhood(model)
    return tuple(path) if path is not None else None


def neighborhood_of(instance):
    """The id of the neighborhood the row belongs to; None when it belongs to none (or
    its parent is already gone)."""
    path = _path_of(type(instance))
    if path is None:
        return None
    value = instance
    for name in path:
        try:
            value = getattr(value, name)
        except models.ObjectDoesNotExist:
            return None
        if value is None:
            return None
    return value


def _row_written(sender, instance, **kwargs) -> None:
    label = sender._meta.label
    if label in NOT_SHOWN:
        return
    update_fields = kwargs.get("update_fields")
    if (
        label == settings.AUTH_USER_MODEL
        and update_fields
        and set(update_fields) <= UNSHOWN_USER_FIELDS
    ):
        return
    neighborhood_id = neighborhood_of(instance)
    if neighborhood_id is None:
        changed_everywhere()
    else:
        changed(neighborhood_id)


def connect() -> None:
    """Follow every model of WCC's apps (called from ``WccConfig.ready``)."""
    for model in apps.get_models():
        if model._meta.app_label not in WCC_APPS:
            continue
        uid = f"wcc.content_stamps:{model._meta.label}"
        post_save.connect(_row_written, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_row_written, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _m2m_written, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


def _m2m_written(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _row_written(type(instance), instance)
