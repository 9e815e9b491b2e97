"""Need categories and shift roles get a name per language; the default categories
get their Spanish name."""

from django.db import migrations, models

# The default categories (mutualaid.models.needs.DEFAULT_NEED_CATEGORIES) by slug:
# (English name, Spanish name), frozen here so the migration means the same whatever
# the catalog says later. Only a category still under its English default name gets
# the Spanish one: a renamed category's Spanish name is the neighborhood's to write.
DEFAULTS = {
    "groceries": ("Groceries", "Alimentos"),
    "hot-meals": ("Hot meals", "Comidas calientes"),
    "rent-and-bills": ("Rent and bills", "Alquiler y facturas"),
    "housing": ("Housing", "Vivienda"),
    "medical": ("Medical", "Atención médica"),
    "medicine-pickup": ("Medicine pickup", "Recoger medicinas"),
    "childcare": ("Childcare", "Cuidado de niños"),
    "transportation": ("Transportation", "Transporte"),
    "legal-and-immigration": ("Legal and immigration help", "Ayuda legal y migratoria"),
    "translation": ("Translation", "Traducción"),
    "clothing": ("Clothing", "Ropa"),
    "household-items": ("Household items", "Artículos para el hogar"),
    "other": ("Other", "Otro"),
}


def fill_spanish(apps, schema_editor):
    NeedCategory = apps.get_model("mutualaid", "NeedCategory")
    for category in NeedCategory.objects.filter(slug__in=DEFAULTS):
        english, spanish = DEFAULTS[category.slug]
        if category.name == english and not category.names.get("es"):
            category.names = {**category.names, "es": spanish}
            category.save(update_fields=["names"])


class Migration(migrations.Migration):
    dependencies = [
        ("mutualaid", "0010_shift_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="needcategory",
            name="names",
            field=models.JSONField(
                blank=True, default=dict, db_default={}, verbose_name="name in other languages"
            ),
        ),
        migrations.AddField(
            model_name="shift",
            name="role_names",
            field=models.JSONField(
                blank=True, default=dict, db_default={}, verbose_name="role in other languages"
            ),
        ),
        migrations.AddField(
            model_name="shiftseries",
            name="role_names",
            field=models.JSONField(
                blank=True, default=dict, db_default={}, verbose_name="role in other languages"
            ),
        ),
        migrations.RunPython(fill_spanish, migrations.RunPython.noop, elidable=True),
    ]
