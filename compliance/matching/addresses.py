"""Where an address starts in a name cell: "Tianjin Tianwei Food Co., Ltd Studio 75, Colin Parkways, …".

ERP masters often hold the address in the name column. An address is recognised by its
shape, word by word, not by a list of places: a unit and its number ("Flat 29S", "Suite 182",
"P.O. Box 16111"), a house number followed by a street ("6 Nicole Roads", "114 Taylor
Tunnel"), a street followed by a house number ("Piazza Farinelli, 263", "Ceylinsteeg 705",
"Pilotov St. 18-4"), or a postcode ("LN83 3DP", "7415IF"). Street types are the USPS
street suffixes (Publication 28, Appendix C1, https://pe.usps.com/text/pub28/28apc_002.htm)
and the common street words of European languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Words naming a unit, a floor or a mailbox: followed by a number, they start an address.
UNIT_WORDS = frozenset(
    """flat studio suite ste apt apartment room rm floor fl piso appartamento etazh building bldg
    box pobox inmate office house level d dom korp korpus pom kv""".split()
)
# Not "unit": "PLA Unit 61398" is a name.
#: Street types written after the street's name (USPS Publication 28 suffixes and others).
STREET_TYPES = frozenset(
    """alley aly avenue ave av bayou beach bend bluff bluffs bottom boulevard blvd bridge brook brooks burg
    bypass camp canyon cape causeway center circle cir cliff cliffs club common corner corners course court ct courts
    cove coves creek crescent crest crossing crossroad curve dale dam divide drive dr drives estate estates
    expressway extension falls ferry field fields flats ford fords forest forge forges fork forks fort freeway
    garden gardens gateway glen glens green greens grove groves harbor harbors haven heights highway hwy hill
    hills hollow inlet island islands isle junction key keys knoll knolls lake lakes landing lane ln light
    lights loaf lock locks lodge loop mall manor manors meadow meadows mews mill mills mission motorway mount
    mountain neck orchard oval overpass park parkway parkways pass passage path pike pine pines place pl plain
    plains plaza point points port ports prairie radial ramp ranch rapid rapids rest ridge ridges river road
    rd roads route row run shoal shoals shore shores skyway spring springs spur square squares station
    stravenue stream street st streets summit terrace throughway trace track trafficway trail tunnel
    turnpike underpass union unions valley valleys viaduct view views village villages ville vista walk walks
    way ways well wells wynd prospekt prospect pr ulitsa ul pereulok per shosse naberezhnaya str yolu sokak
    caddesi cad""".split()
)
#: Street words written before the street's name (Romance languages, Arabic, Turkish).
STREET_PREFIXES = frozenset(
    """via viale vicolo piazza piazzale strada contrada borgo largo incrocio rotonda canale corso calle avenida
    paseo pasaje pasadizo plaza ronda rambla camino carretera glorieta cuesta callejon acceso alameda
    urbanizacion travesia rua travessa rue avenue boulevard chemin impasse allee place quai route
    cours sentier ulica aleja stretto ul nab""".split()
)
#: Endings of one-word street names ("Hessegasse 11", "Ceylinsteeg 705", "Kramerring 9658").
STREET_ENDINGS = ("gasse", "strasse", "weg", "straat", "singel", "laan", "gracht", "plein", "vej", "gade", "gatan",
                  "vagen", "katu", "utca", "allee", "steeg", "pad", "baan", "dreef", "ring", "boulevard", "kade",
                  "platz", "damm", "ufer", "markt", "hof", "lei", "dijk")

_POSTCODE = re.compile(
    r"^(?:[a-z]{1,2}[0-9][a-z0-9]?|[0-9]{4}[a-z]{2}|[a-z]{2}[0-9]{4})$"  # UK outward code, Dutch "7415if", "VG1110"
)
_UK_INWARD = re.compile(r"^[0-9][a-z]{2}$")
_WORD = re.compile(r"[^\s,;()]+")
_LETTERS = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def _clean(word: str) -> str:
    """A word's letters and digits, folded. Cached: names of one table share most of their words."""
    if word.isascii():  # NFKD changes no ASCII character and none of them is combining
        return _LETTERS.sub("", word.lower())
    folded = unicodedata.normalize("NFKD", word.casefold())
    return _LETTERS.sub("", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def _house_number(word: str) -> bool:
    """"75", "29S", "18-4", "58-29", "037": a short run of digits, perhaps with a letter or a range."""
    core = word.casefold().strip(".,;:")
    return bool(core) and core[0].isdigit() and len(core) <= 7 and bool(re.fullmatch(r"[0-9]+[a-z]?(?:[-/][0-9]+[a-z]?)?", core))


def _postcode(words: list[str], i: int, new_part: bool) -> bool:
    """A postcode: five digits or more starting a part of the cell, a Dutch, Virgin Islands or UK one."""
    w = _clean(words[i])
    if len(w) >= 5 and w.isdigit():
        return new_part
    if _POSTCODE.match(w) and any(ch.isdigit() for ch in w) and any(ch.isalpha() for ch in w):
        if w[0].isdigit() or (len(w) == 6 and w[2].isdigit()):  # "7415IF", "VG1110"
            return True
        return i + 1 < len(words) and bool(_UK_INWARD.match(_clean(words[i + 1])))
    return False


def address_start(text: str) -> int | None:
    """The character offset where an address starts in `text`, or None. The name before it must keep a
    word of its own (two letters or more, not a unit or street word)."""
    if text.isascii() and _ADDRESS_SIGN.search(text) is None:
        return None  # most names: every reading of _address_start needs one of these signs
    return _address_start(text)


def _address_start(text: str) -> int | None:
    spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    if len(spans) < 2:
        return None  # the name before an address needs a word of its own
    words = [w for _, _, w in spans]
    clean = [_clean(w) for w in words]
    # word i is the last of its part: a comma, semicolon or bracket, or the end of the cell, follows it
    last = [j + 1 == len(spans) or bool(_PART_END.search(text[spans[j][1] : spans[j + 1][0]]))
            for j in range(len(spans))]
    for i in range(1, len(words)):
        gap = text[spans[i - 1][1] : spans[i][0]]
        new_part = "," in gap or ";" in gap
        start = _start_here(words, clean, last, i, new_part)
        if start is None and new_part and i + 1 < len(words) and _house_number(words[i + 1]) and last[i + 1]:
            start = i  # a part of its own: "…, Gielring 6, …", "…; Sjatoozerskaja 28-24, Moscow"
        if start is None and ";" in gap and "," in text[spans[i][0] :]:
            start = i  # after a semicolon, parts of a place: "ISSAM ANWAR; AL KOLAA, BEIRUT"
        if start is None:
            continue
        name = clean[:start]
        if any(len(w) >= 2 and not w.isdigit() and w not in UNIT_WORDS and w not in STREET_TYPES for w in name):
            return spans[start][0]
    return None


_PART_END = re.compile(r"[,;()]")
#: What any reading of address_start needs somewhere in an ASCII cell: a digit (house numbers, units, floors,
#: postcodes), "box" (P.O. Box), "/" (C/O) or a semicolon.
_ADDRESS_SIGN = re.compile(r"[0-9;/]|[bB][oO][xX]")


def _street_word(words: list[str], clean: list[str], last: list[bool], j: int) -> bool:
    """Word j closes a street's name: a street type ending its part or followed by a unit or a number
    ("Colin Parkways,", "Taylor Tunnel Suite 182"; not "Three Line One Point Animation")."""
    if clean[j] not in STREET_TYPES and not (clean[j].endswith("s") and clean[j][:-1] in STREET_TYPES):
        return False  # "Christopher Mountains"
    return last[j] or j + 1 >= len(words) or clean[j + 1] in UNIT_WORDS or _house_number(words[j + 1])


def _compound_street(word: str, w: str) -> bool:
    """"Ceylinsteeg", "Kramerring", "Elzbieta-Pechel-Ring" (not "Manufacturing")."""
    ending = next((e for e in STREET_ENDINGS if w.endswith(e)), None)
    if ending is None or len(w) < len(ending) + 3:
        return False
    return ending != "ring" or "-ring" in word.casefold() or w.endswith("rring")


def _start_here(words: list[str], clean: list[str], last: list[bool], i: int, new_part: bool) -> int | None:
    """Where the address starts if word `i` gives one away (a word or two before it, for a street's name)."""
    w = clean[i]
    if w in UNIT_WORDS and any(any(ch.isdigit() for ch in x) for x in words[i + 1 : i + 3]):
        return i
    if (w == "po" and clean[i + 1 : i + 2] == ["box"]) or (w == "p" and clean[i + 1 : i + 3] == ["o", "box"]):
        return i
    if w == "co" and "/" in words[i]:
        return i  # "C/O Vistra ..."
    if _ORDINAL.match(w) and clean[i + 1 : i + 2] and clean[i + 1] in FLOOR_WORDS:
        return i  # "1st Floor", "19TH FLOOR"
    if _house_number(words[i]) and any(
            _street_word(words, clean, last, j) or clean[j] in STREET_PREFIXES or _compound_street(words[j], clean[j])
            for j in range(i + 1, min(i + 5, len(words)))):
        # "Studio 75, Colin Parkways": the unit before the number goes with it
        return i - 1 if (clean[i - 1] in UNIT_WORDS or clean[i - 1] == "no") and i > 1 else i
    if w in STREET_PREFIXES and any(_house_number(x) for x in words[i + 1 : i + 6]):
        return i
    if _compound_street(words[i], w) and i + 1 < len(words) and _house_number(words[i + 1]):
        return i
    if w in ROADS and i >= 2 and i + 1 < len(words) and (
            _house_number(words[i + 1]) or (clean[i + 1] == "no" and i + 2 < len(words) and _house_number(words[i + 2]))):
        return i - 1  # "Pilotov St. 18-4", "Tasocagi Yolu No: 19/34": the street's name comes first
    if i >= 2 and _postcode(words, i, new_part):
        return i
    return None


#: Street types that are never a word of a company's name, so a number after them is a house number.
ROADS = frozenset("""street st road rd avenue ave lane ln drive dr boulevard blvd prospekt ulitsa ul str pereulok
    shosse yolu sokak caddesi cad highway hwy""".split())
_ORDINAL = re.compile(r"^[0-9]{1,3}(?:st|nd|rd|th)?$")
#: Words for a floor after its number ("13th Floor").
FLOOR_WORDS = frozenset("floor fl etazh".split())
