"""Loading and importing restricted-party snapshots.

    python benchmarks/lists_load.py [--repeat 7]

Measures, median of --repeat runs in this process:

* `load`: `load_snapshots()` of every bundled list — sha256 check, manifest, and
  each file's records validated in one pydantic-core call (a JSON array of the lines);
* `baseline`: the same files with the same sha256 check, records parsed one line at
  a time (`json.loads` + `ListedParty(**data)`), the obvious way — measured in the
  same run;
* `import-ecfr`, `import-ofac`: reading the eCFR-derived JSON files and the OFAC
  SDN CSV set from ../shared with every repair (when ../shared is present).

Target (issue 3): loading all bundled lists < 150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from _lists import shared_dir

    from compliance.lists.importers.ecfr_json import EcfrJsonImporter
    from compliance.lists.importers.ofac_sdn import OfacSdnImporter
    from compliance.lists.model import ListedParty
    from compliance.lists.store import PARTIES, available, load_snapshots

    folders = [path for path, _ in available().values()]

    def baseline() -> int:
        count = 0
        for folder in folders:
            raw = (folder / PARTIES).read_bytes()
            hashlib.sha256(raw).hexdigest()
            count += len([ListedParty(**json.loads(line)) for line in raw.splitlines() if line])
        return count

    snapshots = load_snapshots()
    records = sum(len(s.parties) for s in snapshots)
    names = sum(s.manifest.names for s in snapshots)
    assert baseline() == records
    load_ms = _median_ms(load_snapshots, args.repeat)
    base_ms = _median_ms(baseline, args.repeat)
    print(f"bundled lists: {len(snapshots)} snapshots, {records:,} records, {names:,} names")
    print(f"load      {load_ms:8.1f} ms   (target < 150 ms)")
    print(f"baseline  {base_ms:8.1f} ms   line by line; load is {base_ms / load_ms:.1f}x faster")

    shared = shared_dir()
    if shared is None:
        print("../shared not found: import timings skipped (set COMPLIANCE_SHARED_DIR)")
        return 0
    us = sorted((shared / "data" / "us").glob("*.json"))
    ofac = [shared / "data" / "us" / "ofac-2024" / n for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
    ecfr_ms = _median_ms(lambda: EcfrJsonImporter().read(us), max(1, args.repeat // 2))
    ofac_ms = _median_ms(lambda: OfacSdnImporter().read(ofac, dt.date(2024, 5, 3)), max(1, args.repeat // 2))
    print(f"import-ecfr {ecfr_ms:6.1f} ms   6 eCFR-derived JSON files ({sum(p.stat().st_size for p in us) / 1e6:.1f} MB) with repairs")
    print(f"import-ofac {ofac_ms:6.1f} ms   OFAC SDN legacy CSV set of 2024/2025, 14,965 records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
