"""The one screening pipeline: options → read each input once → checks → ScreenResult.

`compliance screen bom|parties` and the Python API (`compliance.screen_bom`, ...) both
call these functions, so a script gets exactly the findings the CLI reports. Rules
that are not in force on the as-of date produce nothing: re-running "as of" another
date or under another scenario is how to answer "and if the truce ends?".

Options come as a `ScreenOptions` and/or keywords:

    compliance.screen_bom("bom.csv", as_of=date(2026, 11, 28), ownership="owners.csv")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from compliance.matching import DEFAULT_THRESHOLD
from compliance.model.base import jsonable
from compliance.model.errors import UsageError
from compliance.model.finding import Finding
from compliance.model.records import BomLine, Party
from compliance.model.report import FileProvenance, InputProvenance, RecordRef, record_ref
from compliance.model.result import ScreenResult
from compliance.model.terms import RuleKind
from compliance.parties.direction import situation_of
from compliance.rulepacks.loader import RuleSet, load_rules
from compliance.rulepacks.timeline import Scenario, Status, status
from compliance.support.util import file_sha256, gc_frozen, gc_paused, utc_today

if TYPE_CHECKING:  # the BOM machinery is imported only by runs that read a BOM
    from compliance.bom.prices import PriceTable

#: a name (and country) → the list entries it matches; the matcher's job, replaceable in tests
Lookup = Callable[[str, "str | None"], Sequence[Any]]


@dataclass(frozen=True)
class ScreenOptions:
    """Everything a screening depends on besides its input files.

    `rules=None` loads the bundled packs (plus `extra_rules`); `lists=None` screens against
    every bundled and imported list; `as_of=None` is today's date in UTC.
    """

    as_of: dt.date | None = None
    scenario: Scenario = Scenario.AS_WRITTEN
    rules: RuleSet | None = None
    extra_rules: tuple[str | Path, ...] = ()
    lists: tuple[str, ...] | None = None
    data_dir: Path | None = None
    max_list_age: int | None = None
    threshold: float = DEFAULT_THRESHOLD
    # the user's own situation (us-person, defence-contractor, imports-into-us); None = not
    # declared, so listed-party rules take their strictest reading
    situation: Sequence[str] | None = None
    # reading a BOM
    materials: Path | None = None
    mapping: Path | None = None
    sheet: str | None = None
    decimal_separator: str = "auto"
    prices: PriceTable | str | Path | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.scenario, Scenario):
            object.__setattr__(self, "scenario", Scenario(self.scenario))
        if not 0 < self.threshold <= 100:
            raise UsageError("must be above 0 and at most 100", field="threshold")

    @property
    def date(self) -> dt.date:
        return self.as_of or utc_today()

    def rule_set(self) -> RuleSet:
        return self.rules if self.rules is not None else load_rules([str(p) for p in self.extra_rules])

    def price_table(self) -> PriceTable:
        from compliance.bom.prices import PriceTable, load_prices

        if isinstance(self.prices, PriceTable):
            return self.prices
        return load_prices(self.prices)


def _options(options: ScreenOptions | None, changes: dict[str, Any]) -> ScreenOptions:
    base = options or ScreenOptions()
    return dataclasses.replace(base, **changes) if changes else base


# --- BOM ---------------------------------------------------------------------------------


def screen_bom_lines(
    lines: list[BomLine],
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    prices: PriceTable | None = None,
) -> list[Finding]:
    """Findings of the BOM rule kinds for BOM lines under every rule in force on `as_of`.

    Raises InputError when the parent links are broken (unknown parent, cycle).
    """
    from compliance.bom.checks import build_context
    from compliance.bom.prices import load_prices
    from compliance.checks import BOM_CHECKS

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
    *,
    parties: str | Path | Sequence[Party] | None = None,
    ownership: str | Path | None = None,
    display_name: str | None = None,
    options: ScreenOptions | None = None,
    loaded: LoadedLists | None = None,
    **changes: Any,
) -> ScreenResult:
    """Screen one BOM file: its items and content shares, its suppliers and manufacturers
    against the restricted-party lists, and — with an `ownership` table — ownership of
    those parties (and of `parties`, which names the table's parties) by listed ones.
    `loaded`: lists already loaded by `load_lists` (an engine screening many files)."""
    from compliance.readers.bom import BomOptions, read_bom

    opts = _options(options, changes)
    if parties is not None and ownership is None:
        raise UsageError("--parties on `screen bom` names the parties of an --ownership table; give --ownership too", field="--parties")
    run = _start(opts, loaded=loaded)
    rules, as_of, result = run.rules, opts.date, run.result
    name = display_name or str(path)
    bom_options = BomOptions(materials=opts.materials, mapping=opts.mapping, sheet=opts.sheet, decimal_separator=opts.decimal_separator)
    prices = opts.price_table()
    result.files += _reading_files(opts, prices)
    result.settings.update(decimal_separator=opts.decimal_separator, threshold=opts.threshold)
    if opts.sheet:
        result.settings["sheet"] = opts.sheet
    # Reading and the BOM checks make no cyclic garbage: the collector is paused. Name
    # matching (suppliers, ownership) does: it runs with the collector on, but with the
    # BOM's records frozen out of its reach (support/util.py).
    with gc_paused():
        read = read_bom(path, name, bom_options)
        result.findings = screen_bom_lines(read.lines, rules, as_of, opts.scenario, prices)
        result.rejected = read.rejected
        result.notices += read.notes
        from compliance.parties.enduse import end_use_findings

        found, run.evaluated = end_use_findings(read.lines, rules, as_of, opts.scenario)
        result.findings += found
        result.inputs = [
            InputProvenance(
                path=name,
                kind="bom",
                sha256=file_sha256(path),
                rows_read=read.rows_read,
                rows_screened=len(read.lines),
                rows_rejected=read.rows_read - len(read.lines),  # `rejected` also holds the joined declarations' rows
                records=[record_ref(line.row, line.part_number) for line in read.lines],
            )
        ] + read.extra_inputs
        named = any(line.supplier or line.manufacturer for line in read.lines)
        if (named and any(rule.kind is RuleKind.LISTED_PARTY for rule in rules.rules)) or ownership is not None:
            _index(run)  # millions of objects, none garbage: loaded before the freeze below
    with gc_frozen():
        _screen_bom_counterparties(run, read.lines, ownership, parties)
    _cover(run, {"bom", "ownership"} if ownership is not None else {"bom"})
    return result


def _screen_bom_counterparties(run: _Run, lines: list[BomLine], ownership: str | Path | None,
                               parties: str | Path | Sequence[Party] | None) -> None:
    """A BOM's suppliers and manufacturers against the lists, and with an ownership table
    the ownership of them (and of `parties`) by listed ones."""
    result, opts, rules = run.result, run.opts, run.rules
    named_lines = [line for line in lines if line.supplier or line.manufacturer]
    if named_lines and any(rule.kind is RuleKind.LISTED_PARTY for rule in rules.rules):
        # Suppliers and manufacturers are counterparties: screened against the lists like `screen parties`.
        from compliance.parties.screening import screen_bom_parties

        index = _index(run)  # loads the lists, and the default rules of the user's own lists
        result.findings += screen_bom_parties(named_lines, index, run.rules, opts.date, opts.scenario, threshold=opts.threshold,
                                              situation=situation_of(opts.situation))
    if ownership is not None:
        from compliance.parties.affiliates import bom_parties

        named, fields = bom_parties(lines)
        listed = _read_parties(parties, result) if parties is not None else []
        _add_ownership(run, ownership, listed + named, subject_fields=fields)


def _reading_files(opts: ScreenOptions, prices: PriceTable) -> list[FileProvenance]:
    """The price table and column mapping a BOM run read: they change its result, so the
    report carries their sha256 (and no output may be written over them)."""
    files = [FileProvenance(role="price table", path=prices.path or f"bundled:{prices.file}", sha256=prices.sha256)]
    if opts.mapping is not None:
        files.append(FileProvenance(role="column mapping", path=str(opts.mapping), sha256=file_sha256(opts.mapping)))
    return files


# --- parties -----------------------------------------------------------------------------


def screen_parties(
    source: str | Path | Sequence[Party],
    *,
    ownership: str | Path | None = None,
    display_name: str | None = None,
    options: ScreenOptions | None = None,
    loaded: LoadedLists | None = None,
    screen_records: Callable[..., list[Finding]] | None = None,
    **changes: Any,
) -> ScreenResult:
    """Screen counterparties (a file, or Party records) against the restricted-party lists,
    and with an `ownership` table for ownership by listed parties.

    An engine (compliance/engines/) may pass the lists it loaded (`loaded`) and its own
    `screen_records`, called as `parties.screening.screen_party_records` is, to spread
    the records over workers; the findings must come back in record order."""
    from compliance.parties.screening import screen_party_records

    opts = _options(options, changes)
    situation = list(opts.situation) if opts.situation is not None else "not declared (strictest reading)"
    run = _start(opts, loaded=loaded, settings={"threshold": opts.threshold, "situation": situation})
    index = _index(run)
    parties = _read_parties(source, run.result, display_name)
    run.result.findings += (screen_records or screen_party_records)(parties, index, run.rules, opts.date, opts.scenario, threshold=opts.threshold,
                                                situation=situation_of(opts.situation))
    from compliance.parties.enduse import end_use_findings

    found, run.evaluated = end_use_findings(parties, run.rules, opts.date, opts.scenario)
    run.result.findings += found
    if ownership is not None:
        _add_ownership(run, ownership, parties)
    _cover(run, {"parties", "ownership"} if ownership is not None else {"parties"})
    return run.result


# --- ownership ---------------------------------------------------------------------------


def screen_ownership(
    path: str | Path,
    *,
    parties: str | Path | Sequence[Party] | None = None,
    lookup: Lookup | None = None,
    display_name: str | None = None,
    subject_fields: dict[tuple[str, int, str], str] | None = None,
    options: ScreenOptions | None = None,
    **changes: Any,
) -> ScreenResult:
    """Read an ownership table and report who is caught by ownership under each affiliate rule.

    With `parties` (a file or records) the parties are reported, their cells found by id or
    name; without, every entity in the table. `lookup(name, country)` gives the list entries
    a name matches — by default the name index over the options' lists.
    """
    run = _start(_options(options, changes))
    listed = _read_parties(parties, run.result) if parties is not None else []
    _add_ownership(run, path, listed, lookup=lookup, display_name=display_name, subject_fields=subject_fields)
    _cover(run, {"ownership"})
    return run.result


def _add_ownership(
    run: _Run,
    path: str | Path,
    parties: Sequence[Party],
    *,
    lookup: Lookup | None = None,
    display_name: str | None = None,
    subject_fields: dict[tuple[str, int, str], str] | None = None,
) -> None:
    """Screen the ownership table; add its findings, rejected rows and provenance to `result`."""
    from compliance.parties.affiliates import PartyIndex, Subjects, affiliate_findings, lookup_from
    from compliance.parties.ownership import holders_above, stake_graph
    from compliance.readers.ownership import OwnershipRows

    result, opts = run.result, run.opts
    if lookup is None:
        from compliance.parties.screening import best_hits

        index, limit = _index(run), opts.threshold
        lookup = lookup_from(lambda name, country: best_hits(index, [name], country=country, lists=None, threshold=limit))
    name = display_name or str(path)
    with gc_paused():  # a million links make no cyclic garbage; name matching (below) does
        table = OwnershipRows(path, name)
        known = PartyIndex.of(parties, subject_fields)
        graph = stake_graph(table.stakes(), table.file, known.identify, known.countries())
        by_party = known.subjects(graph)
    # With a parties file, report the parties; without one, every entity in the table.
    only = set(by_party) if parties else None
    listings = {}
    owners = graph.holders()  # only owners can pass restrictions on
    with gc_frozen():
        for i in sorted(owners.intersection(holders_above(graph, only))) if only is not None else sorted(owners):
            hits = lookup(graph.names[i], graph.countries[i])
            if hits:
                listings[i] = list(hits)
    subjects = Subjects(by_party, name, known.roles(graph), situation_of(opts.situation))
    result.findings += affiliate_findings(graph, listings, run.rules, opts.date, opts.scenario, subjects, only)
    result.rejected += table.rejected
    result.inputs.append(
        InputProvenance(
            path=name,
            kind="ownership",
            sha256=file_sha256(path),
            rows_read=table.read,
            rows_screened=len(graph.owner),
            rows_rejected=len(table.rejected),
            # No per-link records: the screened records are the parties (listed by their own input);
            # ownership tables run to millions of links.
        )
    )


# --- shared steps ------------------------------------------------------------------------


@dataclass
class _Run:
    """One run's state: what was loaded once and is shared by its steps."""

    opts: ScreenOptions
    rules: RuleSet
    result: ScreenResult
    snapshots: list | None = None
    index: Any = None
    evaluated: set[str] = dataclasses.field(default_factory=set)  # rules of a kind without a check that the input decided
    loaded: LoadedLists | None = None  # lists loaded before the run (load_lists), used instead of loading them


def _start(opts: ScreenOptions, loaded: LoadedLists | None = None, **fields: Any) -> _Run:
    rules = opts.rule_set()
    result = ScreenResult(as_of=opts.date, scenario=opts.scenario.value, rule_packs=rules.provenance(), **fields)
    return _Run(opts, rules, result, loaded=loaded)


def _read_parties(source: str | Path | Sequence[Party], result: ScreenResult, display_name: str | None = None) -> list[Party]:
    """Party records from a file (its rows accounted for in `result`) or as given.

    Records given with a `display_name` (one party on the command line, rows from stdin)
    are recorded as an input too, so the report lists them as screened subjects.
    """
    if not isinstance(source, (str, Path)):
        parties = list(source)
        if display_name is not None:
            digest = hashlib.sha256(json.dumps([jsonable(p) for p in parties], sort_keys=True).encode()).hexdigest()
            result.inputs.append(_party_input(display_name, digest, len(parties), parties, []))
        return parties
    from compliance.readers.parties import read_parties

    name = display_name or str(source)
    parties, rejected, read = read_parties(source, name)
    result.rejected += rejected
    result.inputs.append(_party_input(name, file_sha256(source), read, parties, rejected))  # every row accounted for
    return parties


def _party_input(name: str, sha256: str, read: int, parties: list[Party], rejected: list) -> InputProvenance:
    return InputProvenance(
        path=name, kind="parties", sha256=sha256, rows_read=read,
        rows_screened=len(parties), rows_rejected=len(rejected),
        records=[RecordRef(row=p.row, id=p.name, role=p.role) for p in parties],
    )


def _index(run: _Run):
    """The name index over the chosen list snapshots, loaded once per run; the snapshots'
    provenance and staleness go into the result."""
    if run.index is None and run.loaded is not None:
        run.index, run.rules = run.loaded.index, run.loaded.rules
        run.result.lists, run.result.rule_packs = list(run.loaded.lists), run.rules.provenance()
    if run.index is None:
        from compliance.lists.store import enforce_max_age, load_snapshots
        from compliance.parties.screening import index_for

        snapshots = load_snapshots(run.opts.lists, run.opts.data_dir)
        if run.opts.max_list_age is not None:
            enforce_max_age(snapshots, run.opts.max_list_age)
        run.result.lists = [s.provenance() for s in snapshots]  # stale ones become coverage gaps
        run.snapshots, run.index = snapshots, index_for(snapshots)
        _add_list_rules(run, snapshots)
    return run.index


def _cover(run: _Run, screenings: set[str]) -> None:
    """Record what the run could not look at (compliance/coverage.py) in its result."""
    from compliance.coverage import LoadedList, coverage_gaps
    from compliance.lists.store import STALE_AFTER_DAYS

    lists = None if run.snapshots is None else [
        LoadedList(s.list_id, s.manifest.snapshot_date, s.age_days()) for s in run.snapshots
    ]
    if run.snapshots is None and run.index is not None and run.loaded is not None:
        lists = list(run.loaded.ages)
    run.result.coverage = coverage_gaps(run.rules, run.opts.date, run.opts.scenario, screenings, lists,
                                        evaluated=run.evaluated, stale_after_days=STALE_AFTER_DAYS)


def _add_list_rules(run: _Run, snapshots) -> None:
    """Add the default rules of the user lists among `snapshots` (lists/userrule.py), so a
    list imported with `lists import user` gates without a hand-written pack."""
    from compliance.lists.userrule import rule_packs

    loaded = {p.path.resolve() for p in run.rules.packs}
    extra = [p for p in rule_packs(snapshots) if p.resolve() not in loaded]
    if extra:
        run.rules = RuleSet(packs=run.rules.packs + load_rules([str(p) for p in extra], include_bundled=False).packs)
        run.result.rule_packs = run.rules.provenance()


# --- lists loaded once for many runs ------------------------------------------------------


@dataclass(frozen=True)
class LoadedLists:
    """The list snapshots' name index and what a run records about them, loaded once.

    An engine screening many partitions or files loads this once and ships it to its
    workers, keyed by `key` (the snapshots' and rule packs' sha256 and the matcher's
    source), so every partition screens against the same index without reloading the
    lists. The index's entries travel beside it: a pickled NameIndex leaves them out.
    """

    key: str
    index: Any
    entries: list
    rules: RuleSet  # the options' rules plus the default rules of user lists
    lists: list  # ListProvenance of each snapshot
    ages: list  # coverage.LoadedList of each snapshot

    def __reduce__(self):
        return (_attached, (self.key, self.index, self.entries, self.rules, self.lists, self.ages))


def _attached(key, index, entries, rules, lists, ages) -> LoadedLists:
    if getattr(index, "parties", None) is None:
        index.attach(entries)
    return LoadedLists(key, index, entries, rules, lists, ages)


def load_lists(options: ScreenOptions | None = None, **changes: Any) -> LoadedLists:
    """Load the options' lists and rules once, for runs given it as `loaded=`."""
    from compliance.coverage import LoadedList
    from compliance.lists.screening_fields import ENTRIES_VERSION
    from compliance.matching.cache import cache_key

    run = _start(_options(options, changes))
    index = _index(run)
    snapshots = run.snapshots or []
    key = cache_key([(s.list_id, s.manifest.sha256) for s in snapshots] + [("entries", ENTRIES_VERSION)]
                    + [("rules", pack.sha256) for pack in run.rules.provenance()])
    ages = [LoadedList(s.list_id, s.manifest.snapshot_date, s.age_days()) for s in snapshots]
    return LoadedLists(key, index, list(index.parties), run.rules, list(run.result.lists), ages)
