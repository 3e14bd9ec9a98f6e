"""The warm cache: validated packs and snapshots are reused only while their bytes are unchanged.

What matters to a user: a warm run gives the same answer as a cold one, a pack or
snapshot edited after a warm run is validated again (its errors are not hidden by the
cache), a damaged or unwritable cache only costs time, and a warm run does not import
pydantic or PyYAML at all (that is where the start-up time went).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.support import warmcache
from compliance.model.errors import ListDataError, RulePackError
from compliance.lists import store
from compliance.rulepacks.loader import load_rules


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(folder))
    monkeypatch.setattr(warmcache, "_rejected", [])  # rejections of earlier tests are theirs
    return folder


PACK = """\
id: test-pack
title: Test pack
jurisdiction: CN
authority: MOFCOM
version: "1"
reviewed: 2026-01-01
sources: [{title: t, url: "https://example.org"}]
rules:
  - id: TEST-1
    title: a rule
    kind: controlled-item
    outcome: license-required
    severity: high
    citation: {document: d, url: "https://example.org"}
    validity: {effective: 2025-01-01}
"""


def test_warm_rules_equal_cold_rules_and_come_from_one_cache_entry(cache):
    cold = load_rules()
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    warm = load_rules()
    assert warm == cold and warm is not cold
    assert [r.id for r in warm.rules] == [r.id for r in cold.rules]


def test_a_pack_edited_after_a_warm_run_is_validated_again(cache, tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(PACK)
    assert load_rules([pack], include_bundled=False).get("TEST-1") is not None
    assert load_rules([pack], include_bundled=False).get("TEST-1") is not None  # warm
    pack.write_text(PACK.replace("severity: high", "severity: loud"))
    with pytest.raises(RulePackError) as err:
        load_rules([pack], include_bundled=False)
    assert err.value.line == 13 and "severity" in str(err.value)


def test_a_snapshot_damaged_after_a_warm_run_is_still_refused(cache, tmp_path):
    folder = tmp_path / "lists" / "meu"
    shutil.copytree(store.bundled_dir() / "meu", folder)
    first = store.read_snapshot(folder, bundled=False)
    assert store.read_snapshot(folder, bundled=False).parties == first.parties  # warm
    data = folder / store.PARTIES
    data.write_bytes(data.read_bytes().replace(b'"names":["', b'"names":["X', 1))
    with pytest.raises(ListDataError, match="does not match the manifest"):
        store.read_snapshot(folder, bundled=False)


def test_a_corrupt_entry_is_rebuilt_and_an_unwritable_cache_is_skipped(cache, tmp_path, monkeypatch):
    cold = load_rules()
    [entry] = cache.glob("rules-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert load_rules() == cold
    assert entry.read_bytes().startswith(warmcache.ENTRY_FORMAT) and len(entry.read_bytes()) > 100  # rewritten
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(blocked / "cache"))  # cannot be created
    assert load_rules() == cold


def test_entries_unused_for_a_month_are_pruned_when_another_is_written(cache):
    cache.mkdir()
    old, recent = cache / "rules-old.pickle", cache / "rules-recent.pickle"
    for path in (old, recent):
        path.write_bytes(b"x")
    month_ago = time.time() - (warmcache.PRUNE_AFTER_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    other = cache / "snapshot-old.pickle"
    other.write_bytes(b"x")
    os.utime(other, (month_ago, month_ago))
    warmcache.save("rules", "new", {"a": 1})
    assert not old.exists() and recent.exists() and other.exists()
    assert warmcache.load("rules", "new", dict) == {"a": 1}


def test_a_warm_screening_run_imports_neither_pydantic_nor_yaml(cache, tmp_path):
    parties = tmp_path / "parties.csv"
    parties.write_text("name,country\nHuawei Technologies Co Ltd,CN\nAcme Widgets GmbH,DE\n", encoding="utf-8")
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['compliance', 'screen', 'parties', {str(parties)!r}, '-f', 'json={tmp_path / 'r.json'}', '--fail-on', 'none']\n"
        "try:\n    runpy.run_module('compliance', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'pypinyin'}))\n"
    )
    env = {**os.environ, "COMPLIANCE_CACHE_DIR": str(cache)}
    cold = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert "pydantic" in cold.stdout  # the first run validates packs and snapshots
    warm = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.strip().splitlines()[-1] == "[]", warm.stderr
    assert (tmp_path / "r.json").read_text(encoding="utf-8").count('"rule_id"') >= 1  # Huawei is found, warm too


def test_code_without_source_files_still_gets_a_key(monkeypatch):
    """A frozen app has modules without source files: the version keys the cache instead of a crash."""
    import types

    fake = types.ModuleType("compliance_frozen_example")
    fake.__file__ = None
    monkeypatch.setitem(sys.modules, "compliance_frozen_example", fake)
    warmcache.code_fingerprint.cache_clear()
    try:
        assert len(warmcache.code_fingerprint("compliance_frozen_example")) == 64
    finally:
        warmcache.code_fingerprint.cache_clear()


class _Payload:
    """Unpickling this runs code: it creates the file named in `marker`."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_pickle_runs_no_code_and_the_entry_is_rebuilt_with_a_warning(cache, tmp_path, capfd):
    """Whoever can write the (CI-restored) cache folder must not run code in the gate."""
    cold = load_rules()
    [entry] = cache.glob("rules-*.pickle")
    marker = tmp_path / "code-ran"
    import pickle

    entry.write_bytes(pickle.dumps(_Payload(marker)))
    assert load_rules() == cold
    assert not marker.exists()
    warmcache.report_rejected()
    assert "1 warm cache entry" in capfd.readouterr().err
    assert entry.read_bytes().startswith(warmcache.ENTRY_FORMAT)  # rebuilt


