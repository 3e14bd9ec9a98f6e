"""The index finds what scoring finds when a query's words are common on the lists and the listed name holds a
slip of one of them, or its initial: "Mehmet Khan" / "KHANI, Mohammad" (89.2) and "AHD Internaeional" / "Ahad International"
(87.6) were hidden, the first because a listed word beside only common words was taken as written unless it had
three letters, the second because a misspelt common word fetched no names for the subset rule."""

from __future__ import annotations

from itertools import product

import pytest

from compliance.lists.model import ListedParty
from compliance.matching import DEFAULT_THRESHOLD
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align


def _words(count: int) -> list[str]:
    """Distinct made-up words far from each other and from the words under test ("Bodaruk", "Bodesuk", ...)."""
    letters = product("bdfgprstvz", "aeiou", "dklmrt", "aeiou", "kmnprt")
    return [("".join(w) + "ov").capitalize() for w, _ in zip(letters, range(count))]


def _index(targets: list[str], fillers: list[str]) -> NameIndex:
    parties = [ListedParty(id=f"t:{n}", list="sdn", names=[name], extras={"type": "entity"})
               for n, name in enumerate([*targets, *fillers])]
    return NameIndex(parties)


def _brute(index: NameIndex, text: str, threshold: float) -> set[str]:
    query = normalize_name(text)
    return {index.parties[index.entry_party[e]].id for e in range(len(index))
            if align(query, index.entry(e), index.weight).score >= threshold}


def _assert_found_as_scored(index: NameIndex, text: str, threshold: float) -> None:
    """The search finds exactly the parties brute-force scoring finds, the hidden one ("t:0") among them."""
    brute = _brute(index, text, threshold)
    assert "t:0" in brute
    assert {hit.party.id for hit in index.search(text, threshold=threshold, explain_hits=False)} == brute


@pytest.mark.parametrize("threshold", [DEFAULT_THRESHOLD, 80.0])
def test_a_slip_of_a_word_beside_only_common_words_is_found(threshold):
    words = _words(400)
    # "mohammad" on more names than are looked up by spelling (common), "khan" on a few dozen (taken as written)
    fillers = [f"{w}, Mohammad" for w in words[:200]] + [f"KHAN, {w}" for w in words[200:260]]
    index = _index(["KHANI, Mohammad"], fillers)
    assert len(index.postings["muhamad"]) > index.common >= len(index.postings["han"]) > 20
    _assert_found_as_scored(index, "Mehmet Khan", threshold)  # scoring pairs "khan" with "khani"


def test_a_misspelt_common_word_fetches_the_names_holding_the_word():
    words = _words(200)
    fillers = [f"{w} International" for w in words] + [f"AHD {w}" for w in words[:3]]
    index = _index(["Ahad International"], fillers)
    assert len(index.postings["international"]) > index.common
    _assert_found_as_scored(index, "AHD Internaeional", DEFAULT_THRESHOLD)


def test_a_word_beside_only_common_words_may_be_a_listed_initial():
    """"АО Завод Метеор" scores 90.4 against the Entity List's "MM Zavod" ("initial M matched Meteor"), which the
    index hid: no posting of "meteor" shows a name holding only its initial."""
    words = _words(300)
    fillers = [f"{w} Zavod" for w in words[:200]] + [f"Meteor {w}" for w in words[200:203]]
    index = _index(["MM Zavod"], fillers)
    assert len(index.postings["zavod"]) > index.common
    _assert_found_as_scored(index, "Meteor Zavod", DEFAULT_THRESHOLD)


def test_initials_on_a_long_name_holding_a_very_common_word_are_found():
    """A word on very many names fetches only names of three words or fewer for the subset rule; a query word that
    is a listed initial ("Mansoor Ahmhd Malik" / "ALAQAD, Ahmed M. M.", 70.6 on the lists, 65.8 here) is looked for among
    all of them."""
    words = _words(400)
    fillers = [f"{w}, Ahmed" for w in words[:330]] + [f"Mansoor {w}" for w in words[330:340]] \
        + [f"Malik {w}" for w in words[340:364]]
    index = _index(["ALAQAD, Ahmed M. M."], fillers)
    assert len(index.postings["ahmad"]) > 3 * index.common
    _assert_found_as_scored(index, "Mansoor Ahmhd Malik", 65.0)
