"""Where the bundled data lives.

`rules/` and `entity_lists/` sit at the repository root and are copied into the wheel
as `compliance/_data/...`. An installed wheel reads them beside the package's own
files; an editable checkout falls back to the repository folders, so both work from
any working directory. (Plain paths, not importlib.resources: the data must be real
folders anyway, and that module's imports cost a short run ~15 ms.)
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def bundled_path(name: str) -> Path:
    """Return the folder of bundled data `name` ("rules" or "entity_lists")."""
    packaged = PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE.parent / name
