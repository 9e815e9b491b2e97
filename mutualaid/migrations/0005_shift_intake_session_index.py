"""The index of Shift.intake_session, built without locking the shifts table."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mutualaid", "0004_shift_intake_session"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="shift",
            index=models.Index(
                condition=models.Q(("intake_session__isnull", False)),
                fields=["intake_session"],
                name="shift_intake_session_idx",
            ),
        ),
    ]
