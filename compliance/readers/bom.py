"""Bill-of-materials files → BomLine records (or Rejected rows, never silence).

The canonical columns are documented in the README and in schemas/bom.schema.json;
headers compare case- and punctuation-insensitively, common ERP aliases are accepted,
and a mapping file (`--mapping`) names the columns of any other export. CSV (any
encoding the tabular reader detects), XLSX and JSON are read through one row interface.

The `materials` cell holds `;`-separated entries `SUBSTANCE AMOUNT[@ORIGIN]`, e.g.
`Nd 28%; Dy 4%@CN; Fe 64%`. Declarations kept apart (`--materials FILE`, CSV or
IPC-1752A XML) are joined by part number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from compliance.model.errors import InputError
from compliance.model.records import BomLine, Material, Rejected
from compliance.readers.columns import find_columns
from compliance.readers.mapping import load_mapping
from compliance.readers.tables import read_cell_rows
from compliance.readers.values import (
    TO_GRAMS, DecimalEvidence, FieldError, country_code, may_tell_separator, parse_decimal, parse_mass,
)
from compliance.readers.substances import fold, resolve

__all__ = ["BomOptions", "BomRead", "COLUMN_ALIASES", "FieldError", "parse_mass", "parse_materials", "read_bom"]

#: canonical field → accepted header spellings (compared after normalize_header).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "part_number": ("part number", "part no", "part nr", "p n", "pn", "part", "item number", "item no", "material number", "component", "component number"),
    "description": ("description", "desc", "part description", "item description", "material description", "component description"),
    "parent": ("parent", "parent part", "parent part number", "parent p n", "assembly", "used in", "higher level item", "parent item"),
    "quantity": ("quantity", "qty", "qty per", "quantity per", "qty per assembly", "component quantity"),
    "unit_value": ("unit value", "unit price", "price", "unit cost", "value", "cost"),
    "currency": ("currency", "curr", "ccy", "currency code"),
    "unit_mass": ("unit mass", "mass", "weight", "unit weight", "net weight"),
    "supplier": ("supplier", "vendor", "supplier name", "vendor name"),
    "manufacturer": ("manufacturer", "mfr", "maker", "manufacturer name"),
    "origin_country": ("origin country", "origin", "coo", "country of origin", "country of manufacture"),
    "hs_code": ("hs code", "hs", "hts", "hts code", "tariff code", "customs tariff number", "commodity code"),
    "materials": ("materials", "material content", "substances", "composition"),
    "end_user_country": ("end user country", "destination", "destination country", "ship to country"),
    "end_use": ("end use", "intended use", "application"),
}

#: Beyond these a cell is a typo or a unit mix-up, not a bill of materials.
MAX_QUANTITY = Decimal(1_000_000_000)
MAX_UNIT_VALUE = Decimal(10_000_000_000)
#: Shares are fractions of one unit of the part: together at most all of it.
MAX_SHARE_SUM = Decimal(1)

_MATERIAL = re.compile(
    r"^\s*(?P<substance>\S.*?)(?:\s+|(?<=[^\x00-\x7f]))(?P<amount>[0-9][0-9.,]*)\s*(?P<unit>%|ppm|g|kg|mg)\s*(?:@\s*(?P<origin>[A-Za-z]{2}))?\s*$"
)


@dataclass(frozen=True)
class BomOptions:
    """How to read a BOM beyond its own file."""

    materials: Path | None = None  # separate declarations (CSV/XLSX/JSON or IPC-1752A .xml)
    mapping: Path | None = None  # column mapping file
    sheet: str | None = None  # XLSX sheet
    decimal_separator: str = "auto"  # "auto", "point" or "comma" (values.DECIMAL_SEPARATORS)


@dataclass
class BomRead:
    lines: list[BomLine]
    rejected: list[Rejected]
    rows_read: int
    extra_inputs: list = field(default_factory=list)  # InputProvenance of joined files
    notes: list[str] = field(default_factory=list)  # what the join did that a reader should know


def _column_map(headers: list[str], file: str, mapped: dict[str, str]) -> dict[str, str]:
    """canonical field → header present in the file."""
    for canonical, header in mapped.items():
        if header not in headers:
            raise InputError(f"mapped column {header!r} (for {canonical}) is not in the header", file=file, line=1, field=canonical)
    mapping = find_columns(headers, COLUMN_ALIASES, preset=mapped)
    if "part_number" not in mapping:
        raise InputError("required column 'part_number' is missing (aliases: Part No, P/N, ...)", file=file, line=1)
    return mapping


def parse_materials(text: str, field: str = "materials", separator: str = "auto") -> tuple[Material, ...]:
    """Parse `Nd 28%; Dy 4%@CN; B 1%` into Material records.

    AMOUNT is a mass fraction of one unit (`%`, `ppm`) or a mass (`g`, `kg`, `mg`).
    ORIGIN is an ISO-2 country; without it the origin is unknown. Identical cells
    (common in BOMs: the same part type on many lines) are parsed once; the records
    are immutable, so sharing them is safe.
    """
    if field == "materials":
        return _parse_materials_cached(text, separator)
    return _parse_materials(text, field, separator)


@lru_cache(maxsize=1 << 16)
def _parse_materials_cached(text: str, separator: str) -> tuple[Material, ...]:
    return _parse_materials(text, "materials", separator)


def _entries(text: str) -> list[str]:
    """`;`-separated entries; an entry that is a `,`-joined list of entries is split
    (`Nd 26.5%, Dy 4.5%@CN`), a decimal comma (`Nd 26,5%`) is not."""
    entries = []
    for entry in (e for e in fold(text).split(";") if e.strip()):
        parts = entry.split(",")
        if len(parts) > 1 and all(_MATERIAL.match(p) for p in parts):
            entries.extend(parts)
        else:
            entries.append(entry)
    return entries


def _parse_materials(text: str, field: str, separator: str = "auto") -> tuple[Material, ...]:
    materials = []
    for entry in _entries(text):
        m = _MATERIAL.match(entry)
        if not m:
            raise FieldError(field, f"cannot read material entry {entry.strip()!r} (expected e.g. 'Dy 4%@CN' or 'Tb 2g')")
        amount = parse_decimal(m.group("amount"), field, separator)
        unit = m.group("unit").lower()
        origin = country_code(m.group("origin"), field) if m.group("origin") else None
        substance = m.group("substance").strip()
        hit = resolve(substance)
        common = dict(
            substance=substance,
            element=hit.element if hit else None,
            canonical=hit.canonical if hit else None,
            cas=hit.cas if hit else None,
            origin=origin,
        )
        if unit in ("%", "ppm"):
            share = amount / (100 if unit == "%" else 1_000_000)
            if share > 1:
                raise FieldError(field, f"share over 100 % in {entry.strip()!r}")
            materials.append(Material(share=share, mass_g=None, source=None, **common))
        else:
            materials.append(Material(mass_g=amount * TO_GRAMS[unit], share=None, source=None, **common))
    total = sum((m.share for m in materials if m.share is not None), Decimal(0))
    if total > MAX_SHARE_SUM:
        raise FieldError(field, f"mass fractions add up to {total * 100:f} % (more than 100 %)")
    return tuple(materials)


#: The order `_line` reads the canonical fields in.
FIELDS = ("part_number", "description", "parent", "quantity", "unit_value", "currency", "unit_mass",
          "supplier", "manufacturer", "origin_country", "hs_code", "materials", "end_user_country", "end_use")
ONE, ZERO = Decimal(1), Decimal(0)


def _number(text: str, field: str, separator: str) -> Decimal:
    """`12` or `12.5` directly; anything else through the full (strict) number parser."""
    if separator != "comma" and _plain_number(text):
        return Decimal(text)
    return parse_decimal(text, field, separator)


def _plain_number(text: str) -> bool:
    """`12` or `12.5`: digits, then maybe a dot and digits (`\\d+(?:\\.\\d+)?`, without a regex)."""
    whole, dot, fraction = text.partition(".")
    return whole.isdecimal() and (not dot or fraction.isdecimal())


def _line_reader(file: str, separator: str = "auto", evidence: DecimalEvidence | None = None):
    """A function (row's line, its cells one per name of FIELDS, "" when absent) → BomLine,
    raising FieldError for a cell it cannot read.

    With `evidence` (decimal separator "auto"), every numeric cell that may tell the
    file's decimal separator is noted, so rows whose dot may be a thousands separator can
    be refused once the whole file has been seen.

    Cells that many rows repeat (a supplier, a parent assembly, a quantity of 1, a
    country, a currency, a unit mass, a materials cell) are each kept once: a million-line
    BOM then holds one copy of "Supplier 12" and of Decimal(1), not a million (about a
    fifth of the lines' memory, measured); each distinct quantity, mass, currency and
    country cell is also read and checked once per run.
    """
    keep = {}.setdefault
    quantities: dict[str, Decimal] = {}
    masses: dict[str, Decimal] = {}
    currencies: dict[str, str] = {}
    origins: dict[str, str] = {}
    destinations: dict[str, str] = {}
    telling: dict[str, bool] = {}  # cell → whether it may tell the decimal separator
    telling_get = telling.get  # a cell already judged, without the call (a materials cell with a dot: most rows)
    materials_of = _parse_materials_cached
    note = evidence.note if evidence is not None else None
    plain = separator != "comma"
    new_line = tuple.__new__  # BomLine(...) without the keyword-parsing __new__ of a NamedTuple

    def tells(text: str) -> bool:
        found = telling.get(text)
        if found is None:
            found = may_tell_separator(text)
            if len(telling) < 1 << 16:  # bounded: a column of distinct cells is checked cell by cell
                telling[text] = found
        return found

    def line(line_no: int, values: tuple[str, ...]) -> BomLine:
        part, description, parent, qty, value, currency, mass, supplier, manufacturer, origin, hs_code, materials, end_country, end_use = values
        part = part.strip()
        if not part:
            raise FieldError("part_number", "empty part number")
        whole, dot, fraction = value.partition(".")
        simple_value = plain and whole.isdecimal() and (not dot or fraction.isdecimal())  # `12` or `12.5`
        if note is not None:  # only a cell that may tell the separator is noted (values.may_tell_separator)
            if ("." in qty or "," in qty) and tells(qty):
                note(line_no, "quantity", qty)
            if value and ((len(fraction) == 3 and _dotted_thousands(whole, fraction)) if simple_value
                          else may_tell_separator(value)):
                note(line_no, "unit_value", value)
            if ("." in mass or "," in mass) and tells(mass):
                note(line_no, "unit_mass", mass)
            if ("." in materials or "," in materials) and (
                    tells(materials) if (known := telling_get(materials)) is None else known):
                note(line_no, "materials", materials)
        if qty:
            quantity = quantities.get(qty)
            if quantity is None:  # checked once per distinct cell; one out of range is never kept
                quantity = _number(qty, "quantity", separator)
                if not ZERO <= quantity <= MAX_QUANTITY:
                    _out_of_range("quantity", qty, quantity)
                quantities[qty] = quantity
        else:
            quantity = ONE
        if value:
            unit_value = Decimal(value) if simple_value else parse_decimal(value, "unit_value", separator)
            if not ZERO <= unit_value <= MAX_UNIT_VALUE:
                _out_of_range("unit_value", value, unit_value)
        else:
            unit_value = None
        code = currencies.get(currency)
        if code is None:
            code = (currency or "USD").strip().upper()
            if len(code) != 3 or not code.isalpha():
                raise FieldError("currency", f"not an ISO 4217 currency code: {currency!r}")
            code = currencies[currency] = keep(code, code)
        if mass:
            grams = masses.get(mass)
            if grams is None:
                grams = parse_mass(mass, separator=separator)  # an unreadable one raises, uncached
                if len(masses) < 1 << 16:  # bounded: masses that never repeat are parsed cell by cell
                    masses[mass] = grams
        else:
            grams = None
        if origin:
            made_in = origins.get(origin)
            if made_in is None:
                made_in = origins[origin] = country_code(origin, "origin_country")
        else:
            made_in = None
        if end_country:
            ends_in = destinations.get(end_country)
            if ends_in is None:
                ends_in = destinations[end_country] = country_code(end_country, "end_user_country") if end_country.strip() else ""
        else:
            ends_in = None
        parent = parent.strip()
        end_use = end_use.strip()
        return new_line(BomLine, (
            file,
            line_no,
            part,
            description,
            keep(parent, parent) if parent else None,
            quantity,
            unit_value,
            code,
            grams,
            keep(supplier, supplier) if supplier else None,
            keep(manufacturer, manufacturer) if manufacturer else None,
            made_in,
            keep(hs_code, hs_code) if hs_code else None,
            materials_of(materials, separator) if materials else (),
            ends_in or None,
            keep(end_use, end_use) if end_use else None,
        ))

    return line


def _dotted_thousands(whole: str, fraction: str) -> bool:
    """Whether a plain `WHOLE.FRACTION` number may use its dot as a thousands separator
    (`1.000`, `12.500`): what values.may_tell_separator finds in such a cell, without a regex."""
    return len(fraction) == 3 and 0 < len(whole) <= 3 and whole[0] in "123456789"


def _out_of_range(field: str, text: str, value: Decimal) -> None:
    """Refuse a quantity or unit value below zero or above its plausible maximum."""
    if field == "quantity":
        if value < 0:
            raise FieldError("quantity", f"negative quantity {text!r}")
        raise FieldError("quantity", f"implausible quantity {text!r} (more than {MAX_QUANTITY:,} per parent)")
    if value < 0:
        raise FieldError("unit_value", f"negative value {text!r}")
    raise FieldError("unit_value", f"implausible unit value {text!r} (more than {MAX_UNIT_VALUE:,})")


def _row_values(row, headers: tuple[str | None, ...]) -> tuple[str, ...]:
    """The cells of a SourceRow (XLSX, JSON, a ragged CSV row) in the order of FIELDS."""
    if row.extra and any(c.strip() for c in row.extra):
        raise FieldError("(row)", f"{len(row.extra)} more cell(s) than the header has columns")
    cells = row.cells
    return tuple(cells.get(h, "") if h is not None else "" for h in headers)


def read_bom(path: str | Path, display_name: str | None = None, options: BomOptions | None = None) -> BomRead:
    """Read a BOM (CSV/XLSX/JSON) and join separate material declarations by part number."""
    options = options or BomOptions()
    file = display_name or str(path)
    mapping = load_mapping(options.mapping, set(COLUMN_ALIASES)) if options.mapping else None
    sheet = options.sheet or (mapping.sheet if mapping else None)
    headers, rows, where = read_cell_rows(path, file, sheet)
    columns = _column_map(headers, where, mapping.columns if mapping else {})
    headers_in_order = tuple(columns.get(name) for name in FIELDS)
    # A full-width CSV row is a list in header order; a field the file lacks reads the ""
    # appended after its last cell.
    position = {header: i for i, header in enumerate(headers)}
    cells_of = itemgetter(*(position[h] if h is not None else len(headers) for h in headers_in_order))
    separator = options.decimal_separator
    evidence = DecimalEvidence() if separator == "auto" else None
    lines: list[BomLine] = []
    rejected: list[Rejected] = []
    read = 0
    seen: dict[str, int] = {}
    seen_at = seen.setdefault
    make_line = _line_reader(where, separator, evidence)
    for line_no, cells, row in rows:
        read += 1
        try:
            if cells is not None:
                cells.append("")
                values = cells_of(cells)
            else:
                values = _row_values(row, headers_in_order)
            line = make_line(line_no, values)
            first = seen_at(line.part_number, line_no)  # one lookup: a part's first line stays
            if first != line_no:
                raise FieldError("part_number", f"duplicate part number {line.part_number!r} (first at line {first})")
        except FieldError as exc:
            rejected.append(Rejected(file=where, row=line_no, field=exc.field, reason=str(exc)))
            continue
        lines.append(line)
    if evidence is not None:
        lines = _refuse_ambiguous(lines, rejected, evidence, where)
    result = BomRead(lines, rejected, read)
    if options.materials:
        _join_declarations(result, options.materials, separator)
    return result


def _refuse_ambiguous(lines: list[BomLine], rejected: list[Rejected], evidence: DecimalEvidence, file: str) -> list[BomLine]:
    """Move lines whose numbers the file's decimal commas make ambiguous to `rejected`."""
    ambiguous = evidence.ambiguous_rows()
    if not ambiguous:
        return lines
    for line in lines:
        if line.row in ambiguous:
            field, reason = ambiguous[line.row]
            rejected.append(Rejected(file=file, row=line.row, field=field, reason=reason))
    rejected.sort(key=lambda r: r.row or 0)
    return [line for line in lines if line.row not in ambiguous]


def source_row(source: str | None) -> int | None:
    """`materials.csv:12` → 12 (the row a declared substance came from)."""
    tail = (source or "").rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _same_substance(material: Material) -> str:
    return material.canonical or fold(material.substance).casefold()


def _not_in_bom(line: BomLine, declared: list[Material], notes: list[str]) -> tuple[Material, ...]:
    """The declared materials the BOM row does not already hold. The same substance in the
    BOM's `materials` cell and in --materials is one declaration made twice: counted once
    (the BOM's entry), with a note, never summed."""
    in_bom = {_same_substance(m): m for m in line.materials}
    fresh = []
    for material in declared:
        twin = in_bom.get(_same_substance(material))
        if twin is None:
            fresh.append(material)
            continue
        notes.append(f"{line.part_number}: {material.substance} is declared in the BOM ({line.file}:{line.row}) and in "
                     f"{material.source or 'the materials file'}; counted once, as the BOM declares it")
    return tuple(fresh)


def _join_declarations(result: BomRead, path: Path, separator: str = "auto") -> None:
    from compliance.readers.materials import read_declarations
    from compliance.model.report import InputProvenance
    from compliance.support.util import file_sha256

    decl = read_declarations(path, separator=separator)
    index = {line.part_number: i for i, line in enumerate(result.lines)}
    joined = 0
    for part, materials in decl.by_part.items():
        if part not in index:
            decl.rejected.extend(  # one per declared substance, so rows_rejected == len(rejected)
                Rejected(file=decl.file, row=source_row(m.source) if decl.kind == "materials" else None, field="part_number",
                         reason=f"part number {part!r} is not in the BOM")
                for m in materials
            )
            continue
        i = index[part]
        line = result.lines[i]
        fresh = _not_in_bom(line, materials, result.notes)
        result.lines[i] = line._replace(materials=line.materials + fresh)
        joined += len(materials)  # a duplicate is read and screened (once, as the BOM's entry)
    result.rejected.extend(decl.rejected)
    result.extra_inputs.append(
        InputProvenance(
            path=decl.file,
            kind=decl.kind,
            sha256=file_sha256(path),
            rows_read=decl.rows_read,
            rows_screened=joined,
            rows_rejected=decl.rows_read - joined,
        )
    )
