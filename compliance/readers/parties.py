"""Counterparty files → Party records (or Rejected rows, never silence).

Columns (headers compared case- and punctuation-insensitively; aliases accepted):
`name` (required), `country` (ISO-2 or a country name), `address`, `id` (the user's own
reference), `role`, `aliases` (`;`-separated), `identifiers` (`;`-separated).
CSV, XLSX and JSON tables are read through `readers/tables.py`.
"""

from __future__ import annotations

from pathlib import Path

from compliance.model.errors import InputError
from compliance.readers.tables import read_rows
from compliance.readers.columns import find_columns
from compliance.readers.values import FieldError
from compliance.readers.values import country_code as _country_code
from compliance.model.records import Party, Rejected

#: canonical field → accepted header spellings (after normalize_header).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "party", "party name", "company", "company name", "counterparty", "supplier", "customer",
             "entity", "entity name", "legal name", "名称", "公司名称"),
    "country": ("country", "country code", "iso country", "nation", "国家"),
    "address": ("address", "street address", "addr", "地址"),
    "id": ("id", "ref", "reference", "party id", "customer id", "supplier id", "vendor id"),
    "role": ("role", "party role", "type"),
    "aliases": ("aliases", "alias", "aka", "a k a", "other names"),
    "identifiers": ("identifiers", "identifier", "ids", "registration", "uscc", "lei", "tax id"),
    "end_user_country": ("end user country", "destination", "destination country", "ship to country", "最终用户国家"),
    "end_use": ("end use", "intended use", "application", "最终用途"),
}


def _column_map(headers: list[str], file: str) -> dict[str, str]:
    mapping = find_columns(headers, COLUMN_ALIASES)
    if "name" not in mapping:
        raise InputError("required column 'name' is missing (aliases: party, company, counterparty, ...)", file=file, line=1)
    return mapping


def country_code(text: str) -> str:
    """ISO-2 from a code or a country name; raises FieldError for an unknown country."""
    return _country_code(text, "country")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _rows(path: str | Path, file: str):
    return read_rows(path, file)


def read_parties(path: str | Path, display_name: str | None = None) -> tuple[list[Party], list[Rejected], int]:
    """Read a counterparty table. Returns (parties, rejected rows, rows read)."""
    file = display_name or str(path)
    headers, rows, location = _rows(path, file)
    columns = _column_map(headers, file)
    parties: list[Party] = []
    rejected: list[Rejected] = []
    read = 0
    for row in rows:
        read += 1
        cell = {canonical: row.cells.get(header, "").strip() for canonical, header in columns.items()}
        try:
            if row.extra and any(c.strip() for c in row.extra):
                raise FieldError("(row)", f"{len(row.extra)} more cell(s) than the header has columns")
            name = cell.get("name", "")
            if not name:
                raise FieldError("name", "empty name")
            if len(name) > 1000:
                raise FieldError("name", f"name too long ({len(name)} characters)")
            parties.append(
                Party(
                    file=location,
                    row=row.line,
                    name=name,
                    id=cell.get("id") or None,
                    country=country_code(cell["country"]) if cell.get("country") else None,
                    address=cell.get("address") or None,
                    role=cell.get("role") or None,
                    aliases=_split(cell.get("aliases", "")),
                    identifiers=_split(cell.get("identifiers", "")),
                    end_user_country=_country_code(cell["end_user_country"], "end_user_country") if cell.get("end_user_country") else None,
                    end_use=cell.get("end_use") or None,
                )
            )
        except FieldError as exc:
            rejected.append(Rejected(file=location, row=row.line, field=exc.field, reason=str(exc)))
    return parties, rejected, read
