"""Legal forms (Co., Ltd., GmbH, OOO, Sdn Bhd, ...): recognised and set aside.

A legal form says what kind of company a name belongs to, not which one, so it must
neither make two names meet nor keep them apart. The multi-country term list comes
from cleanco (`cleanco.termdata`, MIT licence; chosen over rigour's larger ISO 20275
table because rigour brings a compiled core and PyICU and costs ~170 ms to import,
while cleanco is a pure-Python table); we add forms it lacks: Russian/CIS forms in
Latin transliteration and English, Chinese-English habits ("Co., Ltd."), Gulf free-zone
forms, Turkish "San. ve Tic." and "Group". Terms are stored after the same token
canonicalisation that names get.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from compliance.matching.words import canonical_token

_EXTRA_TERMS = """
co|co ltd|company|company limited|corp|corporation|inc|incorporated|limited|ltd|llc|l l c
limited liability company|limited company|liability company|joint stock company|jsc|ojsc|pjsc|cjsc
open joint stock company|closed joint stock company|public joint stock company|public company
ooo|oao|zao|pao|ao|nao|tov|pat|prat|zat|ip|fgup|fgbu|fsue|gup|mup|nii
obshchestvo s ogranichennoy otvetstvennostyu|obshchestvo s ogranichennoi otvetstvennostyu
aktsionernoe obshchestvo|aktsionernoye obshchestvo|publichnoe aktsionernoe obshchestvo
otkrytoe aktsionernoe obshchestvo|zakrytoe aktsionernoe obshchestvo|nauchno proizvodstvennoe obedinenie
pte|pte ltd|private limited|pvt|pvt ltd|sdn|bhd|sdn bhd|fze|fzco|fzc|fz llc|fzllc|dmcc|wll|w l l
llp|lp|plc|ag|gmbh|sa|sas|sarl|srl|spa|bv|nv|ab|oy|kk|kabushiki kaisha|ltda|sa de cv|sapi de cv
doo|dooel|kft|zrt|sro|sp z oo|as|anonim sirketi|ltd sti|limited sirketi|sti|san ve tic|sanayi ve ticaret
san tic|tic|sanayi|ticaret|pty|pty ltd|group|grp|holding company|co inc|lp inc|cooperative
youxian gongsi|youxian zeren gongsi|gufen youxian gongsi|jituan youxian gongsi|jituan gongsi|gongsi|jituan
gufen|youxiangongsi|kabushiki gaisha|kabushikigaisha|yugen kaisha|yugen gaisha|godo kaisha|godo gaisha
"""

#: Single-word "forms" of the term tables that are also pinyin syllables, letters or common words
#: of names: never set aside ("Tian Hai Da", "Bowne Global Solutions II").
_NOT_SINGLE_FORMS = frozenset("da do et at y x k p ii iii ee ht ky ny nl og oe sal teo ses vat ans ay aj".split())

_CLEANCO_FALLBACK = ()


def _cleanco_terms() -> list[str]:
    try:
        from cleanco.termdata import terms_by_type
    except ImportError:  # pragma: no cover - cleanco is a declared dependency
        return list(_CLEANCO_FALLBACK)
    return [term for terms in terms_by_type.values() for term in terms]


def _tokens(term: str) -> tuple[str, ...]:
    cleaned = re.sub(r"[^\w\s]", " ", term.casefold().replace("&", " and "))
    return tuple(canonical_token(t) for t in cleaned.split() if t != "and")


@lru_cache(maxsize=1)
def single_forms_as_written() -> frozenset[str]:
    """One-word forms as they are spelt (no canonical rewrite): "Pratt" is not "PrAT", "Aas" not "AS".
    Kept in the warm cache like `legal_form_table`: importing cleanco to read its terms costs a run ~7 ms."""
    from compliance.support import warmcache

    return warmcache.cached("single-forms", _terms_key(), frozenset, _single_forms_as_written)


def _single_forms_as_written() -> frozenset[str]:
    words: set[str] = set()
    terms = _cleanco_terms() + [t for line in _EXTRA_TERMS.split("\n") for t in line.split("|")]
    for term in terms:
        parts = re.sub(r"[^\w\s]", " ", term.casefold()).split()
        if len(parts) == 1:
            words.add(parts[0])
        elif parts and all(len(p) == 1 for p in parts):
            words.add("".join(parts))  # "s.a." as the name side writes it
    return frozenset(words - _NOT_SINGLE_FORMS)


@lru_cache(maxsize=1)
def legal_form_table() -> frozenset[tuple[str, ...]]:
    """Every legal form as a tuple of canonical tokens. Keying ~330 terms costs a run ~10 ms before
    it has read a name, so the table is kept in the warm cache, keyed by the code that derives it."""
    from compliance.support import warmcache

    return warmcache.cached("legal-forms", _terms_key(), frozenset, _legal_form_table)


@lru_cache(maxsize=1)
def _terms_key() -> str:
    """The warm-cache key of the tables derived from the terms: the code that derives them and
    cleanco's term file, read as a file (importing cleanco compiles its patterns)."""
    import hashlib
    import importlib.util

    from compliance.support import warmcache

    modules = [__name__, "compliance.matching.words", "compliance.matching.pinyin"]
    try:
        spec = importlib.util.find_spec("cleanco")  # a top-level package is found without importing it
        terms = hashlib.sha256(Path(spec.origin).with_name("termdata.py").read_bytes()).hexdigest() \
            if spec is not None and spec.origin else "no cleanco"
    except OSError:  # pragma: no cover - cleanco installed without its source
        terms = "cleanco without source"
    return warmcache.key_of(warmcache.code_fingerprint(*modules), terms)


