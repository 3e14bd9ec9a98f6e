"""A run's searches share what they looked up (index.py's per-token memos, bound.py's token table, the screening's
one search per distinct name) and still answer each name exactly as a search that starts from nothing: same hits,
scores, explanations and order, on the labelled sets, on random variants of listed names and with memos so small
that they start afresh mid-run. Uses the bundled Entity List and MEU snapshots (no ../shared needed).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.matching import bound as bound_module
from compliance.matching import index as index_module
from compliance.matching.cache import load_or_build
from compliance.matching.index import NameIndex

from tests.matching.slips import edit
from tests.matching.test_bound import LETTERS, OPS, variants

HASHES = [("entity-list", "e" * 64), ("meu", "m" * 64)]
THRESHOLDS = (85.0, 60.0)


@pytest.fixture(scope="module")
def built(listed) -> NameIndex:
    return NameIndex(listed)


@pytest.fixture(scope="module")
def loaded(listed, tmp_path_factory) -> NameIndex:
    """The index as a run reads it from the warm cache (names decoded as queries reach them)."""
    folder = tmp_path_factory.mktemp("cache")
    load_or_build(listed, HASHES, folder)
    return load_or_build(listed, HASHES, folder)


def answers(index: NameIndex, name: str, threshold: float, country: str | None = None) -> list[tuple]:
    return [(h.party.id, h.name, h.score, h.name_score, h.explanation)
            for h in index.search(name, threshold=threshold, country=country)]


def alone(index: NameIndex, name: str, threshold: float, country: str | None = None) -> list[tuple]:
    """The answer of a search that starts from nothing: no memo of an earlier query."""
    index.forget()
    return answers(index, name, threshold, country)


def in_one_run(index: NameIndex, names: list[str], threshold: float) -> list[list[tuple]]:
    index.forget()
    return [answers(index, name, threshold) for name in names]


@pytest.mark.parametrize("which", ["built", "loaded"])
def test_a_run_answers_every_labelled_query_as_a_search_alone(which, request, labelled):
    index = request.getfixturevalue(which)
    for threshold in THRESHOLDS:
        run = in_one_run(index, labelled, threshold)
        assert run == [alone(index, name, threshold) for name in labelled], threshold
        assert sum(map(bool, run)) > len(labelled) // 3  # real hits compared, not only empty answers


def test_the_order_of_a_run_changes_no_answer(built, labelled):
    shuffled = labelled[:]
    random.Random(19).shuffle(shuffled)
    forward = dict(zip(labelled, in_one_run(built, labelled, 85.0)))
    assert dict(zip(shuffled, in_one_run(built, shuffled, 85.0))) == forward


def test_memos_that_start_afresh_mid_run_change_no_answer(built, labelled, monkeypatch):
    expected = in_one_run(built, labelled, 85.0)
    monkeypatch.setattr(index_module, "MEMO_SIZE", 7)
    monkeypatch.setattr(bound_module, "KEPT_PAIRS", 11)
    monkeypatch.setattr(bound_module, "KEPT_SLIPS", 5)
    assert in_one_run(built, labelled, 85.0) == expected


def test_a_run_reuses_what_its_queries_looked_up(built):
    """The point of the memos: a word met again is not looked up again."""
    built.forget()
    calls = []
    find = built._find_similar
    built._find_similar = lambda *args: calls.append(args) or find(*args)  # type: ignore[method-assign]
    try:
        answers(built, "Huawai Technologies Co Ltd", 85.0)
        answers(built, "Hikvison Digital Technology Co Ltd Shenzhen Branch", 85.0)
        first = len(calls)
        answers(built, "HUAWAI TECHNOLOGIES CO., LTD.", 85.0)  # other names, the same words
        answers(built, "HIKVISON DIGITAL TECHNOLOGY CO., LTD. (SHENZHEN BRANCH)", 85.0)
    finally:
        del built._find_similar
    assert first and len(calls) == first
    assert built.__dict__["_probe_memo"] and built.__dict__["_facts_memo"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_run_of_variants_of_listed_names_answers_as_searches_alone(built, data):
    names = data.draw(st.lists(variants(list(built.entry_name)), min_size=2, max_size=6))
    country = data.draw(st.sampled_from([None, "CN", "RU"]))
    for threshold in THRESHOLDS:
        built.forget()
        run = [answers(built, name, threshold, country) for name in names + names[::-1]]
        assert run == [alone(built, name, threshold, country) for name in names + names[::-1]], (names, threshold)


def test_screening_a_file_finds_what_searching_each_party_alone_finds(loaded, monkeypatch):
    """End to end through the screening, on a file as suppliers send them: repeated names and words, mostly
    unlisted parties. The same findings, fingerprints, scores, explanations and order as a run whose every
    search starts from nothing."""
    from compliance.model.records import Party
    from compliance.parties import screening
    from compliance.rulepacks.loader import load_rules

    listed = [loaded.entry_name[e] for e in range(0, len(loaded), 97)]
    rng = random.Random(5)
    names = [rng.choice(listed) if rng.random() < 0.2 else f"{rng.choice(['Shenzhen', 'Acme', 'Nova'])} "
             f"{rng.choice(['Precision', 'Logistics', 'Technologies'])} {rng.choice(['Co Ltd', 'GmbH', 'LLC'])}"
             for _ in range(150)]
    parties = [Party(file="parties.csv", row=row, name=name, country=rng.choice([None, "CN"]))
               for row, name in enumerate(names, start=2)]
    rules, as_of = load_rules(), dt.date(2026, 12, 1)
    loaded.forget()
    together = screening.screen_party_records(parties, loaded, rules, as_of)
    search = NameIndex.search

    def alone(self, name, **options):  # the per-query path: nothing remembered from an earlier query
        self.forget()
        return search(self, name, **options)

    monkeypatch.setattr(NameIndex, "search", alone)
    separately = screening.screen_party_records(parties, loaded, rules, as_of)
    assert together == separately and len({f.subject.row for f in together}) > 10
    assert [f.fingerprint for f in together] == [f.fingerprint for f in separately]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_legal_forms_a_word_may_misspell_are_those_the_full_lookup_finds(built, loaded, data):
    """_form_readings asks only which legal-form words a spelling is close to: the form words of its buckets
    give what comparing it with every word of its buckets gives, in the built index and in the loaded one."""
    words = sorted(built.form_words) + [k for k in list(built.postings)[::50] if k.isalpha()]
    word = data.draw(st.sampled_from(words))
    for _ in range(data.draw(st.integers(0, 2))):
        if len(word) > 2:
            word = edit(word, data.draw(st.sampled_from(OPS)), data.draw(st.integers(0, 30)),
                        data.draw(st.sampled_from(LETTERS)))
    if len(word) >= 3 and word.isalpha():
        expected = sorted(set(built._find_similar(word)[1]))
        assert sorted(set(built._near_forms(word))) == expected, word
        assert sorted(set(loaded._near_forms(word))) == expected == sorted(set(loaded._find_similar(word)[1])), word


@pytest.mark.parametrize("which", ["built", "loaded"])
def test_a_misspelt_legal_form_is_read_as_the_form(which, request):
    index = request.getfixturevalue(which)
    assert "corporation" in index._near_forms("corproation") and "corporation" in index._near_forms("corporatoin")
    assert not index._near_forms("huawei")


@pytest.mark.parametrize("which", ["built", "loaded"])
def test_searching_leaves_no_reference_cycles_behind(which, request, labelled):
    """A screening runs with the cyclic collector paused (cli), so a search must leave no garbage that only the
    collector frees: rapidfuzz's extract_iter left nine objects in cycles per close-spelling lookup, ~45 MB over
    20,000 names."""
    import gc

    index = request.getfixturevalue(which)
    queries = labelled[:300] + [edit(query, "substitute", 2, "x") for query in labelled[:300]]
    for query in queries:  # the tables built once, on first use (some hold cycles), are built before
        index.search(query, threshold=60.0)
    index.forget()  # each search looks its words up again
    gc.collect()
    gc.disable()
    try:
        for query in queries:
            index.search(query, threshold=60.0)
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0, f"{left} objects in reference cycles after {len(queries)} searches"
