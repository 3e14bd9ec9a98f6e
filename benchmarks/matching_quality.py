"""Name-matching quality on the labelled set: recall, false-positive rate and F1 per category.

Run: python benchmarks/matching_quality.py [--threshold 85] [--sweep]

The set (benchmarks/data/matching-eval.csv, built by build_matching_set.py) holds
realistic variants of real listed names and real unlisted organisations that share
words with listed ones. A positive counts as found when a hit at or above the threshold
is the expected entry (same list, same primary name); a negative is a false positive
when anything scores at or above the threshold. Per category, "top-1 P" is the share of
queries with a hit whose best hit carries the expected name, and F1 combines it with
recall; the overall F1 uses the negatives' false positives as the precision side.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _lists import benchmark_parties  # noqa: E402

from compliance.matching import DEFAULT_THRESHOLD  # noqa: E402
from compliance.matching.index import NameIndex  # noqa: E402


def evaluate(index: NameIndex, rows: list[dict[str, str]], threshold: float) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        hits = index.search(row["query"], threshold=threshold, explain_hits=False)
        cat = stats[row["category"]]
        if row["expected_name"]:
            found = any(h.party.list == row["expected_list"] and h.party.primary_name == row["expected_name"] for h in hits)
            cat["positives"] += 1
            cat["tp"] += found
            if hits:  # precision of what is reported: is the best hit the expected entry (or one of that name)?
                cat["reported"] += 1
                cat["top_right"] += row["expected_name"] in hits[0].party.names
        else:
            cat["negatives"] += 1
            cat["fp"] += bool(hits)
    return stats


def summary(stats: dict[str, dict[str, int]]) -> dict[str, float]:
    tp = sum(s["tp"] for s in stats.values())
    pos = sum(s["positives"] for s in stats.values())
    fp = sum(s["fp"] for s in stats.values())
    neg = sum(s["negatives"] for s in stats.values())
    han_tp = sum(s["tp"] for c, s in stats.items() if c.startswith("han"))
    han_pos = sum(s["positives"] for c, s in stats.items() if c.startswith("han"))
    recall = tp / pos if pos else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"recall": recall, "han_recall": han_tp / han_pos if han_pos else 0.0, "fp_rate": fp / neg if neg else 0.0,
            "precision": precision, "f1": f1, "positives": pos, "negatives": neg}


def main() -> None:
    parser = argparse.ArgumentParser(description="Name-matching quality on the labelled set.")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="also report thresholds 75-95")
    parser.add_argument("--misses", action="store_true", help="list missed positives and false positives")
    args = parser.parse_args()
    rows = list(csv.DictReader((HERE / "data" / "matching-eval.csv").open(encoding="utf-8")))
    parties, described = benchmark_parties()
    index = NameIndex(parties)
    print(f"lists: {', '.join(described)}; {len(index)} names")
    stats = evaluate(index, rows, args.threshold)
    print(f"\nthreshold {args.threshold:g}")
    print(f"{'category':24} {'rows':>5} {'recall':>7} {'top-1 P':>8} {'F1':>6} {'FP rate':>8}")
    for category in sorted(stats):
        s = stats[category]
        if s["positives"]:
            recall = s["tp"] / s["positives"]
            precision = s["top_right"] / s["reported"] if s["reported"] else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            print(f"{category:24} {s['positives']:5d} {recall:7.3f} {precision:8.3f} {f1:6.3f} {'':>8}")
        else:
            print(f"{category:24} {s['negatives']:5d} {'':>7} {'':>8} {'':>6} {s['fp'] / s['negatives']:8.3f}")
    total = summary(stats)
    print(f"\noverall: recall {total['recall']:.3f} (targets >= 0.97), Han recall {total['han_recall']:.3f} (>= 0.90), "
          f"FP rate {total['fp_rate']:.3f} (<= 0.01), precision {total['precision']:.3f}, F1 {total['f1']:.3f} "
          f"[{total['positives']} positives, {total['negatives']} negatives]")
    if args.misses:
        for row in rows:
            hits = index.search(row["query"], threshold=args.threshold, explain_hits=False)
            expected = row["expected_name"]
            ok = any(h.party.primary_name == expected and h.party.list == row["expected_list"] for h in hits) if expected else not hits
            if not ok:
                best = index.search(row["query"], threshold=0, top=1)
                shown = f"{best[0].score:g} {best[0].name!r}" if best else "-"
                print(f"MISS {row['category']}: {row['query']!r} expected {expected!r}; best {shown}")
    holdout = list(csv.DictReader((HERE / "data" / "matching-han-holdout.csv").open(encoding="utf-8")))
    found = 0
    for row in holdout:
        hits = index.search(row["query"], threshold=args.threshold, explain_hits=False)
        ok = any(row["expected_name"] in h.party.names for h in hits)
        found += ok
        if args.misses and not ok:
            print(f"MISS han-holdout: {row['query']!r} expected {row['expected_name']!r} ({row['note']})")
    print(f"Han hold-out (not used for tuning): recall {found / len(holdout):.3f} ({found}/{len(holdout)})")
    if args.sweep:
        print(f"\n{'threshold':>9} {'recall':>7} {'Han':>6} {'FP rate':>8} {'F1':>6}")
        for threshold in (75, 80, 85, 88, 90, 95):
            s = summary(evaluate(index, rows, threshold))
            print(f"{threshold:9d} {s['recall']:7.3f} {s['han_recall']:6.3f} {s['fp_rate']:8.3f} {s['f1']:6.3f}")


if __name__ == "__main__":
    main()
