"""OFAC's legacy CSV sets as users download them: which list a set holds (from its
content, not the command), what is missing, which aliases are weak, and the dates."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil

import pytest

from compliance.model.errors import InputError, UsageError
from compliance.lists import store
from compliance.lists.importers import get_importer
from compliance.rulepacks.loader import load_rules
from list_cli import cli  # noqa: F401  (the fixture)

SDN_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS_FILES = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
DAY = dt.date(2025, 12, 19)


def _rows(path):
    with path.open(encoding="latin-1", newline="") as handle:
        return [r for r in csv.reader(handle) if len(r) > 1]


def _read(folder, names, date=DAY):
    [batch] = get_importer("ofac-sdn").read([folder / n for n in names], date)
    return batch


def test_non_sdn_consolidated_files_are_their_own_list(shared):
    batch = _read(shared / "data" / "us" / "ofac-cons-2025-12-19", CONS_FILES)
    assert batch.list_id == "ofac-cons" and "non-SDN" in batch.title
    assert all(p.id.startswith("ofac-cons:ofac-") and p.list == "ofac-cons" for p in batch.parties)


def test_content_decides_when_file_names_say_sdn(shared, tmp_path):
    """cons_prim.csv saved as sdn.csv is still the non-SDN list: most records carry
    NS-PLC / CMIC-EO13959 tags or SSI directive remarks."""
    shutil.copy(shared / "data" / "us" / "ofac-cons-2025-12-19" / "cons_prim.csv", tmp_path / "sdn.csv")
    batch = _read(tmp_path, ["sdn.csv"])
    assert batch.list_id == "ofac-cons"
    assert any("file names say sdn but the records are ofac-cons" in n for n in batch.notes)


def test_real_sdn_files_stay_sdn_although_some_entries_carry_non_sdn_tags(shared):
    batch = _read(shared / "data" / "us" / "ofac-2024", SDN_FILES)
    assert batch.list_id == "sdn"
    assert any("NS-PLC" in p.programs for p in batch.parties)  # dual-listed entries exist


def test_sdn_and_cons_files_together_are_refused(shared):
    files = [shared / "data" / "us" / "ofac-2024" / "sdn.csv", shared / "data" / "us" / "ofac-cons-2025-12-19" / "cons_alt.csv"]
    with pytest.raises(InputError, match="mixed"):
        get_importer("ofac-sdn").read(files, DAY)


def test_every_real_non_sdn_entry_falls_under_an_ofac_cons_rule(shared):
    batch = _read(shared / "data" / "us" / "ofac-cons-2025-12-19", CONS_FILES)
    rules = [r for r in load_rules().rules if "ofac-cons" in r.conditions.lists]
    assert {r.id for r in rules} >= {"US-OFAC-CONS-NSCMIC", "US-OFAC-CONS-SSI", "US-OFAC-CONS-PLC", "US-OFAC-CONS-FSE"}
    assert all(r.citation.url and r.citation.url.startswith("https://") for r in rules)
    uncovered = [p.primary_name for p in batch.parties if not any(r.conditions.covers_entry(p.list, p.citation, p.programs) for r in rules)]
    assert uncovered == []
    cmic = [p for p in batch.parties if "CMIC-EO13959" in p.programs]
    assert cmic and all(
        {r.id for r in rules if r.conditions.covers_entry(p.list, p.citation, p.programs)} == {"US-OFAC-CONS-NSCMIC"} for p in cmic
    )


def test_as_renames_the_list_consistently_through_the_manifest(shared, tmp_path, cli):
    folder = shared / "data" / "us" / "ofac-cons-2025-12-19"
    data_dir = tmp_path / "lists"
    done = cli("lists", "import", "ofac-sdn", *(str(folder / n) for n in CONS_FILES), "--as", "ofac-nonsdn",
               "--data-dir", str(data_dir), "--snapshot-date", "2025-12-19")
    assert done.code == 0, done.err
    [snapshot] = store.load_snapshots(["ofac-nonsdn"], data_dir=data_dir)
    manifest = snapshot.manifest
    assert manifest.list_id == "ofac-nonsdn" and "SDN)" not in manifest.title and "imported as ofac-nonsdn" in manifest.title
    assert "the files hold list 'ofac-cons'; imported as 'ofac-nonsdn'" in manifest.notes
    assert all(p.list == "ofac-nonsdn" and p.id.startswith("ofac-nonsdn:") for p in snapshot.parties)
    assert not (data_dir / "sdn").exists()


def test_sdn_without_alt_and_add_warns_in_manifest_info_and_reports(shared, tmp_path, cli):
    folder = shared / "data" / "us" / "ofac-2024"
    data_dir = tmp_path / "lists"
    done = cli("lists", "import", "ofac-sdn", str(folder / "sdn.csv"), "--data-dir", str(data_dir), "--snapshot-date", "2024-05-03")
    assert done.code == 0, done.err
    warning = "aliases/addresses missing (no alt.csv, add.csv): persons will be missed"
    assert store.read_manifest(data_dir / "sdn").warnings == [warning]
    info = cli("lists", "info", "-f", "json", "--lists", "sdn", "--data-dir", str(data_dir)).json()
    assert info["lists"][0]["warnings"] == [warning]
    table = cli("lists", "info", "--lists", "sdn", "--data-dir", str(data_dir))
    assert f"sdn: warning: {warning}" in table.out
    parties = tmp_path / "parties.csv"
    parties.write_text("name\nAcme Example Trading\n", encoding="utf-8")
    report = cli("screen", "parties", str(parties), "--data-dir", str(data_dir), "-f", "json", "--fail-on", "none").json()
    [sdn] = [entry for entry in report["provenance"]["lists"] if entry["id"] == "sdn"]
    assert sdn["warnings"] == [warning] and sdn["date_basis"] == "flag"


def test_alias_file_alone_warns_only_about_addresses(shared):
    batch = _read(shared / "data" / "us" / "ofac-2024", ["sdn.csv", "alt.csv"])
    assert batch.warnings == ["addresses missing (no add.csv): persons will be missed"]


def test_weak_aliases_match_an_independent_count_of_the_remarks(shared):
    """a.k.a. '...' in Remarks (sdn.csv + sdn_comments.csv continuation) are OFAC's weak aliases."""
    folder = shared / "data" / "us" / "ofac-2024"
    overflow: dict[str, str] = {}
    for row in _rows(folder / "sdn_comments.csv"):
        overflow[row[0].strip()] = overflow.get(row[0].strip(), "") + row[1]
    expected = {}
    for row in _rows(folder / "sdn.csv"):
        remarks = row[11] + overflow.get(row[0].strip(), "")
        weak = list(dict.fromkeys(" ".join(w.split()) for w in re.findall(r"a\.k\.a\. '([^']+)'", remarks)))
        if weak:
            expected[row[0].strip()] = weak
    batch = _read(folder, SDN_FILES)
    found = {p.extras["ent_num"]: p.extras["weak_aliases"] for p in batch.parties if p.extras.get("weak_aliases")}
    assert len(found) == len(expected) == 2074
    assert sum(map(len, found.values())) == sum(map(len, expected.values()))
    assert found == expected
    assert not any(set(p.names) & set(p.extras.get("weak_aliases", ())) for p in batch.parties)  # weak ones are not strong names


