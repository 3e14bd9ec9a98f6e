"""The typed shape of a rule pack.

A pack encodes one regulation (an announcement, a CFR section) as rules. Every rule
carries its citation and its validity in time, so any screening can be re-run as of
any date. Unknown keys are errors: a misspelt `suspended` must not silently drop a
suspension window.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import ClassVar

from compliance.model.base import field, model
# The vocabulary findings share with rules lives in the model layer; re-exported here.
from compliance.model.terms import Citation, NextStep, Outcome, RuleKind, Severity  # noqa: F401

#: how pack data is validated: unknown keys are errors; a number where text is expected
#: (an article "3", a version 1.2) is read as text; `from` fills the field `from_`.
_strict = model(frozen=True, populate_by_name=True, coerce_numbers_to_str=True)


class PartyRole(str, Enum):
    """A counterparty's role in the user's trade (parties file column `role`)."""

    SUPPLIER = "supplier"
    MANUFACTURER = "manufacturer"
    CUSTOMER = "customer"
    CONSIGNEE = "consignee"
    END_USER = "end-user"
    INTERMEDIARY = "intermediary"
    FREIGHT_FORWARDER = "freight-forwarder"
    OTHER = "other"


class Situation(str, Enum):
    """Facts about the user that some rules depend on (setting `situation`)."""

    US_PERSON = "us-person"
    DEFENCE_CONTRACTOR = "defence-contractor"
    IMPORTS_INTO_US = "imports-into-us"


@_strict
class Source:
    title: str
    url: str


@_strict
class Signal:
    """A dated political statement that a window runs longer than its legal text says.

    Not law: no instrument has been seen. Status stays computed from the text and
    flagged "verify"; the signal only says what was announced, by whom and when.
    """

    stated: dt.date  # date of the statement(s); the latest when several
    extends_to: dt.date  # the date the statement names
    summary: str
    sources: list[Citation] = field(min_length=1)
    scope: str | None = None  # where the statement's reach to this window is not stated

    def describe(self) -> str:
        """One line for verify messages: what was said, and that no text confirms it."""
        text = (
            f"political signal of {self.stated} (extension to {self.extends_to} announced; "
            f"no legal text confirms it): {self.summary.strip()}"
        )
        return text + (f"; {self.scope.strip()}" if self.scope else "")


@_strict
class SuspensionWindow:
    """A period during which the rule is not applied. `to` is the last suspended day."""

    from_: dt.date = field(alias="from")
    to: dt.date | None = None  # None: suspended until further notice
    citation: Citation
    signal: Signal | None = None  # announced but unenacted extension of this window

    def __post_init__(self) -> None:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"suspension ends ({self.to}) before it starts ({self.from_})")


@_strict
class Validity:
    """When a rule applies: in force from `effective`, through `ends`, minus suspensions."""

    effective: dt.date
    ends: dt.date | None = None
    suspended: list[SuspensionWindow] = field(factory=list)
    verify_after: dt.date | None = None
    verify_note: str | None = None

    def __post_init__(self) -> None:
        if self.ends is not None and self.ends < self.effective:
            raise ValueError(f"ends ({self.ends}) before effective ({self.effective})")

    @property
    def signal(self) -> Signal | None:
        """The political signal on the latest window that carries one."""
        signalled = [w for w in self.suspended if w.signal is not None]
        return max(signalled, key=lambda w: w.from_).signal if signalled else None


@_strict
class ControlledItem:
    """One listed item (a line of an annex), matched against BOM lines and materials.

    `code` is the PRC control code where one exists; `inferred` marks codes the sources
    do not print. HS codes are reference codes only: the description decides.
    """

    code: str | None = None
    inferred: bool = False
    description: str
    elements: list[str] = field(factory=list)
    substances: list[str] = field(factory=list)  # documented material names, e.g. "Dy2O3", "SmCo", "Tb-NdFeB"
    cas: list[str] = field(factory=list)
    hs_codes: list[str] = field(factory=list)
    keywords: list[str] = field(factory=list)
    note: str | None = None
    # True: any content of `elements` makes a part this item (e.g. "Dy compounds and
    # mixtures"). False: the item is a specific form (GaN wafers, Sb oxide >= 99.99 %),
    # so the element alone only raises a red flag to check the description.
    element_suffices: bool = True
    # True: the item also covers parts, components and assemblies containing it
    # (No. 61 Part II), so an assembly above a matching part matches too.
    covers_assemblies: bool = False
    # Item boundaries, where the text gives them (see compliance/bom/itemmatch.py):
    # `forms` — words of the part description or material name that name a covered form
    # ("flake", "wafer", "ingot"). When set and none appears, a declared substance or
    # element only raises a "check" red flag (a packaged GaN transistor is not GaN
    # material); when one appears, the element itself declared as the part's main
    # material names the item (germanium metal, antimony ingot).
    forms: list[str] = field(factory=list)
    # Purity the item starts at, in percent (Sb oxides >= 99.99 %; synthetic graphite
    # > 99.9 %): a declared purity below it means "not this item", none means "check".
    min_purity: float | None = field(None, gt=0, le=100)
    purity_inclusive: bool = True  # False: the text says "more than"
    # False: further specifications decide (strength, density) that a BOM does not carry,
    # so even a declared substance in a listed form only raises a "check" red flag.
    substance_suffices: bool = True


@_strict
class Threshold:
    """A value-share test, e.g. No. 61 Art. 1(1): CN-origin Part I value ≥ 0.1 % of the item."""

    share_of_value: float = field(gt=0, le=1)
    inclusive: bool = True
    counted_origin: list[str] = field(factory=lambda: ["CN"])
    counted_substances: list[str] = field(factory=list)
    counted_elements: list[str] = field(factory=list)


class OwnershipTest(str, Enum):
    """Which ownership question an affiliate rule asks (us.md §2.2, §2.5)."""

    AGGREGATE = "aggregate"  # restricted holders' stakes sum to >= ownership_share
    UNKNOWN_SHARE = "unknown-share"  # a restricted holder's stake is not known (Red Flag 29)
    MINORITY = "minority"  # restricted holders hold some, but < ownership_share in aggregate


@_strict
class Conditions:
    """What must be true of a record for the rule to trigger. Unused fields stay empty."""

    items: list[ControlledItem] = field(factory=list)
    origin: list[str] = field(factory=list)  # ISO-2 origins that make the item subject (e.g. ["CN"])
    made_outside: list[str] = field(factory=list)  # the item must be made outside these countries
    threshold: Threshold | None = None
    lists: list[str] = field(factory=list)  # restricted-party list ids, for listed-party/affiliate rules
    ownership_share: float | None = field(None, gt=0, le=100)
    destinations: list[str] = field(factory=list)
    end_uses: list[str] = field(factory=list)
    end_users: list[str] = field(factory=list)
    excluded: list[str] = field(factory=list)  # what the authority says is generally not controlled
    excluded_keywords: list[str] = field(factory=list)  # description words that put a part under `excluded`
    # Also report controlled materials of `origin` inside parts made elsewhere (the
    # supplier's supplier needed the licence). False for re-export rules (No. 61 Art. 1(3)).
    upstream_materials: bool = True
    programs: list[str] = field(factory=list)  # e.g. OFAC programmes of § 744.8(a)(1)
    ownership_test: OwnershipTest = OwnershipTest.AGGREGATE  # affiliate rules only
    owned_outside: list[str] = field(factory=list)  # affiliate rules: the owned entity must be outside these countries
    # Listing batches: a listed-party rule may cover only some announcements of a list
    # (e.g. a batch whose measures were suspended), or all but some. Matched as a
    # case-insensitive substring of the entry's citation before any "(" — the listing
    # announcement itself, not remarks such as "(... followed in No. 6 of 2025)".
    announcements: list[str] = field(factory=list)
    except_announcements: list[str] = field(factory=list)

    def __post_init__(self) -> None:
        from compliance.model.country import known_codes  # the one country type (ISO 3166-1)

        for name in ("origin", "made_outside", "destinations", "owned_outside"):
            unknown = [c for c in getattr(self, name) if c not in known_codes()]
            if unknown:
                raise ValueError(f"{name}: not ISO 3166-1 alpha-2 code(s): {', '.join(map(str, unknown))}")

    def covers_entry(self, list_id: str, citation: str | None, programs: list[str] | None = None) -> bool:
        """Whether a list entry (its list id, citation and OFAC programmes) falls under these conditions."""
        if self.lists and list_id not in self.lists:
            return False
        text = (citation or "").split("(", 1)[0].casefold()
        if self.announcements and not any(a.casefold() in text for a in self.announcements):
            return False
        if any(a.casefold() in text for a in self.except_announcements):
            return False
        if self.programs and list_id in self.program_lists:
            return bool({p.strip("[] ").upper() for p in programs or ()} & {p.upper() for p in self.programs})
        return True

    #: lists whose entries must carry one of `programs` (OFAC programme tags) to be covered.
    program_lists: ClassVar[frozenset[str]] = frozenset({"sdn", "ofac-cons"})


@_strict
class Direction:
    """What a listed-party rule restricts when the listed party plays one of `roles`.

    The Entity List restricts what is exported *to* a party: for a customer that is the
    sale, for a supplier the drawings, tooling or samples sent to it, not the purchase.
    `requires`: the user's situation this reading needs (e.g. OFAC binds US persons).
    """

    roles: list[PartyRole] = field(min_length=1)
    requires: list[Situation] = field(factory=list)
    outcome: Outcome
    severity: Severity
    message: str
    citation: Citation | None = None


@_strict
class Rule:
    id: str = field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-()]*$")
    title: str
    kind: RuleKind
    conditions: Conditions = field(factory=lambda: Conditions())
    outcome: Outcome
    severity: Severity
    citation: Citation
    validity: Validity
    message: str | None = None
    notes: str | None = None
    # Listed-party rules: the reading per role of the party (first match wins); a party
    # whose role is unknown, or matches none, gets the strictest reading, said so.
    directions: list[Direction] = field(factory=list)
    #: who must act and what to do, per outcome a finding of this rule can have (a check
    #: may lower the rule's outcome to red-flag when the data cannot rule a licence out)
    next_step: dict[Outcome, NextStep] = field(factory=dict)


@_strict
class RulePack:
    id: str = field(min_length=1)
    title: str
    jurisdiction: str = field(min_length=2)
    authority: str
    version: str
    reviewed: dt.date
    sources: list[Source] = field(min_length=1)
    rules: list[Rule]
    notes: str | None = None
