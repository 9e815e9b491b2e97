"""The triage tables' rows: each need's public summary (shortened, escaped) as a link to
its page, an urgent tag, the category, the status and the age, in the reader's language."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import NeedCategoryFactory, NeedFactory, claimed_need

pytestmark = pytest.mark.django_db

AGES = [(0, "urgent"), (1, "normal"), (3, "low"), (20, "urgent"), (30, "normal")]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_rows_link_each_need_escaped_and_shortened(coordinator_client, world, language):
    now = timezone.now()
    renamed = NeedCategoryFactory(neighborhood=world.own, slug="groceries", name="Food <&> 'co'")
    other = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    needs = [
        NeedFactory(
            neighborhood=world.own,
            urgency=urgency,
            category=renamed if days % 2 else other,
            created_at=now - timedelta(days=days, hours=2),
            public_summary=f'Soup & bread for "Ana" <script>x</script> {days}' + "-" * days * 3,
        )
        for days, urgency in AGES
    ]
    claimed_need(world.member, neighborhood=world.own, urgency="urgent")
    world.coordinator.preferred_language = language
    world.coordinator.save(update_fields=["preferred_language"])
    url = reverse("needs_triage", kwargs={"slug": world.own.slug})
    page = coordinator_client.get(url, headers={"accept-language": language}).content.decode()
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert "…" in page  # the summaries over 80 characters are shortened
    assert "Food &lt;&amp;&gt; &#x27;co&#x27;" in page
    for need in needs:
        manage = reverse("needs_manage", kwargs={"slug": world.own.slug, "pk": need.pk})
        assert f'href="{manage}"' in page
    if language == "es":
        assert "Urgente" in page and "Comidas calientes" in page and "tomada" in page
    else:
        assert "Urgent" in page and "Hot meals" in page and "claimed" in page
