"""What the bench scripts share: their database and the neighborhoods they seed into.

``bench/needs.py`` and ``bench/intake.py`` each seed their own database, and
``bench/city.py`` seeds all of it into one; so every seeder takes the bench
neighborhoods from here, which creates them only once.
"""

from __future__ import annotations


def ensure_database(url: str, *, drop: bool = False) -> None:
    """Create the database named by ``url`` if it is missing (dropped first with drop)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if drop and exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_neighborhoods(count: int) -> list:
    """Neighborhoods bench-00, bench-01, ... with the default need categories."""
    from members.models import Neighborhood
    from mutualaid.models import NeedCategory

    slugs = [f"bench-{n:02}" for n in range(count)]
    existing = {n.slug: n for n in Neighborhood.objects.filter(slug__in=slugs)}
    Neighborhood.objects.bulk_create(
        Neighborhood(name=f"Bench {slug[-2:]}", slug=slug) for slug in slugs if slug not in existing
    )
    by_slug = Neighborhood.objects.in_bulk(slugs, field_name="slug")
    for neighborhood in by_slug.values():
        NeedCategory.ensure_defaults(neighborhood)
    return [by_slug[slug] for slug in slugs]