def _legal_form_table() -> frozenset[tuple[str, ...]]:
    terms = _cleanco_terms() + [t for line in _EXTRA_TERMS.split("\n") for t in line.split("|")]
    return frozenset(tok for tok in (_tokens(t) for t in terms if t.strip()) if tok)


@lru_cache(maxsize=1)
def legal_form_keys() -> frozenset[str]:
    """Every word of every legal form: one name may set aside as its form a word the other keeps."""
    return frozenset(k for form in legal_form_table() for k in form)


@lru_cache(maxsize=1)
def legal_form_words() -> frozenset[str]:
    """Words of the multi-word forms ("joint", "stock", "sirketi", "ticaret"): left in a name whose form was
    shortened ("Open Joint Stock Tambovsky", "Sanayi ve Ticaret Sirketi"), they still say only what kind of
    company it is."""
    return frozenset(k for form in legal_form_table() if len(form) > 1 for k in form if len(k) >= 3)


#: Forms that are unambiguous wherever they stand in a name ("Huawei Technologies Co., Ltd. (Huawei)").
ANYWHERE: frozenset[str] = frozenset(
    canonical_token(t)
    for t in "co ltd llc inc corp corporation limited company gmbh jsc ojsc pjsc cjsc ooo oao zao pao "
    "plc llp pte pvt bhd sdn fze fzco group grp incorporated".split()
)


#: Single-word forms that are recognised even when misspelt by one letter ("Corporaiion", "Companres").
FUZZY_FORMS: tuple[str, ...] = ("company", "corporation", "limited", "liability", "incorporated", "obshchestvo",
                                "otvetstvennostyu", "aktsionernoe", "ogranichennoy")


@lru_cache(maxsize=65536)
def looks_like_legal_form(key: str) -> bool:
    """True for a one-letter misspelling of a long legal-form word."""
    if len(key) < 6 or not key.isalpha():
        return False
    from rapidfuzz.distance import Levenshtein

    return any(Levenshtein.distance(key, canonical_token(form), score_cutoff=1) <= 1 for form in FUZZY_FORMS)


def split_legal_forms(keys: list[str], written: list[str] | None = None,
                      person: bool = False) -> tuple[list[int], list[tuple[str, ...]]]:
    """(positions of the name tokens kept, legal forms set aside).

    Forms are taken from both ends and, for the unambiguous ones, from anywhere; a name
    made only of legal-form words keeps its last one, so it still has something to match.
    A one-word form must be spelt as a form (`written`, before canonical rewrites), and in a
    person's name only the unambiguous forms go: "Maria Sá" and "Pat Smith" keep every word, and
    initials are never a form ("Maltsev S. A.").
    """
    table = legal_form_table()
    written = written if written is not None else keys
    singles = single_forms_as_written()

    def is_form(lo: int, hi: int) -> bool:
        found = tuple(keys[lo:hi]) in table
        if found and person and all(len(k) == 1 for k in keys[lo:hi]):
            return False  # a person's initials ("Maltsev S. A."), not S.A.
        if found and hi - lo == 1:
            return keys[lo] in ANYWHERE or (written[lo] in singles and not person)
        return found
    lo, hi = 0, len(keys)
    head: list[tuple[str, ...]] = []
    tail: list[tuple[str, ...]] = []
    changed = True
    while changed and hi - lo > 1:
        changed = False
        for size in range(min(5, hi - lo - 1), 0, -1):
            if is_form(hi - size, hi):
                tail.insert(0, tuple(keys[hi - size : hi]))
                hi -= size
                changed = True
                break
            if is_form(lo, lo + size):
                head.append(tuple(keys[lo : lo + size]))
                lo += size
                changed = True
                break
    kept = [i for i in range(lo, hi) if keys[i] not in ANYWHERE]
    if not kept:
        kept = list(range(lo, hi))
    middle = [(keys[i],) for i in range(lo, hi) if i not in kept]
    return kept, head + middle + tail
