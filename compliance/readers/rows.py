"""What every table format yields: rows with the line they started on, cells keyed by a
normalised header. Its own module so the formats and the record readers share it
without importing each other."""

from __future__ import annotations

from typing import NamedTuple


class SourceRow(NamedTuple):
    """One data row: its 1-based line number and its cells keyed by normalised header."""

    line: int
    cells: dict[str, str]
    extra: list[str]  # cells beyond the header (a ragged row)
    missing: int  # how many header columns the row lacks
    sheet: str | None = None  # XLSX: the worksheet the row came from


#: A row as `tables.read_cell_rows` streams it: (line, cells, None) for a full-width CSV
#: row (its stripped cells in header order), else (line, None, the SourceRow).
CellRow = tuple[int, "list[str] | None", "SourceRow | None"]


def normalize_header(name: str) -> str:
    """`Part No.` → `part no`; headers compare case- and punctuation-insensitively."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.strip().casefold())
    return " ".join(cleaned.split())
