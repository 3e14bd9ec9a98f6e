"""Build the bundled snapshots in `entity_lists/` from the reference data.

    python -m compliance.lists.build --shared ../shared [--out entity_lists]

Reads the eCFR-derived US list files (`data/us/*.json`), OFAC's SDN legacy CSV set
(`data/us/ofac-2024/`) and China's lists (`regulations/china-parties.csv`, with the cited
additions and corrections of `compliance/lists/data/cn-parties-*.yaml`), and writes one
snapshot per list. The output is reproducible: the same inputs give byte-identical files
(records sorted by id, no timestamps; each snapshot date is the source's own date,
China's lists take the "Prepared" date of the fact sheet they come with). The SDN files
carry no date; their parts differ in age (the data README gives each part's download
date), so the snapshot is dated by its oldest part and the manifest lists every part's
vintage. The 2018 OFAC files are importer test data and are deliberately not bundled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
from pathlib import Path

from compliance.model.errors import ComplianceError, InputError
from compliance.lists.cn_supplement import merged_csv
from compliance.lists.importing import ImportOutcome, import_files
from compliance.lists.store import bundled_dir

US_FILES = ("bis_entity_list.json", "bis_meu.json", "bis_dpl.json", "dow_1260h.json", "ofac_nscmic.json", "dhs_uflpa.json", "lists.json")
CN_FILE = Path("regulations") / "china-parties.csv"
SDN_DIR = Path("data") / "us" / "ofac-2024"
# Download date of each part, as documented with the reference data (data/README.md):
# sdn.csv is a 2024-05-03 download; alt/add/sdn_comments are OFAC files of 2025-02-27.
SDN_VINTAGES = {"sdn.csv": "2024-05-03", "alt.csv": "2025-02-27", "add.csv": "2025-02-27", "sdn_comments.csv": "2025-02-27"}
CN_FACT_SHEET = Path("regulations") / "china.md"


def china_prepared_date(shared: Path) -> dt.date:
    """The "Prepared YYYY-MM-DD" date of the China fact sheet that china-parties.csv belongs to."""
    path = shared / CN_FACT_SHEET
    try:
        match = re.search(r"Prepared (\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8")[:2000])
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    if not match:
        raise InputError("no 'Prepared YYYY-MM-DD' date near the top", file=str(path))
    return dt.date.fromisoformat(match.group(1))


def build(shared: Path, out: Path, force: bool = False) -> list[ImportOutcome]:
    us = [shared / "data" / "us" / name for name in US_FILES]
    outcomes = import_files("ecfr-json", us, out, force=force, data_dir=out)
    outcomes += import_files(
        "ofac-sdn", [shared / SDN_DIR / name for name in SDN_VINTAGES], out, force=force,
        snapshot_date=min(dt.date.fromisoformat(d) for d in SDN_VINTAGES.values()), data_dir=out,
        date_source="the oldest part's download date (sdn.csv, 2024-05-03): entries designated later are missing",
        vintages=SDN_VINTAGES,
    )
    with tempfile.TemporaryDirectory() as tmp:  # china-parties.csv + the cited supplement (cn_supplement.py)
        cn = merged_csv(shared / CN_FILE, Path(tmp) / CN_FILE.name)
        outcomes += import_files(
            "cn-csv", [cn], out, force=force, snapshot_date=china_prepared_date(shared), data_dir=out,
            date_source=f"the 'Prepared' date of {CN_FACT_SHEET.as_posix()}, the fact sheet the file comes with",
        )
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compliance.lists.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the reference data folder (holds data/ and regulations/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: the bundled entity_lists/)")
    parser.add_argument("--force", action="store_true", help="write even when a list shrinks past its integrity limits")
    args = parser.parse_args(argv)
    out = args.out or bundled_dir()
    try:
        outcomes = build(args.shared, out, args.force)
    except ComplianceError as exc:
        print(f"compliance: error: {exc}", file=sys.stderr)
        return 2
    for o in outcomes:
        print(f"{o.list_id:20} {o.records:6} records {o.names:6} names  {o.snapshot_date}  -> {o.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
