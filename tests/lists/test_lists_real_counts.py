"""Every real list file under ../shared/data, imported: record and name counts equal an
independent count of the source rows (csv/json modules here, not the importers' code).
Nothing dropped, nothing duplicated; rows that belong to no record are reported."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter, defaultdict

import pytest

from compliance.lists.importers import get_importer

DAY = dt.date(2025, 1, 1)
OFAC_SETS = {
    "ofac-2024": ("sdn", ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")),
    "ofac": ("sdn", ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")),
    "ofac-cons-2025-12-19": ("ofac-cons", ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")),
}


def _csv_rows(path):
    with path.open(encoding="latin-1", newline="") as handle:
        return [row for row in csv.reader(handle) if len(row) > 1]  # the lone Ctrl-Z line has one field


def _clean(value: str) -> str:
    return " ".join(value.split())


def _ofac_expected(folder, names):
    primary, alts, _, _ = (folder / n for n in names)
    records = {row[0].strip(): _clean(row[1]) for row in _csv_rows(primary)}
    aliases = defaultdict(list)
    alt_rows = _csv_rows(alts)
    for row in alt_rows:
        aliases[row[0].strip()].append(_clean(row[3]))
    names_total = sum(len({name, *aliases.get(ent_num, [])}) for ent_num, name in records.items())
    orphan_alt_rows = sum(1 for row in alt_rows if row[0].strip() not in records)
    return len(_csv_rows(primary)), len(records), names_total, orphan_alt_rows


@pytest.mark.parametrize("folder_name", sorted(OFAC_SETS))
def test_ofac_sets_nothing_dropped_nothing_duplicated(shared, folder_name):
    list_id, names = OFAC_SETS[folder_name]
    folder = shared / "data" / "us" / folder_name
    rows, distinct, names_total, orphan_alt_rows = _ofac_expected(folder, names)
    [batch] = get_importer("ofac-sdn").read([folder / n for n in names], DAY)
    assert batch.list_id == list_id
    assert rows == distinct == len(batch.parties) == len({p.id for p in batch.parties})
    assert sum(len(p.names) for p in batch.parties) == names_total
    assert all(len(p.names) == len(set(p.names)) for p in batch.parties)
    if orphan_alt_rows:  # alias rows of entries the primary file does not hold are accounted for, not silently lost
        assert any(re.match(rf"{re.escape(names[1])}: {orphan_alt_rows} row\(s\) of ", n) for n in batch.notes), batch.notes
    else:
        assert not any(n.startswith(names[1] + ":") for n in batch.notes)


def test_csl_excerpt_counts_per_source(shared):
    path = shared / "data" / "csl-excerpt-2025-06" / "consolidated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected_records = Counter(re.search(r"\(([^()]+)\)", r["source"]).group(1) for r in rows)
    expected_names = Counter()
    for row in rows:
        code = re.search(r"\(([^()]+)\)", row["source"]).group(1)
        expected_names[code] += 1 + (row["alt_names"].count("; ") + 1 if row["alt_names"] else 0)
    batches = get_importer("csl-csv").read([path])
    codes = {"isn": "ISN", "uvl": "UVL", "meu": "MEU", "plc": "PLC", "sdn": "SDN", "itar-debarred": "DTC", "dpl": "DPL",
             "ssi": "SSI", "fse": "FSE", "entity-list": "EL"}
    assert {codes[b.list_id]: len(b.parties) for b in batches} == dict(expected_records)
    assert {codes[b.list_id]: sum(len(p.names) for p in b.parties) for b in batches} == dict(expected_names)
    assert sum(len(b.parties) for b in batches) == len(rows) == 13


@pytest.mark.parametrize(
    "file_name, list_id",
    [("bis_entity_list.json", "entity-list"), ("bis_meu.json", "meu"), ("bis_dpl.json", "dpl"), ("dow_1260h.json", "dow-1260h"),
     ("ofac_nscmic.json", "ofac-ns-cmic"), ("dhs_uflpa.json", "dhs-uflpa")],
)
def test_ecfr_derived_files_keep_every_entity(shared, file_name, list_id):
    path = shared / "data" / "us" / file_name
    entities = json.loads(path.read_text(encoding="utf-8"))["entities"]
    [batch] = get_importer("ecfr-json").read([path])
    assert batch.list_id == list_id and len(batch.parties) == len(entities) == len({p.id for p in batch.parties})
    # Names are repaired (aliases split out of names), never lost: at least one per source name or alias.
    assert sum(len(p.names) for p in batch.parties) >= len({e["name"] for e in entities})
