"""Scores in 0–100 with a plain-language explanation.

The score compares what two names share with what only one of them has:
`100 · M / (M + C)`, where M is the weight of the aligned tokens on both sides (each pair
scaled by its similarity) and C the cost of the unaligned ones. A token's weight is its
inverse document frequency across the lists ("technology", "beijing" weigh little, a rare
trade name like "huawei" a lot); what an unaligned token costs depends on what it is:
a distinctive word its full weight, a generic word, a place or a word of a legal form left
in a shortened form (`GENERIC_WORDS`, `PLACE_WORDS`, translated Han industry words, "Joint
Stock") a quarter, a patronymic a fifth, a number three times (Fund II is not Fund I), and
nothing for stop words, titles, bracketed acronyms, words the other name set aside as its
legal form and words naming a site of a company ("branch", "office"), which are named in
the explanation as set aside. When one name lies wholly inside the other, the other's
distinctive words cost less: a person's middle names and middle initials the query leaves out
0.25 (a patronymic a fifth, once given name and surname align; never the surname of a listed "SURNAME, Given"
or "Given M. Surname" name when the query aligns none of it, nor the listed first given name when a query's name
aligned only with the listed middle initial: those cost fully, surname_gap), names only the query has 0.5;
words the query leaves out of a listed company's name 0.35 when the query kept a rarer word,
else 0.5. So a name that drops or adds only generic words ("Huawei" / "Huawei Technologies Co.,
Ltd.") stays high and one that drops or adds a rare word does not. The query's last words cost
nothing when they read as an address (tails.py: "…, MALTA AIRPORT, MT") and the words before
them all align and cover the listed name; they are named as an address set aside.
Which side is the query matters: `align(query, listed)`.

Tokens align when equal (or one is an accepted rendering of the other: 技术 → technology),
when adjacent tokens join into the other's one ("Hua Wei" / "Huawei", "Tian Hai Da" /
"Tianhaida"), when they are close spellings, or (in a person's name) when one is the initial
of the other. Close spelling is the optimal-string-alignment (Damerau) distance, so a
transposition is one edit, within a budget that grows with length: one edit from three letters
up to 7, two from 8. Two slips in a word of 6 or 7 letters that keep its first and last letters
("Skaagmi" / "Sagami"; not "Alliant" / "Alliance") are read as that word too, at a similarity below any single slip's, and two slips cost
less the longer the word (slip_similarity: "AeroHirownment" / "AeroVironment"). A swap of two adjacent letters in a
word of four or more letters costs three quarters of another slip: it is the commonest typing slip, and real names
seldom differ by one. It is measured on the keys and on the words as written, since the canonical
rewrites can move two spellings of one word apart ("Feul"/"Fuel"). A word of two letters aligns with one
of three it is a letter short of ("Al"/"Ali", "US"/"UAS") only as the one difference in a name otherwise whole
(`_align_short_words`). A word written shortened with
a full stop ("Aviat.") aligns with the word it starts, and as a slip when one edit from its start ("Tecc.",
"Mna." for "Tech.", "Man."); a word that misspells a legal form the
other name has ("Corporatoin") is set aside like that form. In a name of two or more distinctive
words with none left over on either side, the slips corroborate each other and cost a quarter less
("Sierrda evada" / "Sierra Nevada"); a one-word name rests on its word alone unless both names carry the
same legal form, word for word, which vouches for it ("Garonet S.r.l." / "Garnet S.r.l."; not "Visa Inc." / "Vista"), for
two slips as for one ("JSC Elerjent" / "JSC Element"), a form each name reads misspelt counting as that form. A slip in
a one-word name that leaves the listed word whole, one letter more or less at its start or end ("Nbaidu" /
"Baidu", "Exover" / "Exovera"), in a word no listed name carries, costs as a corroborated one (edge_slip). Two
slips anywhere in a word of four to seven letters ("Hino Wtors" / "Hino Motors") are read as that word when the rest
of the name vouches for it: the query's word is on no listed name, it and one listed word are all either name leaves
over, and the words matched exactly (of four letters or more; of three beside a second such word or the same legal
form: "AO VTB Jlizign" / "AO VTB Lizing") weigh at least as much, or both names carry the same legal form
(_align_vouched_slip); the name is then corroborated and the slips cost a quarter less. So is a query word two slips from a word of the listed name's
legal form the query lacks read as that form ("CALB Goruo Co., Ltd."; _vouched_form_slip). A query
word that is itself a word of the lists is a slip of another at one edit only (known_word: "University" is not two
slips from "Diversity"). A query word on no listed name that misspells a number word of four letters or more aligns
with the number the listed name reads in its place ("China Htree Gorges" / "China Three Gorges", read "china 3 gorges";
_align_number_slips). A word naming a place of learning or research that the query adds to a listed name holding
none costs as a distinctive word ("Kashan University" / "KASHAN": another body). Two different romanised Chinese
syllable runs align as typos only when they differ in vowels alone (one changed, added or left out) or by a swap of
two letters ("Huawai"/"Huawei", "Dongefang"/"Dongfang", "Yinati"/"Yintai"), or when one is a place: "Lixin"/"Lixing" and
"Jinqiao"/"Yinqiao" are different names, as are two one-syllable words of Chinese or Korean
names one consonant apart ("Kim"/"Lim"; syllables.py). That holds only in a name made of such
syllables (`syllable_name`): "Tita Zadeh", "Jile Drilling" merely happen to cut into syllables. Han characters are compared as characters when
both names are written in them (高市 ≠ 高石, though both read "gaoshi"). Numbers align only
when equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from rapidfuzz.distance import OSA, Levenshtein

from compliance.matching.normalize import NormalizedName, Token, _comma_person, mixes_initial
from compliance.matching.legal_forms import legal_form_words
from compliance.matching.pinyin import pinyin_syllables
from compliance.matching.syllables import one_syllable
from compliance.matching.places import PLACE_WORDS
from compliance.matching.words import NUMBER_WORDS, SHIP_PREFIXES, canonical_token, generic_keys, institution_keys

#: Shortest token that may align with a close spelling, and the edits allowed by length.
FUZZY_MIN_LENGTH = 3
TWO_EDITS_LENGTH = 8
#: Similarity of a pair within the budget: 1 − FUZZY_COST · edits / budget. Spending the whole budget
#: (one slip in a word of up to 7 letters, two in a longer one) leaves 0.84: a one-word name with a
#: slip in a short word ("Midea" / "Midsea") stays under the default threshold, a slip in a
#: longer word or in one word of several does not.
FUZZY_COST = 0.16
#: A slip costs this share of its usual price when the name is corroborated: two or more distinctive words
#: aligned and no distinctive word left over on either side ("Sierrda Evada" / "Sierra Nevada": two slips
#: in two rare words are strong evidence; "Skydo" / "Skydio", a one-word name, rests on that word alone).
CORROBORATED_SLIP_SHARE = 0.75


#: A swap of two adjacent letters ("Yusoik" / "Yusoki") costs this share of another slip in a word of
#: TRANSPOSITION_MIN_LENGTH letters or more: it is the commonest typing slip, and two names of real companies
#: or persons seldom differ by one ("Visa" / "Vista", "Traton" / "Triton" differ by a letter added or changed).
#: In three-letter acronyms it is no evidence ("UPM" / "UMP" are two companies).
TRANSPOSITION_SHARE = 0.75
TRANSPOSITION_MIN_LENGTH = 4


def corroborated(similarity: float) -> float:
    """The similarity of a close spelling in a corroborated name (see CORROBORATED_SLIP_SHARE)."""
    return 1.0 - (1.0 - similarity) * CORROBORATED_SLIP_SHARE


#: Similarity of an initial and the name it abbreviates ("A." / "Andrey").
INITIAL_SIMILARITY = 0.85

#: What an unaligned token costs, as a share of its weight.
GENERIC_COST = 0.25
PATRONYMIC_COST = 0.2
MIDDLE_NAME_COST = 0.25
#: A further name the query has and the listed name lacks ("Kang Min Jun" / "KANG, Min").
ADDED_NAME_COST = 0.5
#: What a word of a listed person's surname costs when the query aligned none of it ("Dean Miles" / "LAVILLA, Mile
#: D.", "Vladislav Artyushenko" / "Vladislav A. Sokolov"): fully, as any distinctive word: a person named without the surname is not named (surname_gap).
SURNAME_GAP_COST = 1.0
#: Cost share of a distinctive word only one name has when the other name's words all aligned
#: (a subset: "Philly Shipyard" / "Hanwha Philly Shipyard"); never below MIDDLE_NAME_COST.
SUBSET_COST = 0.5
#: The same for a distinctive word the query leaves out of the listed name ("Kawajyu" / "Kawajyu Gifu
#: Manufacturing"): a shortened name is common, a longer one is more often another company.
DROPPED_WORD_COST = 0.35
NUMBER_COST = 3.0
#: Cost of any unaligned word but a place when nothing distinctive aligned (only generic words, places
#: or a short acronym such as "TCL"): such names are told apart by exactly the words one of them lacks.
UNIDENTIFIED_COST = 1.5

#: Letters a distinctive word needs to identify an organisation's name on its own ("AVIC" does, "TCL" does
#: not); a person's name one more.
IDENTIFYING_LENGTH = 4
#: The same, when both names carry the same legal form ("HSI FZE" / "HSI Trading FZE").
FORM_IDENTIFYING_LENGTH = 3

Weight = Callable[[str], float]


def edit_budget(length: int) -> int:
    """Edits allowed between two spellings whose shorter one has `length` letters: one from three
    letters ("Tna"/"Tina", "Koi"/"Oki"), two from TWO_EDITS_LENGTH."""
    return 0 if length < FUZZY_MIN_LENGTH else 1 if length < TWO_EDITS_LENGTH else 2


#: Shortest word (the shorter of the two) that may hold two slips, at a lower similarity than one (slip_similarity).
TWO_SLIPS_MIN_LENGTH = 6


def max_edits(length: int) -> int:
    """Edits two spellings may be apart and still be read as one word: edit_budget, and two from
    TWO_SLIPS_MIN_LENGTH letters ("Skaagmi" / "Sagami"), where they cost more than a slip within the budget and
    must leave the word's first and last letters (close_spelling)."""
    return 2 if length >= TWO_SLIPS_MIN_LENGTH else edit_budget(length)


