"""The snapshot store: round trip, integrity failures, overrides, staleness."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from compliance.model.errors import ListDataError, UsageError
from compliance.lists import store
from compliance.lists.importing import import_files
from compliance.lists.model import ListedParty

DATA = Path(__file__).resolve().parent.parent / "data" / "lists"
BUNDLED_COUNTS = {
    "cn-control-list": 153, "cn-countermeasures": 12, "cn-uel": 81, "cn-watch-list": 40, "dhs-uflpa": 148,
    "dow-1260h": 80, "dpl": 564, "entity-list": 3409, "meu": 70, "ofac-ns-cmic": 68, "sdn": 14965,
}


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Never read or write the real user data directory."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def _parties(list_id: str, count: int) -> list[ListedParty]:
    return [ListedParty(id=f"{list_id}:{i:04d}", list=list_id, names=[f"Example Party {i}", f"Alias {i}"], country="CN") for i in range(count)]


def _write(root: Path, list_id: str, count: int, **kwargs):
    return store.write_snapshot(root, list_id, "Test list", "synthetic", dt.date(2026, 11, 1), _parties(list_id, count), "test 1", **kwargs)


def test_bundled_snapshots_load_with_their_counts():
    snapshots = store.load_snapshots()
    assert {s.list_id: len(s.parties) for s in snapshots} == BUNDLED_COUNTS
    assert all(s.bundled for s in snapshots)
    entity_list = next(s for s in snapshots if s.list_id == "entity-list")
    assert entity_list.manifest.records >= 3400
    assert entity_list.manifest.names == sum(len(p.names) for p in entity_list.parties)
    provenance = entity_list.provenance()
    assert provenance.id == "entity-list" and provenance.snapshot_date == "2026-07-09"
    assert provenance.sha256 == entity_list.manifest.sha256 and len(provenance.sha256) == 64


def test_loaded_parties_have_typed_fields():
    [meu] = store.load_snapshots(["meu"])
    party = next(p for p in meu.parties if p.listed_on)
    assert isinstance(party.listed_on, dt.date)
    assert party.primary_name == party.names[0]


def test_round_trip_write_then_load_gives_equal_parties(tmp_path):
    parties = _parties("user", 5)
    parties[0].listed_on = dt.date(2025, 1, 2)
    result = store.write_snapshot(tmp_path, "user", "Test", "synthetic", dt.date(2026, 11, 1), parties, "test 1")
    [loaded] = store.load_snapshots(["user"], data_dir=tmp_path)
    assert not loaded.bundled
    assert [dataclasses.asdict(p) for p in loaded.parties] == [dataclasses.asdict(p) for p in sorted(parties, key=lambda p: p.id)]
    assert loaded.manifest == result.snapshot.manifest
    assert loaded.manifest.names == 10


def test_serialisation_is_deterministic():
    parties = _parties("user", 3)
    assert store.serialize_parties(parties) == store.serialize_parties(list(reversed(parties)))


def test_tampered_data_fails_the_sha256_check(tmp_path):
    _write(tmp_path, "user", 3)
    data = tmp_path / "user" / "parties.jsonl"
    data.write_bytes(data.read_bytes().replace(b"Example Party 1", b"Example Party X"))
    with pytest.raises(ListDataError, match="sha256"):
        store.load_snapshots(["user"], data_dir=tmp_path)


def test_record_count_and_bad_records_are_caught_on_load(tmp_path):
    _write(tmp_path, "user", 3)
    folder = tmp_path / "user"
    manifest = store.read_manifest(folder)
    (folder / "manifest.yaml").write_text(store.manifest_yaml(replace(manifest, records=4)))
    with pytest.raises(ListDataError, match="3 records, manifest says 4"):
        store.load_snapshots(["user"], data_dir=tmp_path)
    lines = (folder / "parties.jsonl").read_bytes().splitlines()
    lines[1] = b'{"id":"user:x","list":"user","names":[]}'
    data = b"\n".join(lines) + b"\n"
    import hashlib

    fixed = replace(manifest, sha256=hashlib.sha256(data).hexdigest())
    (folder / "parties.jsonl").write_bytes(data)
    (folder / "manifest.yaml").write_text(store.manifest_yaml(fixed))
    with pytest.raises(ListDataError) as info:
        store.load_snapshots(["user"], data_dir=tmp_path)
    assert info.value.line == 2 and info.value.field == "names"


def test_unknown_list_id_names_the_known_ones(tmp_path):
    with pytest.raises(UsageError) as info:
        store.load_snapshots(["entity-lst"], data_dir=tmp_path)
    assert "entity-lst" in str(info.value) and "entity-list" in str(info.value) and "cn-uel" in str(info.value)


def test_user_snapshot_overrides_the_bundled_one(tmp_path):
    _write(tmp_path, "meu", 60)
    [meu] = store.load_snapshots(["meu"], data_dir=tmp_path)
    assert not meu.bundled and meu.overrides_bundled and len(meu.parties) == 60
    assert len(store.load_snapshots(data_dir=tmp_path)) == len(BUNDLED_COUNTS)


def test_import_below_the_floor_fails_and_writes_nothing(tmp_path):
    with pytest.raises(ListDataError, match="below the floor of 3000"):
        _write(tmp_path, "entity-list", 10)
    assert not (tmp_path / "entity-list").exists()
    assert not list(tmp_path.glob(".*"))  # no staging folder left behind


def test_shrinking_more_than_ten_percent_fails_and_keeps_the_previous_snapshot(tmp_path):
    _write(tmp_path, "user", 100)
    before = (tmp_path / "user" / "parties.jsonl").read_bytes()
    with pytest.raises(ListDataError, match="fewer than the 100"):
        _write(tmp_path, "user", 89, previous_records=100)
    assert (tmp_path / "user" / "parties.jsonl").read_bytes() == before
    _write(tmp_path, "user", 90, previous_records=100)  # exactly 10 % fewer is accepted
    assert store.read_manifest(tmp_path / "user").records == 90


def test_force_accepts_a_shrunken_list_and_says_so(tmp_path):
    result = _write(tmp_path, "entity-list", 10, force=True)
    assert result.snapshot.manifest.records == 10
    assert result.forced_past and "floor" in result.forced_past[0]


def test_schema_errors_fail_the_import(tmp_path):
    bad = _parties("user", 2)
    bad[1] = ListedParty(id="user:x", list="user", names=[], addresses=[], footnotes=[], programs=[], extras={})
    with pytest.raises(ListDataError, match="fails the schema"):
        store.write_snapshot(tmp_path, "user", "T", "synthetic", dt.date(2026, 1, 1), bad, "test 1")
    duplicate = _parties("user", 2)
    duplicate[1].id = duplicate[0].id
    with pytest.raises(ListDataError, match="duplicate id"):
        store.write_snapshot(tmp_path, "user", "T", "synthetic", dt.date(2026, 1, 1), duplicate, "test 1")
    assert not (tmp_path / "user").exists()


def test_a_failing_list_in_a_multi_list_import_changes_nothing(tmp_path):
    # The CSL fixture holds an Entity List batch far below the Entity List floor.
    with pytest.raises(ListDataError) as info:
        import_files("csl-json", [DATA / "csl" / "consolidated.json"], tmp_path, data_dir=tmp_path)
    assert "entity-list: 2 record(s) is below the floor of 3000" in str(info.value)
    assert "dpl: 2 record(s)" in str(info.value)
    assert not any(tmp_path.iterdir())


def test_staleness_and_max_age(tmp_path):
    _write(tmp_path, "user", 3)
    [snapshot] = store.load_snapshots(["user"], data_dir=tmp_path)
    assert store.stale([snapshot], 30, today=dt.date(2026, 12, 1)) == []
    assert store.stale([snapshot], 30, today=dt.date(2026, 12, 2)) == [snapshot]
    store.enforce_max_age([snapshot], 31, today=dt.date(2026, 12, 2))
    with pytest.raises(ListDataError, match="older than --max-list-age 30"):
        store.enforce_max_age([snapshot], 30, today=dt.date(2026, 12, 2))


def test_committed_bundle_is_what_the_build_produces(shared, tmp_path):
    """The bundled snapshots are reproducible from ../shared, byte for byte."""
    from compliance.lists.build import build

    build(shared, tmp_path)
    bundled = store.bundled_dir()
    for list_id in BUNDLED_COUNTS:
        for name in ("manifest.yaml", "parties.jsonl"):
            assert (tmp_path / list_id / name).read_bytes() == (bundled / list_id / name).read_bytes(), f"{list_id}/{name}"
