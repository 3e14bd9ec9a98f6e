"""The one interface every list importer implements.

An importer turns the files of one official format into one or more ImportedList
batches (the CSL holds thirteen lists in one file; the OFAC legacy CSV set holds
one). It only reads and maps: validation against floors, hashing and writing the
snapshot are the store's job, so every format goes through the same checks.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from compliance.model.errors import InputError
from compliance.lists.model import ListedParty


@dataclass
class ImportedList:
    """One list read from source files, ready to become a snapshot."""

    list_id: str
    title: str
    source: str  # the official publication, as precisely as the files tell
    snapshot_date: dt.date
    parties: list[ListedParty]
    source_url: str | None = None
    notes: list[str] = field(default_factory=list)  # repairs made, caveats of the source


class ListImporter(ABC):
    """Reads one source format."""

    format: str  # the name users type: `compliance lists import FORMAT FILE...`
    version: str  # bump when the mapping changes, so manifests say which mapping made them
    description: str

    @abstractmethod
    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        """Parse `files`; `snapshot_date` overrides the date when the source carries none."""

    @property
    def importer_label(self) -> str:
        return f"{self.format} {self.version}"


def file_date(path: Path) -> dt.date:
    """Fallback snapshot date for sources that carry no date: the file's modification day."""
    return dt.date.fromtimestamp(path.stat().st_mtime)


def given_snapshot_date(snapshot_date: dt.date | None, files: list[Path], source: str) -> dt.date:
    """The date the user gave for a source whose content carries none.

    A file's modification time or today's date is no publication date (a 2018 file
    copied today would pass any age check), so without one the import is refused.
    """
    if snapshot_date is None:
        raise InputError(
            f"{source} carries no publication date: give --snapshot-date YYYY-MM-DD (the day the list was compiled) "
            "or, knowingly, --snapshot-date today",
            file=str(files[0]) if files else None, field="--snapshot-date",
        )
    return snapshot_date


def read_json_file(path: Path) -> object:
    """A whole JSON list file (UTF-8, BOM tolerated); read and syntax errors name the file and line."""
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", file=str(path)) from None
