"""Where the bundled data lives.

`rules/` and `entity_lists/` sit at the repository root and are copied into the wheel
as `compliance/_data/...`. An installed wheel reads them through importlib.resources;
an editable checkout falls back to the repository folders, so both work from any
working directory.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_path(name: str) -> Path:
    """Return the folder of bundled data `name` ("rules" or "entity_lists")."""
    packaged = resources.files("compliance") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    return checkout
