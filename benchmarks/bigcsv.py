"""Multi-gigabyte BOM CSV: is reading streamed, in bounded memory?

    python benchmarks/bigcsv.py [--size-mb 2048] [--screen-lines 1000000]

Generates a BOM CSV of `--size-mb` into a temporary folder (deleted afterwards) and
measures, each in a fresh child process (peak RSS = that process alone):

1. baseline   - `csv.reader` over the file (the floor: decode + split, nothing kept);
2. reader     - the compliance CSV reader streaming every row (encoding detection,
                incremental decoding, line checks, SourceRow per row; nothing kept);
3. screen     - `screen_bom` (read + tree + rules + No. 61 shares) on the first
                `--screen-lines` lines: a BOM needs its whole tree for the roll-up,
                so its memory grows with the records parsed - reported per million lines;
4. one line   - a 256 MB file without a newline (a binary dump or runaway quote):
                refused at line 1 after reading at most MAX_LINE_CHARS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "part_number,description,parent,quantity,unit_value,currency,unit_mass,supplier,manufacturer,origin_country,hs_code,materials\n"
MATERIALS = ["Nd 27%; Pr 3%; Dy 4%@CN; B 1%; Fe 65%", "Fe 98%; Cr 1%; Mo 0.2%", "Cu 99.9%", "", "Al 88%; Si 10%; Cu 2%", ""]
ORIGINS = ["DE", "JP", "CN", "US", "IT", "KR"]


def generate(path: Path, size: int) -> int:
    """Write a two-level BOM (assemblies of 1,000 parts) of about `size` bytes; return its lines."""
    lines = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written = len(HEADER)
        block: list[str] = []
        while written < size:
            assembly = f"ASM-{lines // 1000}"
            block.append(f"{assembly},Assembly {lines // 1000},,1,5000.00,USD,50kg,,Maker GmbH,DE,850300,\n")
            for i in range(1, 1000):
                n = lines + i
                block.append(
                    f"P-{n},Part {n} for assembly {lines // 1000},{assembly},{1 + n % 4},{1 + n % 500}.25,USD,{5 + n % 4000}g,"
                    f"Supplier {n % 97},Maker {n % 89},{ORIGINS[n % 6]},850511,{MATERIALS[n % 6]}\n"
                )
            lines += 1000
            text = "".join(block)
            block.clear()
            out.write(text)
            written += len(text)
    return lines


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(mode: str, path: str, limit: int) -> None:
    start = time.perf_counter()
    rows, note = 0, ""
    if mode == "baseline":
        import csv

        with open(path, encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle):
                rows += 1
        rows -= 1
    elif mode == "reader":
        from compliance.readers.tabular import read_csv_rows

        _, stream = read_csv_rows(path, "big.csv")
        for _ in stream:
            rows += 1
    elif mode == "screen":
        import datetime as dt
        import itertools

        from compliance.rulepacks.loader import load_rules
        from compliance.pipeline import screen_bom

        prefix = Path(path).with_name("prefix.csv")
        with open(path, encoding="utf-8") as source, prefix.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(source, limit + 1))
        rules = load_rules()
        start = time.perf_counter()
        result = screen_bom(prefix, rules=rules, as_of=dt.date(2026, 11, 28))
        rows = result.inputs[0].rows_read
        note = f"{len(result.findings):,} findings"
        prefix.unlink()
    elif mode == "oneline":
        from compliance.model.errors import InputError
        from compliance.readers.tabular import read_csv_rows

        try:
            _, stream = read_csv_rows(path, "oneline.csv")
            for _ in stream:
                rows += 1
        except InputError as exc:
            note = str(exc)
    print(json.dumps({"rows": rows, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb(), "note": note}))


def measure(mode: str, path: Path, limit: int = 0) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(path), str(limit)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=2048, help="size of the generated CSV (default 2048 = 2 GB)")
    parser.add_argument("--screen-lines", type=int, default=1_000_000, help="lines of it screened end to end")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path, limit = args.child
        _child(mode, path, int(limit))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        t0 = time.perf_counter()
        lines = generate(path, args.size_mb << 20)
        size_mb = path.stat().st_size / (1 << 20)
        print(f"generated {size_mb:,.0f} MB, {lines:,} lines in {time.perf_counter() - t0:.0f} s")
        base = measure("baseline", path)
        read = measure("reader", path)
        screen = measure("screen", path, args.screen_lines)
        path.unlink()
        oneline = Path(tmp) / "oneline.csv"
        with oneline.open("wb") as out:
            out.write(HEADER.encode())
            chunk = b"x" * (1 << 20)
            for _ in range(256):
                out.write(chunk)
        one = measure("oneline", oneline)
    for name, run in (("csv.reader (baseline)", base), ("compliance reader", read)):
        print(f"{name:22}: {run['rows']:,} rows in {run['seconds']:.1f} s = {size_mb / run['seconds']:,.1f} MB/s, "
              f"{run['rows'] / run['seconds']:,.0f} rows/s, peak RSS {run['peak_mb']:,.0f} MB")
    print(f"ratio                 : reader is {read['seconds'] / base['seconds']:.2f}x the baseline's time; "
          f"peak RSS {read['peak_mb']:,.0f} MB for a {size_mb:,.0f} MB file")
    per_million = screen["peak_mb"] / (screen["rows"] / 1e6)
    print(f"screen_bom            : {screen['rows']:,} lines in {screen['seconds']:.1f} s = {screen['rows'] / screen['seconds']:,.0f} lines/s, "
          f"peak RSS {screen['peak_mb']:,.0f} MB (~{per_million:,.0f} MB per million lines; {screen['note']})")
    print(f"256 MB single line    : refused in {one['seconds']:.2f} s, peak RSS {one['peak_mb']:,.0f} MB: {one['note']}")


if __name__ == "__main__":
    main()
