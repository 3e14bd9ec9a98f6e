"""The commands users run, end to end: wall time and peak memory of each, with its
baseline measured in the same run.

Run: python benchmarks/commands.py [--only parties,cold,bom,ownership] [--quick] [--bom-sizes 100000,1000000]
(the cdist baseline needs numpy: pip install numpy)

Each command runs as a fresh process (the way a CI gate or a user runs it); its peak
resident memory comes from the kernel's accounting of that process (`wait4`'s
ru_maxrss, what `/usr/bin/time -v` prints). Baselines, each in its own process:

- parties: a 10-line `rapidfuzz.process.cdist` of every query against every name and
  alias of the same lists (token_sort_ratio, default_process, cutoff 85, one worker);
- cold: `python -c "import rapidfuzz, pydantic, typer, rich, yaml"`;
- bom: `csv.reader` over the same file;
- ownership: `csv.reader` over the same table.

Targets (issue 19) are printed beside each figure with "met" or "MISSED": `screen bom`
100k lines >= 40,000 lines/s and <= 300 MB, 1M lines <= 60 s and <= 1.5 GB;
`screen parties --ownership` 1M links <= 15 s and <= 1 GB, without and with a parties file.

Each line also gives the command's CPU time (user + system, from the same `wait4`): on a
shared machine wall time includes waiting for a core, CPU time does not.

Inputs are generated from fixed seeds in a temporary folder (generators shared with
benchmarks/matching.py, bom.py and ownership.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PARTY_LISTS = "entity-list,meu,sdn"

CDIST = """
import json, sys
from pathlib import Path
from rapidfuzz import fuzz, process, utils
from compliance.lists.store import load_snapshots
names = [n for s in load_snapshots(sys.argv[2].split(",")) for p in s.parties for n in p.names]
queries = [line.split(",")[0].strip('"') for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()[1:]]
scores = process.cdist(queries, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                       score_cutoff=85, workers=1, dtype="uint8")
print(int((scores.max(axis=1) >= 85).sum()), "queries with a hit")
"""

CSV_READER = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    print(sum(1 for _ in csv.reader(handle)), "rows")
"""


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 1)) -> dict:
    """Run one command as its own process; wall seconds and its peak RSS in MB.

    `ok`: the exit codes that count as a run (a screen exits 1 on findings; a baseline must exit 0)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(argv)} exited {code}: {stderr[-2000:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024, "exit": code}


def bytecode_env() -> dict[str, str]:
    """The environment of a warm-up run: it writes the package's bytecode (as `pip install`
    does for an installed tool), even where PYTHONDONTWRITEBYTECODE is set, so timed runs
    do not compile the sources while the baseline's packages come compiled."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compliance(*args: str) -> list[str]:
    return [sys.executable, "-m", "compliance", *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def line(label: str, measured: dict, baseline: dict, unit: str = "") -> str:
    """Wall time is what a user waits; CPU time (user + system) is steadier on a shared machine."""
    ratio = baseline["seconds"] / measured["seconds"] if measured["seconds"] else float("inf")
    cpu_ratio = baseline["cpu"] / measured["cpu"] if measured["cpu"] else float("inf")
    return (f"{label:<44} {measured['seconds']:7.2f} s (CPU {measured['cpu']:6.2f} s) {measured['peak_mb']:6.0f} MB   "
            f"baseline {baseline['seconds']:7.2f} s (CPU {baseline['cpu']:6.2f} s) {baseline['peak_mb']:6.0f} MB   "
            f"speed-up {ratio:5.2f}x (CPU {cpu_ratio:5.2f}x) {unit}")


def bench_parties(tmp: Path, sizes: list[int]) -> None:
    from matching import generated_names

    from compliance.lists.store import load_snapshots

    listed = [p.primary_name for s in load_snapshots(PARTY_LISTS.split(",")) for p in s.parties]
    run(compliance("screen", "parties", str(write_parties(tmp / "warm.csv", generated_names(20, listed))),
                   "--lists", PARTY_LISTS, "-f", "json=/dev/null", "--fail-on", "none"), tmp, bytecode_env())  # warms the caches
    for size in sizes:
        path = write_parties(tmp / f"parties-{size}.csv", generated_names(size, listed, seed=size))
        measured = run(compliance("screen", "parties", str(path), "--lists", PARTY_LISTS,
                                  "-f", f"json={tmp / 'out.json'}", "--fail-on", "none"), tmp)
        baseline = run(python(CDIST, str(path), PARTY_LISTS), tmp, ok=(0,))
        ratio = min(baseline["seconds"] / measured["seconds"], baseline["cpu"] / measured["cpu"])
        verdicts = [f"{'met' if ratio >= 10 else 'MISSED'}: >= 10x"]
        if size >= 50_000:
            verdicts.append(f"{'met' if measured['peak_mb'] <= 300 else 'MISSED'}: <= 300 MB")
        print(line(f"screen parties, {size:,} names ({PARTY_LISTS})", measured, baseline, f"({', '.join(verdicts)})"))
        # what 10x leaves a name: start-up included, as the ratio counts it
        print(f"{'':<44} per name {measured['cpu'] / size * 1e6:,.0f} µs CPU; >= 10x leaves "
              f"{baseline['cpu'] / 10 / size * 1e6:,.0f} µs CPU a name")


def write_parties(path: Path, names: list[str]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("name,country\n")
        for name in names:
            handle.write('"' + name.replace('"', '""') + '",\n')
    return path


def bench_cold(tmp: Path, repeat: int) -> None:
    from matching import COLD_START_ROWS

    path = tmp / "ten.csv"
    path.write_text("\n".join(COLD_START_ROWS) + "\n", encoding="utf-8")
    command = compliance("screen", "parties", str(path), "-f", f"json={tmp / 'ten.json'}", "--fail-on", "none")
    bare = python("import rapidfuzz, pydantic, typer, rich, yaml")
    run(command, tmp, bytecode_env())  # warm cache and bytecode
    runs, bases = [], []
    for _ in range(repeat):  # alternate, so load on the machine hits both alike
        runs.append(run(command, tmp))
        bases.append(run(bare, tmp, ok=(0,)))
    measured, baseline = medians(runs), medians(bases)
    print(f"{'cold start, 10 rows, warm cache (median of ' + str(repeat) + ')':<44} {measured['seconds']:7.3f} s "
          f"(CPU {measured['cpu']:.3f} s) {measured['peak_mb']:6.0f} MB   bare import {baseline['seconds']:.3f} s "
          f"(CPU {baseline['cpu']:.3f} s)   ratio {measured['seconds'] / baseline['seconds']:.2f}x "
          f"(CPU {measured['cpu'] / baseline['cpu']:.2f}x) (target <= 2x)")
    version = compliance("--version")
    run(version, tmp, bytecode_env())
    versions = medians([run(version, tmp) for _ in range(repeat)])
    print(f"{'compliance --version (median)':<44} {versions['seconds']:7.3f} s (CPU {versions['cpu']:.3f} s) "
          f"{versions['peak_mb']:6.0f} MB")


def medians(runs: list[dict]) -> dict:
    """Median wall and CPU seconds of repeated runs, and their highest peak memory."""
    return {"seconds": statistics.median(r["seconds"] for r in runs), "cpu": statistics.median(r["cpu"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs)}


def bench_bom(tmp: Path, sizes: list[int]) -> None:
    from bom import generate

    warm = tmp / "bom-warm.csv"  # warm caches and bytecode first, as bench_parties does: the timed runs are a user's later runs
    generate(warm, 200)
    run(compliance("screen", "bom", str(warm), "-f", f"json={tmp / 'bom.json'}", "--fail-on", "none",
                   "--as-of", "2026-11-28"), tmp, bytecode_env())
    for size in sizes:
        path = tmp / f"bom-{size}.csv"
        generate(path, size)
        measured = run(compliance("screen", "bom", str(path), "-f", f"json={tmp / 'bom.json'}", "--fail-on", "none",
                                  "--as-of", "2026-11-28"), tmp)
        baseline = run(python(CSV_READER, str(path)), tmp, ok=(0,))
        rate = size / measured["seconds"]
        if size <= 100_000:
            target, met = "target >= 40,000 lines/s, <= 300 MB", rate >= 40_000 and measured["peak_mb"] <= 300
        else:
            target, met = "target <= 60 s, <= 1,536 MB", measured["seconds"] <= 60 and measured["peak_mb"] <= 1536
        print(line(f"screen bom, {size:,} lines ({rate:,.0f} lines/s)", measured, baseline,
                   f"({target}: {'met' if met else 'MISSED'})"))


def bench_ownership(tmp: Path, links: int) -> None:
    from ownership import generate

    path = tmp / "ownership.csv"
    generate(path, links)
    entities = int(links / 2.5)  # as ownership.generate lays them out: E0 .. E{entities-1}
    suppliers = tmp / "suppliers.csv"
    with open(suppliers, "w", encoding="utf-8") as handle:
        handle.write("id,name\n")
        for k in range(0, min(entities, 20_000), 2):
            handle.write(f"S{k},E{k}\n")
    baseline = run(python(CSV_READER, str(path)), tmp, ok=(0,))
    for label, parties in (("without a parties file", None), ("with a parties file", suppliers)):
        args = ["screen", "parties", str(parties or suppliers), "--ownership", str(path), "-f", f"json={tmp / 'own.json'}",
                "--fail-on", "none", "--as-of", "2025-10-15"]
        if parties is None:  # every entity of the table reported: an empty parties file
            empty = tmp / "none.csv"
            empty.write_text("id,name\n", encoding="utf-8")
            args[2] = str(empty)
        measured = run(compliance(*args), tmp)
        met = measured["seconds"] <= 15 and measured["peak_mb"] <= 1024
        print(line(f"screen parties --ownership, {links:,} links, {label}", measured, baseline,
                   f"(target at 1M links <= 15 s, <= 1,024 MB: {'met' if met else 'MISSED'})"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="parties,cold,bom,ownership")
    parser.add_argument("--quick", action="store_true", help="smaller inputs (5k names, 100k BOM lines, 100k links)")
    parser.add_argument("--bom-sizes", help="BOM lines to screen, comma-separated (default 100000,1000000)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ.setdefault("COMPLIANCE_CACHE_DIR", str(tmp / "cache"))
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; each command a fresh process")
        if "parties" in only:
            bench_parties(tmp, [5_000] if args.quick else [5_000, 50_000])
        if "cold" in only:
            bench_cold(tmp, 5 if args.quick else 9)
        if "bom" in only:
            sizes = [int(n) for n in args.bom_sizes.split(",")] if args.bom_sizes else None
            bench_bom(tmp, sizes or ([100_000] if args.quick else [100_000, 1_000_000]))
        if "ownership" in only:
            bench_ownership(tmp, 100_000 if args.quick else 1_000_000)


if __name__ == "__main__":
    main()
