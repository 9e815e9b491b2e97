"""Who is signed in, read from the session cache instead of the database.

Django's AuthenticationMiddleware reads the person (one query) and our access layer
reads their roles and neighborhoods (another) on every signed-in request. Both are
kept here, per session, in the sessions cache (``SESSION_CACHE_ALIAS``: Redis in
production, a file cache shared by the demo's processes), as one snapshot tagged
with two stamps:

- the person's stamp, moved whenever their account, a membership, or a two-factor
  device of theirs is saved or deleted (``members.signals``);
- the neighborhoods' stamp, moved whenever any neighborhood is saved or deleted
  (rare). The snapshot holds the person's neighborhood rows, so a page of their own
  neighborhood reads none, and a coordinator's roles depend on whether their
  neighborhood asks for two-factor sign-in. Those rows are read without their
  ``choices_stamp`` (a deferred field), which database triggers move with no signal:
  a page that needs it reads it from the database when it does.

A snapshot is used only while both stamps still read what they read when it was
made, and while the session's password hash still matches it, exactly as Django's
own ``get_user`` checks it. Stamps are read *before* the database is, and moved both
at once and again when the transaction commits: a request that read the old rows
while a change was being committed made its snapshot under a stamp the commit then
moves, so a snapshot never outlives the rows it was read from.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import caches
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .access import roles_of

NEIGHBORHOODS_STAMP_KEY = "wcc:signed-in:neighborhoods"


def _cache():
    return caches[settings.SESSION_CACHE_ALIAS]


def person_stamp_key(user_id) -> str:
    return f"wcc:signed-in:person:{user_id}"


def _snapshot_key(session_key: str) -> str:
    return f"wcc:signed-in:session:{session_key}"


def _new_stamp() -> str:
    return uuid.uuid4().hex


def person_changed(user_id) -> None:
    """Every snapshot of this person is stale: now, and again once the change commits."""
    if user_id is None:
        return
    key = person_stamp_key(user_id)
    _cache().set(key, _new_stamp(), timeout=None)
    transaction.on_commit(lambda: _cache().set(key, _new_stamp(), timeout=None))


def neighborhoods_changed() -> None:
    """Every snapshot is stale (each holds the person's neighborhoods)."""
    _cache().set(NEIGHBORHOODS_STAMP_KEY, _new_stamp(), timeout=None)
    transaction.on_commit(lambda: _cache().set(NEIGHBORHOODS_STAMP_KEY, _new_stamp(), timeout=None))


def forget_sessions(session_keys) -> None:
    """Drop the snapshots of sessions that were ended."""
    _cache().delete_many([_snapshot_key(key) for key in session_keys])


def _current_stamps(user_id, found: dict) -> tuple[str, str]:
    """The two stamps, creating any the cache lost (``add``: a racing creator wins)."""
    stamps = []
    for key in (person_stamp_key(user_id), NEIGHBORHOODS_STAMP_KEY):
        stamp = found.get(key)
        if stamp is None:
            _cache().add(key, _new_stamp(), timeout=None)
            stamp = _cache().get(key)
        stamps.append(stamp)
    return tuple(stamps)


def _session_hash_matches(request, user) -> bool:
    session_hash = request.session.get(auth.HASH_SESSION_KEY)
    return bool(session_hash) and constant_time_compare(session_hash, user.get_session_auth_hash())


def get_user(request):
    """``django.contrib.auth.get_user``, answered from the session's snapshot when it is
    still current; otherwise Django's own (with every check it makes) and a new one."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None or session.session_key is None:
        return auth.get_user(request)
    keys = [person_stamp_key(user_id), NEIGHBORHOODS_STAMP_KEY, _snapshot_key(session.session_key)]
    found = _cache().get_many(keys)
    snapshot = found.get(keys[2])
    stamps = (found.get(keys[0]), found.get(keys[1]))
    if (
        snapshot is not None
        and None not in stamps
        and snapshot["stamps"] == stamps
        and str(snapshot["user"].pk) == str(user_id)
        and _session_hash_matches(request, snapshot["user"])
    ):
        return snapshot["user"]
    stamps = _current_stamps(user_id, found)  # before the rows are read: see above
    user = auth.get_user(request)
    if user.is_authenticated and session.session_key is not None:
        roles_of(user)  # the roles travel with the person
        _cache().set(
            _snapshot_key(session.session_key),
            {"stamps": stamps, "user": user},
            timeout=settings.SESSION_COOKIE_AGE,
        )
    return user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, reading the person through ``get_user`` above."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
