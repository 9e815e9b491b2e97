"""The index of Proposal.meeting, built without locking the proposals table."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("governance", "0004_agenda_item_version"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="proposal",
            index=models.Index(
                condition=models.Q(("meeting__isnull", False)),
                fields=["meeting"],
                name="proposal_meeting_idx",
            ),
        ),
    ]