@dataclass
class Alignment:
    """How two names lined up: the score and each matched or unmatched token."""

    score: float
    pairs: list[tuple[Token, Token, float]] = field(default_factory=list)
    unmatched_a: list[Token] = field(default_factory=list)
    unmatched_b: list[Token] = field(default_factory=list)
    part_a: str = ""  # the script part of a bilingual cell that scored best, when one did
    part_b: str = ""
    slipped: list[tuple[Token, str]] = field(default_factory=list)  # a slip of a legal form the other name has
    tail: str = ""  # an address after the query's name, set aside because the words before it cover the listed name
    vouched: bool = False  # a slip in the one distinctive word, vouched for by the same legal form on both names
    edge: bool = False  # the one distinctive word's slip leaves the listed word whole (edge_slip)
    surname: list[Token] = field(default_factory=list)  # the listed surname's words the query left out (surname_gap)
    rested: bool = False  # a word two slips from the listed one, vouched for by the rest of the name (_align_vouched_slip)


_CONSONANTS = re.compile(r"[aeiouv]+")


def _same_consonants(a: str, b: str) -> bool:
    """The same consonants in the same order: the spellings differ in vowels alone, a vowel changed, added or left
    out ("Dongefang" / "Dongfang", "Zehou" / "Zhou"), never in a consonant ("Lixin" / "Lixing")."""
    return _CONSONANTS.sub("", a) == _CONSONANTS.sub("", b)


def _chinese_syllables(a: str, b: str) -> bool:
    """Both read as a Chinese name of at most three syllables ("lixin", "jinqiao"); a longer word that
    happens to cut into syllables ("nationale": na-ti-o-na-le) is not taken for one."""
    sa, sb = pinyin_syllables(a), pinyin_syllables(b)
    return sa is not None and sb is not None and len(sa) <= 3 and len(sb) <= 3


def _other_syllables(a: str, b: str) -> bool:
    """Two pinyin spellings that read as different Chinese names ("Lixin"/"Lixing", "Jinqiao"/"Yinqiao"),
    not as one name with a slip: they differ in a consonant, by no swap of adjacent letters
    ("Yinati"/"Yintai" is a slip), and neither is a place ("Cina"/"China")."""
    if _same_consonants(a, b) or not _chinese_syllables(a, b) or a in PLACE_WORDS or b in PLACE_WORDS:
        return False
    return OSA.distance(a, b) == Levenshtein.distance(a, b)


def _other_syllable(a: str, b: str) -> bool:
    """Two one-syllable words of Chinese or Korean names that differ in a consonant are two names
    ("Kim"/"Lim", "Hong"/"Jong"; see syllables.py), not a slip; a changed vowel ("Jong"/"Jung") is."""
    return one_syllable(a) and one_syllable(b) and not _same_consonants(a, b)


def _han(token: Token) -> bool:
    return token.kind == "trade" and not token.surface.isascii()


def close_spelling(a: str, b: str, two_slips: bool = True, one_slip: bool = False) -> float:
    """Similarity of two spellings within the edit budget (0 when outside it); `two_slips` allows two slips
    in a word of 6 or 7 letters too (max_edits) when they leave its first and last letters: "Alliant" and
    "Alliance", "Holding" and "Tooling" are other words. `one_slip` allows one slip at most, whatever the length
    (a word of the lists two slips from another: see known_word)."""
    la, lb = len(a), len(b)
    if la - lb > 2 or lb - la > 2:
        return 0.0
    shorter = la if la < lb else lb
    budget = max_edits(shorter) if two_slips else edit_budget(shorter)
    if one_slip and budget > 1:
        budget = 1
    if not budget or abs(la - lb) > budget:
        return 0.0
    edits = OSA.distance(a, b, score_cutoff=budget)
    if edits > budget or (edits > edit_budget(shorter) and (a[0] != b[0] or a[-1] != b[-1])):
        return 0.0  # two slips in a word of 6 or 7 letters that also change its first or last letter: another word
    if edits == 1 and la >= TRANSPOSITION_MIN_LENGTH and swapped(a, b):
        return 1.0 - FUZZY_COST * TRANSPOSITION_SHARE / edit_budget(shorter)
    return slip_similarity(edits, shorter)


#: Two slips cost a share of the word's length (see slip_similarity), counted up to this many letters.
LONG_WORD_LENGTH = 12


def slip_similarity(edits: int, length: int) -> float:
    """Similarity of two spellings `edits` apart whose shorter one has `length` letters (within max_edits).

    One slip costs FUZZY_COST over the edit budget. Two slips cost by the word's length: in 6 letters they
    leave 0.79, in 7 0.82, in 8 0.84 (the whole budget), in 10 0.87, in LONG_WORD_LENGTH or more 0.89. A long
    word with two slips is still plainly that word ("AeroHirownment" / "AeroVironment"); in a 6- or 7-letter
    word they weigh more than any one slip, so a name resting on that word alone stays under the threshold."""
    if not edits:
        return 1.0
    if edits >= 2:
        return 1.0 - FUZZY_COST * edits * 4 / min(LONG_WORD_LENGTH, length)
    budget = edit_budget(length)
    return 1.0 - FUZZY_COST * edits / budget


