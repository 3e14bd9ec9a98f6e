"""The cited supplement to China's party lists: what it adds, and how bad data is refused."""

from __future__ import annotations

import csv

import pytest

from compliance.model.errors import InputError
from compliance.lists.cn_supplement import SUPPLEMENT, merged_csv, read_supplement

HEADER = "list,name_en,name_zh,country,date_added,announcement,source_url\n"
ROW = "Unreliable Entity List (不可靠实体清单),Acme,,United States,2025-04-10,UEL Working Mechanism Announcement No. 8 of 2025 (old),https://example.org\n"


def test_bundled_supplement_adds_the_seven_entities_of_orders_2_and_3_of_2026_with_official_urls():
    additions, corrections = read_supplement()
    assert [(a["name_en"], a["announcement"]) for a in additions] == [
        ("Applied DNA Sciences", "MOFCOM Order No. 2 of 2026"),
        ("Stratum Reservoir", "MOFCOM Order No. 2 of 2026"),
        ("Altana Technologies", "MOFCOM Order No. 2 of 2026"),
        ("Responsible Business Alliance", "MOFCOM Order No. 2 of 2026"),
        ("Verite Group", "MOFCOM Order No. 2 of 2026"),
        ("Human Rights in China", "MOFCOM Order No. 2 of 2026"),
        ("Compliance Testing LLC", "MOFCOM Order No. 3 of 2026"),
    ]
    assert all(a["date_added"] == "2026-08-05" and a["source_url"].startswith("https://aqygzj.mofcom.gov.cn/") for a in additions)
    assert len(corrections) == 2


def test_merge_applies_corrections_and_appends_additions(tmp_path):
    sheet = tmp_path / "china-parties.csv"
    sheet.write_text(HEADER + ROW, encoding="utf-8")
    supplement = tmp_path / "supplement.yaml"
    supplement.write_text(
        "corrections:\n"
        "  - announcement: 'UEL Working Mechanism Announcement No. 8 of 2025 (old)'\n"
        "    becomes: 'UEL Working Mechanism Announcement No. 8 of 2025 (stopped)'\n"
        "additions:\n"
        "  - {list: Anti-Foreign Sanctions Law countermeasure (MOFCOM Order), name_en: Beta, country: United States,\n"
        "     date_added: 2026-08-05, announcement: MOFCOM Order No. 3 of 2026, source_url: 'https://aqygzj.mofcom.gov.cn/x'}\n",
        encoding="utf-8",
    )
    out = merged_csv(sheet, tmp_path / "merged.csv", supplement)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["name_en"], r["announcement"]) for r in rows] == [
        ("Acme", "UEL Working Mechanism Announcement No. 8 of 2025 (stopped)"),
        ("Beta", "MOFCOM Order No. 3 of 2026"),
    ]
    assert rows[1]["date_added"] == "2026-08-05"


def test_a_correction_that_matches_no_row_is_an_error(tmp_path):
    sheet = tmp_path / "china-parties.csv"
    sheet.write_text(HEADER + ROW, encoding="utf-8")
    supplement = tmp_path / "supplement.yaml"
    supplement.write_text("corrections:\n  - {announcement: 'gone', becomes: 'x'}\n", encoding="utf-8")
    with pytest.raises(InputError, match="correction matches no row: 'gone'") as info:
        merged_csv(sheet, tmp_path / "merged.csv", supplement)
    assert str(supplement) in str(info.value)


def test_an_addition_without_its_source_url_names_the_line(tmp_path):
    supplement = tmp_path / "supplement.yaml"
    supplement.write_text("additions:\n  - list: x\n    name_en: y\n    country: US\n    date_added: 2026-08-05\n    announcement: z\n", encoding="utf-8")
    with pytest.raises(InputError, match="addition without source_url") as info:
        read_supplement(supplement)
    assert str(info.value) == f"{supplement}:2: source_url: addition without source_url"

