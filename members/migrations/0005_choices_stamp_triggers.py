"""The triggers that give a neighborhood a new ``choices_stamp`` whenever a need
category, a membership, or a member's name, email or active flag changes (see
members/choices.py). Earlier they were (re)installed after every ``migrate``; the
statements are idempotent, so databases that already have them are simply
brought under this migration."""

from django.db import migrations

BUMP = "UPDATE members_neighborhood SET choices_stamp = floor(random() * 9007199254740991)::bigint"

FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION wcc_bump_choices_stamp() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            {BUMP} WHERE id = OLD.neighborhood_id;
        END IF;
        IF TG_OP = 'INSERT' OR NEW.neighborhood_id IS DISTINCT FROM OLD.neighborhood_id THEN
            {BUMP} WHERE id = NEW.neighborhood_id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION wcc_user_bumps_choices_stamp() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {BUMP} WHERE id IN (
            SELECT neighborhood_id FROM members_membership WHERE user_id = NEW.id);
        RETURN NULL;
    END $$""",
]

TRIGGERS = [
    "DROP TRIGGER IF EXISTS members_membership_choices_stamp ON members_membership",
    "CREATE TRIGGER members_membership_choices_stamp AFTER INSERT OR UPDATE OR DELETE "
    "ON members_membership FOR EACH ROW EXECUTE FUNCTION wcc_bump_choices_stamp()",
    "DROP TRIGGER IF EXISTS mutualaid_needcategory_choices_stamp ON mutualaid_needcategory",
    "CREATE TRIGGER mutualaid_needcategory_choices_stamp AFTER INSERT OR UPDATE OR DELETE "
    "ON mutualaid_needcategory FOR EACH ROW EXECUTE FUNCTION wcc_bump_choices_stamp()",
    "DROP TRIGGER IF EXISTS members_user_choices_stamp ON members_user",
    "CREATE TRIGGER members_user_choices_stamp AFTER UPDATE ON members_user FOR EACH ROW "
    "WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name "
    "OR OLD.email IS DISTINCT FROM NEW.email "
    "OR OLD.is_active IS DISTINCT FROM NEW.is_active) "
    "EXECUTE FUNCTION wcc_user_bumps_choices_stamp()",
]

DROP = [
    "DROP TRIGGER IF EXISTS members_membership_choices_stamp ON members_membership",
    "DROP TRIGGER IF EXISTS mutualaid_needcategory_choices_stamp ON mutualaid_needcategory",
    "DROP TRIGGER IF EXISTS members_user_choices_stamp ON members_user",
    "DROP FUNCTION IF EXISTS wcc_bump_choices_stamp()",
    "DROP FUNCTION IF EXISTS wcc_user_bumps_choices_stamp()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_neighborhood_choices_stamp"),
        ("mutualaid", "0001_needs"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS + TRIGGERS, reverse_sql=DROP)]
