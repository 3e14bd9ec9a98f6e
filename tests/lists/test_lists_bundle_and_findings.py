"""A fresh install screens the bundled SDN list; weak aliases are red flags; merged
Entity List entries show both sources; every list says how it is kept current."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.lists import store
from compliance.lists.entity_merge import conflicts, merge_pair
from compliance.lists.model import ListedParty
from compliance.lists.screening_fields import WEAK_WEIGHT, is_weak, screening_entries
from compliance.lists.update_paths import stale_advice, update_path
from list_cli import cli  # noqa: F401  (the fixture)


def _screen(cli, tmp_path, names, *extra):
    parties = tmp_path / "parties.csv"
    parties.write_text("name\n" + "".join(f"{n}\n" for n in names), encoding="utf-8")
    run = cli("screen", "parties", str(parties), "-f", "json", "--fail-on", "none", *extra)
    assert run.code == 0, run.err
    return run, run.json()


def _by_subject(report):
    found: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["subject"]["value"], []).append(finding)
    return found


def test_bundled_sdn_snapshot_dated_by_its_oldest_part():
    [sdn] = store.load_snapshots(["sdn"], data_dir=None)
    m = sdn.manifest
    assert sdn.bundled and m.records == 14965 and m.snapshot_date == dt.date(2024, 5, 3) and m.date_basis == "flag"
    assert m.vintages == {"sdn.csv": "2024-05-03", "alt.csv": "2025-02-27", "add.csv": "2025-02-27", "sdn_comments.csv": "2025-02-27"}
    assert (sdn.path / store.PARTIES).stat().st_size < 10 * 1024 * 1024  # tracked files stay well under 20 MB
    types = {p.extras.get("type") for p in sdn.parties}
    assert {"individual", "entity", "vessel", "aircraft"} <= types


def test_fresh_install_flags_bank_melli_iran_and_says_how_old_sdn_is(cli, tmp_path):
    run, report = _screen(cli, tmp_path, ["Bank Melli Iran", "Quiet Example Bakery"])
    findings = _by_subject(report)
    melli = {f["rule_id"]: f for f in findings["Bank Melli Iran"] if f["match"]["score"] == 100}
    assert melli["US-OFAC-SDN"]["outcome"] == "prohibited" and melli["US-OFAC-SDN"]["match"]["list"] == "sdn"
    assert "Quiet Example Bakery" not in findings
    age = (dt.date.today() - dt.date(2024, 5, 3)).days
    stale = {g["subject"]: g["reason"] for g in report["coverage"] if g["kind"] == "list-stale"}
    assert f"snapshot of 2024-05-03 is {age} days old" in stale["sdn"]
    assert "run 'compliance lists update' for sdn" in stale["sdn"]  # SDN can be refreshed by `lists update`
    assert "stale list snapshot(s)" in run.err and "sdn" in run.err


def test_weak_alias_hit_is_a_labelled_red_flag_never_a_prohibition(cli, tmp_path):
    # "THE CHESS PLAYER" and "BNC" are weak a.k.a.'s in the Remarks of bundled SDN entries.
    _, report = _screen(cli, tmp_path, ["THE CHESS PLAYER", "BNC", "Bank Melli Iran"])
    findings = _by_subject(report)
    for name in ("THE CHESS PLAYER", "BNC"):
        assert findings[name], name
        for finding in findings[name]:
            assert finding["outcome"] == "red-flag" and finding["severity"] == "medium"
            assert finding["evidence"]["weak_alias"] is True
            assert "https://ofac.treasury.gov/faqs/124" in finding["evidence"]["weak_alias_guidance_urls"]
            assert finding["match"]["explanation"].startswith("weak alias")
            assert finding["match"]["score"] == pytest.approx(100 * WEAK_WEIGHT)
            assert "weak alias" in finding["message"]
            assert finding["match"]["name"] != name and finding["evidence"]["entry_name"] == finding["match"]["name"]
    assert all("weak_alias" not in f["evidence"] for f in findings["Bank Melli Iran"] if f["match"]["score"] == 100)


def test_weak_entries_are_extra_entries_and_leave_the_parties_in_place():
    strong = ListedParty(id="sdn:ofac-1", list="sdn", names=["EXAMPLE HOLDING"], extras={"weak_aliases": ["EXH"], "type": "entity"})
    plain = ListedParty(id="sdn:ofac-2", list="sdn", names=["OTHER"])
    entries = screening_entries([strong, plain])
    assert entries[:2] == [strong, plain]
    [weak] = entries[2:]
    assert weak.id == strong.id and weak.names == ["EXH"] and is_weak(weak) and not is_weak(strong)
    assert weak.primary_name == "EXAMPLE HOLDING" and weak.programs == strong.programs  # the finding names the entry itself


# --- Entity List: eCFR and CSL data for the same entry ---


def test_csl_import_merges_with_the_bundled_ecfr_entry(shared, tmp_path, cli):
    data_dir = tmp_path / "lists"
    done = cli("lists", "import", "csl-csv", str(shared / "data" / "csl-excerpt-2025-06" / "consolidated.csv"), "--data-dir", str(data_dir), "--force")
    assert done.code == 0, done.err
    [snapshot] = store.load_snapshots(["entity-list"], data_dir=data_dir)
    [cetc] = snapshot.parties
    assert cetc.footnotes == ["3"]  # from the eCFR (the CSL has no footnote field)
    assert cetc.review_policy and cetc.review_policy.startswith("Policy of denial")  # from the CSL (the eCFR file has none)
    assert "83 FR 37427" in cetc.citation and "87 FR 77505" in cetc.citation  # both sources' FR citations
    merged = cetc.extras["merged"]
    assert merged["ecfr"]["id"] == cetc.id and merged["ecfr"]["footnotes"] == ["3"]
    assert any(c.startswith("FR citations differ") for c in merged["conflicts"])
    assert "merged with the eCFR snapshot at hand: 1 of 1 entries joined" in snapshot.manifest.notes
    _, report = _screen(cli, tmp_path, ["China Electronics Technology Group Corporation 13th Research Institute"], "--data-dir", str(data_dir))
    finding = next(f for f in report["findings"] if f["evidence"].get("list") == "entity-list")
    evidence = finding["evidence"]
    assert evidence["footnotes"] == ["3"] and evidence["review_policy"].startswith("Policy of denial")
    assert set(evidence["sources"]) == {"ecfr", "csl"} and evidence["source_conflicts"]


def test_merge_reports_a_licence_requirement_conflict_and_keeps_both_values():
    ecfr = ListedParty(id="entity-list:a", list="entity-list", names=["Example Institute"], country="CN", footnotes=["1"],
                       license_requirement="For all items subject to the EAR.", citation="85 FR 34503, 6/5/20")
    csl = ListedParty(id="entity-list:b", list="entity-list", names=["Example Institute"], country="CN",
                      license_requirement="For all items subject to the EAR, except EAR99.", review_policy="Presumption of denial.",
                      citation="85 FR 34503")
    assert conflicts(ecfr, csl) == [
        "licence requirement differs: eCFR 'For all items subject to the EAR.'; CSL 'For all items subject to the EAR, except EAR99.'"
    ]
    merged = merge_pair(csl, ecfr, "csl")
    assert merged.id == "entity-list:a" and merged.footnotes == ["1"] and merged.review_policy == "Presumption of denial."
    assert merged.extras["merged"]["ecfr"]["license_requirement"] == "For all items subject to the EAR."
    assert merged.extras["merged"]["csl"]["license_requirement"] == "For all items subject to the EAR, except EAR99."


# --- update paths ---


def test_lists_info_shows_date_basis_and_update_path(cli):
    rows = {r["list"]: r for r in cli("lists", "info", "-f", "json").json()["lists"]}
    assert rows["entity-list"]["date_basis"] == "content" and rows["sdn"]["date_basis"] == "flag"
    for list_id in ("entity-list", "meu", "dpl", "sdn", "ofac-ns-cmic"):
        assert rows[list_id]["update"]["automatic"] and "compliance lists update" in rows[list_id]["update"]["how"]
    for list_id in ("dhs-uflpa", "dow-1260h"):
        assert not rows[list_id]["update"]["automatic"]
        assert "compliance lists import user FILE --as " + list_id in rows[list_id]["update"]["how"]
        assert "lists update" not in rows[list_id]["update"]["how"]
    table = cli("lists", "info").out
    assert "date from" in table and "no official" in table


@pytest.mark.parametrize("list_id", ["isn", "uvl", "itar-debarred", "ssi", "fse", "plc", "capta", "ns-mbs"])
def test_every_csl_list_updates_through_the_csl(list_id):
    assert update_path(list_id).automatic


def test_stale_advice_never_sends_uflpa_or_1260h_to_lists_update():
    assert "lists update" not in stale_advice(["dhs-uflpa", "dow-1260h", "cn-uel"])
    mixed = stale_advice(["sdn", "dhs-uflpa"])
    assert "run 'compliance lists update' for sdn" in mixed and "by hand for dhs-uflpa" in mixed


def test_a_strong_name_match_wins_over_a_higher_scoring_weak_alias():
    from compliance.lists.screening_fields import WeakAliasEntry
    from compliance.matching.index import Hit
    from compliance.parties.screening import best_hits

    party = ListedParty(id="sdn:ofac-7", list="sdn", names=["EXAMPLE SHIPPING COMPANY"], extras={"weak_aliases": ["EXSHIP"]})

    class Index:  # what best_hits needs of a NameIndex: search()
        def search(self, name, **_):
            return [Hit(WeakAliasEntry(party), "EXSHIP", 100.0, 100.0, "exact"), Hit(party, "EXAMPLE SHIPPING COMPANY", 88.0, 88.0, "close")]

    [hit] = best_hits(Index(), ["EXSHIP"], country=None, lists=None, threshold=85)
    assert not is_weak(hit.party) and hit.score == 88.0
    [weak] = best_hits(Index(), ["EXSHIP"], country=None, lists=None, threshold=89)  # the strong name is below it
    assert is_weak(weak.party) and weak.score == pytest.approx(100 * WEAK_WEIGHT)
    assert best_hits(Index(), ["EXSHIP"], country=None, lists=None, threshold=95) == []  # 0.9 x 100 is below 95
