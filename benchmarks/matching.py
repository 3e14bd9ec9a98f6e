"""Name-matching speed: the candidate index against brute-force scoring, plus CLI cold start.

Run: python benchmarks/matching.py [--queries 10000] [--brute 300] [--phases 5000]

Screens generated party names against every bundled list plus the OFAC SDN legacy CSV
files from ../shared (imported with the project's importer), on one core, and reports in
the same run: median and p95 time per query and queries per second for the index; the
same for brute force (the same scorer applied to every listed name, on a sample of the
queries); the ratio; the share of brute-force hits the index also finds; peak memory;
and the cold start of `compliance screen parties` on a 10-row file with a warm index
cache against `python -c "import rapidfuzz, pydantic, typer, rich, yaml"`.

It also splits a search's time into its four steps (see phase_split) on a second set of generated
names, for the middle fifth of queries by time (the median's neighbours) and the slowest tenth:
which step a faster matcher must shrink, and whether shrinking one alone can reach the target.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _lists import benchmark_parties  # noqa: E402

from compliance.matching import DEFAULT_THRESHOLD  # noqa: E402
from compliance.matching import index as index_module  # noqa: E402
from compliance.matching.bound import QueryBound  # noqa: E402
from compliance.matching.index import NameIndex  # noqa: E402
from compliance.matching.normalize import normalize_name  # noqa: E402
from compliance.matching.score import align  # noqa: E402

PLACES = ["Beijing", "Shanghai", "Shenzhen", "Ningbo", "Wuxi", "Dongguan", "Moscow", "Dubai", "Istanbul", "Karachi",
          "Hamburg", "Osaka", "Singapore", "Hong Kong", "Tianjin", "Samara", "Kazan", "Izmir", ""]
STEMS = ["heng", "xin", "da", "hua", "tong", "jin", "long", "feng", "sheng", "yuan", "tai", "kang", "apex", "nord",
         "vector", "delta", "orion", "techno", "stroy", "prom", "avto", "energo", "global", "prime", "star", "blue"]
INDUSTRY = ["Technology", "Electronics", "Trading", "Machinery", "Textile", "Logistics", "Import and Export",
            "Precision Instruments", "Materials", "Software", "Engineering", "Chemical", "Optics", "Marine Services"]
FORMS = ["Co., Ltd.", "LLC", "GmbH", "OOO", "JSC", "Limited", "Inc.", "FZE", "Ltd. Sti.", "Pte. Ltd.", ""]
GIVEN = ["Sergei", "Wei", "Ahmed", "Maria", "Li", "Ivan", "Fatima", "John", "Mehmet", "Olga"]
SURNAMES = ["Ivanov", "Zhang", "Khan", "Petrova", "Wang", "Yilmaz", "Smith", "Rahimi", "Chen", "Sokolov"]


def generated_names(count: int, listed: list[str], seed: int = 7) -> list[str]:
    """Company and person names of the kinds a supplier or customer file holds; one in ten is a listed name's variant."""
    rng = random.Random(seed)
    names = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.1:
            name = rng.choice(listed)
            names.append(name.upper() if rng.random() < 0.5 else name.replace(",", ""))
        elif roll < 0.25:
            names.append(f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}")
        else:
            stem = (rng.choice(STEMS) + rng.choice(STEMS)).capitalize()
            parts = [rng.choice(PLACES), stem, rng.choice(INDUSTRY), rng.choice(FORMS)]
            names.append(" ".join(p for p in parts if p))
    return names


def brute_force(index: NameIndex, name: str, threshold: float) -> set[int]:
    """Parties hit when every listed name is scored (the same scorer as the index uses)."""
    query = normalize_name(name)
    if not query.tokens:
        return set()
    return {index.entry_party[e] for e in range(len(index)) if align(query, index.entry(e), index.weight).score >= threshold}


PHASES = ("normalise", "candidates", "bound", "align")


