"""The normaliser's fast paths give exactly what the general steps give.

`normalize_name` reads one ASCII word without looking for brackets, addresses or other
scripts, skips NFKC and the per-character look-up for ASCII text, reads initials and
abbreviations only where a dot is written, joins the rest of a cell only after a legal
form, folds address words once per word, and reads an ASCII cell word by word for an address
only when it holds a digit, a semicolon, a slash or "box". The references below are those steps as
they were written before; each comparison runs on random text in many scripts (Latin with
diacritics, CJK, Cyrillic, Arabic, Hangul) with the punctuation and control characters
names hold, and on one-word cells.
"""

from __future__ import annotations

import contextlib
import unicodedata

from hypothesis import given, settings, strategies as st

import compliance.matching.addresses as addresses
import compliance.matching.normalize as normalize
from compliance.matching.normalize import normalize_name


def _reference_without_controls(text: str) -> str:
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in unicodedata.normalize("NFKC", text))


def _reference_clean(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return addresses._LETTERS.sub("", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def _reference_latin_words(text: str, notes: list[str], dotted: set[str] | None = None) -> list[str]:
    latin = text
    if not text.isascii():
        folded, did_fold = normalize.fold_homoglyphs(text)
        if did_fold:
            notes.append("Cyrillic/Greek look-alike letters read as Latin")
        latin, script = normalize.to_latin(folded)
        if script:
            notes.append(f"{script} transliterated: {text.strip()} → {latin.strip()}")
    lower = latin.casefold().replace("&", " and ")
    lower = normalize._INITIALS.sub(normalize._join_initials, normalize._APOSTROPHES.sub("", lower))
    lower = normalize._DOTTED.sub(lambda m: normalize._expand_dotted(m, dotted), lower)
    return [raw for raw in normalize._NON_WORD.split(lower) if raw]


def _reference_split_address_parts(text: str) -> tuple[str, str]:
    n = normalize
    cuts = [0] + [m.end() for m in n._SEPARATOR.finditer(text)]
    seps = [""] + [m.group(0).strip() for m in n._SEPARATOR.finditer(text)]
    words = text.split()
    for i in range(1, len(words) - 1):
        word = n._NON_WORD.sub("", words[i].casefold())
        rest = " ".join(words[i + 1 :])
        if word in n._END_FORMS and any(ch.isdigit() for ch in rest) and n._looks_like_address(n._words(rest), False, rest) \
                and n._NON_WORD.sub("", words[i + 1].casefold()) not in n._FORM_GOES_ON:
            return " ".join(words[: i + 1]).rstrip(" ,;(").strip(), rest.strip(" ,;()")
        if word.endswith(n._STREET_SUFFIXES) and any(ch.isdigit() for ch in words[i + 1]):
            return " ".join(words[:i]).rstrip(" ,;(").strip(), " ".join(words[i:]).strip(" ,;()")
    for i in range(1, len(cuts)):
        piece = text[cuts[i] : cuts[i + 1] if i + 1 < len(cuts) else len(text)]
        words = n._words(piece)
        if len(words) == 1 and words[0] in n._END_FORMS:
            continue
        if n._looks_like_address(words, seps[i] not in (",", "(", ")"), text[cuts[i] :]):
            name = text[: cuts[i]].rstrip(" ,;-–—(")
            if n._words(name):
                return name, text[cuts[i]:].strip(" ,;-–—()")
    first = text[: cuts[1]] if len(cuts) > 1 else text
    words = first.split()
    for i in range(2, len(words)):
        w = n._NON_WORD.sub("", words[i].casefold())
        if (w.isdigit() or w == "no") and any(n._NON_WORD.sub("", x.casefold()) in n.ADDRESS_WORDS - n.WEAK_ADDRESS_WORDS
                                               for x in words[i:i + 5]):
            return " ".join(words[:i]), (" ".join(words[i:]) + text[len(first):]).strip(" ,;")
    return text, ""


@contextlib.contextmanager
def _reference_steps():
    """The general steps as written before the fast paths (and without the word caches)."""
    patched = [
        (normalize, "_without_controls", _reference_without_controls),
        (normalize, "_latin_words", _reference_latin_words),
        (normalize, "_split_address_parts", _reference_split_address_parts),
        (normalize, "_key", normalize._key.__wrapped__),
        (addresses, "_clean", _reference_clean),
        (normalize, "address_start", addresses._address_start),  # every cell read word by word
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patched]
    for module, name, value in patched:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def _reference(text: str):
    """The pre-fast-path normalize_name: the general steps for every cell, one ASCII word included."""
    with _reference_steps():
        return normalize._normalize_text(text)


def _dump(name) -> tuple:
    """Everything a NormalizedName holds, tokens by value (Token has no equality of its own)."""
    return (name.text, [(t.key, t.alts, t.optional, t.pinyin, t.surface, t.kind) for t in name.tokens], name.legal_forms,
            name.notes, name.key_set, name.person, name.address, name.tails, [_dump(p) for p in name.parts])


#: Letters of the scripts names are written in, and what separates and decorates their words.
ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list("ÄäÖöÜüßçÇéÈñÑøØåÅłŁšŠžŽ")  # Latin with diacritics
    + list("华为技术有限公司北京研究院股份第三厂")  # Han
    + list("株式会社トヨタ")  # kana
    + list("ОООГазпромнефтьАОПАО")  # Cyrillic
    + list("شركةالنفطالوطنية")  # Arabic
    + list("삼성전자")  # Hangul
    + list("     ,.;:()-–&'’/\"#") + ["\x00", "\x08", "\t", "\n", "\x7f", "\u200b", "\u200e", "\u00ad", "ﬁ", "Ａ"]
)
WORDS = st.sampled_from(
    ["LLC", "Ltd.", "Co.", "S.A.", "s. a.", "GmbH", "OOO", "Inc", "No.", "No", "Road", "St.", "Suite", "Floor", "1st",
     "Limited", "Liability", "Company", "Mr", "Dr.", "John", "Ivanovich", "II", "IV", "X", "I", "one", "hundred",
     "Forty-Four", "Branch", "Plant", "Shenzhen", "Huawei", "Technologies", "E1751", "12345", "LN8", "3DP", "7415IF",
     "Hessegasse", "11", "Via", "Roma", "P.O.", "Box", "(BUAA)", "Beijing", "of", "the", "and", "&", "Pratt", "Aas"]
)
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=40),
    st.lists(WORDS, min_size=1, max_size=8).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(ALPHABET, min_size=1, max_size=8)), min_size=1, max_size=6).map(", ".join),
)
ONE_WORD = st.one_of(st.from_regex(r"[A-Za-z0-9]{1,14}", fullmatch=True), WORDS.filter(str.isalnum))


