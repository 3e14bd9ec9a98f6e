"""The December 2026 regulatory update, as a user sees it through the CLI.

Dates are written out: each boundary is checked the day before, of and after. Facts come
from the fact sheets (`../shared/regulations/update-2026-12.md` §1, §2, §5, §7): the
first suspensions of 14 May 2025 (90 days, so the last suspended day is 11 Aug 2025),
MOFCOM's 12 Aug 2025 statement (UEL No. 8 and control list No. 22 stopped; No. 21 and UEL
No. 7 suspended 90 more days, to 9 Nov 2025), the one-year suspensions from 10 Nov 2025,
MOFCOM Orders No. 2 and 3 of 2026 (5 Aug 2026), the § 744.8 rule published 21 Mar 2024,
and the political signal of Sep 2026 (extension to 10 Jan 2027, no legal text seen).
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from compliance.cli import main
from compliance.rulepacks.loader import load_rules

SIGNALLED = [
    # Nos. 55-58, 61, 62 via No. 70 (window to 10 Nov 2026)
    ("CN-MOFCOM-2025-55-2C902", "2026-11-10"),
    ("CN-MOFCOM-2025-56-2B902", "2026-11-10"),
    ("CN-MOFCOM-2025-57-YB", "2026-11-10"),
    ("CN-MOFCOM-2025-58-BATTERY", "2026-11-10"),
    ("CN-MOFCOM-2025-61-ART1-1", "2026-11-10"),
    ("CN-MOFCOM-2025-62-ART7", "2026-11-10"),
    # No. 46 Art. 2 via No. 72 (to 27 Nov 2026)
    ("CN-MOFCOM-2024-46-ART2", "2026-11-27"),
    # the Affiliates Rule stay, 90 FR 50857 (through 9 Nov 2026)
    ("US-BIS-AFFILIATES-50PCT", "2026-11-09"),
    # list batches suspended to Nov 2026
    ("CN-CONTROL-LIST-2025-21", "2026-11-10"),
    ("CN-UEL-2025-07", "2026-11-10"),
    ("CN-COUNTERMEASURES-2025-06", "2026-11-09"),
]


@pytest.fixture
def cli(capsys):
    def invoke(*args):
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        out = capsys.readouterr()
        return exit_info.value.code, out.out, out.err

    return invoke


@pytest.fixture
def rules_on(cli):
    def on(date):
        code, out, err = cli("rules", "list", "--as-of", date, "-f", "json")
        assert code == 0, err
        return {r["id"]: r for r in json.loads(out)["rules"]}

    return on


def label(rule):
    return rule["status"] + (" (verify)" if rule["unverified"] else "")


# --------------------------------------------------------------------------- timelines

TIMELINES = {
    # UEL No. 8 of 2025: effective 10 Apr 2025, paused 14 May 2025, stopped from 12 Aug 2025.
    "CN-UEL-2025-08": {
        "2025-04-09": "not-yet-effective", "2025-04-10": "in-force", "2025-05-13": "in-force",
        "2025-05-14": "suspended", "2025-05-15": "suspended", "2025-08-11": "suspended",
        "2025-08-12": "expired", "2025-08-13": "expired", "2026-12-05": "expired",
    },
    # Control list No. 21 of 2025: 14 May -> 11 Aug (90 days), 12 Aug -> 9 Nov (90 more), 10 Nov 2025 -> 10 Nov 2026.
    "CN-CONTROL-LIST-2025-21": {
        "2025-05-13": "in-force", "2025-05-14": "suspended", "2025-05-15": "suspended",
        "2025-08-11": "suspended", "2025-08-12": "suspended", "2025-08-13": "suspended",
        "2025-11-09": "suspended", "2025-11-10": "suspended", "2025-11-11": "suspended",
        "2026-11-10": "suspended", "2026-11-11": "in-force (verify)",
    },
    # Control list No. 22 of 2025: effective 10 Apr 2025, paused 14 May 2025, stopped from 12 Aug 2025.
    "CN-CONTROL-LIST-2025-22": {
        "2025-05-13": "in-force", "2025-05-14": "suspended", "2025-05-15": "suspended",
        "2025-08-11": "suspended", "2025-08-12": "expired", "2025-08-13": "expired",
    },
    # UEL No. 7 of 2025: the 12 Aug - 9 Nov 2025 window was missing.
    "CN-UEL-2025-07": {
        "2025-05-13": "in-force", "2025-05-14": "suspended", "2025-05-15": "suspended",
        "2025-08-11": "suspended", "2025-08-12": "suspended", "2025-08-13": "suspended",
        "2025-09-30": "suspended", "2025-11-09": "suspended", "2025-11-10": "suspended",
        "2026-11-10": "suspended", "2026-11-11": "in-force (verify)",
    },
    # MOFCOM Orders No. 2 and 3 of 2026, 5 Aug 2026.
    "CN-COUNTERMEASURES-2026-02": {"2026-08-04": "not-yet-effective", "2026-08-05": "in-force", "2026-08-06": "in-force"},
    "CN-COUNTERMEASURES-2026-03": {"2026-08-04": "not-yet-effective", "2026-08-05": "in-force", "2026-08-06": "in-force"},
    # § 744.8 SDN rule, 89 FR 20107, published 21 Mar 2024 (was dated 25 Mar 2024 from a blog post).
    "US-BIS-SDN-744.8": {"2024-03-20": "not-yet-effective", "2024-03-21": "in-force", "2024-03-22": "in-force"},
    # Affiliates Rule stay, 90 FR 50857: 10 Nov 2025 through 9 Nov 2026.
    "US-BIS-AFFILIATES-50PCT": {
        "2025-11-09": "in-force", "2025-11-10": "suspended", "2026-11-08": "suspended",
        "2026-11-09": "suspended", "2026-11-10": "in-force (verify)",
    },
    # No. 46 Art. 2 suspended by No. 72 from 9 Nov 2025 through 27 Nov 2026.
    "CN-MOFCOM-2024-46-ART2": {"2026-11-26": "suspended", "2026-11-27": "suspended", "2026-11-28": "in-force (verify)"},
}
DATES = sorted({d for days in TIMELINES.values() for d in days})


@pytest.mark.parametrize("date", DATES)
def test_rule_status_around_each_new_boundary(rules_on, date):
    rules = rules_on(date)
    for rule_id, days in TIMELINES.items():
        if date in days:
            assert label(rules[rule_id]) == days[date], (rule_id, date)


def test_uel_no8_is_no_longer_under_the_general_uel_rule():
    rule = load_rules().get("CN-UEL")
    assert "No. 8 of 2025" in rule.conditions.except_announcements
    assert rule.conditions.covers_entry("cn-uel", "UEL Working Mechanism Announcement No. 8 of 2025 (issued 2025-04-09)") is False


# --------------------------------------------------------------------------- political signal


@pytest.mark.parametrize("rule_id,window_end", SIGNALLED)
def test_signal_on_every_affected_window_in_list_json(rules_on, rule_id, window_end):
    inside, after = rules_on(window_end)[rule_id], rules_on("2026-12-05")[rule_id]
    for rule in (inside, after):
        assert rule["signal"]["stated"] == "2026-09-28"
        assert rule["signal"]["extends_to"] == "2027-01-10"
        assert rule["signal"]["legal_text_seen"] is False
        assert {urlparse(s["url"]).hostname for s in rule["signal"]["sources"]} >= {"www.mofcom.gov.cn"}
    # Inside the written window: no verify, so nothing to explain. After it: status as written,
    # flagged verify, and the reason says what the signal is and that no text confirms it.
    assert not inside["unverified"]
    assert after["status"] == "in-force" and after["unverified"]
    assert "political signal of 2026-09-28 (extension to 2027-01-10 announced; no legal text confirms it)" in after["reason"]


def test_every_verify_reason_names_the_signal(rules_on):
    unverified = [r for r in rules_on("2026-12-05").values() if r["unverified"]]
    assert len(unverified) >= len(SIGNALLED)
    for rule in unverified:
        assert "no legal text confirms it" in rule["reason"], rule["id"]


def test_no72_signal_says_its_reach_is_not_stated(rules_on):
    reason = rules_on("2026-11-28")["CN-MOFCOM-2024-46-ART2"]["reason"]
    assert "no source says whether this extension covers No. 72" in reason


def test_signal_in_the_table_and_in_rules_show(cli):
    code, out, _ = cli("rules", "list", "--as-of", "2026-12-05", "--jurisdiction", "US")
    assert code == 0 and "political signal" in out and "2027-01-10" in out and "no legal text" in out
    code, out, _ = cli("rules", "show", "US-BIS-AFFILIATES-50PCT", "--as-of", "2026-12-05", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["status"]["unverified"] is True
    assert data["signal"]["extends_to"] == "2027-01-10" and data["signal"]["legal_text_seen"] is False
    window = data["validity"]["suspended"][0]
    assert window["citation"]["url"].startswith("https://www.federalregister.gov/documents/2025/11/12/2025-19846/")
    assert "90 FR 50857" in window["citation"]["document"]
    code, out, _ = cli("rules", "show", "CN-UEL-2025-07", "--as-of", "2026-12-05")
    assert code == 0 and "signal:" in out and "extends_to: '2027-01-10'" in out


def test_rules_show_unknown_format_exits_2(cli):
    code, _, err = cli("rules", "show", "CN-UEL", "-f", "xml")
    assert code == 2 and "--format" in err


# --------------------------------------------------------------------------- citations

OFFICIAL = ("mofcom.gov.cn", "federalregister.gov", "govinfo.gov", "ecfr.gov", "bis.gov", "bis.doc.gov", "treasury.gov", "dhs.gov", "congress.gov")
#: Citations for which the update found no official page (update-2026-12.md §3, §4).
NO_OFFICIAL_URL = {
    ("CN-UEL", None): "2020 UEL Provisions: no official URL found",
    ("US-BIS-SDN-744.8", None): "89 FR 20107: federalregister.gov URL not seen; justia copy of the FR text",
    ("CN-CONTROL-LIST-2025-21", "2025-05-14"): "14 May 2025 suspension: reported by Xinhua, no MOFCOM URL found",
    ("CN-CONTROL-LIST-2025-22", "2025-05-14"): "same",
    ("CN-UEL-2025-07", "2025-05-14"): "same",
    ("CN-UEL-2025-08", "2025-05-14"): "same",
}


def official(url):
    host = urlparse(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in OFFICIAL)


def test_every_citation_is_an_official_page_unless_none_was_found():
    found = {}
    for rule in load_rules().rules:
        cited = [(None, rule.citation)] + [(w.from_.isoformat(), w.citation) for w in rule.validity.suspended]
        for window, citation in cited:
            if not official(citation.url):
                found[(rule.id, window)] = citation.url
    assert set(found) == set(NO_OFFICIAL_URL), found


def test_graphite_is_no_39_of_2023_on_mofcom():
    rule = load_rules().get("CN-MOFCOM-2023-GRAPHITE")
    assert "No. 39 of 2023" in rule.citation.document and "unconfirmed" not in rule.citation.document
    assert urlparse(rule.citation.url).hostname == "www.mofcom.gov.cn"
    assert rule.citation.via.startswith("https://english.news.cn/")  # the English report kept as `via`


def test_uflpa_pack_names_the_3_august_2026_additions():
    rule = load_rules().get("US-DHS-UFLPA")
    assert "2026-15628" in rule.citation.note and "Xinjiang Jinchuan Mining Industry Co." in rule.citation.note


# --------------------------------------------------------------------------- screening


@pytest.fixture
def screen(cli, tmp_path):
    parties = tmp_path / "parties.csv"
    parties.write_text(
        "id,name,country\n"
        "P-1,Cyberlux Corporation,US\n"  # UEL No. 8 of 2025
        "P-2,Compliance Testing LLC,US\n"  # MOFCOM Order No. 3 of 2026
        "P-3,Altana Technologies,US\n"  # MOFCOM Order No. 2 of 2026
        "P-4,Hanwha Philly Shipyard Inc.,US\n"  # MOFCOM Order No. 6 of 2025, suspended by No. 7
        "P-5,Opticoelectron Group,\n",  # control list No. 30 of 2026
        encoding="utf-8",
    )

    def run(date):
        out = tmp_path / f"report-{date}.json"
        code, _, err = cli("screen", "parties", parties, "--as-of", date, "-f", f"json={out}")
        assert code in (0, 1), err
        findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
        return {(f["subject"]["value"], f["rule_id"]): f for f in findings}

    return run


def test_uel_no8_entity_found_before_the_pause_not_after(screen):
    assert ("Cyberlux Corporation", "CN-UEL-2025-08") in screen("2025-05-13")
    for date in ("2025-05-14", "2025-08-12", "2026-12-05"):
        found = screen(date)
        assert not {rule for (name, rule) in found if name == "Cyberlux Corporation" and rule.startswith("CN-UEL")}, date


def test_orders_2_and_3_of_2026_from_5_august_2026(screen):
    before, on = screen("2026-08-04"), screen("2026-08-05")
    assert not {k for k in before if k[0] in ("Compliance Testing LLC", "Altana Technologies")}
    assert ("Compliance Testing LLC", "CN-COUNTERMEASURES-2026-03") in on
    assert ("Altana Technologies", "CN-COUNTERMEASURES-2026-02") in on
    # The Hanwha rule (Order No. 6 of 2025, suspended) no longer claims the new listings.
    assert ("Compliance Testing LLC", "CN-COUNTERMEASURES-2025-06") not in on
    finding = on[("Compliance Testing LLC", "CN-COUNTERMEASURES-2026-03")]
    assert finding["outcome"] == "prohibited" and urlparse(finding["citation"]["url"]).hostname == "aqygzj.mofcom.gov.cn"


def test_hanwha_after_its_suspension_is_verify_with_the_signal(screen):
    assert ("Hanwha Philly Shipyard Inc.", "CN-COUNTERMEASURES-2025-06") not in screen("2026-11-09")
    finding = screen("2026-11-10")[("Hanwha Philly Shipyard Inc.", "CN-COUNTERMEASURES-2025-06")]
    assert finding["verify"] is True
    assert "political signal of 2026-09-28" in finding["evidence"]["rule_status"]
    assert "no legal text confirms it" in finding["evidence"]["rule_status"]


def test_control_list_no30_entry_is_corroborated(screen):
    finding = screen("2026-12-05")[("Opticoelectron Group", "CN-CONTROL-LIST")]
    citation = finding["evidence"]["entry_citation"]
    assert citation.startswith("MOFCOM Announcement No. 30 of 2026") and "UNCORROBORATED" not in citation
    assert "art_452eed7fd22c431fbd3d7a8b9fad6d93" in citation
