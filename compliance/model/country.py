"""One country type for every reader, importer and rule pack: ISO 3166-1 alpha-2.

The universe of codes and their names (short, official, common; alpha-3 too) comes
from pycountry, which tracks the ISO 3166 maintenance agency; the tables here are only
an overlay for what ISO does not spell: the house styles of the US and Chinese lists
("Korea, South", "Burma", "Crimea Region of Ukraine", "Taiwan region"), Chinese names
in ERP exports, Kosovo (XK, the code the EU, OFAC and CSL use; not an ISO code) and
Netherlands Antilles (AN, withdrawn from ISO 3166-1 but still on older list entries).

Two codes people write that ISO does not assign are read with a note: `UK` (ISO
reserves it at the request of the United Kingdom, whose code is GB) and `EL` (the EU's
code for Greece, GR in ISO). Anything else, `ZZ` included, is no country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# ISO-2 code → the spellings that mean it (compared case- and punctuation-insensitively).
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghanistan",), "AL": ("Albania",), "DZ": ("Algeria",), "AD": ("Andorra",),
    "AO": ("Angola",), "AG": ("Antigua and Barbuda",), "AR": ("Argentina",), "AM": ("Armenia",),
    "AW": ("Aruba",), "AU": ("Australia",), "AT": ("Austria",), "AZ": ("Azerbaijan",),
    "BS": ("Bahamas", "Bahamas, The", "The Bahamas"), "BH": ("Bahrain",), "BD": ("Bangladesh",),
    "BB": ("Barbados",), "BY": ("Belarus",), "BE": ("Belgium",), "BZ": ("Belize",), "BJ": ("Benin",),
    "BT": ("Bhutan",), "BO": ("Bolivia",), "BA": ("Bosnia and Herzegovina",), "BW": ("Botswana",),
    "BR": ("Brazil",), "VG": ("British Virgin Islands", "Virgin Islands, British"), "BN": ("Brunei",),
    "BG": ("Bulgaria",), "BF": ("Burkina Faso",), "MM": ("Burma", "Myanmar"), "BI": ("Burundi",),
    "KH": ("Cambodia",), "CM": ("Cameroon",), "CA": ("Canada",), "CV": ("Cabo Verde", "Cape Verde"),
    "KY": ("Cayman Islands",), "CF": ("Central African Republic",), "TD": ("Chad",), "CL": ("Chile",),
    "CN": ("China", "People's Republic of China", "China, People's Republic of", "PRC"),
    "CO": ("Colombia",), "KM": ("Comoros",),
    "CD": ("Congo, Democratic Republic of the", "Democratic Republic of the Congo"),
    "CG": ("Congo, Republic of the", "Republic of the Congo"), "CR": ("Costa Rica",),
    "CI": ("Cote d Ivoire", "Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast"), "HR": ("Croatia",),
    "CU": ("Cuba",), "CW": ("Curacao", "Curaçao"), "CY": ("Cyprus",),
    "CZ": ("Czech Republic", "Czechia"), "DK": ("Denmark",), "DJ": ("Djibouti",), "DM": ("Dominica",),
    "DO": ("Dominican Republic",), "EC": ("Ecuador",), "EG": ("Egypt",), "SV": ("El Salvador",),
    "GQ": ("Equatorial Guinea",), "ER": ("Eritrea",), "EE": ("Estonia",), "ET": ("Ethiopia",),
    "FI": ("Finland",), "FR": ("France",), "GA": ("Gabon",), "GM": ("Gambia", "The Gambia", "Gambia, The"),
    "GE": ("Georgia",), "DE": ("Germany",), "GH": ("Ghana",), "GI": ("Gibraltar",), "GR": ("Greece",),
    "GT": ("Guatemala",), "GN": ("Guinea",), "GW": ("Guinea-Bissau",), "GY": ("Guyana",), "HT": ("Haiti",),
    "HN": ("Honduras",), "HK": ("Hong Kong", "Hong Kong SAR", "Hong Kong, China"), "HU": ("Hungary",),
    "IS": ("Iceland",), "IN": ("India",), "ID": ("Indonesia",), "IR": ("Iran",), "IQ": ("Iraq",),
    "IE": ("Ireland",), "IM": ("Isle of Man", "Man, Isle of"), "IL": ("Israel",), "IT": ("Italy",),
    "JM": ("Jamaica",), "JP": ("Japan",), "JE": ("Jersey",), "JO": ("Jordan",), "KZ": ("Kazakhstan",),
    "KE": ("Kenya",), "KP": ("North Korea", "Korea, North", "Democratic People's Republic of Korea"),
    "KR": ("South Korea", "Korea, South", "Republic of Korea", "Korea"), "XK": ("Kosovo",),
    "KW": ("Kuwait",), "KG": ("Kyrgyzstan",), "LA": ("Laos",), "LV": ("Latvia",), "LB": ("Lebanon",),
    "LS": ("Lesotho",), "LR": ("Liberia",), "LY": ("Libya",), "LI": ("Liechtenstein",),
    "LT": ("Lithuania",), "LU": ("Luxembourg",), "MO": ("Macau", "Macao"), "MG": ("Madagascar",),
    "MW": ("Malawi",), "MY": ("Malaysia",), "MV": ("Maldives",), "ML": ("Mali",), "MT": ("Malta",),
    "MH": ("Marshall Islands",), "MR": ("Mauritania",), "MU": ("Mauritius",), "MX": ("Mexico",),
    "MD": ("Moldova",), "MC": ("Monaco",), "MN": ("Mongolia",), "ME": ("Montenegro",), "MA": ("Morocco",),
    "MZ": ("Mozambique",), "NA": ("Namibia",), "NP": ("Nepal",), "NL": ("Netherlands", "The Netherlands"),
    "AN": ("Netherlands Antilles",), "NZ": ("New Zealand",), "NI": ("Nicaragua",), "NE": ("Niger",),
    "NG": ("Nigeria",), "MK": ("North Macedonia", "Macedonia"), "NO": ("Norway",), "OM": ("Oman",),
    "PK": ("Pakistan",), "PS": ("Palestinian", "West Bank", "Region: Gaza", "Gaza", "Palestine"),
    "PA": ("Panama",), "PG": ("Papua New Guinea",), "PY": ("Paraguay",), "PE": ("Peru",),
    "PH": ("Philippines",), "PL": ("Poland",), "PT": ("Portugal",), "QA": ("Qatar",), "RO": ("Romania",),
    "RU": ("Russia", "Russian Federation"), "RW": ("Rwanda",), "KN": ("Saint Kitts and Nevis",),
    "LC": ("Saint Lucia",), "VC": ("Saint Vincent and the Grenadines",), "WS": ("Samoa",),
    "SM": ("San Marino",), "SA": ("Saudi Arabia",), "SN": ("Senegal",), "RS": ("Serbia",),
    "SC": ("Seychelles",), "SL": ("Sierra Leone",), "SG": ("Singapore",), "SK": ("Slovakia",),
    "SI": ("Slovenia",), "SO": ("Somalia",), "ZA": ("South Africa",), "SS": ("South Sudan",),
    "ES": ("Spain",), "LK": ("Sri Lanka",), "SD": ("Sudan",), "SR": ("Suriname",), "SE": ("Sweden",),
    "CH": ("Switzerland",), "SY": ("Syria",), "TW": ("Taiwan", "Taiwan region"), "TJ": ("Tajikistan",),
    "TZ": ("Tanzania",), "TH": ("Thailand",), "TG": ("Togo",), "TT": ("Trinidad and Tobago",),
    "TN": ("Tunisia",), "TR": ("Turkey", "Türkiye", "Turkiye"), "TM": ("Turkmenistan",), "UG": ("Uganda",),
    "UA": ("Ukraine", "Crimea Region of Ukraine", "Region: Crimea", "Crimea"),
    "AE": ("United Arab Emirates", "UAE", "U.A.E."), "GB": ("United Kingdom", "UK", "Great Britain"),
    "US": ("United States", "USA", "U.S.", "United States of America"), "UY": ("Uruguay",),
    "UZ": ("Uzbekistan",), "VU": ("Vanuatu",), "VE": ("Venezuela",), "VN": ("Vietnam", "Viet Nam"),
    "YE": ("Yemen",), "ZM": ("Zambia",), "ZW": ("Zimbabwe",),
}

#: Chinese names of the countries Chinese ERP exports name most (simplified and traditional).
_CHINESE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "CN": ("中国", "中华人民共和国", "中國", "中華人民共和國", "中国大陆"),
    "HK": ("香港", "中国香港", "中國香港"), "MO": ("澳门", "澳門", "中国澳门"), "TW": ("台湾", "台灣", "中国台湾"),
    "JP": ("日本",), "KR": ("韩国", "韓國", "南韩"), "KP": ("朝鲜", "北韩"), "US": ("美国", "美國"),
    "DE": ("德国", "德國"), "GB": ("英国", "英國"), "FR": ("法国", "法國"), "IT": ("意大利",),
    "NL": ("荷兰", "荷蘭"), "CH": ("瑞士",), "SE": ("瑞典",), "ES": ("西班牙",), "RU": ("俄罗斯", "俄羅斯"),
    "IN": ("印度",), "SG": ("新加坡",), "MY": ("马来西亚", "馬來西亞"), "TH": ("泰国", "泰國"),
    "VN": ("越南",), "ID": ("印度尼西亚", "印尼"), "PH": ("菲律宾",), "AE": ("阿联酋", "阿拉伯联合酋长国"),
    "CA": ("加拿大",), "AU": ("澳大利亚", "澳洲"), "MX": ("墨西哥",), "BR": ("巴西",), "TR": ("土耳其",),
    "PK": ("巴基斯坦",), "IR": ("伊朗",), "IL": ("以色列",), "UA": ("乌克兰", "烏克蘭"), "BY": ("白俄罗斯",),
}


#: Codes outside ISO 3166-1 that lists use (see the module docstring).
_EXTRA_CODES = {"XK": "Kosovo", "AN": "Netherlands Antilles"}
#: Codes people write for a country whose ISO code is another one.
_NOTED_CODES = {
    "UK": ("GB", "UK read as GB (ISO 3166-1 code of the United Kingdom)"),
    "EL": ("GR", "EL read as GR (ISO 3166-1 code of Greece; EL is the EU's code)"),
}


@dataclass(frozen=True)
class Country:
    """A resolved country: its ISO-2 code, and a note when the text was not that code."""

    code: str
    note: str | None = None


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold().replace("’", "'").replace("'", "")).split())


def _iso3166() -> list[dict[str, str]]:
    """pycountry's ISO 3166-1 database, read as data: importing the package costs ~100 ms of
    start-up (it reads its own metadata), reading its JSON about 1 ms."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pycountry")  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pycountry is not installed (pip install pycountry)")
    database = Path(next(iter(spec.submodule_search_locations))) / "databases" / "iso3166-1.json"
    return json.loads(database.read_text(encoding="utf-8"))["3166-1"]


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """(every code, normalised name → code, alpha-3 → code): ISO first, the overlay on top."""
    countries = _iso3166()
    codes = {c["alpha_2"] for c in countries} | set(_EXTRA_CODES)
    alpha3 = {c["alpha_3"]: c["alpha_2"] for c in countries}
    names: dict[str, str] = {}
    for c in countries:
        for name in (c["name"], c.get("official_name"), c.get("common_name")):
            if name:
                names.setdefault(_key(name), c["alpha_2"])
    for table in (_SPELLINGS, _CHINESE_SPELLINGS):
        for code, spellings in table.items():
            for spelling in spellings:
                names[_key(spelling)] = code
    for code, name in _EXTRA_CODES.items():
        names[_key(name)] = code
    return frozenset(codes), names, alpha3


def known_codes() -> frozenset[str]:
    """Every ISO-2 code a record may carry (ISO 3166-1 plus XK and AN)."""
    return _tables()[0]


def lookup(text: str | None) -> Country | None:
    """The country a code or name means (`de`, `DEU`, `Germany`, `德国`, `UK`), else None."""
    if not text:
        return None
    value = text.strip()
    codes, names, alpha3 = _tables()
    if len(value) == 2 and value.isascii():
        code = value.upper()
        if code in codes:
            return Country(code)
        if code in _NOTED_CODES:
            return Country(*_NOTED_CODES[code])
        return None
    # Alpha-3 only as written (`DEU`), so words such as "and" or "per" are not countries.
    code = alpha3.get(value) if len(value) == 3 and value.isupper() else None
    code = code or names.get(_key(value))
    return Country(code) if code else None


def iso2(text: str | None) -> str | None:
    """The ISO-2 code for a country code or name, else None."""
    hit = lookup(text)
    return hit.code if hit else None
