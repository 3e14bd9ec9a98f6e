"""Importers on the real reference files in ../shared (skipped when it is absent)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from pathlib import Path

import pytest

from compliance.lists.importers import get_importer
from compliance.lists.importers.cn_csv import CnCsvImporter
from compliance.lists.importers.ecfr_json import read_file as _read_file
from compliance.lists.importers.ofac_sdn import OfacSdnImporter

US_FILES = {
    "bis_entity_list.json": ("entity-list", 3409),
    "bis_meu.json": ("meu", 70),
    "bis_dpl.json": ("dpl", 564),
    "dow_1260h.json": ("dow-1260h", 80),
    "ofac_nscmic.json": ("ofac-ns-cmic", 68),
    "dhs_uflpa.json": ("dhs-uflpa", 148),
}


@functools.lru_cache(maxsize=None)
def read_file(path: Path):
    """Each real file is parsed once per test session (tests do not mutate the result)."""
    return _read_file(path)


def _by_name(parties, name):
    found = [p for p in parties if p.names[0] == name]
    assert found, f"{name} not found"
    return found


@pytest.fixture
def entity_list(shared):
    return read_file(shared / "data" / "us" / "bis_entity_list.json")


@pytest.mark.parametrize("file_name", sorted(US_FILES))
def test_every_source_record_becomes_one_party_with_a_unique_id(shared, file_name):
    batch = read_file(shared / "data" / "us" / file_name)
    list_id, count = US_FILES[file_name]
    assert batch.list_id == list_id
    assert len(batch.parties) == count
    assert len({p.id for p in batch.parties}) == count
    assert all(p.id.startswith(list_id + ":") for p in batch.parties)


def test_ids_are_stable_across_imports(shared):
    first = [p.id for p in read_file(shared / "data" / "us" / "bis_entity_list.json").parties]
    second = [p.id for p in _read_file(shared / "data" / "us" / "bis_entity_list.json").parties]
    assert first == second


def test_huawei_technologies_carries_footnotes_1_and_2(entity_list):
    [huawei] = _by_name(entity_list.parties, "Huawei Technologies Co., Ltd.")
    assert huawei.country == "CN"
    assert huawei.footnotes == ["1", "2"]
    assert huawei.citation == "84 FR 22963, 5/21/19"
    assert huawei.listed_on == dt.date(2019, 5, 21)
    assert "Shenzhen Huawei Technologies" in huawei.names
    assert huawei.license_requirement == "For all items subject to the EAR, see §§ 734.9(e) and 744.11 of the EAR"
    # Its listed affiliates carry the same designation.
    affiliates = [p for p in entity_list.parties if p.names[0].startswith("Huawei") and p.footnotes == ["1", "2"]]
    assert len(affiliates) > 20


def test_footnote_counts_match_the_source_text(entity_list):
    counts = Counter(tuple(p.footnotes) for p in entity_list.parties)
    assert counts[("3",)] == 773  # the README counts 773 records with "734.9(g),3"
    assert counts[("1", "2")] == 130
    assert counts[("4",)] == 96
    assert counts[("5",)] == 16


def test_address_pseudo_entries_become_address_only_entries(entity_list):
    address_only = [p for p in entity_list.parties if p.extras.get("address_only")]
    assert len(address_only) == 19  # "Address 01" ... "Address 18" under China, "Address 01" under Turkey
    assert not any(p.names[0].startswith("Address ") for p in entity_list.parties)
    hong_kong = [p for p in address_only if p.country == "HK"]
    assert len(hong_kong) == 18
    assert all(p.names[0] == p.addresses[0] for p in address_only)


def test_hong_kong_entries_filed_under_china_get_hk(entity_list):
    countries = Counter(p.country for p in entity_list.parties)
    assert countries["HK"] > 150
    assert countries["CN"] + countries["HK"] == 1106
    assert all(p.extras.get("country_as_listed") == "China" for p in entity_list.parties if p.country == "HK")


def test_aka_repairs_on_real_entries(entity_list):
    [sabanican] = _by_name(entity_list.parties, "Sabanican Company")
    assert sabanican.names == ["Sabanican Company", "Sabanican Pad Co."]
    assert sabanican.addresses[0].startswith("Unit #23")
    [dolgo] = _by_name(entity_list.parties, "Dolgoprudny Research Production Enterprise, OAO")
    assert "Dolgoprudnenskoye NPP OAO" in dolgo.names
    assert not [p for p in entity_list.parties if "a.k.a" in p.names[0].casefold()]
    assert not [n for p in entity_list.parties for n in p.names if n.endswith("; and") or n.startswith("—")]


def test_cetc13_heading_becomes_the_parent_of_its_subunits(entity_list):
    subunits = [p for p in entity_list.parties if "CETC 13" in p.extras.get("parent", "")]
    assert len(subunits) == 12
    assert "Tonghui Electronics" in {p.names[0] for p in subunits}
    assert not [p for p in entity_list.parties if "subordinate institution:" in p.names[0]]


def test_alias_names_count(entity_list):
    # 3,409 primary names + 5,172 source aliases, plus aliases recovered from names and
    # split out of glued cells, minus duplicates: every source alias survives somewhere.
    assert sum(len(p.names) for p in entity_list.parties) == 8591
    assert sum(len(p.names) - 1 for p in entity_list.parties) >= 5172


def test_meu_entry_and_its_citation_spellings(shared):
    batch = read_file(shared / "data" / "us" / "bis_meu.json")
    [aaspt] = _by_name(batch.parties, "Academy of Aerospace Solid Propulsion Technology (AASPT)")
    assert aaspt.country == "CN"
    assert aaspt.citation == "85 FR 83799, 12/23/2020"
    assert aaspt.listed_on == dt.date(2020, 12, 23)
    assert {p.citation for p in batch.parties if "83799" in (p.citation or "")} == {"85 FR 83799, 12/23/2020"}
    assert sum(len(p.names) - 1 for p in batch.parties) == 3


def test_dpl_names_cut_at_a_parenthesis_are_completed(shared):
    batch = read_file(shared / "data" / "us" / "bis_dpl.json")
    [wearform] = _by_name(batch.parties, "WEARFORM (MNC GROUP INTERNATIONAL INC.)")
    assert wearform.addresses == ["3334 WALNUT BEND LANE, HOUSTON, TX, US, 77042"]
    assert wearform.extras["denial_type"] == "Standard"
    assert batch.snapshot_date == dt.date(2026, 4, 14)  # the BIS export date in dpl_04142026.csv


def test_ns_cmic_keeps_chinese_names_and_drops_the_linked_entity_alias(shared):
    batch = read_file(shared / "data" / "us" / "ofac_nscmic.json")
    [huawei] = _by_name(batch.parties, "Huawei Technologies Co., Ltd.")
    assert huawei.names == ["Huawei Technologies Co., Ltd."]
    assert huawei.extras["dropped_aliases"] == ["HUAWEI INVESTMENT & HOLDING CO LTD"]
    chinese = [n for p in batch.parties for n in p.names if any("\u4e00" <= ch <= "\u9fff" for ch in n)]
    assert "深圳市大疆创新科技有限公司" in chinese and len(chinese) == 6
    assert all(p.programs == ["CMIC-EO13959"] for p in batch.parties)


def test_uflpa_former_names_and_subsidiaries(shared):
    batch = read_file(shared / "data" / "us" / "dhs_uflpa.json")
    [hoshine] = _by_name(batch.parties, "Hoshine Silicon Industry (Shanshan) Co., Ltd")
    assert hoshine.extras["includes_subsidiaries"] is True
    [tomato] = _by_name(batch.parties, "Hebei Tomato Industry Co., Ltd")
    assert "Hebei Temeite International Trade Co., Ltd" in tomato.names
    assert not [n for p in batch.parties for n in p.names if "formerly known as" in n]
    assert tomato.listed_on == dt.date(2024, 11, 25)


def test_china_lists_with_chinese_and_english_names(shared):
    batches = {b.list_id: b for b in CnCsvImporter().read([shared / "regulations" / "china-parties.csv"], dt.date(2026, 11, 28))}
    assert {k: len(b.parties) for k, b in batches.items()} == {
        "cn-control-list": 153, "cn-countermeasures": 5, "cn-uel": 81, "cn-watch-list": 40,
    }
    [gd] = _by_name(batches["cn-control-list"].parties, "General Dynamics")
    assert gd.names == ["General Dynamics", "通用动力公司"]
    assert gd.country == "US" and gd.listed_on == dt.date(2025, 1, 2)
    assert gd.citation == "MOFCOM Announcement No. 1 of 2025"
    taiwan = [p for p in batches["cn-control-list"].parties if p.extras.get("country_as_listed") is None and p.country == "TW"]
    assert taiwan
    eu = [p for p in batches["cn-control-list"].parties if p.country is None]
    assert eu and all(p.extras["country_as_listed"] for p in eu)


def test_ofac_sdn_legacy_files(shared):
    folder = shared / "data" / "us" / "ofac"
    [batch] = OfacSdnImporter().read([folder / n for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")])
    assert len(batch.parties) == 7379
    assert Counter(p.extras["type"] for p in batch.parties) == {"individual": 3845, "entity": 2994, "vessel": 323, "aircraft": 217}
    [p12300] = [p for p in batch.parties if p.id == "sdn:ofac-12300"]
    assert "PROMO RAIZ S.A.S.; Linked To:" in p12300.extras["remarks"]  # overflow joined mid-word
    multi = [p for p in batch.parties if len(p.programs) > 1]
    assert multi and all("]" not in prog and "[" not in prog for p in multi for prog in p.programs)
    assert any("10 ent_num(s) not in sdn.csv" in n for n in batch.notes)  # mixed-vintage sdn_comments rows
    # 9,682 alt.csv rows, all linked to an SDN; 7 repeat the primary name or another alias.
    assert sum(len(p.names) - 1 for p in batch.parties) == 9682 - 7


def test_importer_registry_knows_every_documented_format():
    assert {get_importer(n).format for n in ("csl-json", "csl-csv", "ofac-sdn", "ecfr-json", "cn-csv", "user")} == {
        "csl-json", "csl-csv", "ofac-sdn", "ecfr-json", "cn-csv", "user",
    }


def test_real_files_are_where_the_tests_expect(shared):
    assert Path(shared / "data" / "us" / "lists.json").is_file()