@settings(max_examples=600, deadline=None)
@given(text=TEXTS)
def test_normalize_name_is_what_the_general_steps_give(text):
    assert _dump(normalize_name.__wrapped__(text)) == _dump(_reference(text))


@settings(max_examples=400, deadline=None)
@given(text=ONE_WORD)
def test_one_ascii_word_is_read_as_the_general_steps_read_it(text):
    assert _dump(normalize_name.__wrapped__(text)) == _dump(_reference(text))


@settings(max_examples=300, deadline=None)
@given(text=st.text(ALPHABET, max_size=30))
def test_controls_and_address_words_fold_as_before(text):
    assert normalize._without_controls(text) == _reference_without_controls(text)
    for word in text.split():
        assert addresses._clean(word) == _reference_clean(word)
    assert normalize._split_address_parts(text.casefold()) == _reference_split_address_parts(text.casefold())
    assert addresses.address_start(text) == addresses._address_start(text)
    assert addresses.address_start(text.casefold()) == addresses._address_start(text.casefold())
    if "(" not in text:  # a bracketed acronym is looked for only where a bracket is written
        assert not normalize._BRACKETED_ACRONYM.findall(text)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_an_address_is_found_where_reading_every_word_finds_it(text):
    for cell in (text, text.casefold(), text.upper()):
        assert addresses.address_start(cell) == addresses._address_start(cell), cell


def test_every_ascii_character_is_read_as_nfkc_and_unicode_categories_read_it():
    every = "".join(chr(code) for code in range(128))
    assert normalize._without_controls(every) == _reference_without_controls(every)
