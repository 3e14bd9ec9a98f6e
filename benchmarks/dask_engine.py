"""`screen parties --engine dask` against `--engine local`, through the real CLI, in one run.

Run: python benchmarks/dask_engine.py [--names 100000] [--workers 2] [--no-running-cluster]
(needs the extra: pip install -e '.[dask]')

For N generated party names (a mix of listed names, near misses and unlisted names, fixed
seed; generator shared with benchmarks/matching.py) against Entity List + MEU + SDN:

- local: `compliance screen parties FILE` (one process);
- dask, own cluster: `--engine dask` with no address, so the command starts (and stops)
  a LocalCluster sized to the machine — the cost a one-off run pays;
- dask, running cluster: `--engine dask --scheduler ADDRESS` against a cluster of
  `--workers` worker processes (one thread each) started here before the timing, as
  a long-lived cluster would be; the lists are shipped on its first run only.

The cluster start cost is the own-cluster command on 10 names minus the local command on
10 names. Every dask report must equal the local one apart from `generated_at`, line by
line (same findings, fingerprints and order). Peak memory is the CLI process's own
(workers are other processes). Timings are wall seconds of each command as a fresh process.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from commands import PARTY_LISTS, compliance, run, write_parties  # noqa: E402


def same_report(a: Path, b: Path) -> bool:
    """Equal apart from the time stamp, compared line by line (reports of 1M records are big)."""
    with open(a, encoding="utf-8") as left, open(b, encoding="utf-8") as right:
        for x, y in zip(left, right, strict=False):
            if x != y and not (x.lstrip().startswith('"generated_at"') and y.lstrip().startswith('"generated_at"')):
                return False
        return left.read(1) == right.read(1) == ""


def screen(path: Path, out: Path, tmp: Path, *engine: str) -> dict:
    return run(compliance("screen", "parties", str(path), "--lists", PARTY_LISTS, "-f", f"json={out}",
                          "--fail-on", "none", *engine), tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the running cluster")
    parser.add_argument("--no-running-cluster", action="store_true", help="skip the runs against a running cluster (long inputs)")
    args = parser.parse_args()

    from distributed import Client, LocalCluster
    from matching import generated_names

    from compliance.engines.dask_engine import machine_cores
    from compliance.lists.store import load_snapshots

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ.setdefault("COMPLIANCE_CACHE_DIR", str(tmp / "cache"))
        listed = [p.primary_name for s in load_snapshots(PARTY_LISTS.split(",")) for p in s.parties]
        tiny = write_parties(tmp / "tiny.csv", generated_names(10, listed))
        path = write_parties(tmp / "parties.csv", generated_names(args.names, listed, seed=args.names))
        print(f"python {sys.version.split()[0]}, {machine_cores()} cores; {args.names:,} names against {PARTY_LISTS}")
        screen(tiny, tmp / "warm.json", tmp)  # warms the index cache and bytecode

        local_tiny = screen(tiny, tmp / "t-local.json", tmp)
        own_tiny = screen(tiny, tmp / "t-dask.json", tmp, "--engine", "dask")
        start_cost = own_tiny["seconds"] - local_tiny["seconds"]
        print(f"cluster start cost (own LocalCluster, {machine_cores()} workers): {start_cost:.2f} s "
              f"(10 names: dask {own_tiny['seconds']:.2f} s, local {local_tiny['seconds']:.2f} s)")

        local = screen(path, tmp / "local.json", tmp)
        print(f"local                        {local['seconds']:8.2f} s {local['peak_mb']:7.0f} MB")
        own = screen(path, tmp / "own.json", tmp, "--engine", "dask")
        print(f"dask, own cluster            {own['seconds']:8.2f} s {own['peak_mb']:7.0f} MB   "
              f"speed-up {local['seconds'] / own['seconds']:.2f}x   identical report: {same_report(tmp / 'local.json', tmp / 'own.json')}")

        if args.no_running_cluster:
            return
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        try:
            address = cluster.scheduler_address
            for label in ("first run", "second run"):  # the second finds the lists published
                ran = screen(path, tmp / "running.json", tmp, "--engine", "dask", "--scheduler", address)
                print(f"dask, running {args.workers}-worker cluster, {label:<10} {ran['seconds']:8.2f} s {ran['peak_mb']:7.0f} MB   "
                      f"speed-up {local['seconds'] / ran['seconds']:.2f}x   identical report: "
                      f"{same_report(tmp / 'local.json', tmp / 'running.json')}")
        finally:
            client.close()
            cluster.close()


if __name__ == "__main__":
    main()
