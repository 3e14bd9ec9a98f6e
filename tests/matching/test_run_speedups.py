"""The paths that make a screening run fast give the answers of the plain path.

An index loaded from the warm cache (listed names stored pre-normalised, decoded once each) answers
every labelled query as the freshly built index does, explanations included; a party
file that repeats names gets, for each repeat, the findings and fingerprints a fresh
search would give. Uses the bundled Entity List and MEU snapshots (no ../shared needed).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from compliance.matching.cache import load_or_build
from compliance.matching.stored import StoredNames
from compliance.model.records import Party
from compliance.parties import screening
from compliance.parties.screening import screen_party_records
from compliance.rulepacks.loader import load_rules

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "matching-eval.csv"
AS_OF = dt.date(2026, 11, 28)
HASHES = [("entity-list", "e" * 64), ("meu", "m" * 64)]


@pytest.fixture(scope="module")
def queries() -> list[str]:
    with EVAL.open(encoding="utf-8") as handle:
        return [row["query"] for row in csv.DictReader(handle)]


def answers(index, name: str, country: str | None = None) -> list[tuple]:
    return [(h.party.id, h.name, h.score, h.name_score, h.explanation)
            for h in index.search(name, country=country, threshold=60)]


def test_an_index_from_the_cache_answers_every_labelled_query_as_the_built_one(tmp_path, listed, queries):
    built = load_or_build(listed, HASHES, tmp_path)
    loaded = load_or_build(listed, HASHES, tmp_path)
    assert loaded is not built and isinstance(loaded.normalized, StoredNames)
    assert not loaded.normalized.done  # nothing decoded before a query scores it
    hit = 0
    for query in queries:
        expected = answers(built, query)
        assert answers(loaded, query) == expected, query
        hit += bool(expected)
    assert hit > len(queries) // 3  # the comparison covers real hits, not only empty answers
    touched = sorted(loaded.normalized.done)
    assert touched and len(touched) < len(loaded)  # only the names some query scored were decoded
    assert all(loaded.entry(e) is loaded.entry(e) for e in touched[:50])  # once each, then kept


def test_a_loaded_index_saved_again_answers_alike_without_normalising_a_listed_name(tmp_path, listed, monkeypatch):
    from compliance.matching import index as index_module
    from compliance.matching.index import NameIndex
    from compliance.support import warmcache

    built = load_or_build(listed, HASHES, tmp_path)
    loaded = load_or_build(listed, HASHES, tmp_path)
    warmcache.save("copy", "k", loaded, tmp_path)  # e.g. shipped to another process
    again = warmcache.load("copy", "k", NameIndex, tmp_path).attach(listed)
    names = ["Huawei Technologies Co Ltd", "华为技术有限公司", "Beijing Lixing Technology Co., Ltd."]
    expected = [answers(built, name, "CN") for name in names]
    queries = {name: index_module.normalize_name(name) for name in names}
    monkeypatch.setattr(index_module, "normalize_name", lambda text: queries[text])  # queries only, never a listed name
    assert [answers(again, name, "CN") for name in names] == expected
    assert any(expected)


class CountingIndex:
    """A NameIndex that counts its searches."""

    def __init__(self, index) -> None:
        self.index, self.searched = index, []

    def search(self, name, **options):
        self.searched.append(name)
        return self.index.search(name, **options)


def test_repeated_names_get_the_findings_and_fingerprints_of_a_fresh_search(tmp_path, listed, queries, monkeypatch):
    index, rules = load_or_build(listed, HASHES, tmp_path), load_rules()
    names = queries[:40]
    countries = ["CN", None, "RU"]
    parties = [Party(file="p.csv", row=2 + i, name=names[i % len(names)], country=countries[i // len(names)],
                     id=f"P{i}", role="customer" if i % 2 else None)
               for i in range(3 * len(names))]
    parties += [Party(file="p.csv", row=500 + i, name=p.name, country=p.country, id=f"Q{i}") for i, p in enumerate(parties[:20])]
    counted = CountingIndex(index)
    once = screen_party_records(parties, counted, rules, AS_OF)
    distinct = {(p.name, p.country) for p in parties}
    assert len(counted.searched) == len(distinct) < len(parties)

    def plain(self, name, *, country=None, lists=None, threshold=0.0):  # no memory between parties
        return tuple(self.index.search(name, country=country, lists=lists, threshold=threshold))

    monkeypatch.setattr(screening.SearchOnce, "search", plain)
    fresh_index = CountingIndex(index)
    fresh = screen_party_records(parties, fresh_index, rules, AS_OF)
    assert len(fresh_index.searched) == len(parties)
    assert once == fresh
    assert [f.fingerprint for f in once] == [f.fingerprint for f in fresh]
    assert len({f.subject.row for f in once}) > 20  # repeats and first sightings alike have findings