def swapped(a: str, b: str) -> bool:
    """`b` is `a` with two adjacent letters swapped ("yusoik" / "yusoki")."""
    return len(a) == len(b) and OSA.distance(a, b, score_cutoff=1) == 1 and Levenshtein.distance(a, b, score_cutoff=1) > 1


#: Shortest legal-form word whose misspelling is still read as that form ("Tlda" for "Ltda", "Ucb" for "Uab";
#: not "Co"), and only against a name that has the form.
FORM_SLIP_MIN_LENGTH = 3


def slipped_form(token: Token, forms: tuple[str, ...]) -> str | None:
    """The legal-form word of `forms` (the other name's, as written) that `token` misspells or repeats:
    "Corporatoin" for "Corporation", or "Stock" left over when "Joit Stock Company" was not read as a form."""
    if token.kind not in ("word", "abbrev") or not forms:
        return None
    for form in forms:
        if form == token.surface or form == token.key:
            return form
        if len(form) >= FORM_SLIP_MIN_LENGTH and form.isascii() and form.isalpha():
            if any(close_spelling(spelling, form, two_slips=False) for spelling in spellings(token)):
                return form
    return None


def slipped_forms(unmatched: list[Token], forms: tuple[str, ...]) -> list[tuple[Token, str]]:
    """The unaligned tokens that misspell a legal form the other name has: set aside like the form itself."""
    found = []
    for token in unmatched:
        form = slipped_form(token, forms)
        if form is not None:
            found.append((token, form))
    return found


#: Number words long enough to be read misspelt (not "one", "two", "six", "ten": a word of three letters is one slip
#: from too many), as the name reader writes them: digits ("three" and "third" are 3).
SPELT_NUMBERS: tuple[tuple[str, str], ...] = tuple((word, str(value)) for word, value in NUMBER_WORDS.items() if len(word) >= 4)


@lru_cache(maxsize=65536)
def misspelt_number(word: str) -> tuple[str, str, float] | None:
    """(number word, its digits, similarity) of the number word `word` misspells within close_spelling's budget ("htree"
    for "three", "secfond" for "second", "eigihth" for "eighth"), the closest; None when it misspells none. The name
    reader writes number words as digits, so such a slip otherwise leaves a word against a number, which costs much."""
    size = len(word)
    best = None
    for spelt, digits in SPELT_NUMBERS:
        if -2 <= len(spelt) - size <= 2 and spelt != word:
            similarity = close_spelling(word, spelt)
            if similarity and (best is None or similarity > best[2]):
                best = (spelt, digits, similarity)
    return best


def _align_number_slips(unmatched_a: list[Token], unmatched_b: list[Token], pairs: list[tuple[Token, Token, float]],
                        weight: Weight, unseen: float) -> None:
    """A query word on no listed name that misspells a number word (misspelt_number) aligns with the number the listed
    name has in its place ("China Htree Gorges" / "China Three Gorges", read "china 3 gorges")."""
    numbers = [t for t in unmatched_b if t.kind == "number"]
    if not numbers:
        return
    for x in list(unmatched_a):
        if x.kind != "word" or x.alts is not None or not (x.surface.isascii() and x.surface.isalpha()) \
                or known_word(x, weight, unseen):
            continue
        read = misspelt_number(x.surface)
        partner = next((y for y in numbers if read is not None and y.key == read[1]), None)
        if partner is None:
            continue
        unmatched_a.remove(x)
        unmatched_b.remove(partner)
        numbers.remove(partner)
        pairs.append((x, partner, read[2]))


def _same(a: Token, b: Token) -> bool:
    return (a.key == b.key or b.accepts(a.key) or a.accepts(b.key)
            or (a.alts is not None and b.alts is not None and not a.alts.isdisjoint(b.alts)))


#: Similarity of a word written shortened with a full stop and the word it starts ("Aviat." / "Aviation").
ABBREVIATION_SIMILARITY = 0.95


def _abbreviates(short: Token, long: Token) -> bool:
    return (short.kind == "abbrev" and len(short.surface) >= 3 and long.kind != "abbrev"
            and len(long.surface) > len(short.surface) and long.surface.startswith(short.surface))


def syllable_name(name: NormalizedName) -> bool:
    """Every distinctive word of the name reads as romanised Chinese or Korean syllables (or is a place):
    a name like "Beijing Lixin Technology" or "Kim Yong Su", where a changed consonant makes another name.
    "Tita Zadeh", "Jile Drilling" or "Changzhou Guanhui Food Additive" have other words and are not."""
    return all(t.pinyin or one_syllable(t.key) or _place(t) or cost_factor(t) < 1.0
               for t in name.tokens if t.kind == "word")


def _slipped_abbreviation(short: Token, long: Token) -> bool:
    """A word shortened with a full stop and misspelt: one edit from the start of a longer word ("Tecc." /
    "Technology", "Mna." / "Manufacturing"). Three letters at least, and the other word longer by two or more."""
    written, word = short.surface, long.surface
    if short.kind != "abbrev" or long.kind == "abbrev" or len(written) < 3 or len(word) < len(written) + 2:
        return False
    if not written.isalpha() or not word.isascii():
        return False
    return any(OSA.distance(written, word[:n], score_cutoff=1) <= 1 for n in (len(written) - 1, len(written), len(written) + 1))


def token_similarity(a: Token, b: Token, syllables: bool = True, known: bool = False) -> float:
    """1.0 for the same word, a fuzzy similarity for close spellings, else 0. `syllables`: the words are read as
    syllables of Chinese or Korean names (see syllable_name), where a changed consonant makes another name.
    `known`: `a` is itself a word of the listed names (known_word), so it is read as a slip of `b` at one edit
    only: "University" is not two slips from "Diversity", "Vladimirov" not two from "Vladimirovna"."""
    if _han(a) and _han(b):
        return 1.0 if a.surface == b.surface else 0.0
    if a.key == b.key or b.accepts(a.key) or a.accepts(b.key):
        return 1.0
    if a.alts is not None and b.alts is not None and a.alts & b.alts:
        return 1.0
    if a.kind == "number" or b.kind == "number" or a.alts is not None or b.alts is not None:
        return 0.0
    if _abbreviates(a, b) or _abbreviates(b, a):
        return ABBREVIATION_SIMILARITY
    if _slipped_abbreviation(a, b) or _slipped_abbreviation(b, a):
        return FUZZY_SIMILARITY_FLOOR
    if not a.key.isalpha() or not b.key.isalpha():
        return 0.0
    written_a, written_b = spellings(a), spellings(b)
    # two slips in a short word only between words written in Latin letters: the reading of a name in another
    # script ("三菱" → "sanling") is two slips from many an unrelated word ("sensing")
    two_slips = a.surface.isascii() and b.surface.isascii() and not known
    if len(written_a) == 1 and len(written_b) == 1:
        best = close_spelling(a.key, b.key, two_slips, known)
    else:
        best = 0.0
        for x in written_a:
            for y in written_b:
                similarity = close_spelling(x, y, two_slips, known)
                if similarity > best:
                    best = similarity
    if best and syllables and ((a.pinyin and b.pinyin and _other_syllables(a.key, b.key)) or _other_syllable(a.key, b.key)):
        return 0.0
    return best


