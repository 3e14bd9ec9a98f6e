"""`screen bom` end to end on a generated BOM gives the report it gave before the BOM path
was made faster: the same findings, subjects, rejected rows and provenance, in the same order.

The BOM (a fixed seed) repeats parts, materials cells, suppliers and origins the way real
BOMs do, mixes origins (China, elsewhere, unknown), currencies, end-user countries and end
uses, and holds rows every reader check refuses. The golden report was written by the
per-line code; the comparison leaves out only what depends on the day the test runs (the
time stamp, how many days old each list snapshot is).

After a deliberate change of the findings (a rule pack edit, a new check), regenerate it:
    COMPLIANCE_REGENERATE_GOLDEN=1 python -m pytest tests/bom/test_bom_report_golden.py
and review the diff of the golden file like any other change.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "bom-golden-report.json.gz"

HEADER = ("part_number,description,parent,quantity,unit_value,currency,unit_mass,supplier,manufacturer,"
          "origin_country,hs_code,materials,end_user_country,end_use")
#: materials cells leaf parts draw from (repeated, as part types repeat in a BOM)
MATERIALS = [
    "Nd 27%; Pr 3%; Dy 4%@CN; B 1%; Fe 65%",
    "Nd 29%; Tb 0.5%; B 1%; Fe 69.5%",
    "Nd 28%; Dy 3%@JP; B 1%; Fe 68%",
    "Sm 25%@CN; Co 50%; Fe 25%",
    "Dy 2g@CN; Fe 40g",
    "Ga 99.99%@CN",
    "Sb2O3 3%@CN; PP 97%",
    "Fe 98%; Cr 1%; Mo 0.2%",
    "Cu 99.9%",
    "Al 88%; Si 10%; Cu 2%",
    "Unobtainium 5%; Fe 95%",
    "",
]
ORIGINS = ["DE", "JP", "CN", "US", "", "KR", "CN"]
CURRENCIES = ["USD", "USD", "EUR", "JPY", "XXX"]
HS_CODES = ["850511", "848310", "854411", "850590", "8112.92", ""]
DESTINATIONS = ["", "", "JP", "US", "DE", "RU"]
END_USES = ["", "military radar", "consumer electronics", "", "defence"]
#: rows every reader check refuses, each with the field it names
BAD_ROWS = [
    ("", "part_number"),  # empty part number
    ("quantity=-3", "quantity"),
    ("quantity=lots", "quantity"),
    ("unit_value=-1", "unit_value"),
    ("currency=DOLLARS", "currency"),
    ("origin_country=Atlantis", "origin_country"),
    ("materials=Dy lots", "materials"),
    ("materials=Nd 80%; Fe 40%", "materials"),
    ("duplicate", "part_number"),
]


def generated_bom(path: Path, lines: int = 900, seed: int = 61) -> None:
    """A 4-level BOM of `lines` rows with repeats, mixed origins and destinations, and bad rows."""
    rng = random.Random(seed)
    rows = [HEADER]
    assemblies = []
    for top in range(3):
        rows.append(f"TOP-{top},Traction motor {top},,1,{rng.choice(['45000', '1200.50', ''])},USD,{rng.choice(['95kg', ''])},"
                    f",Maker {top},{rng.choice(['DE', 'JP', ''])},8501,,{rng.choice(DESTINATIONS)},{rng.choice(END_USES)}")
        assemblies.append((f"TOP-{top}", 1))
    parts = [f"TOP-{top}" for top in range(3)]
    while len(rows) <= lines:
        n = len(rows)
        if n % 37 == 11:
            rows.append(_bad_row(rng, n, parts, assemblies))
            continue
        parent, depth = rng.choice(assemblies)
        leaf = depth >= 3 or rng.random() < 0.6
        materials = rng.choice(MATERIALS) if leaf else ""
        description = ("Sputtering target" if materials.startswith("Dy 2g") else
                       "NdFeB magnet segment" if "Nd" in materials else rng.choice(["Housing", "Shaft", "Cable", "Part"]))
        part = f"P-{n}"
        rows.append(",".join([
            part, f"{description} {n % 13}", parent, str(rng.choice([1, 1, 2, 4, 12])),
            rng.choice([f"{rng.uniform(0.5, 900):.2f}", "12", "0", ""]), rng.choice(CURRENCIES),
            rng.choice(["5g", "0.4kg", "120 g", "", "35g"]), f"Supplier {n % 11}", f"Maker {n % 7}",
            rng.choice(ORIGINS), rng.choice(HS_CODES), f'"{materials}"' if "," in materials else materials,
            rng.choice(DESTINATIONS), rng.choice(END_USES),
        ]))
        parts.append(part)
        if not leaf:
            assemblies.append((part, depth + 1))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _bad_row(rng: random.Random, n: int, parts: list[str], assemblies: list) -> str:
    change, _ = BAD_ROWS[(n // 37) % len(BAD_ROWS)]
    cells = {"part_number": f"BAD-{n}", "quantity": "1", "unit_value": "10.00", "currency": "USD",
             "origin_country": "DE", "materials": "Fe 100%"}
    if change == "":
        cells["part_number"] = ""
    elif change == "duplicate":
        cells["part_number"] = rng.choice(parts)
    else:
        name, value = change.split("=")
        cells[name] = value
    return ",".join([cells["part_number"], "Bad row", assemblies[0][0], cells["quantity"], cells["unit_value"],
                     cells["currency"], "5g", "", "", cells["origin_country"], "850511", cells["materials"], "", ""])


def comparable(report: dict) -> dict:
    """The report without what depends on the day it was made (time stamp, snapshot ages)."""
    report = dict(report)
    report.pop("generated_at", None)
    report["coverage"] = [gap for gap in report["coverage"] if gap["kind"] != "list-stale"]
    return report


def screen(folder: Path) -> dict:
    """`compliance screen bom` as a user runs it, on the generated BOM, in its own process."""
    generated_bom(folder / "bom.csv")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-m", "compliance", "screen", "bom", "bom.csv", "--as-of", "2026-11-28", "-f", "json=report.json",
         "--fail-on", "none", "--max-rejected-rows", "1000"],
        cwd=folder, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def test_generated_bom_report_is_the_golden_one(tmp_path):
    report = comparable(screen(tmp_path))
    if os.environ.get("COMPLIANCE_REGENERATE_GOLDEN"):
        GOLDEN.write_bytes(gzip.compress(json.dumps(report, indent=1, ensure_ascii=False).encode("utf-8"), mtime=0))
    golden = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    for key in golden:  # section by section, so a failure names the part that moved
        assert report[key] == golden[key], key
    assert report == golden


def test_generated_bom_holds_what_the_golden_report_should_exercise(tmp_path):
    """The golden comparison means something only if the BOM reaches every path: findings
    of both BOM checks and the end-use rules, every kind of rejected row, every row counted."""
    report = screen(tmp_path)
    [source] = report["provenance"]["inputs"]
    assert source["rows_read"] == source["rows_screened"] + source["rows_rejected"] == 900
    assert {r["field"] for r in report["rejected"]} == {field for _, field in BAD_ROWS}
    kinds = {f["kind"] for f in report["findings"]}
    assert {"controlled-item", "content-threshold", "end-use"} <= kinds
    details = {f["evidence"].get("item_origin") for f in report["findings"] if f["kind"] == "content-threshold"}
    assert {"DE", "JP", "unknown"} <= details
