"""Repairs for names, aliases and citations as third-party parsers left them.

The eCFR-derived snapshots carry known parse defects (see the data README):
footnote digits glued into the licence text, "a.k.a." text left inside names,
aliases that swallowed an address or a list separator, eCFR typography. Each
repair here is a small pure function with its own test; importers chain them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# --- typography -----------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'", "´": "'"})
# Cyrillic letters that look like Latin ones (only swapped inside mostly-Latin text).
_HOMOGLYPHS = str.maketrans(
    {
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "Х": "X", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
        "і": "i", "ј": "j", "ѕ": "s", "Ѕ": "S", "І": "I", "Ј": "J",
    }
)


def _is_cyrillic(ch: str) -> bool:
    return "CYRILLIC" in unicodedata.name(ch, "")


def _is_latin(ch: str) -> bool:
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def fold_homoglyphs(text: str) -> str:
    """Swap Cyrillic look-alikes for Latin letters in text that is otherwise Latin.

    "Technology Со., Ltd." (Cyrillic С, о) would never match "Co., Ltd." exactly.
    Text written in Cyrillic (more Cyrillic than Latin letters) is left alone.
    """
    if text.isascii():
        return text
    cyrillic = sum(1 for ch in text if _is_cyrillic(ch))
    if not cyrillic:
        return text
    latin = sum(1 for ch in text if _is_latin(ch))
    if latin <= cyrillic:
        return text
    folded = text.translate(_HOMOGLYPHS)
    return folded if not any(_is_cyrillic(ch) for ch in folded) else text


def fix_typography(text: str) -> str:
    """Straight quotes, hyphens for eCFR em dashes inside names, no stray spacing.

    "AGAT—Control Systems" → "AGAT-Control Systems"; "Xi 'an" → "Xi'an";
    an unclosed leading quote ("'Krasnoyarskgazprom") and a stray closing
    parenthesis ("... (UK))") are dropped.
    """
    text = fold_homoglyphs(text.translate(_QUOTES))
    text = re.sub(r"(?<=\w)\s*[—–]\s*(?=\w)", "-", text)
    text = re.sub(r"\b(Xi) '(an)\b", r"\1'\2", text)
    text = " ".join(text.split())
    if text.count("'") % 2 == 1:
        text = re.sub(r"(^|\s)'(?=\w[^']*$)", r"\1", text, count=1)
    if text.count('"') % 2 == 1:
        text = text.replace('"', "")
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]  # "Huawei Technologies Research & Development (UK))"
    return text.strip(" ,;")


# --- names with alias text left inside -------------------------------------------

_AKA = r"(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.|formerly known as|also known as)"
_AKA_IN_PARENS = re.compile(rf"^(?P<name>.*?)\s*\(\s*(?P<kind>{_AKA}),?\s*(?P<alias>.*?)\s*\)?\s*$", re.IGNORECASE)


def split_aka_name(name: str) -> tuple[str, list[str], bool]:
    """Split "Name (a.k.a. Alias)" into the name and its aliases.

    Returns (name, aliases, cut) where `cut` is True when the alias text was cut
    off at the opening "(a.k.a." and must be recovered from the address that
    follows ("Sabanican Company (a.k.a." + "Sabanican Pad Co.), Unit #23, ...").
    """
    match = _AKA_IN_PARENS.match(name)
    if not match:
        return name, [], False
    primary, alias = match.group("name").strip(), match.group("alias").strip().strip('"“”')
    if not alias:
        return primary, [], True
    return primary, [alias], False


def recover_cut_alias(address: str) -> tuple[str | None, str]:
    """The alias that spilled into the address ("Sabanican Pad Co.), Unit #23 ...")."""
    match = re.match(r"^(?P<alias>[^()]{2,120}?)\)\s*[,.]?\s*(?P<rest>.*)$", address, re.DOTALL)
    if not match:
        return None, address
    return match.group("alias").strip(), match.group("rest").strip()


def restore_lost_initial(alias: str, primary: str) -> str:
    """Put back a first letter the source parser dropped.

    "olgoprudnenskoye NPP OAO" as alias of "Dolgoprudny ...": a lower-case alias
    whose start equals the primary name minus its first letter gets that letter.
    """
    if not alias or not alias[0].islower() or len(primary) < 5:
        return alias
    first_word = primary.split()[0]
    if len(first_word) >= 5 and alias.startswith(first_word[1:5]):
        return first_word[0] + alias
    return alias


# --- aliases that swallowed separators or addresses -------------------------------

_LEGAL_TOKENS = {
    "co", "ltd", "inc", "corp", "llc", "jsc", "ojsc", "oao", "ooo", "zao", "pao", "ao", "gmbh", "sa", "plc",
    "limited", "company", "corporation", "fze", "fzco", "fz", "bv", "ag", "srl", "spa", "pjsc", "sas", "lp",
}
_COUNTRY_HINT = re.compile(
    r"\b(China|Russia|Ukraine|Crimea|Finland|Canada|Taiwan|U\.A\.E\.|UAE|United Arab Emirates|United Kingdom|"
    r"Iran|Pakistan|Turkey|India|Germany|Hong Kong|Singapore|Malaysia|Belarus|Islamabad|Beijing|Moscow|Dubai)\b"
)
_ADDRESS_START = re.compile(r"(?:No\.?\s*)?\d|P\.\s?O\.\s?Box|\(Address", re.IGNORECASE)


def _looks_like_address(text: str) -> bool:
    if re.search(r"P\.\s?O\.\s?Box|\(Address|\(See (also |alternate )?address", text, re.IGNORECASE):
        return True
    has_digit = bool(re.search(r"\d", text))
    return has_digit and (bool(_COUNTRY_HINT.search(text)) or bool(re.search(r"\d{4,}", text)) or "; and " in text)


def split_alias_address(alias: str) -> tuple[str, str | None]:
    """Split "Zaliv Shipyard LLC. 4 Tankistov Street, Kerch, ..." into alias and address.

    Only long aliases that contain an address-like tail are split, at the first
    ". " or ", " after which the text reads as an address.
    """
    if len(alias) < 40 or not _looks_like_address(alias):
        return alias, None
    for match in re.finditer(r"[.,]\s+", alias):
        head, rest = alias[: match.start()], alias[match.end():]
        sep = alias[match.start()]
        if len(head) < 2 or not _looks_like_address(rest):
            continue
        if sep == "." and re.search(r"(?:^|\s)(?:[A-Z]\.)*[A-Z]$", head):
            continue  # an initialism such as "M.A.G. Tech"
        if _ADDRESS_START.match(rest):
            return _keep_abbreviation_dot(head, sep), rest.strip()
        first = re.sub(r"[^\w]", "", rest.split()[0]).casefold() if rest.split() else ""
        if sep == "." and first not in _LEGAL_TOKENS:
            return _keep_abbreviation_dot(head, sep), rest.strip()
    return alias, None


def _keep_abbreviation_dot(head: str, sep: str) -> str:
    last = re.sub(r"[^\w]", "", head.split()[-1]).casefold() if head.split() else ""
    return head + "." if sep == "." and last in _LEGAL_TOKENS else head


def split_alias_text(alias: str) -> list[str]:
    """One alias cell → the aliases it really holds.

    Handles list glue the source left in ("HPSTAR; and", "IRGC Air Force; IRGCAF",
    "Asialink; Xi'an ... Ltd."), embedded "a.k.a." ("X, a.k.a., Y", "X (a.k.a., Y)"),
    headings ("National Development Complex (NDC), a.k.a., the following two aliases:"),
    leading em dashes and trailing parenthetical remarks.
    """
    text = alias.strip()
    text = re.sub(r";(['\"])", r"\1", text)  # 'Zvezdochka;' → 'Zvezdochka'
    text = re.sub(rf",?\s*{_AKA},?\s*the following \w+ alias(?:es)?:?\s*$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+and\s+(?=formerly known as\b)", "; ", text, flags=re.IGNORECASE)
    text = re.sub(r"^formerly known as\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r";\s*and\s*$", "", text)
    text = re.sub(r";\s*and\s+(\w+)$", r" and \1", text)  # "Xinjiang Leon Telecom; and Technology"
    parts: list[str] = []
    for piece in re.split(r";\s*(?:and\s+)?", text):
        piece = piece.strip().lstrip("—–-").strip()
        if not piece or piece.startswith("("):
            continue
        piece = re.sub(r"^formerly known as\s+", "", piece, flags=re.IGNORECASE)
        name, aliases, _ = split_aka_name(piece)
        inline = re.split(rf",?\s+{_AKA},?\s+", name, flags=re.IGNORECASE)
        parts.extend(p.strip() for p in inline if p.strip())
        parts.extend(aliases)
    return parts


# --- Entity List licence text: footnote markers ------------------------------------

_FOOTNOTE_AFTER_SECTION = re.compile(r"(734\.9\([a-z]\)(?:\(\d+\))?)\s*(,?)\s*([1-5])(?=[\s,]|$)")
_FOOTNOTE_TRAILING = re.compile(r"(?<=[)A-Za-z.])\s*([1-5]{1,2})\s*$")


def extract_footnotes(licence_text: str | None) -> tuple[str | None, list[str]]:
    """Pull eCFR footnote markers out of licence-requirement text.

    "(See §§ 734.9(g),3 746.8(a)(3) ...)" → footnote 3; "... of the EAR) 4" → 4;
    "45" at the end means footnotes 4 and 5. Returns the cleaned text and the
    designations in ascending order.
    """
    if not licence_text:
        return licence_text, []
    found: set[str] = set()

    def _section(match: re.Match[str]) -> str:
        found.add(match.group(3))
        return match.group(1) + match.group(2)

    text = _FOOTNOTE_AFTER_SECTION.sub(_section, licence_text)
    trailing = _FOOTNOTE_TRAILING.search(text)
    if trailing and not re.search(r"(FR|§|part|No\.)\s*$", text[: trailing.start()], re.IGNORECASE):
        found.update(trailing.group(1))
        text = text[: trailing.start()]
    text = re.sub(r"\s+([,.)])", r"\1", text)
    return " ".join(text.split()), sorted(found)


# --- citations and dates ----------------------------------------------------------

_FR_CITATION = re.compile(r"(\d+)\s*F\.?\s?R\.?\s*(\d+)\s*,?\s*(\d{1,2})/(\d{1,2})/(\d{2,4})")


def normalize_citation(text: str | None) -> str | None:
    """"85 FR 83799, 12/23/2020 " and "85 FR 83799 12/23/2020" read the same; several
    citations (one per amendment) are joined with "; "."""
    if not text:
        return None
    parts = [" ".join(p.split()).rstrip(".") for p in re.split(r"[\n;]+", text) if p.strip()]
    cleaned = [_FR_CITATION.sub(lambda m: f"{m[1]} FR {m[2]}, {m[3]}/{m[4]}/{m[5]}", p) for p in parts]
    return "; ".join(cleaned) or None


def citation_dates(text: str | None) -> list[dt.date]:
    """Dates of the Federal Register citations in a cell ("76 FR 71869, 11/21/11")."""
    dates = []
    for match in _FR_CITATION.finditer(text or ""):
        month, day, year = int(match[3]), int(match[4]), int(match[5])
        if year < 100:
            year += 2000 if year < 70 else 1900
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return dates


_MONTH_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y")


def parse_loose_date(text: str | None) -> dt.date | None:
    """An ISO or English-language date ("June 21, 2022", "03 Jun 2021"), else None."""
    if not text:
        return None
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in _MONTH_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


# --- boilerplate in names (State Department ISN rows of the CSL, OFAC) ------------

_SCOPE_CLAUSE = re.compile(
    r"\s*[;,]?\s*(?P<clause>(?:and|including)\s+(?:any|all|its)\s+successors?\b"
    r"(?=[\s,]*(?:sub-units?|subsidiar|thereof|and\b|or\b|$)).*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CleanName:
    """A listed name with the text that is not part of it taken out."""

    name: str
    aliases: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()


def split_name_boilerplate(text: str) -> CleanName:
    """"Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary
    thereof" → the name, and the scope clause as a remark; "X (a.k.a. Y)" → X with alias Y.

    The State Department's nonproliferation listings cover the named entity and its
    successors, sub-units and subsidiaries; the CSL keeps that scope in the name field,
    where it defeats matching ("Sinobright Import and Export Company" would not find it).
    """
    name = text
    remarks: list[str] = []
    match = _SCOPE_CLAUSE.search(name)
    if match and match.start() > 0:
        remarks.append(" ".join(match.group("clause").split()).rstrip(" .;"))
        name = name[: match.start()].rstrip(" ,;")
    primary, aliases, cut = split_aka_name(name)
    if aliases or cut:
        name = primary.strip(" ,;")
    return CleanName(name=name or text, aliases=tuple(aliases), remarks=tuple(remarks))


def clean_names(primary: str, aliases: list[str]) -> tuple[list[str], list[str]]:
    """Primary first, then aliases, each freed of boilerplate; remarks collected once each."""
    names: list[str] = []
    remarks: list[str] = []
    for raw in [primary, *aliases]:
        cleaned = split_name_boilerplate(raw)
        names.extend([cleaned.name, *cleaned.aliases])
        remarks.extend(cleaned.remarks)
    return list(dict.fromkeys(n for n in names if n)), list(dict.fromkeys(remarks))