def spellings(token: Token) -> tuple[str, ...]:
    """The key, and the word as written when the canonical rewrites changed it: rewrites can move two
    spellings of one word apart ("Feul" → "ful" but "Fuel" → "fuel"; "Idustrial" → "idustryal" but
    "Industrial" → "industry"), so a slip is looked for in either."""
    surface = token.surface
    if surface == token.key or not surface.isascii() or not surface.isalpha():
        return (token.key,)
    return (token.key, surface)


def _joined(tokens: tuple[Token, ...], other_keys: frozenset[str]) -> tuple[Token, ...]:
    """Merge runs of adjacent tokens whose concatenation is one token of the other name."""
    if len(tokens) < 2:
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2):
            run = tokens[i : i + size]
            if len(run) < size or any(t.alts is not None or t.kind == "number" for t in run) or mixes_initial(run):
                continue
            joined = "".join(t.key for t in run)
            key = joined if joined in other_keys else canonical_token(joined)
            if key in other_keys:
                out.append(Token(key, " ".join(t.surface for t in run), "joined", pinyin=any(t.pinyin for t in run)))
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return tuple(out)


def _place(token: Token) -> bool:
    """A place stays cheap to leave out even between generic names: translations drop "China" by habit."""
    return token.kind == "place" or token.key in PLACE_WORDS


def cost_factor(token: Token) -> float:
    """What an unaligned token costs, as a share of its weight (see module docstring)."""
    if token.optional or token.kind in ("aside", "title"):
        return 0.0
    if token.kind == "number":
        return NUMBER_COST
    if token.kind == "patronymic":
        return PATRONYMIC_COST
    if token.kind in ("place", "industry") or token.key in generic_keys() or token.key in legal_form_words():
        return GENERIC_COST
    return 1.0


#: A key no name has: its weight is what a word unknown to the lists weighs.
UNSEEN_KEY = "\x00"


def known_word(token: Token, weight: Weight, unseen: float) -> bool:
    """The query's word is itself a word of the listed names (it weighs less than a word no name has: some
    listed name carries it): two slips from another listed word it is that other word's neighbour in
    the language ("University" / "Diversity", "Northeastern" / "Northwestern", "Vladimirov" / "Vladimirovna"),
    not a misspelling of it; a typing slip seldom lands on a real word twice. Without the lists' weights
    (`compare` without `weights`) nothing is known."""
    return weight(token.key) < unseen


def _fuzzable(token: Token) -> bool:
    """A token that may align with a close spelling: three letters or more in its key or as written ("Yiu" is
    keyed "yu", "ICC" "ic")."""
    return token.alts is None and token.kind != "number" and (
        len(token.key) >= FUZZY_MIN_LENGTH or token.kind == "abbrev" or len(spellings(token)[-1]) >= FUZZY_MIN_LENGTH)


def dropped_letter(short: str, long: str) -> bool:
    """`short` (two letters) is `long` (three) with one letter left out ("al"/"ali", "us"/"uas")."""
    return len(short) == 2 and len(long) == 3 and short.isalpha() and long.isalpha() and (
        short == long[1:] or short == long[:2] or short == long[0] + long[2])


def _align_short_words(unmatched_a: list[Token], unmatched_b: list[Token], pairs: list[tuple[Token, Token, float]],
                       free: list[Token], syllables: bool) -> None:
    """A word of two letters aligns with one of three that holds it with a letter added ("Al"/"Ali", "Oi"/"Oil",
    "US"/"UAS") when it is the one difference in a name otherwise whole: a distinctive word of IDENTIFYING_LENGTH
    letters aligned, no other distinctive word left over. Two letters alone are another word as often as a slip."""
    left = [t for t in (*unmatched_a, *unmatched_b) if cost_factor(t) == 1.0 and not any(t is f for f in free)]
    if len(left) != 2 or not any(x.kind == y.kind == "word" and cost_factor(x) == 1.0 and len(x.key) >= IDENTIFYING_LENGTH
                                 for x, y, _ in pairs):
        return
    x, y = left
    if not (x.kind == y.kind == "word" and any(x is t for t in unmatched_a) and any(y is t for t in unmatched_b)):
        return
    if not any(dropped_letter(p, q) or dropped_letter(q, p) for p in spellings(x) for q in spellings(y)):
        return
    if syllables and _other_syllable(x.key, y.key):  # "Mo Chin Fan" / "Mok Chin Fan": two Chinese names
        return
    unmatched_a.remove(x)
    unmatched_b.remove(y)
    pairs.append((x, y, FUZZY_SIMILARITY_FLOOR))


#: Shortest word (the shorter spelling) that may hold two slips anywhere when the rest of the name vouches for it
#: (_align_vouched_slip): "Kogyo" / "Koguy", "Earth" / "Erzath"; a word of three letters is as often another word.
VOUCHED_SLIP_MIN_LENGTH = 4


def loose_spelling(a: str, b: str) -> float:
    """Similarity of two spellings exactly two slips apart where close_spelling does not read them as one word: the
    shorter of VOUCHED_SLIP_MIN_LENGTH to 7 letters, the slips anywhere (in a word of 6 or 7 letters, touching its
    first or last letter); 0 otherwise. Two slips cost by the word's length (slip_similarity: 0.68 in four letters,
    0.74 in five, 0.79 in six), so the pair alone never makes a match."""
    la, lb = len(a), len(b)
    shorter = la if la < lb else lb
    if not VOUCHED_SLIP_MIN_LENGTH <= shorter < TWO_EDITS_LENGTH or abs(la - lb) > 2:
        return 0.0
    if shorter >= TWO_SLIPS_MIN_LENGTH and a[0] == b[0] and a[-1] == b[-1]:
        return 0.0  # close_spelling's two slips inside the word
    if OSA.distance(a, b, score_cutoff=2) != 2:
        return 0.0
    return slip_similarity(2, shorter)


def _align_vouched_slip(unmatched_a: list[Token], unmatched_b: list[Token], pairs: list[tuple[Token, Token, float]],
                        free: list[Token], weight: Weight, unseen: float, syllables: bool,
                        same_forms: bool = False) -> tuple[Token, Token] | None:
    """A query word no listed name carries aligns with the one listed word left over, up to two slips anywhere in
    it ("KOWA Koguy" / "KOWA KOGYO", "Hino Wtors" / "Hino Motors"), when the rest of the name vouches for it: every
    other word of either name aligned or costs nothing, and words matched exactly (IDENTIFYING_LENGTH letters or more,
    or FORM_IDENTIFYING_LENGTH beside a second such word or the same legal form) weigh at least as much as the
    listed word (a rarer word, spelt right), or both names carry the same legal form word for word, which vouches as
    a further word (as for a one-word name's slip). A typing slip seldom lands on a real word, and two real names seldom
    agree on a rarer word and differ in two letters of a word beside it. The pair aligned, or None."""
    left_a = [t for t in unmatched_a if cost_factor(t) and not any(t is f for f in free)]
    left_b = [t for t in unmatched_b if cost_factor(t) and not any(t is f for f in free)]
    if len(left_a) != 1 or len(left_b) != 1:
        return None
    x, y = left_a[0], left_b[0]
    if x.kind != "word" or y.kind != "word" or x.alts is not None or y.alts is not None \
            or not x.key.isalpha() or not y.key.isalpha() or known_word(x, weight, unseen):
        return None
    # words of the lists (known_word): without the lists' weights (`compare` alone) nothing vouches
    exact_words = [p for p, q, _ in pairs if p.key == q.key and p.kind == q.kind == "word" and cost_factor(p) == 1.0
                   and len(p.key) >= FORM_IDENTIFYING_LENGTH and known_word(p, weight, unseen)]
    # a word of three letters vouches beside the same legal form or a second such word ("AO VTB Jlizign" / "AO VTB
    # Lizing", "Ali Reza Apra" / "Ali Reza Parsa"); alone it is as often another name's ("Sun Bectrlo" / "Sun Tectro")
    shortest = FORM_IDENTIFYING_LENGTH if same_forms or len(exact_words) >= 2 else IDENTIFYING_LENGTH
    exact = sum(weight(p.key) for p in exact_words if len(p.key) >= shortest)
    if not exact or (exact < weight(y.key) and not same_forms):  # the same legal form vouches as a further word
        return None
    best = max(loose_spelling(p, q) for p in spellings(x) for q in spellings(y))
    if not best or (syllables and ((x.pinyin and y.pinyin and _other_syllables(x.key, y.key))
                                   or _other_syllable(x.key, y.key))):
        return None
    unmatched_a.remove(x)
    unmatched_b.remove(y)
    pairs.append((x, y, corroborated(best)))  # the name is corroborated: its other words all aligned
    return x, y


