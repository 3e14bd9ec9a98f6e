"""Small helpers with no better home: file hashing, ISO dates."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from compliance.errors import UsageError


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_iso_date(text: str, option: str) -> dt.date:
    """An ISO date from the command line, or a UsageError naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"invalid date {text!r} (expected YYYY-MM-DD)", field=option) from None
