"""Each neighborhood's choices stamp, kept by the database, and a cache keyed on it.

Pages read the same few lists on every request: a neighborhood's need categories (the
needs board's filter, the intake form's toggles) and who can own a follow-up (the intake
form). They change a few times a year and are read thousands of times a Saturday, so a
web process keeps what it made of them (``Neighborhood.remember``) under a key holding
``Neighborhood.choices_stamp``. That stamp comes free with the neighborhood, which
every neighborhood page reads anyway (with the person's roles, see members.access).

Triggers give it a new random value whenever a need category, a membership, or the name, email
or active flag of a member changes: in the database, so that every way of changing
them (forms, the admin, ``QuerySet.update``, ``bulk_create``, a shell, a migration)
counts. They are (re)installed after every ``migrate`` (``install_triggers``, connected
in members.apps): SQLite drops a table's triggers when a migration rebuilds the table.
"""

from __future__ import annotations

import secrets

from django.core.cache import caches
from django.db import connections

STAMP_LIMIT = 2**53 - 1  # random in [0, 2**53): a repeat is as likely as no matter


def new_choices_stamp() -> int:
    return secrets.randbelow(STAMP_LIMIT)


def remember(key: str, compute):
    """Each web process's own memory (settings.CACHES["choices"]): an entry is good for
    as long as its stamp is current, and a process that never saw it makes it again."""
    return caches["choices"].get_or_set(key, compute)


# A new stamp for the neighborhoods WHERE ...: random() is in [0, 1) on PostgreSQL,
# a signed 64-bit integer on SQLite.
NEW_STAMP = {
    "postgresql": f"floor(random() * {STAMP_LIMIT})::bigint",
    "sqlite": f"abs(random() % {STAMP_LIMIT})",
}

# Tables whose rows belong to one neighborhood (neighborhood_id) and shape its choices.
NEIGHBORHOOD_TABLES = ["members_membership", "mutualaid_needcategory"]
# A member's name and email label them in a choice; an inactive account drops out.
USER_COLUMNS = ["display_name", "email", "is_active"]


def _postgresql() -> list[str]:
    bump = f"UPDATE members_neighborhood SET choices_stamp = {NEW_STAMP['postgresql']}"
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in USER_COLUMNS)
    statements = [
        f"""CREATE OR REPLACE FUNCTION wcc_bump_choices_stamp() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                {bump} WHERE id = OLD.neighborhood_id;
            END IF;
            IF TG_OP = 'INSERT' OR NEW.neighborhood_id IS DISTINCT FROM OLD.neighborhood_id THEN
                {bump} WHERE id = NEW.neighborhood_id;
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION wcc_user_bumps_choices_stamp() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {bump} WHERE id IN (
                SELECT neighborhood_id FROM members_membership WHERE user_id = NEW.id);
            RETURN NULL;
        END $$""",
    ]
    for table in NEIGHBORHOOD_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_choices_stamp ON {table}",
            f"CREATE TRIGGER {table}_choices_stamp AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION wcc_bump_choices_stamp()",
        ]
    statements += [
        "DROP TRIGGER IF EXISTS members_user_choices_stamp ON members_user",
        "CREATE TRIGGER members_user_choices_stamp AFTER UPDATE ON members_user "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION wcc_user_bumps_choices_stamp()",
    ]
    return statements


def _sqlite() -> list[str]:
    bump = f"UPDATE members_neighborhood SET choices_stamp = {NEW_STAMP['sqlite']}"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in USER_COLUMNS)
    statements = []
    for table in NEIGHBORHOOD_TABLES:
        for event, ids in [
            ("INSERT", "NEW.neighborhood_id"),
            ("UPDATE", "OLD.neighborhood_id, NEW.neighborhood_id"),
            ("DELETE", "OLD.neighborhood_id"),
        ]:
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_choices_stamp "
                f"AFTER {event} ON {table} BEGIN {bump} WHERE id IN ({ids}); END"
            )
    statements.append(
        "CREATE TRIGGER IF NOT EXISTS members_user_choices_stamp AFTER UPDATE ON "
        f"members_user WHEN {changed} BEGIN {bump} WHERE id IN ("
        "SELECT neighborhood_id FROM members_membership WHERE user_id = NEW.id); END"
    )
    return statements


def install_triggers(using: str = "default", **kwargs) -> None:
    """Create (or replace) the triggers; runs after every ``migrate``."""
    db = connections[using]
    tables = set(db.introspection.table_names())
    if not {"members_neighborhood", "members_user", *NEIGHBORHOOD_TABLES} <= tables:
        return  # migrating part way (or backwards): the next full migrate installs them
    statements = {"postgresql": _postgresql, "sqlite": _sqlite}[db.vendor]()
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
