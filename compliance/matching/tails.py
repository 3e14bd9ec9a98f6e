"""Where a name may end and an address or a site follow it in the same cell.

`addresses.py` finds an address by its shape (a house number and a street, a unit, a postcode).
Many cells hold a plainer one: "UNITED AFRICAN AIRLINES, MALTA AIRPORT, MT", "MUHAMMED ALI
HIJAZI BERNE, CH", "FARMACIA LUDIM Boulevard Doctor Enrique Cabrera, Tres Rios, Culiacan".
Read alone, such words could be part of a name; read after a listed name that the words
before them cover wholly, they are where that party is. So this module only says where such
a tail may start (`tail_starts`); scoring sets it aside when the words before it match a
listed name in full (score.py), and says so ("address set aside: malta airport, mt").

A tail may start:
- at a new part of the cell (after a comma, semicolon, bracket or spaced dash) when it holds
  a place, a number, an address or site word, or runs over two parts or more
  ("…, Jamia Masjid, al Qadsia");
- inside a part when its first word is a place, a number, a street named after its type
  ("Boulevard …", "Via …") or a unit, and more follows that reads as an address: another part,
  a number, or the address `addresses.py` already set aside
  ("… HIJAZI BERNE, CH"; not "Ali Hassan Jordan", nor "… Trading Center"); or a house number
  before its street ("561 Vista Del Mar"; not "Solutions II", "Plant 7"); or at a street's or a
  building's name, its type a word or three later and more parts after it ("… AIRLINES
  LENINGRADSKAYA STR., BUILDING 25", "… LATHIFA TOWER, APT #1107");
- right after a legal form that closes the name, when it holds any of these
  ("… Corporation Limited East Yard No. 40");
and never before a legal form or a word of an organisation ("Huawei Technologies (Chengdu) Co.,
Ltd.", "…, Public Joint Stock Co. Moscow Inst. of …"): the name goes on to there.

Places are the country names and codes and the subdivision names of ISO 3166 (pycountry's
database, read as data), the place words of `places.py` and the cities of `CITIES`.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

from compliance.matching.addresses import FLOOR_WORDS, STREET_PREFIXES, STREET_TYPES, UNIT_WORDS
from compliance.matching.places import PLACE_WORDS
from compliance.matching.words import ADDRESS_WORDS

#: Words naming a site or a quarter rather than a company: an airport, a base, a tower, a market.
SITE_WORDS = frozenset(
    """airport airbase base tower towers mansion mansions centre center complex compound market mall camp harbour
    harbor terminal station hospital mosque masjid jamia bazaar bazar souk quarter sector neighbourhood neighborhood
    haret harat hay mahalle mahallesi colonia barrio fraccionamiento residencial urbanizacion kampung jalan
    lorong taman soi moo tambon amphoe district region province prefecture governorate oblast krai raion rayon
    county municipality city town village island islands freezone free zone port industrial estate""".split()
)
#: Street types of languages the street tables of addresses.py lack (Estonian tee and tänav, Latvian iela,
#: Lithuanian gatvė, Finnish tie, Czech and Slovak ulice and třída, Slovene and Croatian cesta, Vietnamese
#: đường and phố).
MORE_STREET_TYPES = frozenset("tee tanav iela gatve prospektas tie ulice trida namesti cesta duong pho".split())
#: Capitals and large cities that stand after names on the lists and that ISO 3166 does not name (it has
#: countries and their subdivisions, not cities): their English and common local spellings; not those that are
#: also common given names or surnames (Sofia, Milan, Medina, Colombo, Abbas) nor short ones (Gao, Lima).
CITIES = frozenset(
    """bern geneva zurich basel lausanne vienna prague warsaw budapest bucharest belgrade zagreb sarajevo podgorica
    skopje tirana athens rome madrid barcelona lisbon brussels antwerp luxembourg copenhagen oslo stockholm
    helsinki tallinn vilnius dublin edinburgh manchester birmingham rotterdam frankfurt cologne dusseldorf
    stuttgart vaduz valletta larnaca kabul kandahar herat peshawar quetta rawalpindi faisalabad multan dhaka
    kathmandu rangoon yangon mandalay naypyidaw vientiane manila jakarta surabaya taipei kaohsiung
    ulaanbaatar bishkek dushanbe ashgabat baku riyadh jeddah mecca dammam doha manama muscat sanaa amman
    jerusalem gaza ramallah tripoli benghazi misrata cairo khartoum juba mogadishu nairobi asmara djibouti
    kampala kigali kinshasa abuja accra dakar bamako niamey ndjamena timbuktu nouakchott algiers tunis
    rabat casablanca tangier caracas maracaibo bogota medellin quito guayaquil havana managua tegucigalpa
    guadalajara monterrey tijuana culiacan sinaloa toronto montreal vancouver sevastopol simferopol
    donetsk luhansk kharkiv odesa odessa lviv dnipro grozny makhachkala vladivostok khabarovsk irkutsk
    chelyabinsk nizhny tver kaliningrad murmansk arkhangelsk sochi krasnodar stavropol mosul basra erbil kirkuk
    najaf karbala aleppo homs latakia idlib raqqa sidon baalbek qom karaj ahvaz yazd hamadan zahedan""".split()
)
#: Shortest place name taken as evidence by itself (two-letter codes only as a tail's last word).
PLACE_MIN_LENGTH = 4


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


def _database_path(name: str) -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("pycountry")  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "databases" / f"iso3166-{name}.json"


def _database(name: str) -> list[dict[str, str]]:
    path = _database_path(name)
    return [] if path is None else json.loads(path.read_text(encoding="utf-8"))[f"3166-{name}"]


@lru_cache(maxsize=1)
def places() -> tuple[frozenset[str], frozenset[str]]:
    """(one-word place names, two-letter codes): ISO 3166-1 countries, ISO 3166-2 subdivisions, places.py.
    Reading the ISO 3166 files cost a run ~35 ms before its first address, so the table is kept in the
    warm cache, keyed by the code that derives it and the files' size and time."""
    from compliance.support import warmcache

    stamps = []
    for name in ("1", "2"):
        path = _database_path(name)
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}" if stat else "absent")
    key = warmcache.key_of(warmcache.code_fingerprint(__name__, "compliance.matching.places"), *stamps)
    return warmcache.cached("places", key, tuple, _build_places)


