"""Screen each file pre-commit hands over: `python -m compliance.cli.precommit bom [--opt=value ...] FILE...`.

pre-commit passes every changed file in one call, while `compliance screen` takes one
file; this runs one screening per file and exits with the worst code (2 over 1 over 0;
130 at once when interrupted). Options must be written `--fail-on=high` (one argument
each), because anything not starting with `-` is taken as a file.
"""

from __future__ import annotations

import subprocess
import sys

KINDS = ("bom", "parties")


def worst(codes: list[int]) -> int:
    """The exit code of the whole run: 2 beats 1 beats 0."""
    if 2 in codes:
        return 2
    return max(codes, default=0)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in KINDS:
        print(f"usage: python -m compliance.cli.precommit {{{','.join(KINDS)}}} [--option=value ...] FILE...", file=sys.stderr)
        return 2
    kind, rest = args[0], args[1:]
    options = [a for a in rest if a.startswith("-")]
    files = [a for a in rest if not a.startswith("-")]
    codes = []
    for file in files:
        proc = subprocess.run([sys.executable, "-m", "compliance", "screen", kind, file, *options])
        if proc.returncode == 130:
            return 130
        codes.append(proc.returncode)
    return worst(codes)


if __name__ == "__main__":
    sys.exit(main())
