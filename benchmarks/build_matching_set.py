"""Build the labelled name-matching evaluation set (benchmarks/data/matching-eval.csv).

Positives are realistic variants of real listed names, drawn with a fixed seed from the
bundled list snapshots: spelling and legal-form variants, abbreviations, the place moved
into brackets ("X (Beijing) Co."), one-letter typos, Russian romanisation variants and
Cyrillic spellings, and Han-character names (the Chinese names of 60 listed universities
and institutes from ../shared/data/cn/data-cn.json, and the Han aliases the lists print).
Negatives are real organisations that are on none of the lists but share words with
listed names (hand-written in benchmarks/data/matching-negatives.csv, each checked
against every list name).

Run: python benchmarks/build_matching_set.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

from compliance.lists.store import load_snapshots
from compliance.matching.pinyin import is_pinyin

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "matching-eval.csv"
NEGATIVES = HERE / "data" / "matching-negatives.csv"

_BROKEN = re.compile(r"a\.k\.a|f\.k\.a|^Address \d|subordinate institution|\(|;|following")
_LEGAL_SWAPS = [
    (r"\bCo\., Ltd\.?$", "Company Limited"), (r"\bCompany Limited$", "Co Ltd"), (r"\bLtd\.?$", "Limited"),
    (r"\bLLC$", "L.L.C."), (r"\bInc\.?$", "Incorporated"), (r"\bCorporation$", "Corp."), (r"\bJSC$", "Joint Stock Company"),
    (r"^Joint Stock Company\b", "JSC"), (r"^OOO\b", "LLC"), (r"^AO\b", "JSC"),
]
_ABBREVIATIONS = [("Technology", "Tech."), ("Technologies", "Tech"), ("International", "Intl"),
                  ("Company", "Co."), ("Corporation", "Corp"), ("Manufacturing", "Mfg."), ("Institute", "Inst."),
                  ("University", "Univ."), ("Electronics", "Elec."), ("Industry", "Ind."), ("Development", "Dev.")]
_PLACES = ["Beijing", "Shanghai", "Shenzhen", "Guangzhou", "Tianjin", "Chengdu", "Wuhan", "Hangzhou", "Nanjing", "Xi'an"]
_ROMANISATION = [(r"kh", "h"), (r"iy\b", "y"), (r"ts", "tz"), (r"shch", "sch"), (r"yy\b", "iy"), (r"ya", "ia"), (r"yu", "iu")]
_TO_CYRILLIC = [
    ("shch", "щ"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("zh", "ж"), ("yu", "ю"), ("ya", "я"),
    ("yo", "ё"), ("iy", "ий"), ("yy", "ый"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("z", "з"), ("i", "и"), ("y", "ы"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("c", "ц"), ("h", "х"), ("w", "в"), ("x", "кс"), ("j", "й"),
]


def to_cyrillic(text: str) -> str:
    out, i, low = [], 0, text.lower()
    while i < len(low):
        for latin, cyr in _TO_CYRILLIC:
            if low.startswith(latin, i):
                out.append(cyr.upper() if text[i].isupper() else cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def typo(name: str, rng: random.Random) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) >= 7 and not is_pinyin(w.lower())]
    if not words:
        return None
    word = max(words, key=len)
    pos = rng.randrange(2, len(word) - 2)
    letters = "aeioulnrst"
    changed = word[:pos] + rng.choice([c for c in letters if c != word[pos].lower()]) + word[pos + 1 :]
    return name.replace(word, changed, 1)


def build(shared: Path) -> list[dict[str, str]]:
    rng = random.Random(20261128)
    snapshots = {s.list_id: s for s in load_snapshots()}
    parties = [p for s in snapshots.values() for p in s.parties]
    clean = [p for p in parties if not _BROKEN.search(p.primary_name) and p.primary_name.isascii() and len(p.primary_name) > 6]
    rows: list[dict[str, str]] = []

    def add(category: str, query: str, party, note: str = "") -> None:
        rows.append({"category": category, "query": query, "expected_list": party.list if party else "",
                     "expected_name": party.primary_name if party else "", "note": note})

    for party in rng.sample(clean, 80):
        name = party.primary_name
        variant = name.upper().replace(",", "").replace(".", "")
        for pattern, repl in _LEGAL_SWAPS:
            if re.search(pattern, name):
                variant = re.sub(pattern, repl, name).upper()
                break
        add("spelling-legal-form", variant, party)
    abbreviable = [p for p in clean if any(re.search(rf"\b{w}\b", p.primary_name) for w, _ in _ABBREVIATIONS)]
    for party in rng.sample(abbreviable, 40):
        name = party.primary_name
        for word, short in _ABBREVIATIONS:
            name = re.sub(rf"\b{word}\b", short, name)
        add("abbreviation", name, party)
    placed = [p for p in clean if p.primary_name.split()[0] in _PLACES and re.search(r"Co\.,? Ltd\.?$", p.primary_name)]
    for party in rng.sample(placed, min(30, len(placed))):
        place, rest = party.primary_name.split(" ", 1)
        core = re.sub(r",?\s*Co\.,? Ltd\.?$", "", rest)
        add("place-in-brackets", f"{core} ({place}) Co., Ltd.", party)
    typed = [(p, typo(p.primary_name, rng)) for p in rng.sample(clean, 200)]
    for party, query in [t for t in typed if t[1]][:50]:
        add("typo", query, party)
    russian = [p for p in clean if p.country == "RU" and re.search(r"kh|iy\b|ts|shch|ya|yu", p.primary_name)]
    for party in rng.sample(russian, min(25, len(russian))):
        variant = party.primary_name
        for pattern, repl in _ROMANISATION:
            variant = re.sub(pattern, repl, variant)
        add("russian-romanisation", variant, party)
    # Cyrillic: names that are romanised Russian (not English) spelled back in Cyrillic, as a Russian user would type them.
    russian_words = re.compile(r"\b(?:zavod|obshchestvo|aktsionernoe|ooo|ao|pao|zao|oao|kontsern|nauchno|proizvodstvenn\w*|"
                               r"\w+skiy|\w+skii|\w+skoe|\w+kh\w*|\w+zh\w*)\b", re.IGNORECASE)
    romanised = []
    for party in parties:
        if party.country != "RU" or _BROKEN.search(party.primary_name):
            continue
        for name in party.names:
            words = re.findall(r"[A-Za-z]+", name)
            if name.isascii() and len(words) >= 2 and len(russian_words.findall(name)) >= len(words) / 2:
                romanised.append((party, name))
                break
    for party, name in rng.sample(romanised, min(25, len(romanised))):
        add("cyrillic", to_cyrillic(name), party, f"Cyrillic spelling of the listed name {name!r}")
    by_name = {}
    for p in parties:
        by_name.setdefault(p.primary_name, p)
    for item in json.loads((shared / "data" / "cn" / "data-cn.json").read_text(encoding="utf-8")):
        party = by_name.get(item["name"])
        if party is not None:
            add("han-university", item["zh"], party, "Chinese name from data-cn.json (unverified source)")
    for party in parties:
        for alias in party.names[1:]:
            if re.search(r"[\u4e00-\u9fff]", alias) and party.list.startswith(("ofac", "entity", "dow", "dhs")):
                add("han-list-alias", alias, party, "Han alias printed by the list; English primary expected")
    with NEGATIVES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append({"category": f"negative-{row['kind']}", "query": row["name"], "expected_list": "",
                         "expected_name": "", "note": row.get("note", "")})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    args = parser.parse_args()
    rows = build(args.shared)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["category", "query", "expected_list", "expected_name", "note"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
