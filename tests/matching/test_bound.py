"""The score bound that spares aligning most candidates (bound.py) never drops a hit.

It must be an upper bound of `align(...).score` for every pair of names, and a search that skips
the candidates it rules out must answer exactly as one that aligns every candidate, and as brute
force over every listed name. Uses the bundled Entity List and MEU snapshots (no ../shared needed).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.matching import bound as bound_module
from compliance.matching import index as index_module
from compliance.matching.bound import MARGIN, QueryBound, TokenTable, may_pair, score_bound
from compliance.matching.index import NameIndex
from compliance.matching.normalize import Token, normalize_name
from compliance.matching.score import align, loose_spelling, slipped_form, spellings, token_similarity

from tests.matching.slips import edit

#: align rounds its score to one decimal
ROUNDING = 0.05


@pytest.fixture(scope="module")
def index(listed) -> NameIndex:
    return NameIndex(listed)


class Unbounded:
    """A QueryBound that rules nothing out: the search aligns every candidate."""

    def __init__(self, *args) -> None:
        pass

    def bound(self, *args) -> float:
        return 100.0


def answers(index: NameIndex, name: str, threshold: float) -> list[tuple]:
    return [(h.party.id, h.name, h.score, h.name_score, h.explanation) for h in index.search(name, threshold=threshold)]


def assert_bounds(index: NameIndex, text: str, entries) -> int:
    """Every entry's bound is at least its score; the number of entries that reach 50 (so a test can tell it
    compared real matches)."""
    query = normalize_name(text)
    if not query.tokens:
        return 0
    bounds = QueryBound(query, TokenTable(index.weight))
    reaching = 0
    for entry in entries:
        score = align(query, index.entry(entry), index.weight).score
        bound = bounds.bound(entry, index.entry(entry))
        assert score <= bound + ROUNDING, (text, index.entry_name[entry], score, bound)
        reaching += score >= 50
    return reaching


def test_a_pruned_search_answers_every_labelled_query_as_aligning_every_candidate(index, labelled, monkeypatch):
    pruned = {t: [answers(index, q, t) for q in labelled] for t in (85, 70, 50)}
    monkeypatch.setattr(index_module, "QueryBound", Unbounded)
    for threshold, found in pruned.items():
        assert found == [answers(index, q, threshold) for q in labelled], threshold
    assert sum(map(bool, pruned[85])) > len(labelled) // 3  # real hits compared, not only empty answers


def test_the_bound_holds_for_every_candidate_of_every_labelled_query(index, labelled):
    reaching = sum(assert_bounds(index, q, index.candidates(normalize_name(q), 0.0)) for q in labelled
                   if normalize_name(q).tokens)
    assert reaching > len(labelled) // 2


def test_a_pruned_search_finds_what_brute_force_finds(index, labelled):
    for query in random.Random(13).sample(labelled, 12):
        brute = {index.entry_party[e] for e in range(len(index))
                 if align(normalize_name(query), index.entry(e), index.weight).score >= 85} \
            if normalize_name(query).tokens else set()
        found = {index.parties.index(h.party) for h in index.search(query, threshold=85)}
        assert found == brute, query


def test_the_pruning_rules_out_most_candidates_that_miss(index, labelled):
    """The point of the bound: most candidates under the threshold are never aligned."""
    missing = ruled_out = 0
    for text in labelled:
        query = normalize_name(text)
        if not query.tokens:
            continue
        bounds = QueryBound(query, TokenTable(index.weight))
        for entry in index.candidates(query, 85):
            if align(query, index.entry(entry), index.weight).score < 85:
                missing += 1
                ruled_out += bounds.bound(entry, index.entry(entry)) + MARGIN < 85
    assert missing and ruled_out > missing / 2


LETTERS = "abcdefghijklmnopqrstuvwxyz"
OPS = ("transpose", "delete", "insert", "substitute")
EXTRA = ["Branch", "Trading", "Co., Ltd.", "LLC", "Group", "Shenzhen", "International", "A.", "II", "Dr.", "Tech.",
         "No. 5", "Corporatoin", "Holding"]


@st.composite
def variants(draw, names: list[str]) -> str:
    """A listed name changed the ways screened names differ: slips, words dropped, added, swapped, initials."""
    words = draw(st.sampled_from(names)).split()
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(words) - 1))
        kind = draw(st.sampled_from(["slip", "drop", "add", "swap", "initial", "case"]))
        if kind == "slip" and len(words[i]) > 2:
            words[i] = edit(words[i], draw(st.sampled_from(OPS)), draw(st.integers(0, 30)), draw(st.sampled_from(LETTERS)))
        elif kind == "drop" and len(words) > 1:
            del words[i]
        elif kind == "add":
            words.insert(i, draw(st.sampled_from(EXTRA)))
        elif kind == "swap" and len(words) > 1:
            words[i], words[-1] = words[-1], words[i]
        elif kind == "initial" and words[i][:1].isalpha():
            words[i] = words[i][0] + "."
        else:
            words[i] = words[i].upper()
    return " ".join(words)


@pytest.fixture(scope="module")
def names(index) -> list[str]:
    return index.entry_name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_bound_holds_for_variants_of_listed_names(index, names, data):
    text = data.draw(variants(names))
    query = normalize_name(text)
    entries = set(index.candidates(query, 0.0)) if query.tokens else set()
    entries |= {data.draw(st.integers(0, len(index) - 1)) for _ in range(5)}  # and names it shares nothing with
    assert_bounds(index, text, sorted(entries))
    for threshold in (85, 60):
        pruned = answers(index, text, threshold)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(index_module, "QueryBound", Unbounded)
            assert answers(index, text, threshold) == pruned, (text, threshold)


def test_tokens_that_align_may_pair():
    """may_pair is a superset of what the scorer pairs: any similarity above 0 is a possible pair."""
    pairs = [("huawei", "huawai"), ("technologies", "technology"), ("al", "ali"), ("a.", "andrey"),
             ("tech.", "technology"), ("tecc.", "technology"), ("华为", "华为"), ("sagami", "skaagmi")]
    for a, b in pairs:
        x, y = normalize_name(a).tokens[0], normalize_name(b).tokens[0]
        assert may_pair(x, y) or not token_similarity(x, y), (a, b)
    assert may_pair(Token("huawei", "Huawei"), Token("huawai", "Huawai"))
    assert not may_pair(Token("huawei", "Huawei"), Token("hikvision", "Hikvision"))
    assert not may_pair(Token("5", "5", "number"), Token("6", "6", "number"))


def test_an_initial_may_pair_only_with_a_name_it_starts():
    """score._align_initials pairs an initial with a name or patronymic written with its letter first: a query
    with initials ("M.V. Frunze", "S.A. de C.V.") is not bounded as if its initials could pair with any word."""
    initial = Token("a", "a", "initial")
    assert may_pair(initial, Token("andrey", "andrey")) and may_pair(Token("andrey", "andrey"), initial)
    assert may_pair(initial, Token("alexandrovich", "alexandrovich", "patronymic"))
    assert may_pair(initial, Token("a", "a", "initial"))
    assert not may_pair(initial, Token("boris", "boris")) and not may_pair(Token("boris", "boris"), initial)
    assert not may_pair(initial, Token("v", "v", "initial"))
    assert not may_pair(initial, Token("andes", "andes", "place"))


def test_a_name_that_shares_no_word_is_bounded_at_zero():
    weight = lambda key: 1.0  # noqa: E731
    assert score_bound(normalize_name("Hikvision Digital"), normalize_name("Huawei Technologies"), weight) == 0.0
    assert score_bound(normalize_name("Huawei"), normalize_name("Huawei Technologies Co., Ltd."), weight) > 85


def test_of_a_partys_names_scoring_alike_the_first_listed_is_reported(index, labelled):
    """Which name is reported does not hang on the order candidates come in (it varied with the hash seed)."""
    compared = 0
    for text in labelled[:200]:
        query = normalize_name(text)
        for hit in index.search(text, threshold=85) if query.tokens else []:
            position = index.parties.index(hit.party)
            own = [e for e in range(len(index)) if index.entry_party[e] == position]
            alike = [e for e in own if align(query, index.entry(e), index.weight).score == hit.name_score]
            assert hit.name == index.entry_name[min(alike)], text
            compared += len(alike) > 1
    assert compared


@st.composite
def word_pairs(draw) -> tuple[str, str]:
    """A written word and the same word after up to two slips (or any other word): the pairs may_pair must see."""
    word = draw(st.text(alphabet=LETTERS + "AEO", min_size=1, max_size=11))
    other = word
    for _ in range(draw(st.integers(0, 2))):
        other = edit(other, draw(st.sampled_from(OPS)), draw(st.integers(0, 30)), draw(st.sampled_from(LETTERS))) \
            if len(other) > 1 else other + draw(st.sampled_from(LETTERS))
    if draw(st.booleans()):
        other = draw(st.text(alphabet=LETTERS, min_size=1, max_size=11))
    return word, other


@settings(max_examples=1000, deadline=None)
@given(pair=word_pairs(), kinds=st.sampled_from([("word", "word"), ("word", "patronymic"), ("trade", "word")]))
def test_tokens_told_apart_by_their_letters_never_pair(pair, kinds):
    """The bound skips may_pair for tokens whose letters differ in more places than two slips change (_letters):
    that shortcut must never rule out a pair may_pair allows."""
    a, b = pair
    x, y = Token(a.lower(), a, kinds[0]), Token(b.lower(), b, kinds[1])
    if bound_module.far_apart(bound_module._letters(x), bound_module._letters(y)):
        assert not may_pair(x, y), (a, b)


@settings(max_examples=1000, deadline=None)
@given(pair=word_pairs())
def test_words_told_apart_by_their_letters_are_no_vouched_slip(pair):
    """index._vouched_slips reads no pair of words whose letters differ in more places than two slips change: that
    shortcut must never rule out a pair score.loose_spelling reads as two slips."""
    a, b = (word.lower() for word in pair)
    if bound_module.far_apart((bound_module.letter_bits(a),), (bound_module.letter_bits(b),)):
        assert not loose_spelling(a, b), (a, b)


FORM_WORDS = ["co", "ltd", "llc", "gmbh", "corporation", "limited", "company", "ooo", "tlda", "ltda", "sti", "pjsc"]


@settings(max_examples=600, deadline=None)
@given(forms=st.lists(st.sampled_from(FORM_WORDS), min_size=1, max_size=3), data=st.data())
def test_a_token_told_apart_from_the_legal_forms_misspells_none(forms, data):
    """TokenTable.slips answers as slipped_form and the two-slips rule do, its letter shortcut included."""
    word = data.draw(st.sampled_from(forms))
    for _ in range(data.draw(st.integers(0, 2))):
        word = edit(word, data.draw(st.sampled_from(OPS)), data.draw(st.integers(0, 30)), data.draw(st.sampled_from(LETTERS)))
    if data.draw(st.booleans()):
        word = word.capitalize()
    token = Token(word.lower(), word, "word")
    table = TokenTable(lambda key: 1.0)
    number = table.number(token)
    expected = slipped_form(token, tuple(forms)) is not None or (
        token.key.isalpha() and any(loose_spelling(x, form) for form in forms for x in spellings(token)))
    assert table.slips(number, tuple(forms)) == expected, (word, forms)