def phase_split(index: NameIndex, queries: list[str], threshold: float) -> list[tuple[float, dict[str, float]]]:
    """(seconds, seconds per step) of `index.search` for each query, its steps timed where search calls them:
    normalising the query, the candidate step (index lookups and the candidate bound), the per-name bound
    (bound.QueryBound) and aligning the names left. What search does between them is the rest. Each step is
    wrapped for this pass only; a wrapper adds well under a microsecond a call, so the split is a little slow
    and read for its shares."""
    spent = dict.fromkeys(PHASES, 0.0)

    def timed(step: str, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[step] += time.perf_counter() - start
        return wrapper

    patched = [(index_module, "normalize_name", timed("normalise", index_module.normalize_name)),
               (index_module, "align", timed("align", index_module.align)),
               (NameIndex, "candidates", timed("candidates", NameIndex.candidates)),
               (QueryBound, "__init__", timed("bound", QueryBound.__init__)),
               (QueryBound, "bound", timed("bound", QueryBound.bound))]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    rows = []
    try:
        for owner, name, wrapper in patched:
            setattr(owner, name, wrapper)
        for name in queries:
            for step in PHASES:
                spent[step] = 0.0
            start = time.perf_counter()
            index.search(name, threshold=threshold)
            rows.append((time.perf_counter() - start, dict(spent)))
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    return rows


def report_phases(rows: list[tuple[float, dict[str, float]]], target_ms: float = 0.2) -> None:
    rows = sorted(rows, key=lambda row: row[0])
    n = len(rows)
    print(f"\nwhere a search's time goes ({n} more generated queries, each step timed where search calls it; ms per query)")
    print(f"{'queries':<28} {'total':>7} " + " ".join(f"{step:>10}" for step in PHASES) + f" {'rest':>7}")
    for label, band in (("middle fifth (40-60 %)", rows[int(n * 0.4):int(n * 0.6)]), ("slowest tenth", rows[int(n * 0.9):]),
                        ("all", rows)):
        if not band:
            continue
        total = statistics.mean(row[0] for row in band) * 1000
        steps = {step: statistics.mean(row[1][step] for row in band) * 1000 for step in PHASES}
        rest = total - sum(steps.values())
        print(f"{label:<28} {total:7.3f} " + " ".join(f"{steps[step]:10.3f}" for step in PHASES) + f" {rest:7.3f}")
        if label.startswith("middle"):
            largest = max(steps, key=steps.get)
            print(f"{'':<28} a median near {target_ms:g} ms needs {total / target_ms:.1f}x; without its largest step "
                  f"({largest}) at all the middle fifth would still take {total - steps[largest]:.3f} ms")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


#: the ten rows of the cold-start file; one is in Han characters (it loads pypinyin's dictionaries)
COLD_START_ROWS = ["name,country", "Huawei Technologies Co Ltd,CN", "Acme Widgets GmbH,DE", "Ningbo Hengxin Textile Co Ltd,CN",
                   "OOO Tekhnostroy,RU", "Orion Marine Services LLC,AE", "Sergei Ivanov,RU", "Delta Precision Instruments Inc,US",
                   "深圳市大疆创新科技有限公司,CN", "Gazprom Neft,RU", "Blue Star Logistics Pte Ltd,SG"]


def cold_start(repeat: int = 7, rows: list[str] = COLD_START_ROWS) -> tuple[float, float]:
    """(median seconds of the import baseline, median seconds of screen parties on 10 rows, warm cache).

    The warm-up run also writes the package's bytecode (as `pip install` does for an
    installed tool), even where PYTHONDONTWRITEBYTECODE is set; the timed runs of both
    commands then alternate, so machine load hits them alike.
    """
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "ten.csv"
        csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        screen = [sys.executable, "-m", "compliance", "screen", "parties", str(csv_path), "-f", f"json={tmp}/r.json", "--fail-on", "none"]
        baseline = [sys.executable, "-c", "import rapidfuzz, pydantic, typer, rich, yaml"]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for _ in range(2):  # warm the caches (packs, snapshots, name index, pinyin table) and bytecode
            subprocess.run(screen, capture_output=True, check=False, env=env)

        def timed(cmd: list[str]) -> float:
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, check=False)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
            return time.perf_counter() - start

        base_runs, screen_runs = [], []
        for _ in range(repeat):
            base_runs.append(timed(baseline))
            screen_runs.append(timed(screen))
        return statistics.median(base_runs), statistics.median(screen_runs)


