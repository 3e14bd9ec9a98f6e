"""Run a fuzz harness for a set time: `python fuzz/run.py HARNESS --seconds N`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HARNESSES = sorted(p.stem.removeprefix("fuzz_") for p in HERE.glob("fuzz_*.py"))


def run(name: str, seconds: int) -> int:
    corpus = HERE / "corpus" / name
    crashes = HERE / "crashes" / name
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    work = HERE / "scratch" / name  # new inputs found while fuzzing; not committed
    work.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        str(HERE / f"fuzz_{name}.py"),
        f"-max_total_time={seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={crashes}/",
        str(work),
        str(corpus),
    ]
    print("running:", " ".join(cmd[1:]), flush=True)
    return subprocess.call(cmd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("harness", choices=[*HARNESSES, "all"])
    parser.add_argument("--seconds", type=int, default=600)
    args = parser.parse_args()
    names = HARNESSES if args.harness == "all" else [args.harness]
    worst = 0
    for name in names:
        worst = max(worst, run(name, args.seconds))
    return worst


if __name__ == "__main__":
    sys.exit(main())
