"""The partial index of triage's urgent list (urgent needs still open or claimed, by
neighborhood and age), built without locking the needs table."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mutualaid", "0006_needcategory_order_without_join"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="resourcerequest",
            index=models.Index(
                condition=models.Q(("status__in", ["open", "claimed"]), ("urgency", "urgent")),
                fields=["neighborhood", "created_at"],
                name="request_urgent_waiting_idx",
            ),
        ),
    ]
