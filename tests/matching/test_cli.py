"""`compliance search` and `compliance screen parties` end to end on the bundled lists."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from compliance.cli import main


@pytest.fixture(scope="module", autouse=True)
def index_cache(tmp_path_factory):
    """One index cache for the module (it is built once, then loaded), never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPLIANCE_CACHE_DIR", str(folder))
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
        yield folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_search_chinese_name_finds_huawei_on_the_entity_list(capsys, index_cache):
    code, out, _ = run(capsys, "search", "华为技术有限公司", "--top", "3")
    assert code == 1, "a hit at or above the threshold exits 1"
    first = out.splitlines()[0]
    assert "entity-list" in first and "Huawei Technologies Co., Ltd." in first and "100.0" in first
    assert "华为 (huawei)" in out and "legal form set aside" in out and "有限公司" in out
    assert list(index_cache.glob("name-index-*.pickle")), "the index is cached on disk"


def test_search_json_and_country(capsys):
    code, out, _ = run(capsys, "search", "Huawei Technologies Co Ltd", "--country", "DE", "--lists", "entity-list", "-f", "json")
    data = json.loads(out)
    assert code == 1 and data["country"] == "DE"
    assert all(hit["list"] == "entity-list" for hit in data["hits"])
    chinese = [h for h in data["hits"] if h["country"] == "CN"]
    assert chinese and all(h["score"] < h["name_score"] for h in chinese) and "country differs" in chinese[0]["explanation"]


def test_search_without_a_hit_exits_0(capsys):
    code, out, _ = run(capsys, "search", "Zzyzx Quorlat Plc", "--threshold", "80")
    assert code == 0 and out.startswith("no listed party scores 80")
    code, out, _ = run(capsys, "search", "Zzyzx Quorlat Plc", "--threshold", "80", "-f", "json")
    assert code == 0 and json.loads(out)["hits"] == []


def test_search_help_documents_exit_codes(capsys):
    code, out, _ = run(capsys, "search", "--help")
    assert code == 0 and "Exit codes" in out and "1 at least one does" in " ".join(out.split()).replace("│", "")


def test_search_rejects_unknown_country(capsys):
    code, _, err = run(capsys, "search", "Huawei", "--country", "Atlantis")
    assert code == 2 and "--country" in err and "Traceback" not in err


@pytest.fixture
def parties_file(tmp_path):
    path = tmp_path / "parties.csv"
    path.write_text(
        "id,name,country,aliases\n"
        "C1,HUAWEI TECHNOLOGIES CO LTD,CN,\n"
        "C2,Ningbo Hengxin Textile Co Ltd,CN,\n"
        "C3,,CN,\n"
        "C4,Acme Widgets GmbH,Atlantis,\n"
        "C5,Unknown Trading,CN,深圳市大疆创新科技有限公司\n",
        encoding="utf-8",
    )
    return path


def test_screen_parties_findings_rejections_and_provenance(capsys, tmp_path, parties_file):
    report_path = tmp_path / "report.json"
    code, _, err = run(capsys, "screen", "parties", str(parties_file), "-f", f"json={report_path}", "--max-rejected-rows", "2",
                       "--as-of", "2026-11-28")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert code == 1  # high findings, fail-on high
    by_party = {}
    for finding in report["findings"]:
        by_party.setdefault(finding["subject"]["party_id"], []).append(finding)
    assert set(by_party) == {"C1", "C5"}
    huawei = [f for f in by_party["C1"] if f["rule_id"] == "US-BIS-EL-744.11"]
    assert huawei and huawei[0]["match"]["list"] == "entity-list" and huawei[0]["match"]["score"] >= 85
    assert huawei[0]["evidence"]["license_requirement"]
    assert any(f["match"]["list"] == "ofac-ns-cmic" for f in by_party["C5"]), "alias in Han characters screened"
    rejected = {(r["row"], r["field"]) for r in report["rejected"]}
    assert rejected == {(4, "name"), (5, "country")}
    assert {entry["id"] for entry in report["provenance"]["lists"]} >= {"entity-list", "ofac-ns-cmic"}
    inputs = report["provenance"]["inputs"][0]
    assert (inputs["rows_read"], inputs["rows_screened"], inputs["rows_rejected"]) == (5, 3, 2)


