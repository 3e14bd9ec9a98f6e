"""Names that are not listed: real person names per locale, real organisations, near misses.

Sources (all MIT-licensed packages on PyPI, read as data, versions pinned in the manifest):
- `faker` per-locale first-name and surname tables (real names collected per country),
  combined here with our own seeded RNG so the rows do not depend on Faker's generator;
- `pytickersymbols` company names of stock-index constituents (real listed companies);
- `swot` university and college names (real institutions, one file per domain).
Near misses are built from listed organisation names (see `near_miss_*`).
"""

from __future__ import annotations

import random
import re
from importlib import metadata

from .sources import ORG_WORDS, Entry
from .text import fold, has_han

#: Locales whose person tables are used, Latin and native scripts alike.
PERSON_LOCALES = ("en_US", "en_GB", "en_IN", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "pt_BR", "nl_NL", "pl_PL",
                  "cs_CZ", "ro_RO", "hu_HU", "sv_SE", "fi_FI", "tr_TR", "ru_RU", "uk_UA", "ar_AA", "fa_IR", "he_IL",
                  "hi_IN", "zh_CN", "zh_TW", "ja_JP", "ko_KR", "vi_VN", "id_ID", "th_TH", "el_GR", "ka_GE", "hy_AM",
                  "az_AZ", "bg_BG", "sr_RS")
_NO_SPACE = ("zh_CN", "zh_TW", "ja_JP", "ko_KR")
PACKAGES = ("faker", "pytickersymbols", "swot")


def package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in PACKAGES}


def _names(table) -> list[str]:
    values = list(table.keys()) if isinstance(table, dict) else list(table)
    return [v for v in dict.fromkeys(v.strip() for v in values if isinstance(v, str)) if v]


def person_tables() -> dict[str, tuple[list[str], list[str]]]:
    """locale → (first names, surnames), for the locales Faker has person tables for."""
    import importlib

    tables = {}
    for locale in PERSON_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        first = _names(getattr(provider, "first_names_male", ())) + _names(getattr(provider, "first_names_female", ()))
        first = first or _names(getattr(provider, "first_names", ()))
        last = _names(getattr(provider, "last_names_male", ())) or _names(getattr(provider, "last_names", ()))
        if first and last:
            tables[locale] = (list(dict.fromkeys(first)), last)
    return tables


def person_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, source) pairs, locales taken in turn, in the forms ERP masters hold them."""
    tables = person_tables()
    locales = sorted(tables)
    out, seen = [], set()
    attempts = 0
    while len(out) < count and attempts < count * 5:
        attempts += 1
        locale = locales[attempts % len(locales)]
        first, last = tables[locale]
        given, surname = rng.choice(first), rng.choice(last)
        if locale in _NO_SPACE:
            name = surname + given
        else:
            roll = rng.random()
            if roll < 0.12:
                name = f"{surname}, {given}"
            elif roll < 0.22:
                name = f"{given} {rng.choice(first)} {surname}"
            else:
                name = f"{given} {surname}"
        if name not in seen:
            seen.add(name)
            out.append((name, f"faker:{locale}"))
    return out


def company_names() -> list[tuple[str, str]]:
    from pytickersymbols import PyTickerSymbols

    names = sorted({s["name"].strip() for s in PyTickerSymbols().get_all_stocks() if s.get("name")})
    return [(n, "pytickersymbols") for n in names if n]


def university_names() -> list[tuple[str, str]]:
    files = sorted(str(f) for f in metadata.distribution("swot").files or () if str(f).endswith(".txt") and "domains" in str(f))
    names = set()
    for rel in files:
        path = metadata.distribution("swot").locate_file(rel)
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.replace("&amp;", "&").strip()
            if line:
                names.add(line)
    return [(n, "swot") for n in sorted(names)]


_ALPHA = re.compile(r"^[A-Za-z][A-Za-z\-]{3,}$")


def _distinctive(name: str, df: dict[str, int], lo: int, hi: int) -> list[int]:
    words = name.split()
    return [i for i, w in enumerate(words) if _ALPHA.match(w) and fold(w) not in ORG_WORDS and lo <= df.get(fold(w), 0) <= hi]


def near_miss_swap(rng: random.Random, entry: Entry, name: str, real: list[str], df: dict[str, int],
                   identifying: frozenset[str]) -> str | None:
    """The listed name with its own identifying word (found in no other entry) replaced by a real
    organisation's word: every companion shared ("Hangzhou Acadia Digital Technology Co., Ltd.")."""
    words = name.split()
    spots = _distinctive(name, df, 1, 1)
    if entry.kind != "organisation" or has_han(name) or len(words) < 3 or not spots:
        return None
    donors = [w for w in rng.choice(real).split() if _ALPHA.match(w) and df.get(fold(w), 0) == 0 and fold(w) not in ORG_WORDS]
    if not donors:
        return None
    i = rng.choice(spots)
    donor = rng.choice(donors)
    words[i] = donor.upper() if words[i].isupper() else donor
    return " ".join(words)


def near_miss_companions(rng: random.Random, entry: Entry, name: str, real: list[str], df: dict[str, int],
                         identifying: frozenset[str]) -> str | None:
    """A word several listed entries share (2–10 of them, not a generic word, never the rarest word
    of a listed name, e.g. a city) put into a real organisation's name in place of that
    organisation's own first distinctive word ("Hengshui Carbon")."""
    spots = [i for i in _distinctive(name, df, 2, 10) if fold(name.split()[i]) not in identifying]
    if entry.kind != "organisation" or has_han(name) or not spots:
        return None
    word = name.split()[rng.choice(spots)]
    donor = rng.choice(real).split()
    places = [i for i, w in enumerate(donor) if _ALPHA.match(w) and fold(w) not in ORG_WORDS]
    if len(donor) < 2 or not places:
        return None
    donor[places[0]] = word if not word.isupper() else word.title()
    return " ".join(donor)
