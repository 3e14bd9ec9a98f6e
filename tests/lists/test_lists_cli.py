"""`compliance lists ...` as a user runs it (subprocess, real exit codes)."""

from __future__ import annotations

import copy
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from compliance.lists import store

DATA = Path(__file__).resolve().parent.parent / "data" / "lists"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Home:
    path: Path  # XDG_DATA_HOME for the run
    run: Callable[..., Result]  # the CLI's main() in this process


def run_subprocess(*args, home: Home) -> Result:
    """As a user runs it: a new process, the real exit code."""
    env = {**os.environ, "XDG_DATA_HOME": str(home.path), "NO_COLOR": "1"}
    env.pop("COMPLIANCE_CSL_URL", None)
    env.pop("COMPLIANCE_OFAC_URL", None)
    proc = subprocess.run([sys.executable, "-m", "compliance", "lists", *args], capture_output=True, text=True, env=env)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def home(tmp_path, monkeypatch, capsys):
    """An isolated user data home; `run(...)` calls the CLI's main() in this process
    (same exit-code mapping as the console script, without a process start per call)."""
    from compliance.cli import main

    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COMPLIANCE_CSL_URL", raising=False)
    monkeypatch.delenv("COMPLIANCE_OFAC_URL", raising=False)
    monkeypatch.chdir(tmp_path)

    def run(*args) -> Result:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(["lists", *args])
        out = capsys.readouterr()
        return Result(int(exit_info.value.code or 0), out.out, out.err)

    return Home(home, run)


def run(*args, home: Home) -> Result:
    return home.run(*args)


