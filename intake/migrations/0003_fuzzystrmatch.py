from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    """levenshtein_less_equal for the returning-visitor search (issue 15, item 6)."""

    dependencies = [("intake", "0002_visit_version")]

    operations = [CreateExtension("fuzzystrmatch")]
