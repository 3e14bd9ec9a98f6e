"""A portfolio of products: several BOM files screened into one result.

The lists and rules are loaded once for all files; each file is screened by the
pipeline exactly as `screen bom FILE` would screen it, where the engine runs it; the
results are merged in the order the files were given, so both engines (and any number
of workers) produce the same report.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Sequence

from compliance.engines.interface import Engine
from compliance.engines.tasks import screen_bom_file
from compliance.model.errors import UsageError
from compliance.model.result import ScreenResult
from compliance.model.terms import RuleKind
from compliance import pipeline
from compliance.pipeline import ScreenOptions


def screen_portfolio(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    options: ScreenOptions,
    parties: str | Path | None = None,
    ownership: str | Path | None = None,
) -> ScreenResult:
    """One BOM: the pipeline's `screen_bom`, in this process. Several: a portfolio."""
    if len(paths) == 1:
        return pipeline.screen_bom(paths[0], parties=parties, ownership=ownership, options=options)
    if ownership is not None or parties is not None:
        raise UsageError("--ownership and --parties take one BOM file; screen a portfolio without them",
                         field="--ownership" if ownership is not None else "--parties")
    rules = options.rule_set()
    opts = dataclasses.replace(options, rules=rules, prices=options.price_table())  # read once, not per file
    loaded = pipeline.load_lists(opts) if any(rule.kind is RuleKind.LISTED_PARTY for rule in rules.rules) else None
    if loaded is not None:
        opts = dataclasses.replace(opts, rules=loaded.rules)
    # Workers read the files themselves: absolute paths to read, the names as given to report.
    files = [(str(Path(p).resolve()), str(p)) for p in paths]
    return merge(engine.map(screen_bom_file, files, loaded, loaded.key if loaded else "", opts))


def merge(results: Sequence[ScreenResult]) -> ScreenResult:
    """The results of one portfolio's files as one: records, findings and rejected rows in
    file order; what all files share (date, rules, lists, settings) once; notices and
    coverage gaps once each, in the order they first appear."""
    first = results[0]
    merged = ScreenResult(as_of=first.as_of, scenario=first.scenario, rule_packs=first.rule_packs,
                          settings=dict(first.settings))
    for result in results:
        merged.findings += result.findings
        merged.rejected += result.rejected
        merged.inputs += result.inputs
        merged.lists = merged.lists or result.lists
        _add_new(merged.files, result.files, lambda f: (f.role, f.path, f.sha256))
        _add_new(merged.notices, result.notices, lambda n: n)
        _add_new(merged.coverage, result.coverage, lambda g: (g.kind, g.subject, g.reason))
    return merged


def _add_new(into: list, items, key) -> None:
    seen = {key(item) for item in into}
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            into.append(item)
