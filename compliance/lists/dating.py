"""A snapshot's date and where it came from: the files' own content, or the user's flag.

A file's modification time says when it was copied, not when the list was
published, so it is never used: a stale file copied today would pass every
freshness check. Each importer offers the best date its format carries (a
publish date, else the newest listing date, which is a lower bound); when the
format carries none, the user must say with `--snapshot-date DATE` (or
`--snapshot-date today` for a file downloaded today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from compliance.model.errors import UsageError

CONTENT = "content"
FLAG = "flag"


@dataclass(frozen=True)
class SnapshotDate:
    date: dt.date
    basis: str  # CONTENT or FLAG
    source: str  # what the date is, in words


def from_flag(date: dt.date, how: str = "given with --snapshot-date") -> SnapshotDate:
    return SnapshotDate(date, FLAG, how)


def newest(dates: Iterable[dt.date | None], what: str) -> SnapshotDate | None:
    """The newest of `dates` as an inferred content date ("newest start_date in the file")."""
    found = [d for d in dates if d is not None]
    return SnapshotDate(max(found), CONTENT, f"inferred from content: {what}") if found else None


def choose(flag: dt.date | None, content: SnapshotDate | None, file: str) -> SnapshotDate:
    """The flag wins; else the content date; else a usage error (exit 2) asking for the flag."""
    if flag is not None:
        return from_flag(flag)
    if content is not None:
        return content
    raise UsageError(
        f"{file} carries no publication date: give --snapshot-date YYYY-MM-DD (the list's publication date), "
        "or --snapshot-date today for a file downloaded today",
        field="--snapshot-date",
    )
