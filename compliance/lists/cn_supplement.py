"""China's party lists = the fact sheet's china-parties.csv + a small, cited supplement.

The fact sheet lags the lists: later notes add listings (e.g. MOFCOM Orders) and correct
entries (a batch corroborated, a batch stopped). Those changes live in one reviewed data
file (`data/cn-parties-*.yaml`), each row with its official URL, and are merged here into
one CSV in the china-parties.csv layout, so the cn-csv importer and its checks stay the
only path into a snapshot. The merge is deterministic: fact-sheet rows keep their order,
additions follow in file order.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from compliance.model.errors import InputError
from compliance.support.yamlfile import load_yaml_file

SUPPLEMENT = Path(__file__).resolve().parent / "data" / "cn-parties-2026-12.yaml"
COLUMNS = ("list", "name_en", "name_zh", "country", "date_added", "announcement", "source_url")
REQUIRED = ("list", "name_en", "country", "date_added", "announcement", "source_url")


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))


def read_supplement(path: Path = SUPPLEMENT) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Additions (rows in the CSV layout) and corrections (old announcement -> new) of `path`."""
    doc = load_yaml_file(path, InputError)
    data = doc.data if isinstance(doc.data, dict) else {}
    additions = []
    for i, row in enumerate(data.get("additions") or []):
        missing = [c for c in REQUIRED if not _text((row or {}).get(c)).strip()]
        if missing:
            raise InputError(f"addition without {', '.join(missing)}", file=str(path), line=doc.line_of(("additions", i)), field=missing[0])
        additions.append({c: _text(row.get(c)) for c in COLUMNS})
    corrections = {}
    for i, row in enumerate(data.get("corrections") or []):
        if not (row or {}).get("announcement") or not row.get("becomes"):
            raise InputError("a correction needs `announcement` and `becomes`", file=str(path), line=doc.line_of(("corrections", i)), field="becomes")
        corrections[str(row["announcement"])] = str(row["becomes"])
    return additions, corrections


def merged_csv(fact_sheet_csv: Path, out: Path, supplement: Path = SUPPLEMENT) -> Path:
    """Write china-parties.csv with the supplement applied to `out`; every correction must hit a row."""
    additions, corrections = read_supplement(supplement)
    with open(fact_sheet_csv, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    used = set()
    for row in rows:
        new = corrections.get(row.get("announcement", ""))
        if new is not None:
            row["announcement"] = new
            used.add(new)
    unused = [old for old, new in corrections.items() if new not in used]
    if unused:
        raise InputError(f"correction matches no row: {unused[0]!r}", file=str(supplement), field="corrections")
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + additions)
    return out
