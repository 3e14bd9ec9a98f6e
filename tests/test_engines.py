"""Engines (compliance/engines/): where a run is executed never changes what it finds.

`--engine dask` must give the JSON report `--engine local` gives (apart from
`generated_at`), for parties and for a portfolio of BOMs; without the extra installed it
is a one-line usage error; and a local run never imports Dask.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.engines.parties import slices

REPO = Path(__file__).resolve().parent.parent
PARTIES = REPO / "examples" / "counterparties.csv"
BOM = REPO / "examples" / "ev-traction-motor.csv"
AS_OF = "2026-12-01"

HAS_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="the Dask engine's extra is not installed (pip install '.[dask]')")


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "compliance", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)


def report(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("generated_at")  # the only field that depends on when the run happened
    return data


# --- inputs --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many_parties(tmp_path_factory) -> Path:
    """The example counterparties three times over (listed, clear, aliases), plus a row
    without a name: more records than one slice, and a rejected row to account for."""
    rows = list(csv.DictReader(PARTIES.open(encoding="utf-8")))
    path = tmp_path_factory.mktemp("parties") / "parties.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(3):
            for row in rows:
                writer.writerow({**row, "id": f"{row['id']}-{copy}"})
        writer.writerow({**rows[0], "id": "EMPTY", "name": ""})
    return path


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> list[Path]:
    """Three products: the example motor, a variant bought from a listed company, and a small
    BOM with a bad quantity (a rejected row)."""
    folder = tmp_path_factory.mktemp("boms")
    lines = list(csv.DictReader(BOM.open(encoding="utf-8")))
    fields = list(lines[0])

    def write(name: str, rows: list[dict]) -> Path:
        path = folder / name
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return path

    listed = [{**row, "supplier": "Huawei Technologies Co., Ltd."} if row["part_number"].startswith("SHAFT") else row for row in lines]
    small = [
        {**lines[2], "part_number": "X-1", "parent": "", "quantity": "abc"},
        {**lines[2], "part_number": "X-2", "parent": "", "supplier": "SZ DJI Technology Co., Ltd."},
    ]
    return [write("a-motor.csv", lines), write("b-variant.csv", listed), write("c-small.csv", small)]


# --- both engines, no Dask needed -------------------------------------------------------------


@given(st.lists(st.integers(), max_size=200), st.integers(min_value=1, max_value=50))
def test_slices_cover_every_record_once_in_order(records, pieces):
    cut = slices(records, pieces)
    assert [r for piece in cut for r in piece] == records
    assert all(cut) or records == []
    assert len(cut) == max(1, min(pieces, len(records)))
    assert max(map(len, cut)) - min(map(len, cut)) <= 1


def test_a_portfolio_is_one_report_of_every_file(tmp_path, portfolio):
    out = tmp_path / "portfolio.json"
    run("screen", "bom", *map(str, portfolio), "--as-of", AS_OF, "-f", f"json={out}", "-q")
    data = report(out)
    assert [i["path"] for i in data["provenance"]["inputs"]] == [str(p) for p in portfolio]
    assert data["summary"]["rows_read"] == 11 + 11 + 2
    assert data["summary"]["rows_rejected"] == 1
    # each file's findings are exactly the ones a run on that file alone reports
    for path in portfolio:
        single = tmp_path / f"{path.stem}.json"
        run("screen", "bom", str(path), "--as-of", AS_OF, "-f", f"json={single}", "-q")
        alone = sorted(f["fingerprint"] for f in report(single)["findings"])
        assert alone and sorted(f["fingerprint"] for f in data["findings"] if f["subject"]["file"] == str(path)) == alone
    listed = [f for f in data["findings"] if f["kind"] == "listed-party"]
    assert {Path(f["subject"]["file"]).name for f in listed} == {"b-variant.csv", "c-small.csv"}


def test_a_portfolio_refuses_an_ownership_table(portfolio):
    proc = run("screen", "bom", *map(str, portfolio), "--ownership", str(PARTIES))
    assert proc.returncode == 2
    assert "--ownership" in proc.stderr and "one BOM" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_engine_and_a_scheduler_without_dask_are_usage_errors():
    proc = run("screen", "parties", str(PARTIES), "--engine", "spark")
    assert proc.returncode == 2 and "unknown engine 'spark'" in proc.stderr
    proc = run("screen", "parties", str(PARTIES), "--scheduler", "tcp://127.0.0.1:8786")
    assert proc.returncode == 2 and "--engine dask" in proc.stderr


WITHOUT_DASK = (
    "import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None\n"
    "from compliance.cli import main; main(sys.argv[1:])"
)


def test_dask_engine_without_the_extra_names_the_extra():
    proc = run("screen", "parties", str(PARTIES), "--engine", "dask", code=WITHOUT_DASK)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "compliance[dask]" in lines[0], proc.stderr


REPORTS_DASK = (
    "import sys\n"
    "from compliance.cli import main\n"
    "try:\n    main(sys.argv[1:])\n"
    "finally:\n    print('dask imported' if any(m == 'dask' or m.startswith(('dask.', 'distributed')) for m in sys.modules) else 'no dask', file=sys.stderr)"
)


def test_a_local_run_never_imports_dask():
    proc = run("screen", "parties", str(PARTIES), "--as-of", AS_OF, "-q", code=REPORTS_DASK)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == "no dask"


# --- Dask: the same JSON as local ------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker cluster in this process (threads), reachable over TCP by the CLI's
    own process, so the lists and records really travel between processes."""
    if not HAS_DASK:
        pytest.skip("the Dask engine's extra is not installed (pip install '.[dask]')")
    import logging

    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    yield cluster.scheduler_address, client
    for name in client.list_datasets():
        client.unpublish_dataset(name)
    client.close()
    cluster.close()


