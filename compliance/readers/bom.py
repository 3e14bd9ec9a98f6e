"""Bill-of-materials files → BomLine records (or Rejected rows, never silence).

The canonical columns are documented in the README; common ERP aliases are accepted.
The `materials` cell holds `;`-separated entries `SUBSTANCE AMOUNT[@ORIGIN]`, e.g.
`Nd 28%; Dy 4%@CN; Fe 64%`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from compliance.errors import InputError
from compliance.records import BomLine, Material, Rejected
from compliance.readers.tabular import normalize_header, read_csv_rows
from compliance.substances import resolve_element

#: canonical field → accepted header spellings (compared after normalize_header).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "part_number": ("part number", "part no", "p n", "pn", "part", "item number", "item no", "material number"),
    "description": ("description", "desc", "part description", "item description"),
    "parent": ("parent", "parent part", "parent part number", "assembly", "used in"),
    "quantity": ("quantity", "qty", "qty per", "quantity per"),
    "unit_value": ("unit value", "unit price", "price", "unit cost", "value"),
    "currency": ("currency", "curr", "ccy"),
    "unit_mass": ("unit mass", "mass", "weight", "unit weight"),
    "supplier": ("supplier", "vendor", "supplier name", "vendor name"),
    "manufacturer": ("manufacturer", "mfr", "maker"),
    "origin_country": ("origin country", "origin", "coo", "country of origin"),
    "hs_code": ("hs code", "hs", "hts", "tariff code"),
    "materials": ("materials", "material content", "substances"),
}

_MATERIAL = re.compile(
    r"^\s*(?P<substance>[^\s@]+)\s+(?P<amount>[0-9][0-9.,]*)\s*(?P<unit>%|g|kg|mg)\s*(?:@\s*(?P<origin>[A-Za-z]{2}))?\s*$"
)
_MASS = re.compile(r"^\s*(?P<num>[0-9][0-9.,]*)\s*(?P<unit>g|kg|mg)?\s*$", re.IGNORECASE)
_TO_GRAMS = {"g": Decimal(1), "kg": Decimal(1000), "mg": Decimal("0.001")}


class FieldError(ValueError):
    """A cell that cannot be read; becomes a Rejected row naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _column_map(headers: list[str], file: str) -> dict[str, str]:
    """canonical field → header present in the file."""
    mapping: dict[str, str] = {}
    for canonical, aliases in COLUMN_ALIASES.items():
        for header in headers:
            if header == normalize_header(canonical) or header in aliases:
                mapping.setdefault(canonical, header)
    if "part_number" not in mapping:
        raise InputError("required column 'part_number' is missing (aliases: Part No, P/N, ...)", file=file, line=1)
    return mapping


def _decimal(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "")) if text.count(",") and "." in text else Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise FieldError(field, f"not a number: {text!r}") from None
    if not value.is_finite():
        raise FieldError(field, f"not a finite number: {text!r}")
    return value


def parse_mass(text: str, field: str = "unit_mass") -> Decimal:
    """`12g`, `0.4kg`, `250mg` or a bare number of grams → grams."""
    m = _MASS.match(text)
    if not m:
        raise FieldError(field, f"not a mass: {text!r} (use e.g. 12g or 0.4kg)")
    value = _decimal(m.group("num"), field) * _TO_GRAMS[(m.group("unit") or "g").lower()]
    if value < 0:
        raise FieldError(field, f"negative mass: {text!r}")
    return value


def parse_materials(text: str, field: str = "materials") -> tuple[Material, ...]:
    """Parse `Nd 28%; Dy 4%@CN; B 1%` into Material records."""
    materials = []
    for entry in (e for e in text.split(";") if e.strip()):
        m = _MATERIAL.match(entry)
        if not m:
            raise FieldError(field, f"cannot read material entry {entry.strip()!r} (expected e.g. 'Dy 4%@CN' or 'Tb 2g')")
        amount = _decimal(m.group("amount"), field)
        unit = m.group("unit").lower()
        origin = m.group("origin").upper() if m.group("origin") else None
        substance = m.group("substance")
        if unit == "%":
            if amount > 100:
                raise FieldError(field, f"share over 100 % in {entry.strip()!r}")
            materials.append(Material(substance=substance, element=resolve_element(substance), share=amount / 100, origin=origin))
        else:
            materials.append(
                Material(substance=substance, element=resolve_element(substance), mass_g=amount * _TO_GRAMS[unit], origin=origin)
            )
    return tuple(materials)


def read_bom(path: str | Path, display_name: str | None = None) -> tuple[list[BomLine], list[Rejected], int]:
    """Read a BOM CSV. Returns (lines, rejected rows, rows read)."""
    file = display_name or str(path)
    headers, rows = read_csv_rows(path, file)
    columns = _column_map(headers, file)
    lines: list[BomLine] = []
    rejected: list[Rejected] = []
    read = 0
    seen: dict[str, int] = {}
    for row in rows:
        read += 1
        cell = {canonical: row.cells.get(header, "") for canonical, header in columns.items()}
        try:
            if row.extra and any(c.strip() for c in row.extra):
                raise FieldError("(row)", f"{len(row.extra)} more cell(s) than the header has columns")
            part = cell.get("part_number", "").strip()
            if not part:
                raise FieldError("part_number", "empty part number")
            if part in seen:
                raise FieldError("part_number", f"duplicate part number {part!r} (first at line {seen[part]})")
            quantity = _decimal(cell["quantity"], "quantity") if cell.get("quantity") else Decimal(1)
            if quantity < 0:
                raise FieldError("quantity", f"negative quantity {cell['quantity']!r}")
            unit_value = _decimal(cell["unit_value"], "unit_value") if cell.get("unit_value") else None
            if unit_value is not None and unit_value < 0:
                raise FieldError("unit_value", f"negative value {cell['unit_value']!r}")
            line = BomLine(
                file=file,
                row=row.line,
                part_number=part,
                description=cell.get("description", ""),
                parent=cell.get("parent") or None,
                quantity=quantity,
                unit_value=unit_value,
                currency=(cell.get("currency") or "USD").upper(),
                unit_mass_g=parse_mass(cell["unit_mass"]) if cell.get("unit_mass") else None,
                supplier=cell.get("supplier") or None,
                manufacturer=cell.get("manufacturer") or None,
                origin_country=(cell.get("origin_country") or "").upper() or None,
                hs_code=cell.get("hs_code") or None,
                materials=parse_materials(cell["materials"]) if cell.get("materials") else (),
            )
        except FieldError as exc:
            rejected.append(Rejected(file=file, row=row.line, field=exc.field, reason=str(exc)))
            continue
        seen[part] = row.line
        lines.append(line)
    return lines, rejected, read
