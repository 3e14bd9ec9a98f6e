"""Fixtures for matching tests: listed parties built straight from the real snapshots in ../shared."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from compliance.lists.model import ListedParty
from compliance.matching.index import NameIndex

_COUNTRIES = {"China": "CN", "Russia": "RU", "Iran": "IR", "United Arab Emirates": "AE", "Pakistan": "PK", "Turkey": "TR"}
US_FILES = {
    "entity-list": "bis_entity_list.json", "meu": "bis_meu.json", "dpl": "bis_dpl.json",
    "dow-1260h": "dow_1260h.json", "ofac-ns-cmic": "ofac_nscmic.json", "dhs-uflpa": "dhs_uflpa.json",
}


def parties_from_nsfreg(path: Path, list_id: str) -> list[ListedParty]:
    """The nsfreg JSON shape (name, aliases, country name) as ListedParty, enough for matching."""
    data = json.loads(path.read_text(encoding="utf-8"))
    parties = []
    for number, raw in enumerate(data["entities"]):
        names = [raw["name"]] + [a for a in raw.get("aliases") or [] if a and a != raw["name"]]
        parties.append(
            ListedParty(
                id=f"{list_id}:{number}",
                list=list_id,
                names=names,
                country=_COUNTRIES.get(raw.get("country") or ""),
                license_requirement=None,
            )
        )
    return parties


@pytest.fixture(scope="session")
def us_parties() -> list[ListedParty]:
    from tests.conftest import SHARED

    if SHARED is None:
        pytest.skip("../shared is not present (set COMPLIANCE_SHARED_DIR to a copy to run this test)")
    parties: list[ListedParty] = []
    for list_id, name in US_FILES.items():
        parties += parties_from_nsfreg(SHARED / "data" / "us" / name, list_id)
    return parties


@pytest.fixture(scope="session")
def us_index(us_parties) -> NameIndex:
    return NameIndex(us_parties)


@pytest.fixture(scope="session")
def listed():
    """Screening entries of the bundled Entity List and MEU snapshots (in the repo, no ../shared needed)."""
    from compliance.lists.screening_fields import screening_entries
    from compliance.lists.store import load_snapshots

    snapshots = load_snapshots(["entity-list", "meu"])
    return screening_entries([party for snapshot in snapshots for party in snapshot.parties])


@pytest.fixture(scope="module")
def labelled() -> list[str]:
    """Every query of the labelled benchmark sets (matches and negatives)."""
    data = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
    with (data / "matching-eval.csv").open(encoding="utf-8") as handle:
        queries = [row["query"] for row in csv.DictReader(handle)]
    with (data / "matching-negatives.csv").open(encoding="utf-8") as handle:
        return queries + [row["name"] for row in csv.DictReader(handle)]