@pytest.fixture
def http_folder(tmp_path):
    """A local HTTP server on 127.0.0.1 serving a folder of fixture files."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def test_info_shows_the_bundled_lists_with_dates_and_counts(home):
    proc = run("info", "-f", "json", home=home)
    assert proc.returncode == 0, proc.stderr
    rows = {r["list"]: r for r in json.loads(proc.stdout)["lists"]}
    assert rows["entity-list"]["records"] == 3409 and rows["entity-list"]["snapshot_date"] == "2026-07-09"
    assert rows["entity-list"]["names"] == 8591 and rows["entity-list"]["origin"] == "bundled"
    assert rows["cn-control-list"]["records"] == 153
    assert set(rows) == {"entity-list", "meu", "dpl", "dow-1260h", "ofac-ns-cmic", "dhs-uflpa", "cn-uel", "cn-control-list", "cn-watch-list", "cn-countermeasures"}
    table = run_subprocess("info", home=home)
    assert table.returncode == 0 and "entity-list" in table.stdout and "3,409" in table.stdout


def test_stale_lists_warn_and_max_list_age_exits_2(home):
    proc = run("info", "--lists", "entity-list", home=home)
    assert proc.returncode == 0
    if "older than 30 days" not in proc.stderr:  # only once the snapshot is 30 days old
        pytest.skip("bundled Entity List snapshot is not yet 30 days old")
    assert "warning: list snapshot(s) older than 30 days: entity-list (2026-07-09, " in proc.stderr
    gated = run("info", "--lists", "entity-list", "--max-list-age", "30", home=home)
    assert gated.returncode == 2 and "older than --max-list-age 30 days: entity-list (2026-07-09" in gated.stderr
    assert "Traceback" not in gated.stderr


def test_unknown_list_id_is_a_usage_error(home):
    proc = run("info", "--lists", "entity-list,sdn-typo", home=home)
    assert proc.returncode == 2
    assert "unknown list id(s): sdn-typo (known: cn-control-list" in proc.stderr


def test_import_ofac_sdn_files_from_shared(shared, tmp_path, home):
    folder = shared / "data" / "us" / "ofac"
    data_dir = tmp_path / "lists"
    proc = run_subprocess("import", "ofac-sdn", str(folder / "sdn.csv"), str(folder / "alt.csv"), str(folder / "add.csv"), "--data-dir", str(data_dir),
                          "--snapshot-date", "2018-12-31", home=home)
    assert proc.returncode == 0, proc.stderr
    assert "sdn: 7379 records" in proc.stdout
    info = run("info", "-f", "json", "--lists", "sdn,entity-list", "--data-dir", str(data_dir), home=home)
    rows = {r["list"]: r for r in json.loads(info.stdout)["lists"]}
    assert rows["sdn"]["records"] == 7379 and rows["sdn"]["origin"] == "imported" and rows["sdn"]["snapshot_date"] == "2018-12-31"
    assert rows["entity-list"]["origin"] == "bundled"


def test_import_below_the_floor_exits_2_and_force_accepts(tmp_path, home):
    data_dir = tmp_path / "lists"
    files = [str(DATA / "ofac" / n) for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
    proc = run("import", "ofac-sdn", *files, "--data-dir", str(data_dir), home=home)
    assert proc.returncode == 2 and "sdn: 3 record(s) is below the floor of 5000" in proc.stderr
    assert not (data_dir / "sdn").exists()
    forced = run("import", "ofac-sdn", *files, "--data-dir", str(data_dir), "--force", home=home)
    assert forced.returncode == 0 and "accepted with --force" in forced.stderr
    assert store.read_manifest(data_dir / "sdn").records == 3


def test_import_user_list_as_a_named_list(tmp_path, home):
    blocked = tmp_path / "blocked.yaml"
    blocked.write_text("- name: Acme Diversion Ltd\n  country: HK\n")
    data_dir = tmp_path / "lists"
    proc = run("import", "user", str(blocked), "--as", "internal-block", "--data-dir", str(data_dir), "--snapshot-date", "2026-11-28", home=home)
    assert proc.returncode == 0, proc.stderr
    [snapshot] = store.load_snapshots(["internal-block"], data_dir=data_dir)
    assert snapshot.parties[0].id.startswith("internal-block:") and snapshot.parties[0].list == "internal-block"
    bad = run("import", "user", str(blocked), "--as", "Bad Id", "--data-dir", str(data_dir), home=home)
    assert bad.returncode == 2 and "invalid list id" in bad.stderr


def test_update_downloads_the_csl_from_a_local_server(http_folder, tmp_path, home):
    folder, url = http_folder
    results = [
        {"source": "Unverified List (UVL) - Bureau of Industry and Security", "name": "Sample Trading Example Co.",
         "addresses": [{"address": "12 Example Street", "city": "Hong Kong", "country": "HK"}], "start_date": "2018-05-10"},
        {"source": "Nonproliferation Sanctions (ISN) - State Department", "name": "Example Missile Bureau", "programs": ["INKSNA"]},
    ]
    (folder / "consolidated.json").write_text(json.dumps({"search_performed_at": "2026-11-27T10:00:00Z", "results": results}))
    data_dir = tmp_path / "lists"
    proc = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/consolidated.json", "--allow-insecure-url", home=home)
    assert proc.returncode == 0, proc.stderr
    snapshots = {s.list_id: s for s in store.load_snapshots(["uvl", "isn"], data_dir=data_dir)}
    assert snapshots["uvl"].parties[0].country == "HK"
    assert snapshots["isn"].manifest.snapshot_date.isoformat() == "2026-11-27"


def test_update_runs_the_same_integrity_checks(http_folder, tmp_path, home):
    folder, url = http_folder
    (folder / "consolidated.json").write_bytes((DATA / "csl" / "consolidated.json").read_bytes())
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        (folder / name).write_bytes((DATA / "ofac" / name).read_bytes())
    data_dir = tmp_path / "lists"
    proc = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/consolidated.json", "--allow-insecure-url", home=home)
    assert proc.returncode == 2 and "entity-list: 2 record(s) is below the floor" in proc.stderr
    assert not data_dir.exists() or not any(data_dir.iterdir())
    ofac = run("update", "--source", "ofac", "--ofac-url", url, "--data-dir", str(data_dir), "--force", "--allow-insecure-url", home=home)
    assert ofac.returncode == 0, ofac.stderr
    assert store.read_manifest(data_dir / "sdn").records == 3


def test_update_without_network_exits_2_and_changes_nothing(tmp_path, home):
    data_dir = tmp_path / "lists"
    proc = run_subprocess("update", "--data-dir", str(data_dir), "--csl-url", "http://127.0.0.1:9/consolidated.json", "--timeout", "5", "--allow-insecure-url", home=home)
    assert proc.returncode == 2
    assert "download failed" in proc.stderr and "Traceback" not in proc.stderr
    assert not data_dir.exists()


def test_diff_reports_added_removed_and_changed(tmp_path, home):
    [meu] = store.load_snapshots(["meu"], data_dir=tmp_path / "none")
    parties = [copy.deepcopy(p) for p in meu.parties]
    removed = parties.pop(0)
    parties[0].names = parties[0].names + ["New Alias Example"]
    added = replace(parties[1], id="meu:added-example", names=["Added Example Institute"])
    parties.append(added)
    store.write_snapshot(tmp_path / "new", "meu", meu.manifest.title, "synthetic", meu.manifest.snapshot_date, parties, "test 1")
    proc = run("diff", str(meu.path), str(tmp_path / "new" / "meu"), "-f", "json", home=home)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["summary"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 68}  # 70 - 1 removed - 1 changed
    assert result["added"][0]["id"] == "meu:added-example"
    assert result["removed"][0]["id"] == removed.id
    assert list(result["changed"][0]["fields"]) == ["names"]
    text = run("diff", str(meu.path), str(tmp_path / "new" / "meu"), home=home)
    assert "1 added, 1 removed, 1 changed" in text.stdout
    # By list id: the bundled snapshot against the one in use from a data directory.
    by_id = run("diff", "bundled:meu", "meu", "--data-dir", str(tmp_path / "new"), "-f", "json", home=home)
    assert json.loads(by_id.stdout)["summary"]["added"] == 1
    unknown = run("diff", "bundled:nope", "meu", home=home)
    assert unknown.returncode == 2 and "no bundled snapshot 'nope'" in unknown.stderr


def test_settings_choose_the_data_dir_lists_and_max_age(tmp_path, home, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_TRUST_REPO_CONFIG", "1")  # data_dir and lists may loosen a gate: trusted config only
    [meu] = store.load_snapshots(["meu"], data_dir=tmp_path / "none")
    store.write_snapshot(tmp_path / "lists", "meu", meu.manifest.title, "synthetic", meu.manifest.snapshot_date, meu.parties, "test 1")
    (tmp_path / "compliance.yaml").write_text("data_dir: lists\nlists: [meu]\n")  # the CLI runs in tmp_path
    rows = json.loads(run("info", "-f", "json", home=home).stdout)["lists"]
    assert [(r["list"], r["origin"]) for r in rows] == [("meu", "imported")]
    (tmp_path / "compliance.yaml").write_text("data_dir: lists\nlists: [meu]\nmax_list_age: 1\n")
    gated = run("info", home=home)
    assert gated.returncode == 2 and "--max-list-age 1 days: meu" in gated.stderr
