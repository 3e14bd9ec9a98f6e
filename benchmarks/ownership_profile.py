"""Where `screen parties --ownership` spends its time: the real CLI in one process, its stages timed.

    python benchmarks/ownership_profile.py [--links 1000000] [--parties] [--cprofile N]

Generates the table of benchmarks/commands.py (same seed: `ownership.generate`), then runs
`compliance screen parties PARTIES --ownership TABLE` through the CLI entry point with
wall and CPU timers around its stages: start-up (imports), loading the lists' name index,
reading the table into the graph, the owner-name lookup (every owner, or with --parties
the owners above the 10,000 parties of commands.py), the ownership roll-up and findings,
and writing the report. `--cprofile N` also prints the N functions with the most own time.
Run it after a warm-up (the first run of a changed tree rebuilds the name index).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import sys
import tempfile
import time
from pathlib import Path

START = (time.perf_counter(), time.process_time())
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class Stages:
    """Wall and CPU seconds per stage, summed over calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}

    def add(self, stage: str, wall: float, cpu: float) -> None:
        total = self.seconds.setdefault(stage, [0.0, 0.0])
        total[0] += wall
        total[1] += cpu

    def timed(self, module, name: str, stage: str) -> None:
        """Time every call of `module.name` as `stage`."""
        inner = getattr(module, name)

        @functools.wraps(inner)
        def timer(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - wall, time.process_time() - cpu)

        setattr(module, name, timer)


def instrument(stages: Stages) -> None:
    import compliance.cli.screen as screen
    import compliance.parties.affiliates as affiliates
    import compliance.parties.ownership as ownership
    import compliance.pipeline as pipeline

    stages.timed(pipeline, "_index", "load the name index")
    stages.timed(ownership, "stake_graph", "read the table into the graph")
    stages.timed(affiliates, "affiliate_findings", "ownership roll-up and findings")
    stages.timed(screen, "finish", "write the report, gate")
    lookup_from = affiliates.lookup_from

    def timed_lookup_from(search):
        lookup = lookup_from(search)
        wrapper = type("L", (), {"lookup": staticmethod(lookup)})
        stages.timed(wrapper, "lookup", "owner-name lookup")
        return wrapper.lookup

    affiliates.lookup_from = timed_lookup_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--parties", action="store_true", help="screen the 10,000 parties of commands.py")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the top N functions by own time")
    args = parser.parse_args()
    from ownership import generate

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        table, parties = tmp / "ownership.csv", tmp / "parties.csv"
        generate(table, args.links)
        with open(parties, "w", encoding="utf-8") as handle:
            handle.write("id,name\n")
            if args.parties:
                for k in range(0, min(int(args.links / 2.5), 20_000), 2):
                    handle.write(f"S{k},E{k}\n")
        stages = Stages()
        started = (time.perf_counter(), time.process_time())
        import compliance.cli

        instrument(stages)
        stages.add("start-up (imports)", time.perf_counter() - started[0], time.process_time() - started[1])
        argv = ["screen", "parties", str(parties), "--ownership", str(table), "-f", f"json={tmp / 'report.json'}",
                "--fail-on", "none", "--as-of", "2025-10-15", "-q"]
        profile = cProfile.Profile() if args.cprofile else None
        if profile:
            profile.enable()
        try:
            compliance.cli.main(argv)
        except SystemExit:
            pass
        if profile:
            profile.disable()
        total = (time.perf_counter() - started[0], time.process_time() - started[1])
    label = "with 10,000 parties" if args.parties else "without a parties file"
    print(f"screen parties --ownership, {args.links:,} links, {label}" + (" (under cProfile)" if profile else ""))
    for stage, (wall, cpu) in stages.seconds.items():
        print(f"  {stage:<34} {wall:7.2f} s  (CPU {cpu:6.2f} s)")
    named = sum(cpu for _, cpu in stages.seconds.values())
    print(f"  {'other (parties file, sha256, ...)':<34} {'':>7}    (CPU {total[1] - named:6.2f} s)")
    print(f"  {'total':<34} {total[0]:7.2f} s  (CPU {total[1]:6.2f} s)")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