def _vouched_form_slip(unmatched_a: list[Token], unmatched_b: list[Token], pairs: list[tuple[Token, Token, float]],
                       free: list[Token], weight: Weight, unseen: float, forms: tuple[str, ...],
                       forms_a: frozenset[str]) -> tuple[Token, str] | None:
    """The query's one word left over, on no listed name, read as a word of the listed name's legal form the query
    lacks, two slips off anywhere ("CALB Goruo Co., Ltd." / "CALB Group Co., Ltd."), when the rest of the name vouches
    for it as in _align_vouched_slip: every other word of either name aligned or free, a distinctive word of the
    lists matched exactly. It is then set aside like the form it misspells; (the word, the form), or None."""
    left_a = [t for t in unmatched_a if cost_factor(t) and not any(t is f for f in free)]
    if len(left_a) != 1 or any(cost_factor(t) and not any(t is f for f in free) for t in unmatched_b):
        return None
    x = left_a[0]
    if x.kind != "word" or x.alts is not None or not x.key.isalpha() or known_word(x, weight, unseen):
        return None
    if not any(p.key == q.key and p.kind == q.kind == "word" and cost_factor(p) == 1.0
               and len(p.key) >= IDENTIFYING_LENGTH and known_word(p, weight, unseen) for p, q, _ in pairs):
        return None
    for form in forms:  # a form of one word, as the index files them
        if form.isascii() and form.isalpha() and canonical_token(form.casefold()) not in forms_a \
                and any(loose_spelling(spelling, form) for spelling in spellings(x)):
            unmatched_a.remove(x)
            return x, form
    return None


def _align_initials(unmatched_a: list[Token], unmatched_b: list[Token],
                    pairs: list[tuple[Token, Token, float]]) -> None:
    """In a person's name, an initial aligns with an unaligned name starting with its letter."""
    for first, second, flip in ((unmatched_a, unmatched_b, False), (unmatched_b, unmatched_a, True)):
        for initial in [t for t in first if t.kind == "initial"]:
            partner = next((t for t in second if t.kind in ("word", "patronymic") and t.surface[:1] == initial.key), None)
            if partner is None:
                continue
            first.remove(initial)
            second.remove(partner)
            pairs.append((partner, initial, INITIAL_SIMILARITY) if flip else (initial, partner, INITIAL_SIMILARITY))


def align(a: NormalizedName, b: NormalizedName, weight: Weight) -> Alignment:
    """The best alignment of two names, trying each script part of a bilingual cell on its own."""
    best = _align(a, b, weight)
    if not a.parts and not b.parts:
        return best
    for part_a in a.parts or (a,):
        for part_b in b.parts or (b,):
            candidate = _align(part_a, part_b, weight)
            if candidate.score > best.score:
                best = candidate
                best.part_a = part_a.text if a.parts else ""
                best.part_b = part_b.text if b.parts else ""
    return best


def _align(a: NormalizedName, b: NormalizedName, weight: Weight) -> Alignment:
    """Align the tokens of two single-script names and score them (see module docstring)."""
    ta, tb = a.tokens, b.tokens
    if not ta or not tb:
        return Alignment(0.0, [], list(ta), list(tb))
    keys_a, keys_b = a.key_set, b.key_set
    if a.pair_keys & keys_b or b.pair_keys & keys_a:
        ta = _joined(ta, keys_b)
        keys_a = frozenset(k for t in ta for k in t.keys())
        tb = _joined(tb, keys_a)
        keys_b = frozenset(k for t in tb for k in t.keys())
    b_fuzzable = any(_fuzzable(t) for t in tb)
    syllables = syllable_name(a) or syllable_name(b)
    unseen = weight(UNSEEN_KEY)
    used = [False] * len(tb)
    pairs: list[tuple[Token, Token, float]] = []
    unmatched_a: list[Token] = []
    for tok in sorted(ta, key=lambda t: -weight(t.key)) if len(ta) > 1 else ta:
        exact_possible = tok.key in keys_b or (tok.alts is not None and not tok.alts.isdisjoint(keys_b))
        if not exact_possible and not (b_fuzzable and _fuzzable(tok)):
            if tok.alts is None or not any(o.alts is not None for o in tb):
                unmatched_a.append(tok)
                continue
        best, best_j = 0.0, -1
        if exact_possible and not _han(tok):  # the common case: the same word is there
            best_j = next((j for j, other in enumerate(tb) if not used[j] and not _han(other) and _same(tok, other)), -1)
            if best_j >= 0:
                used[best_j] = True
                pairs.append((tok, tb[best_j], 1.0))
                continue
        only_close = not exact_possible and tok.alts is None
        for j, other in enumerate(tb):
            if used[j] or (only_close and not _fuzzable(other)):
                continue
            sim = token_similarity(tok, other, syllables, known_word(tok, weight, unseen))
            if sim > best:
                best, best_j = sim, j
                if sim == 1.0:
                    break
        if best_j >= 0:
            used[best_j] = True
            pairs.append((tok, tb[best_j], best))
        else:
            unmatched_a.append(tok)
    unmatched_b = [t for j, t in enumerate(tb) if not used[j]]
    slipped_a, slipped_b = slipped_forms(unmatched_a, b.legal_forms), slipped_forms(unmatched_b, a.legal_forms)
    slipped = [*slipped_a, *slipped_b]
    if slipped:
        unmatched_a = [t for t in unmatched_a if not any(t is x for x, _ in slipped)]
        unmatched_b = [t for t in unmatched_b if not any(t is x for x, _ in slipped)]
    person = a.person or b.person
    surname = any(len(x.key) >= 2 and x.kind != "initial" for x, _, _ in pairs)  # initials need a name beside them
    if person and surname and (any(t.kind == "initial" for t in unmatched_a) or any(t.kind == "initial" for t in unmatched_b)):
        _align_initials(unmatched_a, unmatched_b, pairs)
    # A word the other name set aside as part of its legal form ("... Sanayi ve Ticaret [Anonim] Sirketi") is
    # no part of either name.
    forms = _form_keys(b) if b.legal_forms else frozenset()
    forms_a = _form_keys(a) if a.legal_forms else frozenset()
    free = [t for t in unmatched_a if t.key in forms] + [t for t in unmatched_b if t.key in forms_a]
    _align_short_words(unmatched_a, unmatched_b, pairs, free, syllables)
    _align_number_slips(unmatched_a, unmatched_b, pairs, weight, unseen)
    rested = _align_vouched_slip(unmatched_a, unmatched_b, pairs, free, weight, unseen, syllables,
                                 bool(forms) and _same_forms(forms_a, forms))
    if rested is None and b.legal_forms:
        form_slip = _vouched_form_slip(unmatched_a, unmatched_b, pairs, free, weight, unseen, b.legal_forms, forms_a)
        if form_slip is not None:
            slipped_a.append(form_slip)
            slipped.append(form_slip)
    same_form = bool(a.legal_forms) and not set(a.legal_forms).isdisjoint(b.legal_forms)
    tail = ""
    if a.tails and unmatched_a:
        tail, unmatched_a = _set_aside_tail(a, b, pairs, unmatched_a, unmatched_b, free)
    # the same legal form, word for word ("Garonet S.r.l." / "Garnet S.r.l."), vouches for a one-word name's slip
    # (a misspelt form counts as the form it misspells: "Tokrin Corproation" / "Tokin Corporation")
    # (and so does a form each name reads as such, one misspelt: "Cubiuc Crporation" / "Cubic Corporation")
    whole_form = bool(forms) and _same_forms(forms_a | _slipped_keys(slipped_a), forms | _slipped_keys(slipped_b))
    vouched = (whole_form and any(SLIP_SIMILARITY_FLOOR <= sim < 1.0 for _, _, sim in pairs)
               and _corroborated(pairs, unmatched_a, unmatched_b, free, True)
               and not _corroborated(pairs, unmatched_a, unmatched_b, free))
    edge = (not person and not vouched and _corroborated(pairs, unmatched_a, unmatched_b, free, True)
            and not _corroborated(pairs, unmatched_a, unmatched_b, free)
            and sum(1 for x, _, _ in pairs if cost_factor(x) == 1.0) == 1
            and any(FUZZY_SIMILARITY_FLOOR <= sim < 1.0 and not known_word(x, weight, unseen) and edge_slip(x, y)
                    for x, y, sim in pairs))
    surname = surname_gap(b, pairs, unmatched_b) if person and unmatched_b else []
    return Alignment(round(_score(pairs, unmatched_a, unmatched_b, weight, person, free, same_form, whole_form, edge,
                                  surname, rested), 1),
                     pairs, unmatched_a, unmatched_b, slipped=slipped, vouched=vouched, tail=tail, edge=edge,
                     rested=rested is not None,
                     surname=surname)


