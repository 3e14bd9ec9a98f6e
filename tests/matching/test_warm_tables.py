"""The matcher's keyed word tables (titles, given names, set-aside words, legal forms, generic
words) come from the warm cache on a warm run: the same tables, without keying a word again;
a damaged entry is rebuilt, and the tables of a cold run are the ones the code derives."""

from __future__ import annotations

import pytest

from compliance.matching import legal_forms, normalize, words
from compliance.support import warmcache

TABLES = [
    (normalize._role_keys, normalize._make_role_keys),
    (legal_forms.legal_form_table, legal_forms._legal_form_table),
    (legal_forms.single_forms_as_written, legal_forms._single_forms_as_written),
    (lambda: words.generic_keys(True), lambda: words._generic_keys(True)),
    (lambda: words.generic_keys(False), lambda: words._generic_keys(False)),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(warmcache, "_rejected", [])

    def clear():
        for cached in (normalize._role_keys, legal_forms.legal_form_table, legal_forms.single_forms_as_written,
                       words.generic_keys):
            cached.cache_clear()

    clear()
    yield tmp_path, clear
    clear()


def test_a_warm_run_reads_the_keyed_tables_without_keying_a_word(cache, monkeypatch):
    folder, clear = cache
    cold = [table() for table, _ in TABLES]
    assert cold == [derive() for _, derive in TABLES]  # what the code derives
    assert {p.name.split("-")[0] for p in folder.glob("*.pickle")} >= {"role", "legal", "single", "generic"}
    clear()

    def no_keying(token: str) -> str:
        raise AssertionError(f"keyed {token!r} on a warm run")

    for module in (normalize, legal_forms, words):
        monkeypatch.setattr(module, "canonical_token", no_keying)
    monkeypatch.setattr(legal_forms, "_cleanco_terms", lambda: pytest.fail("cleanco's terms read on a warm run"))
    assert [table() for table, _ in TABLES] == cold


def test_a_damaged_table_entry_is_rebuilt(cache):
    folder, clear = cache
    cold = legal_forms.legal_form_table()
    [entry] = folder.glob("legal-forms-*.pickle")
    entry.write_bytes(entry.read_bytes()[:-5] + b"xxxxx")
    clear()
    assert legal_forms.legal_form_table() == cold
    assert warmcache.report_rejected() is not None


def test_a_warm_run_reads_the_place_table_without_opening_the_iso_3166_files(cache, monkeypatch):
    from compliance.matching import tails

    tails.places.cache_clear()
    cold = tails.places()
    assert cold == tails._build_places() and "culiacan" in cold[0] and "az" in cold[1]
    tails.places.cache_clear()

    def no_reading(name: str) -> list:
        raise AssertionError(f"read ISO 3166-{name} on a warm run")

    monkeypatch.setattr(tails, "_database", no_reading)
    try:
        assert tails.places() == cold
    finally:
        tails.places.cache_clear()
