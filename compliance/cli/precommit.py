"""Screen the files pre-commit hands over: `python -m compliance.cli.precommit bom [--opt=value ...] FILE...`.

pre-commit passes every changed file in one call, while `compliance screen` takes one
file. This screens each file to a JSON report, then judges them together with
`compliance report render --gate` (one table, one verdict), so a waiver used by one file
is not "unused" because another does not need it. A file that cannot be screened makes
the run exit 2; Ctrl-C exits 130. Options must be written `--fail-on=high` (one
argument each), because anything not starting with `-` is taken as a file.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = ("bom", "parties")
#: options that belong to the verdict over all files, not to each file's screening
GATE_OPTIONS = ("--strict", "--no-strict", "--min-severity")
#: options both need
SHARED_OPTIONS = ("--max-rejected-rows", "--trust-repo-config")


def _compliance(*args: str) -> int:
    return subprocess.run([sys.executable, "-m", "compliance", *args]).returncode


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in KINDS:
        print(f"usage: python -m compliance.cli.precommit {{{','.join(KINDS)}}} [--option=value ...] FILE...", file=sys.stderr)
        return 2
    kind, rest = args[0], args[1:]
    options = [a for a in rest if a.startswith("-")]
    files = [a for a in rest if not a.startswith("-")]
    per_file = [o for o in options if not o.startswith(GATE_OPTIONS)]
    gate = [o for o in options if o.startswith(GATE_OPTIONS + SHARED_OPTIONS)]
    worst = 0
    with tempfile.TemporaryDirectory(prefix="compliance-precommit-") as tmp:
        reports = []
        for n, file in enumerate(files):
            report = Path(tmp) / f"{n}.json"
            code = _compliance("screen", kind, file, *per_file, "-f", f"json={report}")
            if code == 130:
                return 130
            if code >= 2:
                worst = 2
            if report.is_file():
                reports.append(str(report))
        if not reports:
            return worst
        code = _compliance("report", "render", *reports, "--gate", *gate, "-f", "table")
    if code == 130:
        return 130
    return 2 if 2 in (worst, code) else code


if __name__ == "__main__":
    sys.exit(main())
