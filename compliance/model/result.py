"""ScreenResult: what one screening produced, before policy and rendering.

Its own module so that each screening (BOM, parties, ownership) can return one
without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.model.finding import Finding
from compliance.model.records import Rejected
from compliance.model.report import InputProvenance


@dataclass
class ScreenResult:
    """What one screening produced: findings, rejected rows and input provenance."""

    findings: list[Finding] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    inputs: list[InputProvenance] = field(default_factory=list)
