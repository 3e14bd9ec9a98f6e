"""A listed party and a snapshot manifest, in the project's own schema.

Every importer (CSL, OFAC SDN, eCFR-derived JSON, China's lists, user lists) maps its
source format to ListedParty, so matching and screening never see source formats.
`id` is stable across snapshots: the same entry keeps its id when the list is
re-imported, so waivers and baselines keep pointing at it.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, List

from compliance.model.base import field, model
from compliance.model.report import DownloadProvenance


class ReviewPolicy(str, Enum):
    PRESUMPTION_OF_DENIAL = "presumption-of-denial"
    POLICY_OF_DENIAL = "policy-of-denial"
    CASE_BY_CASE = "case-by-case"
    MIXED = "mixed"
    CROSS_REFERENCE = "cross-reference"
    OTHER = "other"


@model()
class ListedParty:
    """One list entry with all its names; matching and screening read only this.

    Annotations spell `List`, not `list`: the field `list` shadows the builtin in the
    class namespace where pydantic evaluates them.
    """

    id: str  # stable, e.g. "entity-list:3f9a..." (list id + hash of the primary name and country)
    list: str  # list id: entity-list, meu, dpl, sdn, uvl, dow-1260h, ofac-ns-cmic, dhs-uflpa, cn-uel, ...
    names: List[str] = field(min_length=1)  # primary first, then aliases (any script)
    addresses: List[str] = field(factory=list)
    country: str | None = None  # ISO-2
    license_requirement: str | None = None
    review_policy: str | None = None  # raw text as published
    review_policy_kind: ReviewPolicy | None = None
    citation: str | None = None  # e.g. "84 FR 22963, 5/21/19"
    listed_on: dt.date | None = None
    footnotes: List[str] = field(factory=list)  # Entity List footnote designations, e.g. ["1", "3"]
    programs: List[str] = field(factory=list)  # OFAC programme tags
    extras: dict[str, Any] = field(factory=dict)  # factories: no deepcopy per record on load

    @property
    def primary_name(self) -> str:
        return self.names[0]


@model()
class Manifest:
    """Provenance and integrity of one snapshot (`entity_lists/<list-id>/manifest.yaml`)."""

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
    #: what `lists update` fetched (URL actually used, sha256, size), None for a local import
    downloads: List[DownloadProvenance] | None = None
