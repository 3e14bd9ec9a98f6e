"""The listed names the generator samples from, read directly from the list files as data.

Bundled lists: `entity_lists/<list>/parties.jsonl` (first name = primary name).
OFAC SDN: `sdn.csv` (primary name, type), `alt.csv` (aliases), `add.csv` (addresses),
joined on ent_num; ids follow the OFAC source number ("sdn:ofac-<ent_num>").
Chinese names: `cn/data-cn.json` pairs an Entity List English name with a Chinese name.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import fold, has_han, has_latin, name_key

SDN_FOLDER = ("data", "us", "ofac-2024")
SDN_FILES = ("sdn.csv", "alt.csv", "add.csv")
CN_FILE = ("data", "cn", "data-cn.json")

#: Words that mark a name as an organisation, for lists that do not say (DPL, Entity List).
ORG_WORDS = frozenset(
    "co ltd llc inc corp corporation company limited group trading international industries industry technology "
    "technologies tech enterprises enterprise gmbh sa srl bv fze fzc fzco llp lp plc ag pte pty import export "
    "electronics electronic systems system services service university institute bank shipping logistics solutions "
    "aviation engineering the of and for holding holdings center centre academy ooo zao oao jsc ojsc pjsc ao "
    "factory works research laboratory laboratories lab general trade store stores supply supplies parts "
    "products machinery machine equipment global network networks electric energy power marine ship air "
    "airlines bureau office ministry department agency school college hospital foundation association "
    "inc llc.".split()
)
PARTICLES = frozenset("al el bin ibn bint abu abd abdul de da di del della van von der den le la du dos das ul san santa "
                      "st y e ben bou ould ait mr mrs ms dr prof general colonel col major captain sheikh shaykh".split())


@dataclass
class Entry:
    """One listed entry and what the generator needs to know about it."""

    list_id: str
    entry_id: str
    names: list[str]
    kind: str  # person | organisation | vessel | aircraft | unknown
    source: str  # file(s) the names come from
    addresses: list[str] = field(default_factory=list)
    country: str | None = None
    surname: str | None = None  # persons with a known structure
    given: list[str] = field(default_factory=list)

    @property
    def primary(self) -> str:
        return self.names[0]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _person_parts(name: str) -> tuple[str, list[str]] | None:
    """Natural-order person name "Given [Middle] Surname" → (surname, given), when it plainly is one."""
    tokens = name.split()
    folded = fold(name).split()
    if not 2 <= len(tokens) <= 4 or any(t in ORG_WORDS or t in PARTICLES for t in folded):
        return None
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", t) for t in tokens):
        return None
    return tokens[-1], tokens[:-1]


#: bundled lists whose names the generator takes from the shared source files instead
BUNDLED_FROM_SHARED = {"sdn"}


def bundled_entries(root: Path) -> list[Entry]:
    entries = []
    for path in sorted(root.glob("entity_lists/*/parties.jsonl")):
        if path.parent.name in BUNDLED_FROM_SHARED:
            continue  # read from its source files by sdn_entries, as when the halves were frozen
        rel = path.relative_to(root).as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            names = [n for n in record["names"] if n.strip()]
            if not names:
                continue
            folded = set(fold(names[0]).split())
            kind, surname, given = ("organisation" if folded & ORG_WORDS else "unknown"), None, []
            if record["list"] == "dpl" and kind == "unknown":
                parts = _person_parts(names[0])
                if parts:
                    kind, (surname, given) = "person", parts
            entries.append(Entry(record["list"], record["id"], names, kind, rel,
                                 [a for a in record.get("addresses") or [] if a], record.get("country")))
            entries[-1].surname, entries[-1].given = surname, given
    return entries


def _cells(path: Path) -> list[list[str | None]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            cells = [None if c.strip() in ("", "-0-") else c.strip() for c in row]
            if cells and cells[0] and cells[0].isdigit():
                rows.append(cells)
    return rows


def sdn_entries(shared: Path) -> list[Entry]:
    folder = shared.joinpath(*SDN_FOLDER)
    aliases: dict[str, list[str]] = {}
    for row in _cells(folder / "alt.csv"):
        if len(row) >= 4 and row[3]:
            aliases.setdefault(row[0], []).append(row[3])
    addresses: dict[str, list[str]] = {}
    countries: dict[str, str] = {}
    for row in _cells(folder / "add.csv"):
        if len(row) >= 5:
            text = ", ".join(c for c in row[2:4] if c)
            if row[2]:  # a street address, not just a city
                addresses.setdefault(row[0], []).append(text)
            if row[4]:
                countries.setdefault(row[0], row[4])
    entries = []
    for row in _cells(folder / "sdn.csv"):
        if len(row) != 12 or not row[1]:
            continue
        ent_num, name, sdn_type = row[0], row[1], (row[2] or "entity")
        kind = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}.get(sdn_type, "organisation")
        names = list(dict.fromkeys([name] + aliases.get(ent_num, [])))
        entry = Entry("sdn", f"sdn:ofac-{ent_num}", names, kind, "shared/" + "/".join(SDN_FOLDER) + "/sdn.csv+alt.csv",
                      addresses.get(ent_num, []), countries.get(ent_num))
        if kind == "person" and ", " in name:
            surname, _, given = name.partition(", ")
            if given and not re.search(r"\d", name):
                entry.surname, entry.given = surname, given.split()
        entries.append(entry)
    return entries


def chinese_pairs(shared: Path) -> list[tuple[str, str]]:
    """(English name as listed, Chinese name) pairs from data-cn.json."""
    records = json.loads(shared.joinpath(*CN_FILE).read_text(encoding="utf-8"))
    return [(r["name"], r["zh"]) for r in records if r.get("name") and r.get("zh")]


#: Dropped from both sides before the "is it listed?" test: legal forms and the Arabic article.
_EXCLUSION_NOISE = frozenset("co ltd llc inc corp corporation company limited plc gmbh ag sa srl bv jsc pjsc ojsc "
                             "ooo zao oao pte pty fze fzc fzco llp lp al el".split())
_PARENS = re.compile(r"\([^)]*\)")
_CAPITALISED = re.compile(r"[A-Z][a-z]*|[a-z]+")


def exclusion_keys(name: str) -> tuple[str, str]:
    """name_key without bracketed parts, legal forms or "al"/"el" ("BAE Systems" == "BAE Systems, Inc."),
    and the same words run together in order ("DCC plc" == "D.C.C.")."""
    words = [w for w in fold(_PARENS.sub(" ", name)).split() if w not in _EXCLUSION_NOISE]
    return " ".join(sorted(words)), "~" + "".join(words)


def romanised_words(name: str) -> list[str]:
    """Folded words of a name; other scripts romanised by anyascii and split at capitals ("宿彬" → su, bin)."""
    if name.isascii():
        return fold(name).split()
    from anyascii import anyascii

    return [w.lower() for w in _CAPITALISED.findall(anyascii(name))]


class ListedNames:
    """Every listed name (primary and alias) by equality key: who owns it."""

    def __init__(self, entries: list[Entry]) -> None:
        self.owners: dict[str, set[str]] = {}
        self.folded: set[str] = set()
        self.loose: set[str] = set()
        self.person_words: dict[str, set[int]] = {}  # word → listed person names containing it
        person_names = 0
        for entry in entries:
            for name in entry.names:
                self.owners.setdefault(name_key(name), set()).add(entry.entry_id)
                self.folded.add(fold(name).replace(" ", ""))
                self.loose.update(exclusion_keys(name))
                if entry.kind == "person":
                    for word in set(fold(name).split()):
                        self.person_words.setdefault(word, set()).add(person_names)
                    person_names += 1
        self.loose -= {"", "~"}

    def listed(self, name: str) -> bool:
        """Equal to a listed name once token order, case, accents, punctuation, bracketed parts,
        legal forms and "al"/"el" are set aside (spaces too, for Han)."""
        return (name_key(name) in self.owners or fold(name).replace(" ", "") in self.folded
                or any(key in self.loose for key in exclusion_keys(name)))

    def person_subset(self, name: str) -> bool:
        """Every word (two or more, other scripts romanised) of this person name is in one listed
        person's name: "Vladimir Bogdanov" against "BOGDANOV, Vladimir Mikhaylovich"."""
        words = set(romanised_words(name))
        if len(words) < 2:
            return False
        postings = sorted((self.person_words.get(w, set()) for w in words), key=len)
        common = set(postings[0])
        for posting in postings[1:]:
            common &= posting
            if not common:
                return False
        return bool(common)

    def ambiguous(self, query: str, entry_id: str) -> bool:
        """The query equals a name of some other entry: its expected answer would not be unique."""
        owners = self.owners.get(name_key(query), set())
        return bool(owners - {entry_id})


def split_scripts(names: list[str]) -> tuple[list[str], list[str]]:
    """(Han names without Latin letters, Latin names without Han)."""
    han = [n for n in names if has_han(n) and not has_latin(n)]
    latin = [n for n in names if has_latin(n) and not has_han(n)]
    return han, latin
