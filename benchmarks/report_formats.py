"""Rendering and policy cost on a large report.

    python benchmarks/report_formats.py [--findings 20000] [--records 100000] [--waivers 200]

Builds a synthetic report (party findings with list matches, `--records` screened
records) and times every format's render, plus apply_policy with `--waivers` waivers,
against a baseline measured in the same run: plain `json.dumps` of the report's data
(the least any format must do). Prints seconds and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compliance.model.base import jsonable  # noqa: E402
from compliance.model.finding import Finding, Match, Subject, fingerprint  # noqa: E402
from compliance.gate import Policy, Waiver, WaiverMatch, apply_policy  # noqa: E402
from compliance.report.interface import RenderOptions  # noqa: E402
from compliance.model.report import InputProvenance, Provenance, RecordRef, Report, Tool, summarize  # noqa: E402
from compliance.report.registry import FORMATS  # noqa: E402
from compliance.rulepacks.schema import Citation, Outcome, RuleKind, Severity  # noqa: E402

SEVERITIES = list(Severity)


def synthetic_report(findings: int, records: int) -> Report:
    items = []
    for i in range(findings):
        name = f"Supplier {i} Trading Co., Ltd."
        rule = f"US-BIS-RULE-{i % 12}"
        items.append(
            Finding(
                fingerprint=fingerprint(rule, name, f"el-{i}"),
                rule_id=rule,
                kind=RuleKind.LISTED_PARTY,
                severity=SEVERITIES[i % len(SEVERITIES)],
                outcome=Outcome.LICENSE_REQUIRED,
                message=f"{name} matches an Entity List entry",
                subject=Subject(file="suppliers.csv", row=2 + (i * 5) % records, field="name", value=name, party_name=name),
                match=Match(list=("entity-list", "meu", "sdn")[i % 3], entry_id=f"el-{i}", name=f"SUPPLIER {i} TRADING", matched_name=name, score=90 + i % 10, explanation="token-set"),
                evidence={"country": "CN", "aliases": [f"S{i}", f"Supplier-{i}"]},
                citation=Citation(document="15 CFR Part 744, Supplement No. 4", url="https://www.ecfr.gov/current/title-15/part-744"),
            )
        )
    inputs = [
        InputProvenance(
            path="suppliers.csv", kind="parties", sha256="0" * 64, rows_read=records, rows_screened=records, rows_rejected=0,
            records=[RecordRef(row=r + 2, id=f"S-{r}") for r in range(records)],
        )
    ]
    return Report(
        tool=Tool(version="bench"), generated_at="2026-01-01T00:00:00Z", as_of="2026-01-01", scenario="as-written",
        provenance=Provenance(inputs=inputs), summary=summarize(items, inputs), findings=items,
    )


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=20000)
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--waivers", type=int, default=200)
    args = parser.parse_args()
    report = synthetic_report(args.findings, args.records)
    baseline = timed(lambda: json.dumps(jsonable(report)))
    print(f"report: {args.findings} findings, {args.records} screened records")
    print(f"baseline json.dumps(jsonable(report)): {baseline:.3f} s")
    options = RenderOptions(color=False, width=100)
    for name in sorted(FORMATS):
        fmt = FORMATS[name]()
        seconds = timed(lambda: fmt.render(report, options))
        print(f"{name:9s} {seconds:7.3f} s  {seconds / baseline:6.1f}x baseline")
    waivers = tuple(
        Waiver(
            id=f"W-{i}", rule="US-BIS-*", match=WaiverMatch(party=f"supplier {i * 7} trading*"), justification="bench",
            approved_by="bench", approved_on=dt.date(2025, 12, 1), expires=dt.date(2026, 6, 1),
        )
        for i in range(args.waivers)
    )
    seconds = timed(lambda: apply_policy(report, Policy(waivers=waivers)))
    print(f"policy    {seconds:7.3f} s  {seconds / baseline:6.1f}x baseline  ({args.waivers} waivers x {args.findings} findings)")


if __name__ == "__main__":
    main()
