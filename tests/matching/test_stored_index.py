"""The name index as the warm cache stores it (text and arrays, names pre-normalised) reads
exactly as the built index: same postings, weights, joins, spelling buckets and normalised
names, field by field, and the same answers. A damaged entry is rebuilt, never loaded.
Uses the bundled Entity List and MEU snapshots (no ../shared needed).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from compliance.matching import stored
from compliance.matching.cache import cache_key, load_or_build
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.support import warmcache

HASHES = [("entity-list", "e" * 64), ("meu", "m" * 64)]


@pytest.fixture(scope="module")
def pair(listed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache")
    built = load_or_build(listed, HASHES, folder)
    return built, load_or_build(listed, HASHES, folder)


def fields(name) -> tuple:
    """Everything scoring reads of a normalised name, tokens and parts included."""
    return (name.text, [(t.key, t.surface, t.kind, t.alts, t.optional, t.pinyin) for t in name.tokens], name.legal_forms,
            name.notes, name.key_set, name.person, name.address, name.tails, name.pair_keys, [fields(p) for p in name.parts])


def test_every_listed_name_is_stored_as_the_built_index_normalised_it(pair):
    built, loaded = pair
    assert loaded is not built and len(loaded) == len(built)
    assert list(loaded.entry_name) == built.entry_name
    assert list(loaded.entry_party) == built.entry_party and list(loaded.entry_size) == built.entry_size
    assert list(loaded.entry_cost) == built.entry_cost
    for entry in range(len(built)):
        assert fields(loaded.entry(entry)) == fields(built.entry(entry)), built.entry_name[entry]
    assert any(built.entry(e).person for e in range(len(built)))  # people (as_person) are among them
    assert len({t.kind for e in range(len(built)) for t in built.entry(e).tokens}) >= 4  # numbers, set-aside words ...


def test_postings_weights_joins_and_buckets_read_as_the_built_ones(pair):
    built, loaded = pair
    assert dict(loaded.idf) == built.idf and loaded.default_weight == built.default_weight
    assert len(loaded.postings) == len(built.postings)
    for key, posting in built.postings.items():
        assert tuple(loaded.postings[key]) == posting and key in loaded.postings
        assert loaded.idf.get(key, -1.0) == built.idf[key]
    assert set(loaded.pair_only) == set(built.pair_only) and all(k in loaded.pair_only for k in built.pair_only)
    assert dict(loaded.buckets) == built.buckets
    assert dict(loaded.written_keys) == built.written_keys and len(loaded.written_keys) == len(built.written_keys)
    assert dict(loaded.form_words) == built.form_words and len(loaded.form_words) == len(built.form_words)
    assert all(form in loaded.form_words and loaded.form_words[form] == names for form, names in built.form_words.items())
    for spelling, keys in list(built.written_keys.items())[:2000]:
        assert spelling in loaded.written_keys and loaded.written_keys.get(spelling, ()) == keys


def test_the_middle_lookup_reads_the_same_words_from_the_vocabulary(pair):
    built, loaded = pair
    assert list(loaded.middle_starts) == list(built.middle_starts)
    for slot in range(0, len(built.middle_starts) - 1, 7):
        start, end = built.middle_starts[slot], built.middle_starts[slot + 1]
        assert [loaded.middle_words[n] for n in loaded.middle_ids[start:end]] == \
            [built.middle_words[n] for n in built.middle_ids[start:end]]
    for absent in ["", "zzzzqqq", "huawei technologies"]:
        assert loaded.postings.get(absent) is None and absent not in loaded.postings and absent not in loaded.pair_only
        assert loaded.idf.get(absent, 7.5) == 7.5 and loaded.buckets.get(absent) is None
        assert loaded.written_keys.get(absent, ()) == () and absent not in loaded.written_keys
        assert absent not in loaded.form_words and loaded.form_words.get(absent) is None
    listed_words = [w for w in list(built.postings)[::40] if w not in built.form_words]  # in the vocabulary, not forms
    assert listed_words and not any(w in loaded.form_words or loaded.form_words.get(w) is not None for w in listed_words)


def test_a_large_run_looks_keys_up_through_dictionaries_with_the_same_answers(listed, tmp_path, monkeypatch):
    load_or_build(listed, HASHES, tmp_path)
    loaded = load_or_build(listed, HASHES, tmp_path)
    monkeypatch.setattr(stored, "PROMOTE_AFTER", 5)
    keys = list(loaded.postings)[:50] + ["not-a-key"]
    expected = [loaded.idf.get(k, math.pi) for k in keys]
    postings = [loaded.postings.get(k) for k in keys]
    assert [loaded.idf.get(k, math.pi) for k in keys] == expected  # promoted on the way
    assert [loaded.postings.get(k) for k in keys] == postings
    assert loaded.postings.vocabulary._complete and "get" in vars(loaded.idf)
    assert [loaded.idf.get(k, math.pi) for k in keys] == expected


def test_a_run_that_reaches_more_names_than_are_kept_decodes_them_again_with_the_same_answers(pair, monkeypatch):
    built, loaded = pair
    queries = ["Huawei Technologies Co Ltd", "Moscow Institute of Physics and Technology", "Rosoboronexport",
               "Beijing University of Aeronautics and Astronautics", "Sergei Ivanov"]
    expected = [[(h.party.id, h.name, h.score, h.explanation) for h in built.search(q, threshold=70)] for q in queries]
    monkeypatch.setattr(stored, "KEPT_NAMES", 3)
    loaded.normalized.done.clear()
    for _ in range(2):
        got = [[(h.party.id, h.name, h.score, h.explanation) for h in loaded.search(q, threshold=70)] for q in queries]
        assert got == expected and len(loaded.normalized.done) <= 3
    assert any(expected)
    assert fields(loaded.normalized[-1]) == fields(built.entry(len(built) - 1))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Huawei", "Tech", "Co", "Ltd", "华为", "技术", "有限公司", "OOO", "Ivanov", "Sergei",
                                 "No. 2", "Plant", "Kim", "Jong", "Un", "S.A.", "Aviat.", "Санкт", "Петербург", ",", "(BUAA)",
                                 "123 Main Road", "Hua", "Wei", "Group", "II", "-", "Moscow", "Malta Airport", "Suite 202"]), min_size=1, max_size=7),
       st.booleans())
def test_a_stored_name_decodes_to_the_same_normalised_name(words, as_text):
    from compliance.matching.normalize import as_person

    name = normalize_name(" ".join(words))
    for form in (name, as_person(name)):
        _ = form.pair_keys  # stored when computed, as the built index has them
        vocabulary = sorted({k for t in form.tokens for k in t.keys()})
        ids = {w: i for i, w in enumerate(vocabulary)} if as_text else {}
        record = stored.encode_name(form, ids, form.text)
        assert fields(stored.decode_name(record, vocabulary, form.text)) == fields(form)


def test_a_damaged_index_entry_is_rebuilt_not_loaded(listed, tmp_path, capfd):
    built = load_or_build(listed[:200], HASHES, tmp_path)
    [entry] = tmp_path.glob("name-index-*.pickle")
    good = entry.read_bytes()
    data = bytearray(good)
    data[len(warmcache.BLOB_FORMAT) + warmcache.TAG_BYTES + 8 + 100] ^= 0xFF  # one byte of the pickle
    entry.write_bytes(bytes(data))
    warmcache._rejected.clear()
    assert warmcache.load("name-index", cache_key(HASHES), NameIndex, tmp_path) is None
    again = load_or_build(listed[:200], HASHES, tmp_path)
    assert warmcache.report_rejected() is not None and "integrity" in capfd.readouterr().err
    assert list(again.entry_name) == built.entry_name
    assert isinstance(warmcache.load("name-index", cache_key(HASHES), NameIndex, tmp_path), NameIndex)


def test_an_array_damaged_on_disk_fails_where_it_is_first_read_and_the_entry_goes(listed, tmp_path, capfd):
    """The arrays are blobs read when first used: a changed byte in one ends the run ("run again") and
    removes the entry, so the next run rebuilds it; nothing changed is ever read as an answer."""
    built = load_or_build(listed[:200], HASHES, tmp_path)
    [entry] = tmp_path.glob("name-index-*.pickle")
    loaded = warmcache.load("name-index", cache_key(HASHES), NameIndex, tmp_path)
    assert "entry_cost" not in vars(loaded) and "weights" not in vars(loaded.idf)  # nothing read yet
    data = bytearray(entry.read_bytes())
    data[-1] ^= 0xFF  # the last byte of the last array (middle_starts)
    with open(entry, "r+b") as handle:  # in place, after the pickle was checked
        handle.write(bytes(data))
    assert list(loaded.entry_cost) == built.entry_cost  # another array: read and checked as it was stored
    with pytest.raises(warmcache.WarmCacheError, match="run again"):
        loaded.middle_starts
    assert not entry.exists()
    warmcache.report_rejected()
    assert "integrity" in capfd.readouterr().err
    assert list(load_or_build(listed[:200], HASHES, tmp_path).middle_starts) == list(built.middle_starts)


@settings(max_examples=60, deadline=None)
@given(st.sets(st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=6), max_size=150),
       st.lists(st.text(max_size=6), max_size=20))
def test_stored_words_read_by_number_and_by_word_as_the_sorted_list(words, others):
    ordered = sorted(words)
    packed = stored._stored_words(ordered)
    vocabulary = stored._words({**packed, "text": packed["text"].data})
    assert len(vocabulary) == len(ordered) and list(vocabulary) == ordered
    assert [vocabulary[n] for n in range(len(ordered))] == ordered and (not ordered or vocabulary[-1] == ordered[-1])
    for word in ordered + others:
        assert vocabulary.number(word) == (ordered.index(word) if word in words else -1)


def test_an_index_of_another_layout_is_rebuilt(listed, tmp_path, monkeypatch):
    load_or_build(listed[:50], HASHES, tmp_path)
    monkeypatch.setattr(stored, "LAYOUT", stored.LAYOUT + 1)
    assert warmcache.load("name-index", cache_key(HASHES), NameIndex, tmp_path) is None
    assert len(load_or_build(listed[:50], HASHES, tmp_path)) > 0


def test_a_loaded_index_shipped_elsewhere_answers_as_the_built_one(pair):
    """Pickled (as the Dask engine ships it to a worker), a loaded index carries its blobs as checked
    bytes and reads them there as it would from the cache, some of its arrays read, others not yet."""
    import pickle

    built, loaded = pair
    queries = ["Huawei Technologies Co Ltd", "Rosoboronexport", "Sergei Ivanov", "Manritec Aviation Ltd"]
    expected = [[(h.party.id, h.name, h.score) for h in built.search(q, threshold=70)] for q in queries]
    shipped = pickle.loads(pickle.dumps(loaded)).attach(built.parties)
    assert [[(h.party.id, h.name, h.score) for h in shipped.search(q, threshold=70)] for q in queries] == expected
    assert list(shipped.entry_name) == built.entry_name and dict(shipped.idf) == built.idf
    assert list(shipped.middle_starts) == list(built.middle_starts) and any(expected)


def test_stored_words_read_by_number_often_become_a_list_with_the_same_answers(monkeypatch):
    words = sorted({f"w{n:05d}" for n in range(0, 3000, 3)} | {"ä", "zz"})
    monkeypatch.setattr(stored, "PROMOTE_AFTER", 50)
    packed = stored._stored_words(words)
    vocabulary = stored._words({**packed, "text": packed["text"].data})
    assert [vocabulary[n] for n in range(0, len(words), 7)] == words[::7] and vocabulary.every is not None
    assert list(vocabulary) == words and vocabulary[-1] == words[-1] == "ä"
    assert [vocabulary.number(w) for w in words + ["w00001", "", "zzz"]] == list(range(len(words))) + [-1, -1, -1]
