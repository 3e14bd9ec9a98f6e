"""The one interface every table format implements (CSV, XLSX, JSON): a file in, a header
and streamed rows out. Adding a format is adding a file and a line in `tables.FORMATS`.

The record readers (BOM, parties, ownership, materials) sit on top of it through
`tables.read_rows` and never ask which format a file was.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Iterator

from compliance.readers.rows import SourceRow


class TableFormat(ABC):
    """Reads one kind of table file. `suffixes` are the file endings it claims."""

    name: str
    suffixes: tuple[str, ...]
    #: True when the format has named sheets (`--sheet`)
    has_sheets: bool = False

    @abstractmethod
    def read(self, path: str | Path, file: str, sheet: str | None) -> tuple[list[str], Iterator[SourceRow], str]:
        """Headers, the rows (streamed) and the location shown in messages (`file` or `file!Sheet`)."""
