"""Reading a cohort's CSV file of trainees (email, full name, profession), as plain data.

Whatever is wrong with the file is said plainly: a problem with the whole file (not UTF-8
text, too large, too many rows, the wrong columns) raises CsvFileError; a problem with one
row (a bad or repeated email address, a cell a spreadsheet would run as a formula, an
unknown profession) is kept on that row as its reasons. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cms.users.models import Profession
from courses.learning.spreadsheet_cells import FORMULA_STARTS

MAX_BYTES = 1_000_000
MAX_ROWS = 500
FULL_NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
# Spreadsheets run a cell that starts with one of these as a formula (OWASP's CSV injection).

COLUMNS = {
    "email": "email",
    "email address": "email",
    "e mail": "email",
    "full name": "full_name",
    "name": "full_name",
    "profession": "profession",
}
REQUIRED = ("email", "full_name", "profession")
HEADINGS = {"email": "email", "full_name": "full name", "profession": "profession"}


class CsvFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass
class CsvRow:
    line: int  # the row's line in the file (the header is line 1)
    email: str = ""
    full_name: str = ""
    profession: str = ""  # the profession's stored value, once recognised
    profession_given: str = ""  # as written in the file
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


@dataclass
class CsvContent:
    rows: list[CsvRow]
    ignored_columns: list[str]


def decode(data: bytes) -> str:
    """The file's text. Raises CsvFileError for a file that is too large, empty, or not
    UTF-8 text."""
    if len(data) > MAX_BYTES:
        raise CsvFileError(
            f"The file is {len(data) / 1_000_000:.1f} MB; the limit is "
            f"{MAX_BYTES // 1_000_000} MB. Split it into smaller files."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). In your "
            "spreadsheet, save it as “CSV UTF-8” and upload that file."
        ) from error
    if "\x00" in text:
        raise CsvFileError("The file holds binary data: upload a CSV text file.")
    if not text.strip():
        raise CsvFileError("The file is empty.")
    return text


def read(text: str) -> CsvContent:
    """The rows of a cohort's CSV `text`, each checked on its own (duplicates too)."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), _dialect(text)))
    except csv.Error as error:
        raise CsvFileError(f"The file could not be read as CSV: {error}.") from error
    records = [(number, record) for number, record in enumerate(records, 1) if any(record)]
    if not records:
        raise CsvFileError("The file is empty.")
    (_, header), body = records[0], records[1:]
    columns, ignored = _columns(header)
    if not body:
        raise CsvFileError("The file has a header row but no trainees under it.")
    if len(body) > MAX_ROWS:
        raise CsvFileError(
            f"The file has {len(body):,} rows; at most {MAX_ROWS} can be imported at once. "
            "Split it into smaller files and import each."
        )
    rows, first_seen = [], {}
    for number, record in body:
        row = _row(number, record, columns, len(header))
        key = row.email.casefold()
        if row.email and key in first_seen:
            row.problems.append(f"The same address as line {first_seen[key]}.")
        elif row.email:
            first_seen[key] = number
        rows.append(row)
    return CsvContent(rows, ignored)


def _dialect(text: str):
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _normalise(heading: str) -> str:
    cleaned = heading.strip().strip("\ufeff").casefold().replace("_", " ").replace("-", " ")
    return " ".join(cleaned.split())


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored = []
    for index, heading in enumerate(header):
        name = COLUMNS.get(_normalise(heading))
        if name is None:
            if heading.strip():
                ignored.append(heading.strip())
            continue
        if name in columns:
            raise CsvFileError(f"The column “{HEADINGS[name]}” appears twice in the first row.")
        columns[name] = index
    missing = [HEADINGS[name] for name in REQUIRED if name not in columns]
    if missing:
        found = ", ".join(f"“{h.strip()}”" for h in header if h.strip()) or "nothing"
        raise CsvFileError(
            "The first row must name the columns email, full name and profession (in any "
            f"order). It has {found}; missing: {', '.join(missing)}."
        )
    return columns, ignored


def _row(number: int, record: list[str], columns: dict[str, int], width: int) -> CsvRow:
    row = CsvRow(number)
    if len(record) != width:
        row.problems.append(f"This row has {len(record)} cells; the first row has {width}.")

    def cell(name):
        index = columns[name]
        return record[index] if index < len(record) else ""

    raw = {name: cell(name) for name in REQUIRED}
    for name, value in raw.items():
        if value.startswith(FORMULA_STARTS):
            row.problems.append(
                f"The {HEADINGS[name]} starts with “{value[:1].strip() or 'a tab'}”, which "
                "spreadsheets run as a formula: correct the cell."
            )
    row.email = raw["email"].strip()
    row.full_name = " ".join(raw["full_name"].split())
    row.profession_given = raw["profession"].strip()
    _check_email(row)
    _check_name(row)
    _check_profession(row)
    return row


def _check_email(row: CsvRow):
    if not row.email:
        row.problems.append("The email address is missing.")
        return
    try:
        if len(row.email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(row.email)
    except ValidationError:
        row.problems.append(f"“{row.email[:80]}” is not an email address.")


def _check_name(row: CsvRow):
    if any(unicodedata.category(character) == "Cc" for character in row.full_name):
        row.problems.append("The full name holds control characters.")
    if len(row.full_name) > FULL_NAME_MAX_LENGTH:
        row.problems.append(f"The full name is longer than {FULL_NAME_MAX_LENGTH} characters.")


def _check_profession(row: CsvRow):
    given = row.profession_given.casefold()
    for value, label in Profession.choices:
        if given in (value.casefold(), str(label).casefold()):
            row.profession = value
            return
    if given:
        known = ", ".join(str(label) for _value, label in Profession.choices)
        row.problems.append(f"“{row.profession_given[:60]}” is not a profession here ({known}).")