def test_entry_listed_after_the_as_of_date_does_not_count(capsys, tmp_path, parties_file):
    report_path = tmp_path / "report.json"
    run(capsys, "screen", "parties", str(parties_file), "-f", f"json={report_path}", "--max-rejected-rows", "2",
        "--as-of", "2019-01-01", "--lists", "entity-list")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    huawei = [f for f in report["findings"] if f["subject"]["party_id"] == "C1"]
    listed_on = {f["evidence"].get("listed_on") for f in huawei}
    assert all(day and dt.date.fromisoformat(day) <= dt.date(2019, 1, 1) for day in listed_on)


def test_missing_name_column_is_a_one_line_error(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("company_code,country\nX1,CN\n", encoding="utf-8")
    code, _, err = run(capsys, "screen", "parties", str(path))
    assert code == 2 and f"{path}:1" in err and "'name'" in err and len(err.strip().splitlines()) <= 8


def test_threshold_out_of_range(capsys, parties_file):
    code, _, err = run(capsys, "screen", "parties", str(parties_file), "--threshold", "150")
    assert code == 2 and "--threshold" in err


def test_screen_bom_screens_suppliers_and_manufacturers(capsys, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text(
        "part_number,description,supplier,manufacturer\n"
        "P-1,Router board,Huawei Tech. Co. Ltd.,Acme Widgets GmbH\n"
        "P-2,Camera,Ningbo Hengxin Textile Co Ltd,深圳市大疆创新科技有限公司\n",
        encoding="utf-8",
    )
    report_path = tmp_path / "report.json"
    code, _, err = run(capsys, "screen", "bom", str(bom), "-f", f"json={report_path}", "--as-of", "2026-11-28")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    party = [f for f in report["findings"] if f["kind"] == "listed-party"]
    assert {(f["subject"]["part_number"], f["subject"]["field"]) for f in party} == {("P-1", "supplier"), ("P-2", "manufacturer")}
    assert {entry["id"] for entry in report["provenance"]["lists"]} >= {"entity-list"}
    # The BOM column is the role: an Entity List supplier restricts what you send it, not the purchase.
    el = [f for f in party if f["rule_id"] == "US-BIS-EL-744.11" and f["subject"]["field"] == "supplier"][0]
    assert el["outcome"] == "red-flag" and el["evidence"]["role"] == "supplier" and "drawings" in el["message"]
    assert code == (1 if any(f["severity"] in ("high", "critical") for f in report["findings"]) else 0)


def search_json(capsys, name: str) -> list[dict]:
    """`compliance search NAME --threshold 85 -f json` on the bundled lists: the hits at the default hit threshold."""
    code, out, _ = run(capsys, "search", name, "--threshold", "85", "-f", "json")
    hits = json.loads(out)["hits"]
    assert code == (1 if hits else 0)  # search exits 1 on a hit
    return hits


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("Huawai Technologies Co Ltd", "Huawei Technologies Co., Ltd.", "similar spelling"),
        ("Huawei", "Huawei Technologies Co., Ltd.", "listed name also has: 'technologies' (generic word)"),
        ("Hikvison Digital Technology", "Hangzhou Hikvision Digital Technology Co., Ltd.", "'hikvison'≈'hikvision'"),
        ("华为技术有限公司 Huawei Technologies Co., Ltd.", "Huawei Technologies Co., Ltd.", "two scripts"),
        ("Hangzhou Hikvision Digital Technology Co., Ltd., No. 555 Qianmo Road, Binjiang",
         "Hangzhou Hikvision Digital Technology Co., Ltd.", "address set aside: no. 555 qianmo road, binjiang"),
        ("Huawei Technologies Co., Ltd. Shenzhen Branch", "Huawei Technologies Co., Ltd.",
         "extra words set aside: shenzhen branch"),
    ],
)
def test_issue_table_true_matches_reach_the_threshold_with_an_explanation(capsys, query, listed, said):
    hits = search_json(capsys, query)
    assert hits and hits[0]["name"] == listed and hits[0]["score"] >= 85, hits[:1]
    assert said in hits[0]["explanation"]


@pytest.mark.parametrize("query", ["Daniel Pratt", "高市早苗", "高石早苗", "Bowne Global Solutions II"])
def test_issue_table_non_matches_give_no_hit(capsys, query):
    assert search_json(capsys, query) == []
