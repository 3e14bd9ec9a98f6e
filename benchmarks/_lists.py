"""Shared by the matching benchmarks: the bundled snapshots plus the OFAC SDN files from ../shared."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def shared_dir() -> Path | None:
    for candidate in [os.environ.get("COMPLIANCE_SHARED_DIR"), HERE.parent.parent / "shared"]:
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate)
    return None


def benchmark_parties(with_sdn: bool = True):
    """(parties, description): every bundled list, plus the SDN legacy CSV set from ../shared when the
    bundle has no SDN list (it has one now, built from the newer ofac-2024 files; importing the
    older set beside it would screen every SDN entry twice)."""
    from compliance.lists.store import load_snapshots

    snapshots = load_snapshots()
    parties = [p for s in snapshots for p in s.parties]
    described = [f"{s.list_id} ({len(s.parties)})" for s in snapshots]
    shared = shared_dir()
    if with_sdn and shared is not None and "sdn" not in {s.list_id for s in snapshots}:
        from compliance.lists.importers.ofac_sdn import OfacSdnImporter

        folder = shared / "data" / "us" / "ofac"
        files = [folder / n for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
        for imported in OfacSdnImporter().read(files):
            parties += imported.parties
            described.append(f"{imported.list_id} ({len(imported.parties)}, imported from ../shared)")
    return parties, described
