"""Skills get a name per language; the shipped skills get their Spanish name."""

from django.db import migrations, models

# The shipped skills (members.models.people.DEFAULT_SKILLS) in Spanish, frozen here so
# the migration means the same whatever the catalog says later.
SPANISH = {
    "Driving": "Manejar",
    "Cooking": "Cocinar",
    "Spanish interpreting": "Interpretación al español",
    "First aid": "Primeros auxilios",
    "Childcare": "Cuidado de niños",
    "Lifting": "Cargar cosas pesadas",
}


def fill_spanish(apps, schema_editor):
    Skill = apps.get_model("members", "Skill")
    for skill in Skill.objects.filter(name__in=SPANISH):
        if not skill.names.get("es"):
            skill.names = {**skill.names, "es": SPANISH[skill.name]}
            skill.save(update_fields=["names"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_notification_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="names",
            field=models.JSONField(
                blank=True, default=dict, db_default={}, verbose_name="name in other languages"
            ),
        ),
        migrations.RunPython(fill_spanish, migrations.RunPython.noop, elidable=True),
    ]
