"""Shifts that staff the intake table, and their link to an intake session (issue 5)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("members", "0003_joining_data_rights_and_accounts"),
        ("mutualaid", "0003_shifts"),
    ]

    operations = [
        migrations.AddField(
            model_name="shift",
            name="intake_session",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="shifts",
                to="intake.intakesession",
                verbose_name="intake session",
            ),
        ),
        migrations.AddField(
            model_name="shift",
            name="is_intake_table",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="staffs the intake table"
            ),
        ),
        migrations.AddField(
            model_name="shiftseries",
            name="is_intake_table",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="staffs the intake table"
            ),
        ),
    ]
