"""Material declarations kept apart from the BOM (`--materials FILE`), joined by part number.

CSV (or XLSX/JSON) columns: `part_number, substance, cas, mass_g` or `mass_pct`,
`origin_country`. One row per substance per part; `mass_pct` is a percentage of one unit
of the part and needs the BOM's `unit_mass`. An `.xml` file is read as IPC-1752A.
"""

from __future__ import annotations

from pathlib import Path

from compliance.model.errors import InputError
from compliance.model.records import Rejected
from compliance.readers.declarations import Declarations, make_material
from compliance.readers.tables import read_rows
from compliance.readers.values import DecimalEvidence, FieldError, country_code, parse_decimal

ALIASES = {
    "part_number": ("part number", "part no", "p n", "pn", "item number"),
    "substance": ("substance", "substance name", "material", "element"),
    "cas": ("cas", "cas number", "cas no", "cas rn"),
    "mass_g": ("mass g", "mass", "mass grams", "grams"),
    "mass_pct": ("mass pct", "mass percent", "percent", "share", "mass %"),
    "origin_country": ("origin country", "origin", "coo", "country of origin"),
}


def read_declarations(path: str | Path, display_name: str | None = None, separator: str = "auto") -> Declarations:
    """Read a materials CSV/XLSX/JSON or an IPC-1752A XML file (whose numbers always use
    decimal points); `separator` is the tabular file's decimal separator (values.py)."""
    if Path(path).suffix.casefold() == ".xml":
        from compliance.readers.ipc1752 import read_ipc1752

        return read_ipc1752(path, display_name)
    file = display_name or str(path)
    headers, rows, where = read_rows(path, file)
    columns: dict[str, str] = {}
    for canonical, aliases in ALIASES.items():
        for header in headers:
            if header == canonical.replace("_", " ") or header in aliases:
                columns.setdefault(canonical, header)
    for required in ("part_number",):
        if required not in columns:
            raise InputError(f"required column {required!r} is missing", file=where, line=1)
    if "substance" not in columns and "cas" not in columns:
        raise InputError("a materials file needs a 'substance' or 'cas' column", file=where, line=1)
    out = Declarations(file=file, kind="materials")
    evidence = DecimalEvidence() if separator == "auto" else None
    for row in rows:
        out.rows_read += 1
        cell = {k: row.cells.get(h, "").strip() for k, h in columns.items()}
        try:
            part = cell.get("part_number", "")
            if not part:
                raise FieldError("part_number", "empty part number")
            substance, cas = cell.get("substance", ""), cell.get("cas") or None
            if not substance and not cas:
                raise FieldError("substance", "neither substance nor cas given")
            if evidence is not None:
                for name in ("mass_g", "mass_pct"):
                    if cell.get(name):
                        evidence.note(row.line, name, cell[name])
            mass = parse_decimal(cell["mass_g"], "mass_g", separator) if cell.get("mass_g") else None
            pct = parse_decimal(cell["mass_pct"], "mass_pct", separator) if cell.get("mass_pct") else None
            if mass is None and pct is None:
                raise FieldError("mass_g", "neither mass_g nor mass_pct given")
            if pct is not None and not (0 <= pct <= 100):
                raise FieldError("mass_pct", f"share outside 0-100 %: {cell['mass_pct']!r}")
            if mass is not None and mass < 0:
                raise FieldError("mass_g", f"negative mass: {cell['mass_g']!r}")
            origin = country_code(cell["origin_country"], "origin_country") if cell.get("origin_country") else None
            material = make_material(substance, cas, mass, pct / 100 if pct is not None and mass is None else None, origin, f"{where}:{row.line}")
        except FieldError as exc:
            out.rejected.append(Rejected(file=where, row=row.line, field=exc.field, reason=str(exc)))
            continue
        out.by_part.setdefault(part, []).append(material)
        out.rows.setdefault(part, row.line)
    if evidence is not None:
        _refuse_ambiguous(out, evidence.ambiguous_rows(), where)
    return out


def _refuse_ambiguous(out: Declarations, ambiguous: dict[int, tuple[str, str]], where: str) -> None:
    """Drop declarations on rows whose numbers the file's decimal commas make ambiguous."""
    if not ambiguous:
        return
    refused: set[int] = set()  # rows read fine but ambiguous (a row already rejected stays rejected once)
    for part, materials in list(out.by_part.items()):
        kept = []
        for material in materials:
            row = int(material.source.rsplit(":", 1)[1])
            if row in ambiguous:
                refused.add(row)
            else:
                kept.append(material)
        if kept:
            out.by_part[part] = kept
        else:
            del out.by_part[part]
    out.rejected.extend(Rejected(file=where, row=row, field=ambiguous[row][0], reason=ambiguous[row][1]) for row in sorted(refused))
    out.rejected.sort(key=lambda r: r.row or 0)
