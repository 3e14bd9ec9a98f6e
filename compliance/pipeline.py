"""The core: records + rule packs (+ restricted-party index) → findings.

Pure: it reads no files and prints nothing. Each rule kind has one function that
turns a record and a rule in force into findings; rules that are not in force on
the as-of date produce nothing, so re-running "as of" another date or under another
scenario is the way to answer "and if the truce ends?".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Sequence

from compliance.parties.affiliates import ListingHit, PartyIndex, Subjects, affiliate_findings
from compliance.bom.checks import build_context, content_threshold_findings, controlled_item_findings
from compliance.model.finding import Finding
from compliance.parties.ownership import build_graph
from compliance.bom.prices import PriceTable, load_prices
from compliance.readers.bom import BomOptions, read_bom
from compliance.readers.ownership import OwnershipRows
from compliance.model.records import BomLine, Party
from compliance.model.report import InputProvenance, RecordRef
from compliance.rulepacks.loader import RuleSet
from compliance.rulepacks.schema import RuleKind
from compliance.rulepacks.timeline import Scenario, Status, status
from compliance.model.result import ScreenResult
from compliance.support.util import file_sha256, gc_paused


#: rule kind → check(context, rule, status) for BOM screening (compliance/bom/checks.py).
BOM_CHECKS = {
    RuleKind.CONTROLLED_ITEM: controlled_item_findings,
    RuleKind.CONTENT_THRESHOLD: content_threshold_findings,
}


def screen_bom_lines(
    lines: list[BomLine],
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    prices: PriceTable | None = None,
) -> list[Finding]:
    """Findings for BOM lines under every rule in force on `as_of`.

    Raises InputError when the parent links are broken (unknown parent, cycle).
    """
    active = []
    for rule in rules.rules:
        check = BOM_CHECKS.get(rule.kind)
        if check is None:
            continue
        rule_status = status(rule, as_of, scenario)
        if rule_status.status is Status.IN_FORCE:
            active.append((rule, rule_status, check))
    context = build_context(lines, [rule for rule, _, _ in active], prices or load_prices())
    findings = []
    for rule, rule_status, check in active:
        findings.extend(check(context, rule, rule_status))
    return findings


def screen_bom(
    path: str | Path,
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    display_name: str | None = None,
    options: BomOptions | None = None,
    prices: PriceTable | None = None,
) -> ScreenResult:
    """Read and screen one BOM file (plus material declarations joined by part number)."""
    name = display_name or str(path)
    with gc_paused():
        read_result = read_bom(path, name, options)
        lines, rejected, read = read_result.lines, read_result.rejected, read_result.rows_read
        findings = screen_bom_lines(lines, rules, as_of, scenario, prices)
    inputs = [
        InputProvenance(
            path=name,
            kind="bom",
            sha256=file_sha256(path),
            rows_read=read,
            rows_screened=len(lines),
            rows_rejected=read - len(lines),  # `rejected` also holds the joined declarations' rows
            records=[RecordRef(row=line.row, id=line.part_number) for line in lines],
        )
    ] + read_result.extra_inputs
    return ScreenResult(findings=findings, rejected=rejected, inputs=inputs)


def screen_ownership(
    path: str | Path,
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    parties: Sequence[Party] = (),
    lookup: Callable[[str, str | None], Sequence[ListingHit]] | None = None,
    display_name: str | None = None,
    subject_fields: dict[tuple[str, int, str], str] | None = None,
) -> ScreenResult:
    """Read an ownership table and report who is caught by ownership under each affiliate rule.

    `lookup(name, country)` returns the list entries a name matches (the matcher's job);
    cells naming a party of `parties` (by id or name) are that party.
    """
    name = display_name or str(path)
    table = OwnershipRows(path, name)
    index = PartyIndex.of(parties, subject_fields)
    graph = build_graph(table, table.file, index.identify, index.countries())
    rejected, read = table.rejected, table.read
    listings = {}
    if lookup is not None:
        for i, entity in enumerate(graph.names):
            if not graph.out_edges[i]:
                continue  # only owners can pass restrictions on
            hits = lookup(entity, graph.countries[i])
            if hits:
                listings[i] = list(hits)
    by_party = index.subjects(graph)
    subjects = Subjects(by_party, name)
    # With a parties file, report the parties; without one, every entity in the table.
    only = set(by_party) if parties else None
    findings = affiliate_findings(graph, listings, rules, as_of, scenario, subjects, only)
    inputs = [
        InputProvenance(
            path=name,
            kind="ownership",
            sha256=file_sha256(path),
            rows_read=read,
            rows_screened=len(graph.owner),
            rows_rejected=len(rejected),
            # No per-link records: the screened records are the parties (listed by their own input);
            # ownership tables run to millions of links.
        )
    ]
    return ScreenResult(findings=findings, rejected=rejected, inputs=inputs)
