"""Shared by the file-reader harnesses: readers take paths, so each input goes to one temp file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_DIR = Path(tempfile.mkdtemp(prefix="compliance-fuzz-"))


def as_file(data: bytes, suffix: str) -> Path:
    """Write `data` to the harness's scratch file with `suffix` (rewritten each input)."""
    path = _DIR / f"input{suffix}"
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def cleanup() -> None:
    for child in _DIR.iterdir():
        child.unlink()
    os.rmdir(_DIR)
