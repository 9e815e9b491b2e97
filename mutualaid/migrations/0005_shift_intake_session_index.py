"""The index of Shift.intake_session, built without locking the shifts table on
PostgreSQL (SQLite, the embedded default, has no concurrent builds: a plain one)."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(
            self, app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(
            self, app_label, schema_editor, from_state, to_state
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mutualaid", "0004_shift_intake_session"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="shift",
            index=models.Index(
                condition=models.Q(("intake_session__isnull", False)),
                fields=["intake_session"],
                name="shift_intake_session_idx",
            ),
        ),
    ]
