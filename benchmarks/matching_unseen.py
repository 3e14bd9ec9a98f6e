"""Name matching on names it has never seen: recall per variant kind, false positives, retrieval.

Run: python benchmarks/matching_unseen.py [--half dev|test] [--threshold 85] [--negatives N] [--misses K]

Reads the half written by benchmarks/names_eval/generate.py (benchmarks/data/names-unseen-<half>.csv.gz)
and screens every query the way `compliance screen parties` does: the name index over all
bundled lists (plus the OFAC SDN built from ../shared/data/us/ofac-2024 when the bundle has
no SDN), `NameIndex.search` at the threshold. A positive is found when a hit is the expected
entry (same id, or same list and primary name); a negative is a false positive when anything
scores at or above the threshold. The control line screens the unaltered listed names the
variants were made from (it must be 1.000, else the labels are wrong). "Retrieved" is the share of positives whose expected entry
is among the candidates the index hands to scoring at the threshold (after its safe upper bound has set aside the
names that cannot reach it); "generated" is the same share before that bound (the candidate lookups alone,
threshold 0): where the two differ, the expected entry was found and scored under the threshold, except for
those counted as "lost by the candidate bound": the expected names left out at the threshold that score at or above
it when aligned directly (the candidate step's losses, as against scoring's misses; 0 is what it aims at).
Tune on dev; the test half is frozen.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from names_eval.generate import FILES, shared_dir  # noqa: E402

from compliance.matching import DEFAULT_THRESHOLD, compare, normalize_name  # noqa: E402
from compliance.matching.index import NameIndex  # noqa: E402
from compliance.matching.score import align  # noqa: E402

SDN_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")

#: The table at the top of issue 13: (query, listed name or second name, how, should it match).
ISSUE_TABLE = [
    ("Huawai Technologies Co Ltd", "Huawei Technologies Co., Ltd.", "index", True),
    ("Huawei", "Huawei Technologies Co., Ltd.", "index", True),
    ("Hikvison Digital Technology", "Hangzhou Hikvision Digital Technology Co., Ltd.", "index", True),
    ("华为技术有限公司 Huawei Technologies Co., Ltd.", "Huawei Technologies Co., Ltd.", "index", True),
    ("Hangzhou Hikvision Digital Technology Co., Ltd., No. 555 Qianmo Road, Binjiang",
     "Hangzhou Hikvision Digital Technology Co., Ltd.", "index", True),
    ("Vladimir Putin", "PUTIN, Vladimir Vladimirovich", "index", True),
    ("Daniel Pratt", "DANIEL", "index", False),
    ("Bowne Global Solutions II", "Bowne Global Solutions", "compare", False),
    ("高市早苗", "高石早苗", "compare", False),
    ("高石早苗", "高市早苗", "compare", False),
    ("محمد علي", "Mohammed Ali", "compare", True),
]


def screening_parties() -> tuple[list, list[str]]:
    """The CLI's default list set (every bundled snapshot), plus the SDN from ../shared if the bundle lacks it."""
    from compliance.lists.store import load_snapshots

    snapshots = load_snapshots()
    parties = [p for s in snapshots for p in s.parties]
    described = [f"{s.list_id} ({len(s.parties)})" for s in snapshots]
    shared = shared_dir()
    if "sdn" not in {s.list_id for s in snapshots} and shared is not None:
        from compliance.lists.importers.ofac_sdn import OfacSdnImporter

        folder = shared / "data" / "us" / "ofac-2024"
        for imported in OfacSdnImporter().read([folder / n for n in SDN_FILES if (folder / n).exists()]):
            parties += imported.parties
            described.append(f"{imported.list_id} ({len(imported.parties)}, from ../shared/data/us/ofac-2024)")
    return parties, described


def read_half(half: str) -> list[dict[str, str]]:
    path = HERE / "data" / FILES[half]
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def is_expected(party, row: dict[str, str]) -> bool:
    return party.id == row["expected_id"] or (party.list == row["expected_list"] and party.primary_name == row["expected_name"])


def retrieved(index: NameIndex, query: str, row: dict[str, str], threshold: float) -> bool | None:
    """Is the expected entry among the candidates scored at this threshold? None when the index has no such step."""
    try:
        found = index.candidates(normalize_name(query), threshold)
        return any(is_expected(index.parties[index.entry_party[e]], row) for e in found)
    except (AttributeError, TypeError):
        return None


def lost_by_bound(index: NameIndex, query: str, row: dict[str, str], threshold: float) -> bool:
    """Does a name of the expected party score at least `threshold` when aligned directly? The candidate step's
    bound is meant to leave out only names that cannot: every such case is a retrieval loss, not a scoring miss."""
    normalized = normalize_name(query)
    if not normalized.tokens:
        return False
    return any(align(normalized, index.entry(e), index.weight).score >= threshold
               for e in range(len(index)) if is_expected(index.parties[index.entry_party[e]], row))


