"""Close-out outputs: geometry for the inline SVG charts (no JS) and the CSV export."""

from __future__ import annotations

from defusedcsv import csv
from django.utils import formats, timezone
from django.utils.translation import gettext as _

BAR_HEIGHT, GAP, WIDTH, LABEL = 28, 8, 400, 150


def bars(items: list[tuple[str, int]]) -> dict:
    """Horizontal bars, one per (label, count), scaled to the largest."""
    top = max((count for _label, count in items), default=0) or 1
    rows = [
        {
            "label": label,
            "count": count,
            "y": i * (BAR_HEIGHT + GAP),
            "text_y": i * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
            "width": round((WIDTH - LABEL - 40) * count / top, 1),
            "end_x": LABEL + round((WIDTH - LABEL - 40) * count / top, 1) + 6,
        }
        for i, (label, count) in enumerate(items)
    ]
    return {"rows": rows, "height": max(len(rows), 1) * (BAR_HEIGHT + GAP), "label_x": LABEL}


def columns(items: list[tuple[object, int]], height: int = 160, label_format: str = "") -> dict:
    """Vertical columns over time: people served per session (and, with month labels,
    governance's "our neighborhood in numbers")."""
    top = max((count for _date, count in items), default=0) or 1
    step = WIDTH / max(len(items), 1)
    cols = []
    for i, (date, count) in enumerate(items):
        h = round((height - 40) * count / top, 1)
        cols.append(
            {
                # Every other date, and the latest: twelve labels would overlap on a phone.
                "label": formats.date_format(date, label_format or _("M j"))
                if (len(items) - 1 - i) % 2 == 0
                else "",
                "count": count,
                "x": round(i * step + 4, 1),
                "center": round(i * step + step / 2, 1),
                "width": round(step - 8, 1),
                "y": round(height - 20 - h, 1),
                "height": h,
            }
        )
    return {"cols": cols, "height": height, "base_y": height - 4, "width": WIDTH}


def write_csv(out, visits) -> None:
    """One row per visit; defusedcsv neutralizes cells starting with = + - @."""
    writer = csv.writer(out)
    writer.writerow(
        [
            _("date"),
            _("time"),
            _("first name"),
            _("last name"),
            _("household size"),
            _("languages"),
            _("first visit"),
            _("needs"),
            _("shared on the board"),
            _("follow-up"),
            _("follow-up owner"),
            _("follow-up due"),
            _("logged by"),
        ]
    )
    for visit in visits:
        needs = list(visit.visit_needs.all())
        writer.writerow(
            [
                visit.session.date.isoformat(),
                formats.date_format(timezone.localtime(visit.created_at), "H:i"),
                visit.visitor.first_name,
                visit.visitor.last_name,
                visit.visitor.household_size or "",
                visit.visitor.languages,
                _("yes") if visit.is_first_visit else _("no"),
                "; ".join(str(vn.category.label) for vn in needs),
                "; ".join(str(vn.category.label) for vn in needs if vn.request_id),
                visit.follow_up,
                str(visit.follow_up_owner or ""),
                visit.follow_up_due or "",
                str(visit.logged_by or ""),
            ]
        )