@needs_dask
def test_parties_on_dask_report_what_local_reports(tmp_path, many_parties, scheduler):
    address, client = scheduler
    local, dask = tmp_path / "local.json", tmp_path / "dask.json"
    first = run("screen", "parties", str(many_parties), "--as-of", AS_OF, "-f", f"json={local}", "-q")
    second = run("screen", "parties", str(many_parties), "--as-of", AS_OF, "-f", f"json={dask}", "-q",
                 "--engine", "dask", "--scheduler", address)
    assert second.returncode == first.returncode == 2, second.stderr  # 2: the rejected row
    expected = report(local)
    assert expected["summary"]["rows_read"] == 61 and expected["summary"]["rows_rejected"] == 1
    assert len([f for f in expected["findings"] if f["kind"] == "listed-party"]) >= 3 * 8
    assert report(dask) == expected  # same findings, fingerprints and order
    # the lists stay published on the cluster under their key, once
    assert len([name for name in client.list_datasets() if str(name).startswith("compliance-lists-")]) == 1
    again = tmp_path / "again.json"
    run("screen", "parties", str(many_parties), "--as-of", AS_OF, "-f", f"json={again}", "-q",
        "--engine", "dask", "--scheduler", address)
    assert report(again) == expected


@needs_dask
def test_a_portfolio_on_dask_reports_what_local_reports(tmp_path, portfolio, scheduler):
    address, _ = scheduler
    local, dask = tmp_path / "local.json", tmp_path / "dask.json"
    first = run("screen", "bom", *map(str, portfolio), "--as-of", AS_OF, "-f", f"json={local}", "-q")
    second = run("screen", "bom", *map(str, portfolio), "--as-of", AS_OF, "-f", f"json={dask}", "-q",
                 "--engine", "dask", "--scheduler", address)
    assert second.returncode == first.returncode, second.stderr
    assert report(dask) == report(local)


@needs_dask
def test_an_unreachable_scheduler_is_a_usage_error():
    proc = run("screen", "parties", str(PARTIES), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2
    assert "cannot reach the Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr


@needs_dask
def test_a_bad_bom_in_a_portfolio_is_the_same_one_line_error_on_both_engines(tmp_path, portfolio, scheduler):
    address, _ = scheduler
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    files = [str(portfolio[0]), str(bad), str(portfolio[1])]
    local = run("screen", "bom", *files, "-q")
    dask = run("screen", "bom", *files, "-q", "--engine", "dask", "--scheduler", address)
    assert local.returncode == dask.returncode == 2
    assert dask.stderr == local.stderr
    assert len(local.stderr.strip().splitlines()) == 1 and "bad.csv:1: required column 'part_number'" in local.stderr
