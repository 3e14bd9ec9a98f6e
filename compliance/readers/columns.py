"""Which header of a file holds which field.

Every reader accepts its canonical column names and common ERP spellings of them;
headers are compared after `normalize_header` (case, spacing and punctuation aside).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compliance.readers.rows import normalize_header


def find_columns(
    headers: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    preset: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """canonical field → the first header naming it (its own name or an alias).

    `preset` (e.g. from a user's mapping file) is taken as given; a header serves one
    field only, so an alias never steals a column another field already holds.
    """
    mapping = dict(preset or {})
    used = set(mapping.values())
    for canonical, names in aliases.items():
        if canonical in mapping:
            continue
        own = normalize_header(canonical)
        for header in headers:
            if header not in used and (header == own or header in names):
                mapping[canonical] = header
                used.add(header)
                break
    return mapping