def test_an_entry_with_a_changed_byte_or_another_key_or_another_name_is_not_loaded(cache, tmp_path, monkeypatch, capfd):
    warmcache.save("rules", "k1", {"answer": 1})
    entry = cache / "rules-k1.pickle"
    good = entry.read_bytes()
    assert warmcache.load("rules", "k1", dict) == {"answer": 1}
    entry.write_bytes(good[:-3] + bytes([good[-3] ^ 1]) + good[-2:])  # the payload changed, the tag kept
    assert warmcache.load("rules", "k1", dict) is None
    (cache / "rules-k2.pickle").write_bytes(good)  # a valid entry passed off under another key
    assert warmcache.load("rules", "k2", dict) is None
    entry.write_bytes(good)
    monkeypatch.setenv(warmcache.SECRET_ENV, "the pipeline's secret")  # another key: not this machine's
    assert warmcache.load("rules", "k1", dict) is None
    warmcache.report_rejected()
    err = capfd.readouterr().err
    assert err.count("integrity check") == 1 and "3 warm cache entries" in err


def test_a_new_signing_key_gives_one_warning_line_for_all_the_entries_it_rebuilds(tmp_path):
    """A new per-machine key fails every entry at once: the run says so once, not once per entry."""
    env = {k: v for k, v in os.environ.items() if k != warmcache.SECRET_ENV}
    env.update(COMPLIANCE_CACHE_DIR=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    screen = [sys.executable, "-m", "compliance", "screen", "parties", "--lists", "meu,entity-list", "--fail-on", "none",
              "-f", f"json={tmp_path / 'r.json'}", str(tmp_path / "p.csv")]
    (tmp_path / "p.csv").write_text("name,country\nAcme Widgets GmbH,DE\n", encoding="utf-8")
    first = subprocess.run(screen, env=env, capture_output=True, text=True)
    assert first.returncode == 0 and "integrity" not in first.stderr
    entries = len(list((tmp_path / "cache").glob("*.pickle")))
    assert entries >= 3  # rule packs, two snapshots, the name index
    (tmp_path / "config" / "compliance" / "warm-cache.key").write_bytes(os.urandom(32))  # the machine's key changed
    second = subprocess.run(screen, env=env, capture_output=True, text=True)
    assert second.returncode == 0
    lines = [line for line in second.stderr.splitlines() if "integrity check" in line]
    assert len(lines) == 1 and f"{entries} warm cache entries" in lines[0], second.stderr
    assert (tmp_path / "r.json").read_text(encoding="utf-8")
    third = subprocess.run(screen, env=env, capture_output=True, text=True)  # rebuilt under the new key
    assert "integrity" not in third.stderr


def test_the_signing_key_lives_outside_the_cache_and_is_private(cache, tmp_path, monkeypatch):
    monkeypatch.delenv(warmcache.SECRET_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    warmcache.save("rules", "k", {"a": 1})
    key = warmcache.key_file()
    assert key.is_file() and (key.stat().st_mode & 0o077) == 0
    assert not key.resolve().is_relative_to(cache.resolve())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(cache))  # a key inside the cache vouches for nothing
    assert warmcache.signing_key() is None
    assert warmcache.load("rules", "k", dict) is None


def test_a_warm_snapshot_keeps_its_records_compactly_and_gives_the_same_records(cache):
    """The cache keeps records as plain values; a warm read builds exactly the validated records."""
    cold = store.read_snapshot(store.bundled_dir() / "entity-list", bundled=True)
    warm = store.read_snapshot(store.bundled_dir() / "entity-list", bundled=True)
    assert isinstance(warm.records, store.StoredParties) and isinstance(cold.records, list)
    lazy = warm.lazy_parties()
    assert lazy[5] == cold.parties[5] and lazy[5] is lazy[5] and lazy[-1] == cold.parties[-1]
    assert sum(party is not None for party in lazy.built) == 2  # only what was read was built
    assert lazy[:3] == cold.parties[:3] and list(lazy) == cold.parties
    assert warm.parties == cold.parties and isinstance(warm.records, list)
    weak = [i for i, p in enumerate(cold.parties) if p.extras.get("weak_aliases")]
    assert list(lazy.weak) == weak


def test_screening_with_compact_warm_snapshots_gives_the_cold_run_s_report(cache, tmp_path):
    """Lazy records and weak-alias entries: same findings, fingerprints and order as a cold run."""
    import datetime as dt

    from compliance.pipeline import screen_parties

    parties = tmp_path / "parties.csv"
    parties.write_text("name,country\nHuawei Technologies Co Ltd,CN\nGazprom Neft,RU\nAcme Widgets GmbH,DE\n"
                       "Rosneft,RU\nHuawei Technologies Co Ltd,CN\n", encoding="utf-8")
    options = dict(as_of=dt.date(2026, 11, 28), lists=("entity-list", "meu", "sdn"))
    cold = screen_parties(parties, **options)
    assert list(cache.glob("snapshot-*.pickle")) and list(cache.glob("name-index-*.pickle"))
    warm = screen_parties(parties, **options)
    assert cold.findings and [f.fingerprint for f in warm.findings] == [f.fingerprint for f in cold.findings]
    assert warm.findings == cold.findings


def test_a_tampered_snapshot_entry_is_rejected_and_rebuilt(cache, capfd):
    cold = store.read_snapshot(store.bundled_dir() / "meu", bundled=True)
    [entry] = cache.glob("snapshot-*.pickle")
    good = entry.read_bytes()
    entry.write_bytes(good[:-40] + bytes([good[-40] ^ 1]) + good[-39:])  # one record's bytes changed
    again = store.read_snapshot(store.bundled_dir() / "meu", bundled=True)
    assert isinstance(again.records, store.StoredParties)  # its records are checked as they are read
    assert again.parties == cold.parties  # the changed chunk fails its check: validated afresh, not loaded
    warmcache.report_rejected()
    assert "1 warm cache entry" in capfd.readouterr().err
    assert entry.read_bytes() == good  # rebuilt under the same key and tags
    pickled = bytearray(good)
    pickled[len(warmcache.BLOB_FORMAT) + warmcache.TAG_BYTES + 20] ^= 1  # the pickle itself changed
    entry.write_bytes(bytes(pickled))
    third = store.read_snapshot(store.bundled_dir() / "meu", bundled=True)
    assert third.parties == cold.parties and isinstance(third.records, list)  # not loaded at all


def test_a_blob_is_read_and_checked_only_where_it_is_used(cache):
    data = bytes(range(256)) * 100  # 25,600 bytes: seven chunks
    warmcache.save("rules", "b", {"big": warmcache.Blob(data), "small": b"kept in the pickle"})
    entry = cache / "rules-b.pickle"
    assert entry.read_bytes().startswith(warmcache.BLOB_FORMAT) and entry.stat().st_size > len(data)
    loaded = warmcache.load("rules", "b", dict)
    blob = loaded["big"]
    assert isinstance(blob, warmcache.SealedBlob) and len(blob) == len(data) and loaded["small"] == b"kept in the pickle"
    assert blob[5000:5010] == data[5000:5010] and list(blob.chunks) == [1]  # one chunk read
    assert blob[4000:12300] == data[4000:12300] and sorted(blob.chunks) == [0, 1, 2, 3]
    assert blob[:] == data and blob[-3:] == data[-3:] and blob[9:9] == b""
    import pickle

    assert pickle.loads(pickle.dumps(blob)) == data  # shipped elsewhere (a worker): its checked bytes
    assert pickle.loads(pickle.dumps(warmcache.Blob(b"abc"))) == b"abc"


@given(st.binary(min_size=1, max_size=20_000), st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_span_of_a_blob_reads_as_the_bytes_stored(cache, data, draw):
    warmcache.save("rules", "h", [warmcache.Blob(data), warmcache.Blob(data[::-1])])
    first, second = warmcache.load("rules", "h", list)
    start = draw.draw(st.integers(-len(data), len(data)))
    stop = draw.draw(st.integers(-len(data), len(data)))
    assert first[start:stop] == data[start:stop] and second[start:stop] == data[::-1][start:stop]


def test_a_blob_chunk_changed_after_loading_removes_the_entry_and_ends_the_run(cache, capfd):
    data = b"x" * 10_000
    warmcache.save("rules", "c", {"big": warmcache.Blob(data)})
    entry = cache / "rules-c.pickle"
    blob = warmcache.load("rules", "c", dict)["big"]
    assert blob[:10] == b"x" * 10
    raw = bytearray(entry.read_bytes())
    raw[-1] ^= 1  # the last chunk changed in place, after the pickle was checked
    with open(entry, "r+b") as handle:
        handle.write(bytes(raw))
    with pytest.raises(warmcache.WarmCacheError, match="run again"):
        blob[9_990:10_000]
    assert not entry.exists()  # the next run rebuilds it
    warmcache.report_rejected()
    assert "1 warm cache entry" in capfd.readouterr().err


def test_a_blob_read_whole_is_checked_against_its_own_tag_in_the_callers_memory(cache, capfd):
    from array import array

    numbers = array("I", range(5_000))  # 20,000 bytes: five chunks
    warmcache.save("rules", "w", {"numbers": warmcache.Blob(numbers.tobytes())})
    entry = cache / "rules-w.pickle"
    blob = warmcache.load("rules", "w", dict)["numbers"]
    assert blob[:] == numbers.tobytes() and not blob.chunks  # one read, one tag: nothing kept chunk by chunk
    into = array("I", [0]) * 5_000
    blob.read_into(into)
    assert into == numbers
    raw = bytearray(entry.read_bytes())
    raw[-7] ^= 1  # a byte of the blob changed in place, after the pickle was checked
    with open(entry, "r+b") as handle:
        handle.write(bytes(raw))
    with pytest.raises(warmcache.WarmCacheError, match="run again"):
        blob.read_into(into)
    assert not entry.exists()
    warmcache.report_rejected()
    assert "1 warm cache entry" in capfd.readouterr().err