def _build_places() -> tuple[frozenset[str], frozenset[str]]:
    names = set(PLACE_WORDS) | CITIES
    codes: set[str] = set()
    for country in _database("1"):
        codes.add(country["alpha_2"].casefold())
        for field in ("name", "common_name", "official_name"):
            value = country.get(field)
            if value and " " not in value.strip():
                names.add(_fold(value))
    for subdivision in _database("2"):
        value = subdivision["name"].split(",")[0].split("(")[0].strip()
        if value and " " not in value:
            names.add(_fold(value))
        code = subdivision["code"].split("-")[-1]
        if len(code) == 2 and code.isalpha() and subdivision["code"].startswith("US-"):
            codes.add(code.casefold())  # US states ("AZ", "NY")
    return frozenset(n for n in names if len(n) >= PLACE_MIN_LENGTH), frozenset(codes)


_ADDRESS = frozenset(ADDRESS_WORDS | STREET_TYPES | STREET_PREFIXES | UNIT_WORDS | FLOOR_WORDS | SITE_WORDS
                     | MORE_STREET_TYPES) - {"d", "pr"}
#: Address words that may close a street's or a building's name ("Leningradskaya Str.", "Lathifa Tower").
_STREET = _ADDRESS - {"center", "centre", "industrial", "estate"}


def address_word(word: str) -> bool:
    """An address or site word, or a word holding a digit ("12th", "NY11", "B5-3")."""
    return word in _ADDRESS or any(ch.isdigit() for ch in word)


def place_word(word: str) -> bool:
    return word in places()[0]


def _evidence(word: str) -> bool:
    return address_word(word) or place_word(word)


#: Words that open an address inside a part of the cell: a street named after its type ("Boulevard Doctor
#: Enrique Cabrera", "Via Roma 5") or a unit ("Suite 5"). Street types written after the street's name
#: ("Hill", "Park", "Point") are also words of company names: alone they open nothing.
_OPENING = frozenset(STREET_PREFIXES | UNIT_WORDS | MORE_STREET_TYPES) - {"d", "pr", "office", "house", "building"}


def _opens(word: str) -> bool:
    return word in _OPENING or place_word(word) or any(ch.isdigit() for ch in word)


#: Words of an organisation, never of an address: a cell that goes on with one after a place names another body
#: ("Concern Radio-Electronic Technologies, Public Joint Stock Co. Moscow Inst. of ...").
ORGANISATION_WORDS = frozenset(
    """company co corporation corp institute inst university univ academy bank ministry group holding holdings
    association society committee agency bureau laboratory lab school college foundation fund trust
    enterprise firm concern""".split()
)


def may_hold_address(words: list[str]) -> bool:
    """Any of `words` is a place, a number or an address word: a one-part cell without one holds no tail."""
    return any(_evidence(w) for w in words)


def tail_starts(words: list[str], boundary: list[bool], after_form: list[bool], address_follows: bool,
                name_goes_on: list[bool] | None = None) -> tuple[tuple[int, bool], ...]:
    """(position, strong) for each position (from 1) where the words of a name cell may turn into an address (see
    the module docstring); strong when the part it starts holds an address word or a number, or it follows a
    legal form that closes the name (a one-word name takes only such a tail: "KHAN, Jordan, Amman" is a person).
    `words` are the cell's words as written (folded), `boundary[i]` says a new part starts at word i,
    `after_form[i]` that word i follows a legal form that closes the name, `name_goes_on[i]` that a legal form
    follows word i ("Huawei Technologies (Chengdu) Co., Ltd.": the place in brackets is part of the name)."""
    n = len(words)
    name_goes_on = name_goes_on or [False] * n
    if n < 2:
        return ()
    evidence = [_evidence(w) for w in words]
    code_last = boundary[-1] and words[-1] in places()[1]
    # from the last word of an organisation on, no start: the name goes on to there
    first = max((j + 1 for j, w in enumerate(words) if w in ORGANISATION_WORDS or name_goes_on[j]), default=1)
    starts = []

    def part_end(i: int) -> int:
        return next((j for j in range(i + 1, n) if boundary[j]), n)

    for i in range(max(1, first), n):
        later_part = any(boundary[i + 1 :])
        rest_holds = any(evidence[i:]) or code_last or address_follows
        if boundary[i]:
            ok = rest_holds or later_part
        elif after_form[i]:
            ok = rest_holds
        elif words[i].isdigit():  # a house number before its street ("561 Vista Del Mar"), not "Solutions II", "Plant 7"
            ok = address_follows or (i + 1 < n and not boundary[i + 1]
                                     and (later_part or any(address_word(w) for w in words[i + 1 : i + 5])))
        else:
            ok = (_opens(words[i]) and (later_part or address_follows or any(any(ch.isdigit() for ch in w) for w in words[i:]))) \
                or ((later_part or address_follows) and any(w in _STREET for w in words[i + 1 : min(i + 4, part_end(i))]))
        if ok:
            starts.append((i, after_form[i] or any(address_word(w) for w in words[i : part_end(i)])))
    return tuple(starts)
