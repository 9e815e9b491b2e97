"""Each neighborhood's choices stamp, kept by the database, and a cache keyed on it.

Pages read a neighborhood's need categories on most requests (the needs board's
filter, the need and offer forms). They change a few times a year, so a web process
keeps them (``Neighborhood.remember``, ``NeedCategory.in_use``) under a key holding
``Neighborhood.choices_stamp``. The person's neighborhood rows travel in the signed-in
snapshot without it (members.access): a page that needs it reads it then, fresh, in one
small query. (The blank intake form is kept with the page's other cached parts, under
the content stamp: wcc/content_stamps.py.)

Triggers give it a new random value whenever a need category, a membership, or the name, email
or active flag of a member changes: in the database, so that every way of changing
them (forms, the admin, ``QuerySet.update``, ``bulk_create``, a shell, a migration)
counts. They are created by a migration (members/migrations/0005_choices_stamp_triggers.py).
"""

from __future__ import annotations

import secrets

from django.core.cache import caches

STAMP_LIMIT = 2**53 - 1  # random in [0, 2**53): a repeat is as likely as no matter


def new_choices_stamp() -> int:
    return secrets.randbelow(STAMP_LIMIT)


def remember(key: str, compute):
    """Each web process's own memory (settings.CACHES["choices"]): an entry is good for
    as long as its stamp is current, and a process that never saw it makes it again."""
    return caches["choices"].get_or_set(key, compute)
