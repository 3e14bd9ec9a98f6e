"""Country names as the lists spell them → ISO 3166-1 alpha-2 codes.

US lists write countries as English names in several house styles ("Korea, South",
"Burma", "Crimea Region of Ukraine", "Bahamas, The"); China's lists add their own
("Taiwan region"). One table maps every spelling we have met; a name not in it maps
to None and the raw text is kept by the importer, so nothing is guessed.
"""

from __future__ import annotations

import re

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


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold().replace("’", "'").replace("'", "")).split())


_BY_NAME: dict[str, str] = {
    _key(n): code for table in (_SPELLINGS, _CHINESE_SPELLINGS) for code, names in table.items() for n in names
}
KNOWN_CODES: frozenset[str] = frozenset(_SPELLINGS)
_HONG_KONG = re.compile(r"\bHong\s*Kong\b|\bKowloon\b", re.IGNORECASE)
_MAINLAND = re.compile(r"\bChina\b|\bP\.?R\.?C\b", re.IGNORECASE)


def iso2(name: str | None) -> str | None:
    """The ISO-2 code for a country name or code as the lists write it, else None."""
    if not name:
        return None
    text = name.strip()
    if len(text) == 2 and text.upper() in KNOWN_CODES:
        return text.upper()
    return _BY_NAME.get(_key(text))


def is_hong_kong_address(address: str | None) -> bool:
    """True when an address is in Hong Kong and names no place in mainland China.

    The Entity List files Hong Kong entries under "China" (as the eCFR does); the
    address is the only way to tell them apart. "Hong Kong, China" still counts as
    Hong Kong; an address list that also names mainland cities does not.
    """
    if not address or not _HONG_KONG.search(address):
        return False
    without_hk_suffix = re.sub(r"Hong\s*Kong\s*,?\s*(S\.?A\.?R\.?\s*,?\s*)?(of\s+)?(the\s+)?(People's Republic of\s+)?China", "Hong Kong", address, flags=re.IGNORECASE)
    return not _MAINLAND.search(without_hk_suffix)
