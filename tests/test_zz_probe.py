from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_probe(member_client, world):
    member_client.get(f"/n/{world.own.slug}/")
    with CaptureQueriesContext(connection) as ctx:
        r = member_client.get(f"/n/{world.own.slug}/")
    print(r.status_code)
    for q in ctx.captured_queries:
        print("Q:", q["sql"][:300])
