"""The two layouts a list is imported from, read row by row from an open CSV file.

- `csl`: the US Consolidated Screening List's CSV download. Columns are found by their header
  (the download has changed their order over the years): `_id` (or, in older downloads,
  `entity_number`) names the entry, `name`, `alt_names` (`; `-separated), `type` (Individual,
  Entity, Vessel, Aircraft), `programs` (`; `), `source` (the list it comes from, such as the
  Entity List), `addresses` (`; `-separated, each ending with its country code),
  `nationalities` and `citizenships` (`; `), `remarks`. Every other column is left aside.
- `csv`: Sojourn's own layout for an authority's or an organisation's list (docs/screening.md):
  `entry_id`, `name`, and optionally `aliases` (`;`), `kind` (person, organisation, vessel,
  aircraft, other), `countries` (ISO codes, `;`), `programmes` (`;`), `remarks`.

A row that cannot be read raises `BadRow` naming its line (the first line of the record, as a
text editor counts them, the header being line 1) and its column.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TextIO

from sojourn.policy import is_country
from sojourn.screening.models import EntryKind, ListFormat

NAME_MAX = 500


class BadRow(ValueError):
    def __init__(self, line: int, column: str, message: str) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Entry:
    """A party as a list's row gives it."""

    entry_id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = EntryKind.OTHER
    countries: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    source: str = ""
    addresses: str = ""
    remarks: str = ""

    @property
    def fingerprint(self) -> str:
        """A digest of what the entry says: the same entry unchanged has the same one."""
        said = [self.name, self.aliases, self.kind, self.countries, self.programmes, self.source]
        return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()


Row = Mapping[str, str]
Reader = Callable[[Row, int], Entry]


def entries(text: TextIO, format: str) -> Iterator[tuple[int, Entry]]:
    """Each row's first line and the entry it holds, one at a time (the file is never read
    whole). An entry id given twice is a bad row."""
    rows = csv.DictReader(text)
    header = list(rows.fieldnames or [])
    read = _READERS[ListFormat(format)](header)
    seen: set[str] = set()
    line = rows.line_num  # the header's last line
    for row in rows:
        entry = read(row, line + 1)
        id_column = "_id" if format == ListFormat.CSL else "entry_id"
        if entry.entry_id in seen:
            raise BadRow(line + 1, id_column, f"the entry {entry.entry_id!r} is given twice")
        seen.add(entry.entry_id)
        yield line + 1, entry
        line = rows.line_num


def _require(header: list[str], *columns: str) -> None:
    for column in columns:
        if column not in header:
            raise BadRow(1, column, "this column is missing from the header")


def _cell(row: Row, column: str) -> str:
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _split(value: str, separator: str = ";") -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(separator) if part.strip())


def _name(row: Row, column: str, line: int) -> str:
    name = " ".join(_cell(row, column).split())
    if not name:
        raise BadRow(line, column, "the name is empty")
    if len(name) > NAME_MAX:
        raise BadRow(line, column, f"the name is longer than {NAME_MAX} characters")
    return name


# The CSL layout ------------------------------------------------------------------------------

CSL_KINDS = {
    "individual": EntryKind.PERSON,
    "entity": EntryKind.ORGANISATION,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
}


def _csl(header: list[str]) -> Reader:
    _require(header, "name", "alt_names", "type", "source", "programs", "addresses")
    id_column = "_id" if "_id" in header else "entity_number"
    _require(header, id_column)

    def read(row: Row, line: int) -> Entry:
        entry_id = _cell(row, id_column)
        if not entry_id:
            raise BadRow(line, id_column, "the entry has no id")
        addresses = _split(_cell(row, "addresses"))
        return Entry(
            entry_id=entry_id,
            name=_name(row, "name", line),
            aliases=tuple(" ".join(a.split()) for a in _split(_cell(row, "alt_names"))),
            kind=CSL_KINDS.get(_cell(row, "type").lower(), EntryKind.OTHER),
            countries=_csl_countries(row, addresses),
            programmes=_split(_cell(row, "programs")),
            source=_cell(row, "source"),
            addresses="\n".join(addresses),
            remarks=_cell(row, "remarks"),
        )

    return read


def _csl_countries(row: Row, addresses: tuple[str, ...]) -> tuple[str, ...]:
    """The country codes an entry is tied to: each address's last part, its nationalities and
    citizenships, where they are ISO codes (the download spells some out; those are left)."""
    found = [address.rsplit(",", 1)[-1].strip() for address in addresses]
    found += _split(_cell(row, "nationalities")) + _split(_cell(row, "citizenships"))
    return tuple(sorted({code for code in found if len(code) == 2 and is_country(code)}))


# Sojourn's own layout ------------------------------------------------------------------------


def _plain(header: list[str]) -> Reader:
    _require(header, "entry_id", "name")

    def read(row: Row, line: int) -> Entry:
        entry_id = _cell(row, "entry_id")
        if not entry_id:
            raise BadRow(line, "entry_id", "the entry has no id")
        return Entry(
            entry_id=entry_id,
            name=_name(row, "name", line),
            aliases=tuple(" ".join(a.split()) for a in _split(_cell(row, "aliases"))),
            kind=_kind(row, line),
            countries=_countries(row, line),
            programmes=_split(_cell(row, "programmes")),
            remarks=_cell(row, "remarks"),
        )

    return read


def _kind(row: Row, line: int) -> str:
    kind = _cell(row, "kind").lower() or EntryKind.OTHER
    if kind not in EntryKind.values:
        raise BadRow(line, "kind", f"{kind!r} is none of {', '.join(EntryKind.values)}")
    return kind


def _countries(row: Row, line: int) -> tuple[str, ...]:
    codes = tuple(code.upper() for code in _split(_cell(row, "countries")))
    for code in codes:
        if not is_country(code):
            raise BadRow(line, "countries", f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return codes


_READERS: dict[ListFormat, Callable[[list[str]], Reader]] = {
    ListFormat.CSL: _csl,
    ListFormat.CSV: _plain,
}