# --- snapshot dates: from content, or said by the user; never the file's mtime ---


def test_csl_csv_date_is_the_newest_start_date_not_the_mtime(shared, tmp_path):
    copy = tmp_path / "consolidated.csv"
    shutil.copy(shared / "data" / "csl-excerpt-2025-06" / "consolidated.csv", copy)
    os.utime(copy, (dt.datetime(2026, 12, 1).timestamp(),) * 2)  # "copied today"
    batches = get_importer("csl-csv").read([copy])
    assert {b.snapshot_date for b in batches} == {dt.date(2023, 7, 19)}
    assert {(b.date_basis, b.date_source) for b in batches} == {("content", "inferred from content: newest start_date in the file")}


def test_a_file_without_any_date_needs_the_flag(shared, tmp_path, cli):
    folder = shared / "data" / "us" / "ofac-2024"
    with pytest.raises(UsageError, match="carries no publication date: give --snapshot-date"):
        get_importer("ofac-sdn").read([folder / "sdn.csv"])
    refused = cli("lists", "import", "ofac-sdn", str(folder / "sdn.csv"), "--data-dir", str(tmp_path / "lists"))
    assert refused.code == 2 and "--snapshot-date today" in refused.err and "Traceback" not in refused.err
    today = cli("lists", "import", "ofac-sdn", *(str(folder / n) for n in SDN_FILES), "--data-dir", str(tmp_path / "lists"),
                "--snapshot-date", "today")
    assert today.code == 0, today.err
    manifest = store.read_manifest(tmp_path / "lists" / "sdn")
    assert (manifest.snapshot_date, manifest.date_basis) == (dt.date.today(), "flag")


def test_update_fetches_the_non_sdn_set_as_ofac_cons_dated_by_the_download(shared, tmp_path, cli):
    import functools
    import http.server
    import threading

    served = tmp_path / "served"
    served.mkdir()
    for name in CONS_FILES:  # OFAC serves them as CONS_PRIM.CSV, ...
        shutil.copy(shared / "data" / "us" / "ofac-cons-2025-12-19" / name, served / name.upper())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        data_dir = tmp_path / "lists"
        done = cli("lists", "update", "--source", "ofac-cons", "--ofac-url", f"http://127.0.0.1:{server.server_address[1]}/",
                   "--allow-insecure-url", "--data-dir", str(data_dir))
    finally:
        server.shutdown()
        server.server_close()
    assert done.code == 0, done.err
    manifest = store.read_manifest(data_dir / "ofac-cons")
    assert manifest.records == 442 and manifest.date_basis == "flag" and manifest.snapshot_date == dt.date.today()
    assert "download date" in manifest.date_source and not (data_dir / "sdn").exists()
    assert [d.url.rsplit("/", 1)[1] for d in manifest.downloads] == [n.upper() for n in CONS_FILES]  # what was fetched, recorded


def test_list_warnings_show_in_table_and_markdown_reports(shared, tmp_path, cli):
    folder = shared / "data" / "us" / "ofac-2024"
    data_dir = tmp_path / "lists"
    assert cli("lists", "import", "ofac-sdn", str(folder / "sdn.csv"), "--data-dir", str(data_dir), "--snapshot-date", "2024-05-03").code == 0
    parties = tmp_path / "parties.csv"
    parties.write_text("name\nAcme Example Trading\n", encoding="utf-8")
    warning = "aliases/addresses missing (no alt.csv, add.csv): persons will be missed"
    table = cli("screen", "parties", str(parties), "--data-dir", str(data_dir), "--fail-on", "none")
    assert f"list sdn: warning: {warning}" in " ".join(table.out.split())
    markdown = cli("screen", "parties", str(parties), "--data-dir", str(data_dir), "-f", "markdown", "--fail-on", "none")
    assert f"; warning: {warning}" in markdown.out
