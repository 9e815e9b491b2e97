"""The meeting reminders' index and their one-per-meeting-person-and-offset constraint
(a partial unique index), built without locking the reminder ledger."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

UNIQUE = "one_meeting_reminder_per_person_offset"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mutualaid", "0012_meeting_reminders"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("meeting__isnull", False)),
                fields=["meeting"],
                name="reminder_meeting_idx",
            ),
        ),
        # What Django would write for this UniqueConstraint, but CONCURRENTLY.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {UNIQUE} "
                    "ON mutualaid_reminder (meeting_id, user_id, offset_minutes) "
                    "WHERE kind = 'meeting'",
                    reverse_sql=f"DROP INDEX CONCURRENTLY IF EXISTS {UNIQUE}",
                )
            ],
            state_operations=[
                migrations.AddConstraint(
                    model_name="reminder",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("kind", "meeting")),
                        fields=("meeting", "user", "offset_minutes"),
                        name=UNIQUE,
                    ),
                )
            ],
        ),
    ]