def evaluate(index: NameIndex, rows: list[dict[str, str]], threshold: float, misses: int):
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: dict[str, list[str]] = defaultdict(list)
    timings: list[float] = []
    for row in rows:
        start = time.perf_counter()
        hits = index.search(row["query"], threshold=threshold, explain_hits=False)
        timings.append(time.perf_counter() - start)
        s = stats[row["kind"]]
        s["n"] += 1
        if row["expected_id"]:
            found = any(is_expected(h.party, row) for h in hits)
            s["found"] += found
            # control: the listed name the variant was made from, unaltered, must be found
            s["control"] += any(is_expected(h.party, row) for h in index.search(row["source_name"], threshold=threshold, explain_hits=False))
            got = retrieved(index, row["query"], row, threshold)
            if got is not None:
                s["retrieval_known"] += 1
                s["retrieved"] += got
                s["generated"] += got or bool(retrieved(index, row["query"], row, 0.0))
                if not got:  # left out at the threshold: was it the bound's doing (the name would have scored)?
                    s["lost"] += lost_by_bound(index, row["query"], row, threshold)
            if not found and misses and len(examples[row["kind"]]) < misses:
                best = f"{hits[0].party.primary_name!r} {hits[0].score:g}" if hits else "no hit"
                examples[row["kind"]].append(f"{row['query']!r} -> expected {row['expected_name']!r}; got {best}")
        else:
            s["fp"] += bool(hits)
            if hits and misses and len(examples[row["kind"]]) < misses:
                examples[row["kind"]].append(f"{row['query']!r} -> {hits[0].party.primary_name!r} {hits[0].score:g}")
    return stats, examples, timings


def issue_table(index: NameIndex, threshold: float) -> list[tuple[str, str, str, str, str, str]]:
    """(query, expected, score, verdict, as issue 13 expects?, explanation) for the issue's example queries."""
    out = []
    for query, other, how, should in ISSUE_TABLE:
        if how == "compare":
            comparison = compare(query, other)
            score: float | None = comparison.score
            why = comparison.explanation
        else:
            hits = [h for h in index.search(query, threshold=0.0) if h.party.primary_name == other]
            score = max(h.score for h in hits) if hits else None
            why = max(hits, key=lambda h: h.score).explanation if hits else ""
        matched = score is not None and score >= threshold
        verdict = ("match" if matched else "below threshold") if score is not None else "no candidate"
        expected = f"{other} ({'match' if should else 'no match'})"
        out.append((query, expected, "-" if score is None else f"{score:g}", verdict, "yes" if matched == should else "NO", why))
    return out


def _share(stats, key: str) -> str:
    return f"{stats[key] / stats['retrieval_known']:.3f}" if stats["retrieval_known"] else "n/a"


def print_report(stats, examples, timings, threshold: float, positive_kinds: set[str]) -> None:
    print(f"\nthreshold {threshold:g}")
    print(f"{'variant kind':24} {'n':>6} {'found':>6} {'recall':>7} {'retrieved':>10} {'generated':>10}")
    total = defaultdict(int)
    for kind in sorted(positive_kinds):
        s = stats[kind]
        for key in ("n", "found", "retrieval_known", "retrieved", "generated", "control", "lost"):
            total[key] += s[key]
        print(f"{kind:24} {s['n']:>6} {s['found']:>6} {s['found'] / s['n']:>7.3f} {_share(s, 'retrieved'):>10} "
              f"{_share(s, 'generated'):>10}")
    print(f"{'all positives':24} {total['n']:>6} {total['found']:>6} {total['found'] / max(1, total['n']):>7.3f} "
          f"{_share(total, 'retrieved'):>10} {_share(total, 'generated'):>10}")
    print(f"{'':24} of the expected names not retrieved at the threshold, {total['lost']} would have scored at or above "
          "it (lost by the candidate bound; the rest score under it: scoring misses)")
    print(f"{'control: as listed':24} {total['n']:>6} {total['control']:>6} {total['control'] / max(1, total['n']):>7.3f}"
          "   (the unaltered source names; anything under 1.000 is a labelling fault)")
    print(f"\n{'negative kind':24} {'n':>6} {'FP':>6} {'FP rate':>8}")
    neg = fp = 0
    for kind in sorted(set(stats) - positive_kinds):
        s = stats[kind]
        neg, fp = neg + s["n"], fp + s["fp"]
        print(f"{kind:24} {s['n']:>6} {s['fp']:>6} {s['fp'] / s['n']:>8.4f}")
    print(f"{'all negatives':24} {neg:>6} {fp:>6} {fp / max(1, neg):>8.4f}")
    if timings:
        print(f"\nsearch time per query: median {statistics.median(timings) * 1000:.3f} ms, "
              f"mean {statistics.mean(timings) * 1000:.3f} ms, p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:.3f} ms")
    for kind in sorted(examples):
        print(f"\n{kind}: first misses / false positives")
        for line in examples[kind]:
            print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Name matching on unseen names (generated set).")
    parser.add_argument("--half", choices=("dev", "test"), default="dev")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--negatives", type=int, default=0, help="score only a seeded sample of N negatives (quick iteration; reported figures use all)")
    parser.add_argument("--misses", type=int, default=0, help="list up to K misses / false positives per kind")
    args = parser.parse_args()
    rows = read_half(args.half)
    positives = [r for r in rows if r["expected_id"]]
    negatives = [r for r in rows if not r["expected_id"]]
    if args.negatives and args.negatives < len(negatives):
        negatives = random.Random(0).sample(negatives, args.negatives)
    start = time.perf_counter()
    parties, described = screening_parties()
    index = NameIndex(parties)
    print(f"lists: {', '.join(described)}; {len(index)} names; index built in {time.perf_counter() - start:.1f} s")
    print(f"half: {args.half} ({len(positives)} positives, {len(negatives)} negatives{' (sample)' if args.negatives else ''})")
    stats, examples, timings = evaluate(index, positives + negatives, args.threshold, args.misses)
    print_report(stats, examples, timings, args.threshold, {r['kind'] for r in positives})
    print("\nissue 13 examples")
    print(f"{'query':50} {'expected':60} {'score':>6}  verdict          as expected")
    for query, expected, score, verdict, ok, why in issue_table(index, args.threshold):
        print(f"{query[:50]:50} {expected[:60]:60} {score:>6}  {verdict:16} {ok}")
        if why:
            print(f"{'':6}{why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
