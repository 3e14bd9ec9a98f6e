"""ScreenResult: what one screening produced, before policy and rendering.

The pipeline returns it to the CLI and to scripts alike; the report layer turns it into
a Report. It carries everything the report needs to say how it was produced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from compliance.model.finding import Finding
from compliance.model.records import Rejected
from compliance.model.report import CoverageGap, FileProvenance, InputProvenance, ListProvenance, RulePackProvenance


@dataclass
class ScreenResult:
    """Findings, rejected rows and input provenance, plus the date, scenario, rule packs
    and list snapshots the findings rest on."""

    findings: list[Finding] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    inputs: list[InputProvenance] = field(default_factory=list)
    as_of: dt.date | None = None
    scenario: str = "as-written"
    rule_packs: list[RulePackProvenance] = field(default_factory=list)
    lists: list[ListProvenance] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    #: files that changed the result besides the screened inputs (price table, column mapping)
    files: list[FileProvenance] = field(default_factory=list)
    #: things a reader should know about how the inputs were read (e.g. a substance declared twice)
    notices: list[str] = field(default_factory=list)
    #: what the run could not look at (compliance/coverage.py); in every report, counted by --strict
    coverage: list[CoverageGap] = field(default_factory=list)