def _surname_after_initial(listed: NormalizedName) -> set[str]:
    """The surname of a name written "Given M. Surname" ("Vladislav A. Sokolov"): the last word, after a given name
    and a middle initial; nothing for other shapes ("CARLOTA C", "Kostin A. L." may be written surname first)."""
    tokens = [t for t in listed.tokens if t.kind not in ("title", "aside") and not t.optional]
    if len(tokens) < 3 or "," in listed.text or tokens[0].kind != "word" or tokens[-1].kind != "word" \
            or tokens[-2].kind != "initial":
        return set()
    return {tokens[-1].surface}


def surname_gap(listed: NormalizedName, pairs: list[tuple[Token, Token, float]], unmatched_b: list[Token]) -> list[Token]:
    """The words of a listed person's surname, written first before a comma ("LAVILLA, Mile D.") or last after a
    middle initial ("Vladislav A. Sokolov"), that the query
    leaves out when it aligned no word of that surname with a name of its own written in full: the query then named
    the person by given names and initials only ("Dean Miles": 'miles'≈'mile', initial D matched Dean). A surname
    left out is no middle name: such words cost fully (SURNAME_GAP_COST). So does the first given name in the case
    of _given_name_gap."""
    if _comma_person(listed.text):
        written = set(re.findall(r"\w+", listed.text.split(",")[0].casefold()))
    else:
        written = _surname_after_initial(listed)
        if not written:
            return []
    gap = [] if any(y.surface in written and x.kind != "initial" and y.kind != "initial" for x, y, _ in pairs) \
        else [t for t in unmatched_b if t.kind == "word" and t.surface in written]
    return gap + _given_name_gap(listed, pairs, unmatched_b, written)


def _given_name_gap(listed: NormalizedName, pairs: list[tuple[Token, Token, float]], unmatched_b: list[Token],
                    surname: set[str]) -> list[Token]:
    """The listed person's first given name, when the query leaves it out and a name the query writes in full
    aligned only with the listed middle initial after it ("Larisa Biryukov" / "Yevgeniy L Biryukov"): the query's
    given name is then another first name, not the listed one with its middle name left out."""
    given = [t for t in listed.tokens if t.kind in ("word", "initial") and t.surface not in surname]
    if len(given) < 2 or given[0].kind != "word" or not any(given[0] is t for t in unmatched_b):
        return []
    middle_initials = given[1:]
    if any(x.kind != "initial" and any(y is m for m in middle_initials if m.kind == "initial") for x, y, _ in pairs):
        return [given[0]]
    return []



def _set_aside_tail(a: NormalizedName, b: NormalizedName, pairs: list[tuple[Token, Token, float]],
                    unmatched_a: list[Token], unmatched_b: list[Token], free: list[Token]) -> tuple[str, list[Token]]:
    """(the address set aside, the query's words left unaligned without it): the query's last words, none aligned,
    from a place where an address may start (tails.py), when the words before them all align and cover the listed
    name: every distinctive word of an organisation's name; a person's given name and surname (a middle name may
    lack)."""
    left = {id(t) for t in unmatched_a}
    tokens = a.tokens
    start = len(tokens)
    while start > 0 and id(tokens[start - 1]) in left:
        start -= 1
    found = next((tail for tail in a.tails if tail[0] >= start), None)
    if found is None:
        return "", unmatched_a
    cut, text, strong = found
    if any(id(t) in left and cost_factor(t) and not any(t is f for f in free) for t in tokens[:cut]):
        return "", unmatched_a  # the words before it must match the listed name in full
    covered = not any(cost_factor(t) and not any(t is f for f in free) for t in unmatched_b)
    if a.person or b.person:
        if sum(1 for x, y, _ in pairs if x.kind not in ("initial", "title") and y.kind not in ("initial", "title")) < 2 \
                and not (strong and covered):
            return "", unmatched_a  # "KHAN, Jordan" is not KHAN in Jordan; "COLONEL ELYAZGI - OKBA AIR BASE" is
    elif not any(cost_factor(x) == 1.0 and len(x.key) >= IDENTIFYING_LENGTH for x, _, _ in pairs):
        return "", unmatched_a  # "University, Omaha": generic words alone identify no listed name
    elif len(pairs) == 1 and not strong:
        return "", unmatched_a  # "KHAN, Jordan, Amman": after a one-word name, only an address word or number starts one
    elif any(cost_factor(t) == 1.0 and not any(t is f for f in free) for t in unmatched_b):
        return "", unmatched_a  # the listed name has a distinctive word the query's name lacks
    if all(t.kind == "aside" or t.optional for t in tokens[cut:]):
        return "", unmatched_a  # "(Moscow Department)": a site's words, already set aside as such
    aside = {id(t) for t in tokens[cut:]}
    return text, [t for t in unmatched_a if id(t) not in aside]



#: Letters a misspelt legal form needs to vouch for a slip as the form would ("Goup" for "Group"; not "Luc"
#: for "LLC": a short word one edit from a form is as often a name).
VOUCHING_SLIP_LENGTH = 4


def _slipped_keys(slipped: list[tuple[Token, str]]) -> frozenset[str]:
    return frozenset(canonical_token(w) for token, form in slipped if len(token.surface) >= VOUCHING_SLIP_LENGTH
                     for w in form.casefold().split())


