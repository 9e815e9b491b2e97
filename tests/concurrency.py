"""Run one function for several people at the same instant, each on its own connection.

The races the product must survive (a claim, a sign-up, opening the table) are tested
with real threads and real PostgreSQL connections; this is the one harness they share.
"""

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection


def run_at_once(work: Callable[[Any], Any], people: Iterable[Any]) -> tuple[list, list]:
    """Call ``work(person)`` for every person at once; return (results, errors)."""
    people = list(people)
    start = threading.Barrier(len(people))
    results, errors = [], []

    def run(person):
        try:
            start.wait()
            results.append(work(person))
        except Exception as error:  # the caller asserts on errors
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
