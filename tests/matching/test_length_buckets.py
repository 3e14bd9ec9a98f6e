"""Spelling buckets kept by length (index.NameIndex.__init__) let a close-spelling lookup compare only the spellings
its edit budget can reach (index._within). The lookup must find exactly what a scan of the whole bucket finds, in
the same order, and every search must answer as it did with whole-bucket scans: same hits, scores, explanations and
order, on the labelled sets and on a seeded sample of the unseen-names development half. Uses the bundled Entity
List and MEU snapshots (no ../shared needed).
"""

from __future__ import annotations

import csv
import gzip
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from compliance.matching import index as index_module
from compliance.matching.index import NameIndex, _probe_buckets, _within

from tests.matching.test_batch_search import built, loaded  # noqa: F401 (the same built and loaded index)

DEV = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "names-unseen-dev.csv.gz"
LETTERS = "abcdeghiklmnorstuvz"


def whole_bucket(key: str, bucket, cutoff: int) -> list[tuple[str, int]]:
    """The lookup as it was: every spelling of the bucket compared."""
    return [(similar, edits) for similar, edits, _ in process.extract_iter(key, bucket, scorer=OSA.distance,
                                                                            score_cutoff=cutoff)]


@pytest.mark.parametrize("which", ["built", "loaded"])
def test_every_bucket_is_kept_by_length(which, request):
    index = request.getfixturevalue(which)
    buckets = index.buckets
    names = list(buckets)
    assert len(names) > 1000
    for name in names:
        sizes = [len(spelling) for spelling in buckets.get(name)]
        assert sizes == sorted(sizes), name


def _nearby(words: list[str]):
    """A listed word, or one with up to two random slips (dropped, added, changed or swapped letters)."""
    def slip(word: str, rng: random.Random) -> str:
        for _ in range(rng.randint(0, 2)):
            at = rng.randrange(len(word) + 1)
            kind = rng.choice("dics")
            if kind == "d" and len(word) > 3 and at < len(word):
                word = word[:at] + word[at + 1:]
            elif kind == "i":
                word = word[:at] + rng.choice(LETTERS) + word[at:]
            elif kind == "c" and at < len(word):
                word = word[:at] + rng.choice(LETTERS) + word[at + 1:]
            elif kind == "s" and at + 1 < len(word):
                word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        return word
    return st.builds(slip, st.sampled_from(words), st.randoms(use_true_random=False))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_lookup_finds_what_the_whole_bucket_scan_finds(built, data):
    words = sorted(w for w in built.postings if w.isalpha() and len(w) >= 3)
    key = data.draw(_nearby(words) | st.text(LETTERS, min_size=3, max_size=12))
    for cutoff in (1, 2):
        for probe in _probe_buckets(key):
            bucket = built.buckets.get(probe)
            if bucket:
                assert _within(key, bucket, cutoff) == whole_bucket(key, bucket, cutoff), (key, probe)


def _dev_queries(count: int) -> list[str]:
    with gzip.open(DEV, "rt", encoding="utf-8", newline="") as handle:
        queries = [row["query"] for row in csv.DictReader(handle)]
    return random.Random(13).sample(queries, count)


def _answers(index: NameIndex, names: list[str], threshold: float) -> list[list[tuple]]:
    index.forget()
    return [[(h.party.id, h.name, h.score, h.name_score, h.explanation) for h in index.search(n, threshold=threshold)]
            for n in names]


@pytest.mark.parametrize("which", ["built", "loaded"])
def test_searches_answer_as_with_whole_bucket_scans(which, request, labelled, monkeypatch):
    index = request.getfixturevalue(which)
    names = labelled + (_dev_queries(1500) if DEV.exists() else [])
    for threshold in (85.0, 60.0):
        fast = _answers(index, names, threshold)
        with monkeypatch.context() as patched:
            patched.setattr(index_module, "_within", whole_bucket)
            assert _answers(index, names, threshold) == fast, threshold
        assert sum(map(bool, fast)) > len(labelled) // 3  # real hits compared, not only empty answers
    index.forget()
