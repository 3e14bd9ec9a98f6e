"""The name index's candidate bound never hides a hit: a name that scores at least the threshold is a candidate.

A query word may align with a listed name's lone initial ("Dean" / the "D." of "LAVILLA, Mile D."), a query's initial
with a listed word it starts ("Monte Deanna A." / "MONTE, Andrey"), or a query word with a word
two slips away while another listed word is one slip away ("Montez" / "MENDEZ", with "MONTE" listed too): no
posting of the query word shows either, and the bound must still count them (index.NameIndex._candidates).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.lists.model import ListedParty
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align

from tests.matching.slips import edit

GIVEN = ["Mile", "Carlota", "Flavio", "Dean", "Andrey", "Maria", "Daniel", "Carlos", "Miles", "Fatima", "Omar",
         "Leonid", "Sergei", "Elena", "Dmitri"]
SURNAMES = ["Lavilla", "Cabello", "Mendez", "Montez", "Santiago", "Kostin", "Moreno", "Castro", "Dalton",
            "Ferreira", "Orlov", "Monte", "Leonov", "Salehi"]
#: Words a query may bring that the listed names lack, some starting with the letter of a listed initial.
OTHERS = ["Deanna", "Cobb", "Fabio", "Milos", "Stone", "Lopez", "Kovac", "Aziz"]


def _listed_names(seed: int = 13, count: int = 60) -> list[str]:
    """Persons' names in the shapes the lists write them, many with a lone initial."""
    rng = random.Random(seed)
    names = ["LAVILLA, Mile D.", "CARLOTA C", "MENDEZ SANTIAGO, Flavio", "MONTE, Andrey"]
    while len(names) < count:
        surname, given = rng.choice(SURNAMES).upper(), rng.choice(GIVEN)
        initial = rng.choice("ACDFLMS")
        shape = rng.randrange(4)
        names.append([f"{surname}, {given} {initial}.", f"{given.upper()} {initial}",
                      f"{surname}, {initial}. {given}", f"{surname} {rng.choice(SURNAMES).upper()}, {given}"][shape])
    return list(dict.fromkeys(names))


@pytest.fixture(scope="module")
def small_index() -> NameIndex:
    parties = [ListedParty(id=f"sdn:{n}", list="sdn", names=[name], extras={"type": "individual"})
               for n, name in enumerate(_listed_names())]
    return NameIndex(parties)


def assert_never_hidden(index: NameIndex, text: str, threshold: float) -> int:
    """Every entry scoring at least `threshold` is a candidate at it and its party is found; how many there were."""
    query = normalize_name(text)
    if not query.tokens:
        return 0
    candidates = index.candidates(query, threshold)
    found = {hit.party.id for hit in index.search(text, threshold=threshold)}
    reaching = 0
    for entry in range(len(index)):
        score = align(query, index.entry(entry), index.weight).score
        if score >= threshold and score > 0:
            reaching += 1
            assert entry in candidates, (text, index.entry_name[entry], score, threshold)
            assert index.parties[index.entry_party[entry]].id in found, (text, index.entry_name[entry], score)
    return reaching


_word = st.sampled_from(GIVEN + SURNAMES + OTHERS)
_slip = st.tuples(st.sampled_from(["transpose", "delete", "insert", "substitute"]), st.integers(0, 9),
                  st.sampled_from("aeiourstn"))


@st.composite
def person_queries(draw) -> str:
    """Two or three names, perhaps one slipped twice or once, perhaps an initial, perhaps surname first."""
    words = draw(st.lists(_word, min_size=2, max_size=3, unique=True))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(words) - 1))
        op, i, letter = draw(_slip)
        if len(words[at]) >= 4:
            words[at] = edit(words[at], op, i, letter)
    if draw(st.booleans()):
        words.append(draw(st.sampled_from("ACDFLMS")) + ".")
    if draw(st.booleans()):
        return f"{words[-1].upper()}, {' '.join(words[:-1])}"
    return " ".join(words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=person_queries(), threshold=st.sampled_from([50.0, 70.0, 85.0]))
def test_a_name_scoring_the_threshold_is_always_a_candidate(small_index, query, threshold):
    assert_never_hidden(small_index, query, threshold)


@pytest.mark.parametrize("query", ["Dean Miles", "Carlota Cabello", "Flavio Montez", "Dean Lavilla", "Monte Andrey",
                                   "Sergei Moreno", "Mile Lavilla", "iMle Monte Deanna A.", "Monte Deanna A.",
                                   "Montez Deanna Sergei A."])
def test_the_examples_found_unsafe_are_never_hidden_in_the_small_index(small_index, query):
    for threshold in (50.0, 70.0, 85.0):
        assert_never_hidden(small_index, query, threshold)
    assert assert_never_hidden(small_index, query, 0.1)  # something was compared


@pytest.fixture(scope="module")
def bundled_index() -> NameIndex:
    from compliance.lists.store import load_snapshots

    return NameIndex([party for snapshot in load_snapshots() for party in snapshot.parties])


@pytest.mark.parametrize(("query", "listed"), [("Dean Miles", "LAVILLA, Mile D."),
                                               ("Flavio Montez", "MENDEZ SANTIAGO, Flavio")])
def test_a_search_finds_at_each_threshold_what_scores_above_it(bundled_index, query, listed):
    """Found unsafe on the bundled lists: each scored above 75 at threshold 75 and was missing at a threshold
    under its own score, its bound being lower than its score. ("Carlota Cabello" / the vessel "CARLOTA C" was a third;
    a vessel's name has no initials now, and it scores 41.7: test_name_shapes.)"""
    entry = bundled_index.entry_name.index(listed)
    score = align(normalize_name(query), bundled_index.entry(entry), bundled_index.weight).score
    for threshold in (50.0, 75.0, score):
        assert entry in bundled_index.candidates(normalize_name(query), threshold), (threshold, score)
        assert listed in {hit.name for hit in bundled_index.search(query, threshold=threshold)}, (threshold, score)


def test_a_persons_initials_reach_the_names_they_start_however_common_the_surname():
    """A surname on very many names and an initial on many ("Ahmed, I. F. R."): the initial was taken as a word every
    candidate must hold, so "AHMED, Isma'il Fu'ad Rasul" (which writes it in full) was never a candidate, though it
    scores 87. Found by benchmarks/matching_unseen.py counting what the candidate step loses."""
    target = "AHMED, Isma'il Fu'ad Rasul"
    names = [f"AHMED, {given} {surname}" for given in GIVEN for surname in SURNAMES][:200] * 2  # the surname on 400
    names += [target] + [f"{surname} I. {given}" for given in GIVEN for surname in SURNAMES][:150]  # "I." on 150
    index = NameIndex([ListedParty(id=f"t:{n}", list="t", names=[name]) for n, name in enumerate(names)])
    query = normalize_name("Ahmed, I. F. R.")
    scoring = {e for e in range(len(index)) if align(query, index.entry(e), index.weight).score >= 85}
    assert [index.entry_name[e] for e in scoring] == [target]
    assert scoring <= set(index.candidates(query, 85))
    assert [h.name for h in index.search("Ahmed, I. F. R.", threshold=85)] == [target]
