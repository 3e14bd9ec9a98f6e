"""A user's column mapping for an ERP export: canonical BOM field → their header.

    # bom-mapping.yaml
    columns:
      part_number: Material
      parent: Higher-Level Material
      quantity: Comp. Qty (BUn)
    sheet: Stückliste        # optional, XLSX only

Mapped headers win over the built-in aliases; unmapped fields still use the aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compliance.model.errors import InputError
from compliance.readers.rows import normalize_header
from compliance.support.yamlfile import load_yaml_file


@dataclass(frozen=True)
class ColumnMapping:
    file: str
    columns: dict[str, str]  # canonical field → normalised header
    sheet: str | None = None


def load_mapping(path: str | Path, known_fields: set[str]) -> ColumnMapping:
    file = str(path)
    doc = load_yaml_file(path, InputError)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError("a mapping file needs a 'columns' mapping: canonical field → your header", file=file, line=1)
    for key in data:
        if key not in {"columns", "sheet"}:
            raise InputError("unknown key (expected columns, sheet)", file=file, line=doc.line_of((key,)), field=str(key))
    columns: dict[str, str] = {}
    for canonical, header in data["columns"].items():
        if canonical not in known_fields:
            raise InputError(
                f"unknown BOM field {canonical!r} (known: {', '.join(sorted(known_fields))})",
                file=file, line=doc.line_of(("columns", canonical)), field=f"columns.{canonical}",
            )
        if not isinstance(header, str) or not normalize_header(header):
            raise InputError("header must be a non-empty string", file=file, line=doc.line_of(("columns", canonical)), field=f"columns.{canonical}")
        columns[canonical] = normalize_header(header)
    sheet = data.get("sheet")
    return ColumnMapping(file=file, columns=columns, sheet=str(sheet) if sheet is not None else None)
