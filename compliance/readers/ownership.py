"""Ownership tables (CSV, XLSX, JSON) → OwnershipLink records (or Rejected rows, never silence).

Columns: `owner`, `owned`, `percent` (0–100; empty = unknown stake), and optionally
`owner_country`, `owned_country` (ISO-2), `source`, `as_of`. Owners and owned
entities are named by the parties file's `id` or by name. A stake is never guessed: a
cell that is not a percentage rejects the row, and the report says so.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path
from typing import Iterator

from compliance.model.errors import InputError
from compliance.readers.columns import find_columns
from compliance.readers.tables import read_cell_rows
from compliance.readers.values import FieldError, country_code
from compliance.model.records import OwnershipLink, Rejected

#: canonical field → accepted header spellings (compared after normalize_header).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "owner": ("owner", "shareholder", "holder", "parent", "owner id", "owner name"),
    "owned": ("owned", "subsidiary", "entity", "owned id", "owned name", "company"),
    "percent": ("percent", "percentage", "share", "stake", "ownership", "ownership percent", "pct", "equity"),
    "owner_country": ("owner country", "shareholder country", "parent country"),
    "owned_country": ("owned country", "subsidiary country", "entity country", "country"),
    "source": ("source", "evidence"),
    "as_of": ("as of", "as at", "date"),
}
REQUIRED = ("owner", "owned", "percent")


def _column_map(headers: list[str], file: str) -> dict[str, str]:
    mapping = find_columns(headers, COLUMN_ALIASES)
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise InputError(
            f"required column(s) missing: {', '.join(missing)} (expected owner, owned, percent)", file=file, line=1
        )
    return mapping


def parse_percent(text: str) -> Decimal | None:
    """`50`, `50 %`, `50.5%`, `0,5` (decimal comma) → Decimal; empty → None (unknown)."""
    try:
        value = Decimal(text)  # fast path: a plain number
    except InvalidOperation:
        cleaned = text.strip().rstrip("%").strip().replace(",", ".")
        if not cleaned:
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise FieldError("percent", f"not a percentage: {text!r} (0–100, empty = unknown)") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise FieldError("percent", f"percentage out of range: {text!r} (0–100)")
    return value


def _country(text: str, field: str) -> str | None:
    return country_code(text, field) if text.strip() else None


class OwnershipRows:
    """The links of an ownership table, streamed (a million-row table need not sit in memory twice).

    Iterate once; afterwards `rejected` holds the rows that could not be read and `read`
    counts every data row. CSV, XLSX and JSON tables are read by readers.tabular.
    """

    def __init__(self, path: str | Path, display_name: str | None = None, sheet: str | None = None):
        shown = display_name or str(path)
        headers, self._rows, self.file = read_cell_rows(path, shown, sheet)
        self.columns = _column_map(headers, shown)
        self._headers = headers
        self.rejected: list[Rejected] = []
        self.read = 0

    def __iter__(self) -> Iterator[OwnershipLink]:
        return self._read(OwnershipLink)

    def stakes(self) -> Iterator[tuple[int, str, str, Decimal | None, str | None, str | None]]:
        """The links as plain tuples (row, owner, owned, percent, owner country, owned country),
        what parties.ownership.stake_graph reads: a million-link table is not a million records."""
        return self._read(None)

    def _read(self, link: type[OwnershipLink] | None) -> Iterator:
        file, rejected = self.file, self.rejected
        columns = self.columns
        fields = tuple(columns.get(name) for name in _FIELDS)
        # A full-width CSV row is a list in header order; an absent column reads the ""
        # appended after its last cell (an empty cell: no country, no source).
        position = {header: i for i, header in enumerate(self._headers)}
        cells_of = itemgetter(*(position[h] if h is not None else len(position) for h in fields))
        # The same few stakes and countries recur: check (and store) each distinct cell once.
        percents: dict[str, Decimal | None] = {}
        owner_countries: dict[str, str | None] = {}
        owned_countries: dict[str, str | None] = {}

        for line, cells, row in self._rows:
            self.read += 1
            try:
                if cells is not None:
                    cells.append("")
                    owner, owned, text, owner_country, owned_country, source, as_of = cells_of(cells)
                else:
                    owner, owned, text, owner_country, owned_country, source, as_of = _row_values(row, fields)
                if not owner:
                    raise FieldError("owner", "empty owner")
                if not owned:
                    raise FieldError("owned", "empty owned entity")
                if owner == owned or owner.casefold() == owned.casefold():
                    raise FieldError("owned", f"{owner!r} cannot own itself")
                percent = percents.get(text, _MISSING)
                if percent is _MISSING:
                    percent = percents[text] = parse_percent(text)
                if owner_country:
                    code = owner_countries.get(owner_country, _MISSING)
                    if code is _MISSING:
                        code = owner_countries[owner_country] = _country(owner_country, "owner_country")
                    owner_country = code
                if owned_country:
                    code = owned_countries.get(owned_country, _MISSING)
                    if code is _MISSING:
                        code = owned_countries[owned_country] = _country(owned_country, "owned_country")
                    owned_country = code
                if link is None:
                    yield line, owner, owned, percent, owner_country or None, owned_country or None
                else:
                    yield link(file, line, owner, owned, percent, owner_country or None, owned_country or None,  # type: ignore[arg-type]
                               source or None, as_of or None)
            except FieldError as exc:
                rejected.append(Rejected(file=file, row=line, field=exc.field, reason=str(exc)))


#: The columns a link is read from, in the order `__iter__` unpacks them.
_FIELDS = ("owner", "owned", "percent", "owner_country", "owned_country", "source", "as_of")


def _row_values(row, fields: tuple[str | None, ...]) -> tuple[str, ...]:
    """The cells of a SourceRow (XLSX, JSON, a ragged CSV row) in the order of _FIELDS."""
    if row.extra and any(c.strip() for c in row.extra):
        raise FieldError("(row)", f"{len(row.extra)} more cell(s) than the header has columns")
    return tuple(row.cells.get(h, "") if h is not None else "" for h in fields)


_MISSING = object()


def read_ownership(path: str | Path, display_name: str | None = None, sheet: str | None = None) -> tuple[list[OwnershipLink], list[Rejected], int]:
    """Read an ownership table. Returns (links, rejected rows, rows read)."""
    table = OwnershipRows(path, display_name, sheet)
    links = list(table)
    return links, table.rejected, table.read