def main() -> None:
    parser = argparse.ArgumentParser(description="Name-matching speed against brute force.")
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--brute", type=int, default=300, help="queries also run by brute force (it is slow)")
    parser.add_argument("--labelled", type=int, default=200, help="labelled-set queries added to the brute-force sample")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--phases", type=int, default=5_000, help="queries for the split by step (0: none)")
    parser.add_argument("--no-cold-start", action="store_true")
    parser.add_argument("--cold-start-only", action="store_true", help="only the CLI start-up measurement")
    args = parser.parse_args()
    if args.cold_start_only:
        report_cold_start()
        return

    parties, described = benchmark_parties()
    start = time.perf_counter()
    index = NameIndex(parties)
    build = time.perf_counter() - start
    print(f"lists: {', '.join(described)}")
    print(f"index: {len(index)} names, built in {build:.1f} s (cached on disk by the CLI)")
    listed = [name for name in index.entry_name if name.isascii()]
    queries = generated_names(args.queries, listed)

    times, hits = [], 0
    for name in queries:
        t0 = time.perf_counter()
        found = index.search(name, threshold=args.threshold)
        times.append(time.perf_counter() - t0)
        hits += bool(found)
    med, p95 = statistics.median(times), percentile(times, 0.95)
    print(f"\nindex:       {len(queries)} queries, median {med * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms, "
          f"{len(queries) / sum(times):.0f} queries/s, {hits} queries with a hit at {args.threshold:g}")

    sample = random.Random(11).sample(queries, min(args.brute, len(queries)))
    if args.labelled:
        # The labelled set's queries (typos, transliterations, Han names, near-miss negatives) stress the pruning bound.
        import csv

        with (HERE / "data" / "matching-eval.csv").open(encoding="utf-8") as handle:
            labelled = [row["query"] for row in csv.DictReader(handle)]
        sample += random.Random(12).sample(labelled, min(args.labelled, len(labelled)))
        for name in sample[-args.labelled:]:
            if name not in queries:
                queries.append(name)
                t0 = time.perf_counter()
                index.search(name, threshold=args.threshold)
                times.append(time.perf_counter() - t0)
    brute_times, brute_hits, index_found = [], 0, 0
    for name in sample:
        t0 = time.perf_counter()
        expected = brute_force(index, name, args.threshold)
        brute_times.append(time.perf_counter() - t0)
        found = {id(h.party) for h in index.search(name, threshold=args.threshold, explain_hits=False)}
        brute_hits += len(expected)
        index_found += sum(1 for p in expected if id(index.parties[p]) in found)
    bmed, bp95 = statistics.median(brute_times), percentile(brute_times, 0.95)
    sample_index = [times[queries.index(n)] for n in sample]
    print(f"brute force: {len(sample)} queries ({len(sample) - args.labelled} generated, {args.labelled} from the labelled set), median {bmed * 1000:.1f} ms, p95 {bp95 * 1000:.1f} ms, "
          f"{len(sample) / sum(brute_times):.1f} queries/s")
    print(f"ratio:       index is {bmed / med:.0f}x faster (median), {sum(brute_times) / sum(sample_index):.0f}x (total on the sample)")
    share = index_found / brute_hits if brute_hits else 1.0
    print(f"recall of brute-force hits: {index_found}/{brute_hits} = {share:.4f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MB")
    print("targets: median <= 0.2 ms, >= 50x, >= 99.5 % of brute-force hits, peak <= 300 MB")
    if args.phases:
        report_phases(phase_split(index, generated_names(args.phases, listed, seed=8), args.threshold))

    if not args.no_cold_start:
        report_cold_start()


def report_cold_start() -> None:
    base, screen = cold_start()
    print(f"\ncold start: import baseline {base:.3f} s, screen parties (10 rows, one in Han characters, warm cache) "
          f"{screen:.3f} s, ratio {screen / base:.2f} (target <= 2.5)")
    latin = [COLD_START_ROWS[0]] + [r.replace("深圳市大疆创新科技有限公司", "SZ DJI Technology Co Ltd") for r in COLD_START_ROWS[1:]]
    base, screen = cold_start(rows=latin)
    print(f"cold start, ten Latin-script rows: import baseline {base:.3f} s, screen parties {screen:.3f} s, "
          f"ratio {screen / base:.2f} (target <= 2.5)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