def _same_forms(keys_a: frozenset[str], keys_b: frozenset[str]) -> bool:
    """The two names' legal-form words are the same, word for word, once a word of one that misspells a word of
    the other (VOUCHING_SLIP_LENGTH letters or more, one slip) is read as that word: the name reader reads "Crporation"
    as a legal form by itself, and it is the listed name's "Corporation"."""
    if keys_a == keys_b:
        return True
    only_a, only_b = keys_a - keys_b, keys_b - keys_a
    if len(only_a) != len(only_b):
        return False
    for word in only_a:
        match = next((other for other in only_b if len(word) >= VOUCHING_SLIP_LENGTH
                      and close_spelling(word, other, two_slips=False)), None)
        if match is None:
            return False
        only_b = only_b - {match}
    return True


def _form_keys(name: NormalizedName) -> frozenset[str]:
    return frozenset(canonical_token(w) for form in name.legal_forms for w in form.casefold().split())


def edge_slip(query: Token, listed: Token) -> bool:
    """The query's word, as written, is the listed word whole with one letter more or less at its start or end
    ("Nbaidu" / "Baidu", "Exover" / "Exovera", "SGC" / "CSGC"): a stray or missed keystroke at the word's edge that
    leaves every other letter where it was. Not a letter changed ("IBM" / "IPM", "Adient" / "Axient"), added or left
    out inside the word ("Honda" / "Hoda", "Visa" / "Vista"), nor one the keys alone tell ("Apple" / "Maples"): two
    real names differ so as often as a slip does."""
    x, y = query.surface, listed.surface
    if len(x) == len(y) + 1:
        x, y = y, x
    return len(y) == len(x) + 1 and len(x) >= FUZZY_MIN_LENGTH and (y[1:] == x or y[:-1] == x)


#: The least similarity close_spelling gives (the whole edit budget spent).
FUZZY_SIMILARITY_FLOOR = 1.0 - FUZZY_COST
#: The least similarity of any slip: two slips in a word of TWO_SLIPS_MIN_LENGTH letters. The same legal form on
#: both names vouches for two slips in a word as for one ("JSC Elerjent" / "JSC Element"; see _score).
SLIP_SIMILARITY_FLOOR = slip_similarity(2, TWO_SLIPS_MIN_LENGTH)


def _corroborated(pairs: list[tuple[Token, Token, float]], unmatched_a: list[Token], unmatched_b: list[Token],
                  free, whole_form: bool = False) -> bool:
    """Two or more distinctive words aligned, or one beside the same legal form on both names, and no distinctive
    word left over (see CORROBORATED_SLIP_SHARE)."""
    shortest = FORM_IDENTIFYING_LENGTH if whole_form else IDENTIFYING_LENGTH
    distinctive = sum(1 for x, y, _ in pairs if x.kind == y.kind == "word" and cost_factor(x) == 1.0
                      and len(x.key) >= shortest and len(y.key) >= shortest)
    if distinctive < (1 if whole_form else 2):
        return False
    return not any(cost_factor(t) == 1.0 and not any(t is f for f in free) for t in (*unmatched_a, *unmatched_b))


def _score(pairs: list[tuple[Token, Token, float]], unmatched_a: list[Token], unmatched_b: list[Token],
           weight: Weight, person: bool, free: list[Token] = (), same_form: bool = False,
           whole_form: bool = False, edge: bool = False, surname: list[Token] = (),
           rested: tuple[Token, Token] | None = None) -> float:
    matched = total = 0.0
    # two slips in a word are vouched for by the same legal form only: two names of persons with two slips
    # in each of two words ("Mikayil Abbasov" / "Mikhail Abramov") are as often two persons
    floor = SLIP_SIMILARITY_FLOOR if whole_form else FUZZY_SIMILARITY_FLOOR
    slips = any(floor <= sim < 1.0 for _, _, sim in pairs)
    boost = slips and (edge or _corroborated(pairs, unmatched_a, unmatched_b, free, whole_form))
    for x, y, sim in pairs:
        if x.kind == "initial" or y.kind == "initial":
            w = 2 * weight((y if x.kind == "initial" else x).key)
        else:
            w = weight(x.key) + weight(y.key)
            if boost and floor <= sim < 1.0 and sim != ABBREVIATION_SIMILARITY and (rested is None or x is not rested[0]):
                # (a pair read by _align_vouched_slip is corroborated already)
                sim = corroborated(sim)
        matched += w * sim
        total += w
    if not matched:
        return 0.0
    # One name wholly inside the other, something distinctive aligned: the other's extra words cost less.
    subset = bool(pairs) and (not any(cost_factor(t) for t in unmatched_a)
                              or not any(cost_factor(t) for t in unmatched_b))
    # In a person's name wholly inside the other, with given name and surname aligned, a further name
    # is a middle name; when both names have words the other lacks, those are different given names.
    middle = person and subset and sum(1 for x, y, _ in pairs if x.kind != "title") >= 2
    # Generic words are cheap to leave out only once something distinctive has matched: two names
    # made of generic words ("China Electronics Technology ...") are told apart by those words.
    # A short word alone ("TCL") does not identify a name that well (IDENTIFYING_LENGTH), unless both
    # names close with the same legal form ("HSI FZE" / "HSI Trading FZE").
    shortest = IDENTIFYING_LENGTH + 1 if person else IDENTIFYING_LENGTH  # "Kang", "Juan" name many people
    if same_form and not person:
        shortest = FORM_IDENTIFYING_LENGTH  # "HSI FZE" / "HSI Trading FZE": the shared legal form vouches for it
    identified = any(cost_factor(t) == 1.0 and (len(t.surface) >= shortest or _han(t)) for x, y, _ in pairs for t in (x, y))
    # A person is identified by a given name and a surname, however short ("Yue Alex", "Pozo Luis"), for
    # the names the listed one has beyond them.
    # A surname that ends like a patronymic ("Miklashevich") names the person as well as any word.
    named = middle and sum(1 for x, y, _ in pairs if x.kind == y.kind and x.kind in ("word", "patronymic")) >= 2
    rarest = max((weight(x.key) for x, y, _ in pairs if x.kind != "initial"), default=0.0)
    other_body = not person and _listed_no_institution(pairs, unmatched_b)
    for t in (*unmatched_a, *unmatched_b):
        if free and any(t is f for f in free):
            continue
        factor = cost_factor(t)
        if other_body and factor and t.key in institution_keys() and not any(t is u for u in unmatched_b):
            total += weight(t.key) * INSTITUTION_COST  # "Kashan University" / "KASHAN": another body of that name
            continue
        listed_only = any(t is u for u in unmatched_b)
        if surname and factor == 1.0 and any(t is s for s in surname):
            factor = SURNAME_GAP_COST  # a surname the query leaves out is no middle name (surname_gap)
        elif (middle or subset) and factor == 1.0 and t.kind == "word" and (identified or (named and listed_only)):
            # a name the query leaves out costs less than one it adds: lists give the full name
            if middle:
                factor = MIDDLE_NAME_COST if listed_only else ADDED_NAME_COST
            elif listed_only and not person and weight(t.key) < rarest:
                factor = DROPPED_WORD_COST  # the query kept the name's rarest word
            else:
                factor = SUBSET_COST
        elif named and listed_only and t.kind == "patronymic":
            pass  # "GRAK, Olga" / "GRAK, Olga Yurievna": the patronymic a named person's query leaves out costs little
        elif named and listed_only and t.kind == "initial":
            factor = MIDDLE_NAME_COST  # "YU, Chol" / "YU, Chol U": a middle initial, like a middle name
        elif not identified and factor and not _place(t):
            factor = max(factor, UNIDENTIFIED_COST)
        total += weight(t.key) * factor
    return 100.0 * matched / total


