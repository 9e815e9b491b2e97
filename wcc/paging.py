"""Keyset pages of newest-first lists (the needs board, a session's visits).

A page link names the last row shown by its creation time and id ("µs-id"), and the
next page is the rows older than that: it costs the same at the thousandth page as at
the first (an OFFSET would read every row before it), and a row added meanwhile does
not shift the pages under the reader's thumb.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.db import models

_CURSOR = re.compile(r"^(\d{1,18})-(\d{1,18})$")

Cursor = tuple[datetime, int]


def encode_cursor(row) -> str:
    """Where the next page starts: the last row's creation time (µs since epoch) and id."""
    micros = int(row.created_at.timestamp() * 1_000_000)
    return f"{micros}-{row.pk}"


def decode_cursor(value: str) -> Cursor | None:
    """The (time, id) an ``encode_cursor`` string names; None for anything else."""
    match = _CURSOR.match(value or "")
    if not match:
        return None
    micros, pk = (int(part) for part in match.groups())
    try:
        return datetime.fromtimestamp(micros / 1_000_000, tz=UTC), pk
    except (OverflowError, OSError, ValueError):
        return None


def older_than(queryset: models.QuerySet, cursor: Cursor) -> models.QuerySet:
    """The rows after the cursor's in newest-first order (``-created_at, -pk``)."""
    created_at, pk = cursor
    return queryset.filter(
        models.Q(created_at__lt=created_at) | models.Q(created_at=created_at, pk__lt=pk)
    )
