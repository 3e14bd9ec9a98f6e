"""The vocabulary rules and findings share: outcomes, severities, rule kinds, citations.

It lives in the model layer so that a finding can be built, stored and rendered without
importing the rule-pack machinery; `rulepacks.schema` re-exports these names.
"""

from __future__ import annotations

from enum import Enum

from compliance.model.base import model

#: validated like the rest of a pack: unknown keys are errors; a number where text is
#: expected (an article "3") is read as text.
_strict = model(frozen=True, populate_by_name=True, coerce_numbers_to_str=True)


class Outcome(str, Enum):
    """What a triggered rule means for the transaction."""

    PROHIBITED = "prohibited"
    LICENSE_REQUIRED = "license-required"
    RED_FLAG = "red-flag"
    INFO = "info"

    @property
    def band(self) -> str:
        """obligation (stop, licence), check (red flag) or information: formats group
        findings by band, so information never sits beside a licence requirement."""
        return _BANDS[self.value]


_BANDS = {"prohibited": "obligation", "license-required": "obligation", "red-flag": "check", "info": "information"}


class Severity(str, Enum):
    """How loudly a finding is reported; `--fail-on` compares against this order."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


class RuleKind(str, Enum):
    """Which question a rule answers; screening dispatches on it."""

    CONTROLLED_ITEM = "controlled-item"  # export from China of a listed item: supply risk
    CONTENT_THRESHOLD = "content-threshold"  # No. 61 Art. 1(1): foreign-made item, CN content share
    LISTED_PARTY = "listed-party"  # a counterparty on a restricted-party list
    AFFILIATE = "affiliate"  # ownership by listed parties (Affiliates Rule, No. 61 Art. 2)
    END_USE = "end-use"  # end-use / end-user bans (No. 46 Art. 1, No. 1 of 2026)
    TECHNOLOGY = "technology"  # technology transfers (No. 62)


@_strict
class Citation:
    """Where the rule comes from: the document, the article, and a URL to read it.

    `url` is the authority's own page (MOFCOM, Federal Register, eCFR, BIS, Treasury)
    wherever one is known; `via` keeps a secondary copy only where it adds something the
    official page lacks for the reader (an English translation, a transcript).
    """

    document: str
    article: str | None = None
    url: str
    via: str | None = None
    note: str | None = None


@_strict
class NextStep:
    """Who must act on a finding and what to do: short, factual, from the rule pack."""

    who: str
    action: str
