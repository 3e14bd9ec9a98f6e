"""Instructions a run of searches costs: this tree against another revision, counted by callgrind.

Run: python benchmarks/instructions.py [--base REV] [--queries 1500]

On a shared machine the clock drifts (the same tree's median search moved 7 % within one session), so a change
worth a few per cent cannot be told from noise by timing it. Callgrind counts the instructions a process runs,
whatever else the machine does: two runs of the same code agree within ~0.5 %, so a difference of 1 % or more is
the code's. For each tree (the working tree, and REV
exported with `git archive`), the name index over every bundled list is built natively and pickled; then, under
callgrind, one process loads it and runs N generated searches (they fill the per-token memos as a run's first
names do), and a second process runs the same and N more. The difference is what those N searches cost. Both
trees search the same names (this tree's `matching.generated_names`). Needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

BUILD = """
import pickle, sys
sys.path.insert(0, {benchmarks!r})
from _lists import benchmark_parties
from compliance.matching.index import NameIndex
parties, _ = benchmark_parties()
pickle.dump((list(parties), NameIndex(parties)), open({pickled!r}, "wb"), protocol=5)
"""

SEARCH = """
import os, pickle
import compliance
assert compliance.__file__.startswith({tree!r}), compliance.__file__  # the tree's own code is measured
parties, index = pickle.load(open({pickled!r}, "rb"))
index.attach(parties)
names = open({names!r}, encoding="utf-8").read().splitlines()
count = {count}
for name in names[:count]:
    index.search(name, threshold={threshold})
if os.environ.get("MEASURED") == "1":
    for name in names[count:2 * count]:
        index.search(name, threshold={threshold})
"""


def callgrind_total(path: Path) -> int:
    """The instructions a callgrind output file counts (its `summary:` or `totals:` line)."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = re.match(r"(?:summary|totals):\s+(\d+)", line)
        if found:
            return int(found.group(1))
    raise ValueError(f"{path}: no summary line (did callgrind finish?)")


def _run(command: list[str], **options) -> bytes:
    """Run a step; when it fails, stop with what it said on stderr (the step's own error, not a traceback of ours)."""
    done = subprocess.run(command, capture_output=True, **options)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-15:]
        sys.exit(f"instructions.py: {command[0]} failed (exit {done.returncode}):\n" + "\n".join(said))
    return done.stdout


def export_tree(revision: str, folder: Path) -> Path:
    """The files of `revision` in `folder` (git archive: no work tree is registered)."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = _run(["git", "-C", str(REPO), "archive", revision])
    _run(["tar", "-x", "-C", str(folder)], input=archive)
    return folder


def searches_cost(tree: Path, work: Path, names: Path, count: int, threshold: float) -> int:
    """Instructions `count` searches cost with the code of `tree` (see the module docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0", COMPLIANCE_CACHE_DIR=str(work / "cache"))
    pickled = work / "index.pickle"
    # run from `work`: `python -c` puts the current folder first on the path, which would import this tree's code
    _run([sys.executable, "-c", BUILD.format(benchmarks=str(HERE), pickled=str(pickled))], env=env, cwd=work)
    code = SEARCH.format(tree=str(tree), pickled=str(pickled), names=str(names), count=count, threshold=threshold)
    totals = []
    for measured in ("0", "1"):
        out = work / f"callgrind-{measured}.out"
        _run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", code],
             env=dict(env, MEASURED=measured), cwd=work)
        totals.append(callgrind_total(out))
    return totals[1] - totals[0]


def main() -> None:
    parser = argparse.ArgumentParser(description="Instructions of N searches, this tree against another revision.")
    parser.add_argument("--base", default="HEAD", help="the revision to compare with (default: HEAD)")
    parser.add_argument("--queries", type=int, default=1500, help="searches measured (as many run before them)")
    parser.add_argument("--threshold", type=float, default=85.0)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (Debian: apt-get install valgrind)")
    from _lists import benchmark_parties
    from matching import generated_names

    parties, _ = benchmark_parties()
    listed = sorted({name for p in parties for name in p.names if name.isascii()})
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        names = tmp_path / "names.txt"
        names.write_text("\n".join(n.replace("\n", " ") for n in generated_names(2 * args.queries, listed)),
                         encoding="utf-8")
        base = export_tree(args.base, tmp_path / "base")
        trees = {"this tree": REPO, args.base: base}
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = {label: pool.submit(searches_cost, tree, tmp_path / re.sub(r"\W", "_", label), names,
                                       args.queries, args.threshold)
                    for label, tree in trees.items()}
            costs = {label: job.result() for label, job in jobs.items()}
    mine, theirs = costs["this tree"], costs[args.base]
    print(f"{args.queries} searches after as many to warm the memos, threshold {args.threshold:g}")
    for label, cost in costs.items():
        print(f"  {label:<12} {cost / 1e9:8.3f} G instructions ({cost / args.queries / 1e6:.2f} M a search)")
    print(f"  this tree / {args.base}: {mine / theirs:.4f} ({(mine / theirs - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
