"""Members' spreadsheets: reading an uploaded CSV into checked rows, writing the directory.

Reading never echoes a cell's value into a problem message (messages are stored
and must hold no personal details); it names the line and what is wrong.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import registry
from .models import Role, phone_validator

# Header names people use, each mapped to our field (compared lower-case, trimmed).
COLUMNS = {
    "name": "name",
    "display name": "name",
    "full name": "name",
    "nombre": "name",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "correo": "email",
    "correo electrónico": "email",
    "phone": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "teléfono": "phone",
    "role": "role",
    "rol": "role",
    "skills": "skills",
    "habilidades": "skills",
    "languages": "languages",
    "idiomas": "languages",
    "availability": "availability",
    "disponibilidad": "availability",
}


def export_header() -> list[str]:
    """The export's column names in the reader's language: each one a name the import
    reads back (COLUMNS), so an exported file can be edited and uploaded again."""
    return [
        pgettext("spreadsheet column", "name"),
        pgettext("spreadsheet column", "email"),
        pgettext("spreadsheet column", "phone"),
        pgettext("spreadsheet column", "role"),
        pgettext("spreadsheet column", "status"),
        pgettext("spreadsheet column", "skills"),
        pgettext("spreadsheet column", "languages"),
        pgettext("spreadsheet column", "availability"),
    ]


ROLE_WORDS = {
    "": Role.MEMBER,
    "member": Role.MEMBER,
    "miembro": Role.MEMBER,
    "volunteer": Role.VOLUNTEER,
    "voluntario": Role.VOLUNTEER,
    "voluntaria": Role.VOLUNTEER,
    "coordinator": Role.COORDINATOR,
    "coordinador": Role.COORDINATOR,
    "coordinadora": Role.COORDINATOR,
}
MAX_ROWS = 5000
LIMITS = {"name": 80, "phone": 32, "languages": 200, "availability": 300, "skills": 500}


class FileProblem(ValueError):
    """The whole file cannot be read; the message says why, for the upload field."""


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")  # also drops a byte-order mark
    except UnicodeDecodeError as error:
        raise FileProblem(
            _(
                "This file is not in UTF-8. In your spreadsheet choose "
                "“Save as” or “Download” → “CSV UTF-8”, then upload it again."
            )
        ) from error
    if "\x00" in text:
        raise FileProblem(_("This does not look like a CSV file. Upload a .csv file."))
    return text


def _header(cells: list[str]) -> tuple[list[str | None], list[str]]:
    fields, ignored = [], []
    for cell in cells:
        name = COLUMNS.get(cell.strip().lower())
        if name is None or name in fields:
            ignored.append(cell.strip()[:40])
            name = None
        fields.append(name)
    if "name" not in fields or not ({"email", "phone"} & set(fields)):
        raise FileProblem(
            _(
                "The first line must name the columns, with at least “name” and "
                "“email” or “phone” (also possible: role, skills, languages, availability)."
            )
        )
    return fields, ignored


def _check_row(values: dict) -> tuple[dict, list[str]]:
    messages = []
    row = {key: " ".join((values.get(key) or "").split()) for key in COLUMNS.values()}
    row["email"] = row["email"].lower()
    if not row["name"]:
        messages.append(_("The name is missing."))
    if not row["email"] and not row["phone"]:
        messages.append(_("Give an email address or a phone number."))
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            messages.append(_("The email address is not valid."))
    if row["phone"]:
        try:
            phone_validator(row["phone"])
        except ValidationError:
            messages.append(_("The phone number is not valid (7 to 20 digits)."))
    role = ROLE_WORDS.get(row["role"].lower())
    if role is None:
        messages.append(
            _("The role must be member, volunteer or coordinator (or empty for member).")
        )
    row["role"] = role or Role.MEMBER
    for key, limit in LIMITS.items():
        if len(row[key]) > limit:
            messages.append(_("The %(column)s is too long.") % {"column": key})
    row["skills"] = sorted({s.strip()[:80] for s in row["skills"].split(";") if s.strip()})
    return row, messages


def _identity(row: dict) -> str:
    return f"email:{row['email']}" if row["email"] else f"phone:{_digits(row['phone'])}"


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def parse(data: bytes) -> ParsedFile:
    """Check every line of an uploaded members CSV; raise FileProblem if unreadable."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise FileProblem(_("The file is empty."))
        fields, ignored = _header(header)
        parsed = ParsedFile(ignored_columns=ignored)
        seen: dict[str, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) + len(parsed.problems) >= MAX_ROWS:
                raise FileProblem(
                    _("The file has more than %(count)s people. Split it into smaller files.")
                    % {"count": MAX_ROWS}
                )
            messages = []
            if len(cells) != len(fields):
                messages.append(
                    _("This line has %(cells)s cells; the first line has %(columns)s.")
                    % {"cells": len(cells), "columns": len(fields)}
                )
            values = {name: cell for name, cell in zip(fields, cells, strict=False) if name}
            row, row_messages = _check_row(values)
            messages += row_messages
            if not messages:
                identity = _identity(row)
                if identity in seen:
                    messages.append(
                        _("The same person as on line %(line)s.") % {"line": seen[identity]}
                    )
                seen.setdefault(identity, line)
            if messages:
                parsed.problems.append({"line": line, "messages": messages})
            else:
                parsed.rows.append({"line": line, **row})
    except csv.Error as error:
        raise FileProblem(
            _("The file could not be read as CSV near line %(line)s.") % {"line": reader.line_num}
        ) from error
    return parsed


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_directory(memberships, out, *, figures=()) -> None:
    """The directory as CSV; ``figures`` are the other apps' number columns (annotated
    on each membership, see ``members.registry.directory_figures``), after ours."""
    writer = csv.writer(out)
    labels = registry.directory_figures.labels  # the other apps' columns, in the reader's words
    writer.writerow([*export_header(), *(str(labels[name]) for name in figures)])
    for membership in memberships:
        user = membership.user
        writer.writerow(
            neutralize(value)
            for value in [
                user.display_name,
                user.email,
                user.phone,
                # The role's word in the reader's language, one the import reads back.
                membership.get_role_display(),
                membership.get_status_display(),
                "; ".join(skill.name for skill in membership.skills.all()),
                user.languages_spoken,
                user.availability,
                *(getattr(membership, name) for name in figures),
            ]
        )