RESTED_NOTE = ("two slips read as a misspelling: the query's word is on no listed name, and the rest of the name vouches "
               "for it (its other words match exactly, and weigh at least as much or stand beside the same legal form)")
SURNAME_GAP_NOTE = " (the listed surname or first given name, which the query lacks: costs fully)"


#: Cost share of a word naming a place of learning or research (words.INSTITUTION_WORDS) the query adds to a listed
#: name holding none: a distinctive word's.
INSTITUTION_COST = 1.0
INSTITUTION_NOTE = " (the listed name is no university, college or institute: costs much)"


def _listed_no_institution(pairs: list[tuple[Token, Token, float]], unmatched_b: list[Token]) -> bool:
    """The listed name (its aligned and unaligned words) holds no word naming a place of learning or research."""
    keys = institution_keys()
    return not any(y.key in keys for _, y, _ in pairs) and not any(t.key in keys for t in unmatched_b)


#: Score adjustments from the other facts about a party. They weaken or corroborate a name
#: match; they never make one: a hit needs the name score alone to reach the threshold.
COUNTRY_AGREES = 3.0
COUNTRY_DIFFERS = -10.0


def country_adjustment(query_country: str | None, entry_country: str | None) -> tuple[float, str]:
    if not query_country or not entry_country:
        return 0.0, "country not compared (not given on both sides)"
    if query_country.upper() == entry_country.upper():
        return COUNTRY_AGREES, f"country agrees ({entry_country.upper()}): corroborates"
    return COUNTRY_DIFFERS, f"country differs ({query_country.upper()} vs listed {entry_country.upper()}): weakens"


def _cost_note(token: Token) -> str:
    factor = cost_factor(token)
    if token.kind == "patronymic":
        return " (patronymic, costs little)"
    if factor == NUMBER_COST:
        return " (a number: costs much)"
    if factor == GENERIC_COST:
        return " (generic word)"
    return ""


def _slips(a: Token, b: Token) -> int:
    """The fewest edits between the spellings of two aligned tokens (for the explanation)."""
    return min(OSA.distance(x, y) for x in spellings(a) for y in spellings(b))


def explain(a: NormalizedName, b: NormalizedName, alignment: Alignment, extra: list[str] | None = None) -> str:
    """A sentence an analyst can check: what matched, what was set aside, what bridged scripts."""
    parts = []
    if alignment.pairs:
        described = []
        for x, y, sim in alignment.pairs:
            if (x.kind == "initial") != (y.kind == "initial"):
                continue  # told below as "initial A matched Andrey"
            plain = ("word", "number", "joined", "abbrev", "initial", "patronymic")
            shown_x = x.surface if x.kind in plain else f"{x.surface} ({x.key})"
            shown_y = y.surface if y.kind in plain else f"{y.surface} ({y.key})"
            if sim == ABBREVIATION_SIMILARITY and "abbrev" in (x.kind, y.kind):
                short, long = (shown_x, shown_y) if x.kind == "abbrev" else (shown_y, shown_x)
                described.append(f"'{short}.' short for '{long}'")
            elif _slipped_abbreviation(x, y) or _slipped_abbreviation(y, x):
                short, long = (shown_x, shown_y) if x.kind == "abbrev" else (shown_y, shown_x)
                described.append(f"'{short}.' a misspelt short form of '{long}'")
            elif x.kind == "word" and y.kind == "number" and misspelt_number(x.surface) is not None:
                described.append(f"'{shown_x}' read as the number word '{misspelt_number(x.surface)[0]}' misspelt "
                                 f"({sim:.0%} similar spelling) = '{shown_y}'")
            elif sim < 1.0:
                how = ", two letters swapped" if swapped(x.surface.casefold(), y.surface.casefold()) \
                    else ", two slips" if _slips(x, y) == 2 else ""
                described.append(f"'{shown_x}'≈'{shown_y}' ({sim:.0%} similar spelling{how})")
            elif shown_x.casefold() == shown_y.casefold():
                described.append(f"'{shown_x}'")
            else:
                described.append(f"'{shown_x}'='{shown_y}'")
        if described:
            parts.append("matched " + ", ".join(dict.fromkeys(described)))
    if alignment.part_a:
        parts.insert(0, f"the cell holds the name in two scripts; scored its part '{alignment.part_a.strip()}'")
    if alignment.part_b:
        parts.insert(0, f"the listed name is in two scripts; scored its part '{alignment.part_b.strip()}'")
    unmatched = alignment.unmatched_a + alignment.unmatched_b
    initials = [f"initial {(x if x.kind == 'initial' else y).key.upper()} matched "
                f"{(y if x.kind == 'initial' else x).surface.title()}"
                for x, y, _ in alignment.pairs if (x.kind == "initial") != (y.kind == "initial")]
    if initials:
        parts.append(", ".join(initials))
    aside = [t for t in (*a.tokens, *b.tokens) if t.kind == "aside" and any(t is u for u in unmatched)]
    ships = [t for t in aside if t.key in SHIP_PREFIXES and (t is a.tokens[0] or t is b.tokens[0])]
    if ships:
        parts.append("ship prefix set aside: " + ", ".join(t.surface.upper() for t in ships))
    if len(aside) > len(ships):
        parts.append("extra words set aside: " + " ".join(t.surface for t in aside if not any(t is s for s in ships)))
    if alignment.tail:
        whole = f"{alignment.tail}, {a.address}" if a.address else alignment.tail
        parts.append(f"address set aside: {whole} (the words before it match the listed name)")
    titles = [t.surface for t in unmatched if t.kind == "title"]
    if titles:
        parts.append("title set aside: " + ", ".join(titles))
    shown = [t for t in alignment.unmatched_a if not t.optional and t.kind not in ("aside", "title")]
    shown_b = [t for t in alignment.unmatched_b if not t.optional and t.kind not in ("aside", "title")]
    if (a.person or b.person) and len(alignment.pairs) >= 2 and not (shown and shown_b):
        # names beside an aligned given name and surname, in a name wholly inside the other
        _cost_note_for = lambda t: (SURNAME_GAP_NOTE if any(t is s for s in alignment.surname)  # noqa: E731
                                    else " (middle name, costs little)" if t.kind == "word"
                                    else " (middle initial, costs little)" if t.kind == "initial" else _cost_note(t))
    else:
        _cost_note_for = _cost_note
    if shown:
        other_body = not (a.person or b.person) and _listed_no_institution(alignment.pairs, alignment.unmatched_b)
        parts.append("not in the listed name: " + ", ".join(
            f"'{t.surface}'{INSTITUTION_NOTE if other_body and t.key in institution_keys() else _cost_note_for(t)}"
            for t in shown))
    if shown_b:
        parts.append("listed name also has: " + ", ".join(f"'{t.surface}'{_cost_note_for(t)}" for t in shown_b))
    forms = sorted(set(a.legal_forms) | set(b.legal_forms))
    if forms:
        parts.append("legal form set aside: " + ", ".join(forms))
    if alignment.vouched:
        parts.append("the slip is vouched for by the same legal form on both names")
    if alignment.rested:
        parts.append(RESTED_NOTE)
    if alignment.edge:
        parts.append("the slip leaves the word whole: a letter more or less at its start or end")
    if alignment.slipped:
        parts.append("read as a legal form: " + ", ".join(
            f"'{t.surface}'" if t.surface == form else f"'{t.surface}' for '{form}'" for t, form in alignment.slipped))
    notes = list(dict.fromkeys(a.notes + b.notes))
    if alignment.tail and a.address:
        notes = [note for note in notes if note != f"address set aside: {a.address}"]  # told whole above
    if notes:
        parts.append("; ".join(notes))
    parts.extend(extra or [])
    return "; ".join(parts)
