"""The same inputs give the same bytes, whatever PYTHONHASHSEED: finding order and
messages must not follow set iteration (keyword hits did)."""

from __future__ import annotations

import os
import subprocess
import sys

BOM = """\
part_number,description,quantity,unit_value,currency,origin_country,hs_code
LINE-1,"Magnet line: jet mill, strip casting, hydrogen decrepitation, magnetic field press, cold isostatic press, vacuum sintering furnace, grain boundary diffusion",1,250000,USD,CN,
WAF-1,"Wafer kit: gallium nitride, gallium arsenide, gallium oxide, gallium phosphide, gallium antimonide, germanium substrate",10,900,USD,CN,
ORE-1,"Concentrate: bastnaesite, monazite, rare earth ore with flotation reagent",1000,12,USD,CN,
"""


def _run(tmp_path, seed: str) -> tuple[bytes, bytes]:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1796000000"}
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "screen", "bom", "bom.csv", "--as-of", "2026-11-30", "--fail-on", "none",
         "-f", f"json={out}/r.json", "-f", f"markdown={out}/r.md", "-f", f"sarif={out}/r.sarif", "-f", "table"],
        cwd=tmp_path, env=env, capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    files = b"".join((out / name).read_bytes() for name in ("r.json", "r.md", "r.sarif"))
    return files, proc.stdout


def test_two_hash_seeds_give_the_same_bytes(tmp_path):
    (tmp_path / "bom.csv").write_text(BOM, encoding="utf-8")
    first, first_table = _run(tmp_path, "1")
    assert b"keyword" in first  # keyword-based hits are in play
    for seed in ("2", "3"):
        files, table = _run(tmp_path, seed)
        assert files == first
        assert table == first_table
    assert b"2026-11-30T" in first and b"Z" in first  # SOURCE_DATE_EPOCH stamps the report
