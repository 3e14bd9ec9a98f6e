"""A listed party and a snapshot manifest, in the project's own schema.

Every importer (CSL, OFAC SDN, eCFR-derived JSON, China's lists, user lists) maps its
source format to ListedParty, so matching and screening never see source formats.
`id` is stable across snapshots: the same entry keeps its id when the list is
re-imported, so waivers and baselines keep pointing at it.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ReviewPolicy(str, Enum):
    PRESUMPTION_OF_DENIAL = "presumption-of-denial"
    POLICY_OF_DENIAL = "policy-of-denial"
    CASE_BY_CASE = "case-by-case"
    MIXED = "mixed"
    CROSS_REFERENCE = "cross-reference"
    OTHER = "other"


class ListedParty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # stable, e.g. "entity-list:3f9a..." (list id + hash of the primary name and country)
    list: str  # list id: entity-list, meu, dpl, sdn, uvl, dow-1260h, ofac-ns-cmic, dhs-uflpa, cn-uel, ...
    names: list[str] = Field(min_length=1)  # primary first, then aliases (any script)
    addresses: list[str] = Field(default_factory=list)
    country: str | None = None  # ISO-2
    license_requirement: str | None = None
    review_policy: str | None = None  # raw text as published
    review_policy_kind: ReviewPolicy | None = None
    citation: str | None = None  # e.g. "84 FR 22963, 5/21/19"
    listed_on: dt.date | None = None
    footnotes: list[str] = Field(default_factory=list)  # Entity List footnote designations, e.g. ["1", "3"]
    programs: list[str] = Field(default_factory=list)  # OFAC programme tags
    extras: dict[str, Any] = Field(default_factory=dict)  # factories: no deepcopy per record on load

    @property
    def primary_name(self) -> str:
        return self.names[0]


class Manifest(BaseModel):
    """Provenance and integrity of one snapshot (`entity_lists/<list-id>/manifest.yaml`)."""

    model_config = ConfigDict(extra="forbid")

    list_id: str
    title: str
    source: str  # the official publication this snapshot comes from
    source_url: str | None = None
    snapshot_date: dt.date
    records: int
    names: int  # names including aliases
    sha256: str  # of parties.jsonl
    importer: str  # importer name and version
    notes: str | None = None
