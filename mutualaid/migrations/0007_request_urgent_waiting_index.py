"""The partial index of triage's urgent list (urgent needs still open or claimed, by
neighborhood and age), built without locking the needs table on PostgreSQL (SQLite,
the embedded default, has no concurrent builds: a plain one)."""

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
        ("mutualaid", "0006_needcategory_order_without_join"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="resourcerequest",
            index=models.Index(
                condition=models.Q(("status__in", ["open", "claimed"]), ("urgency", "urgent")),
                fields=["neighborhood", "created_at"],
                name="request_urgent_waiting_idx",
            ),
        ),
    ]
