"""Licence review policy text → ReviewPolicy.

The Entity List and MEU List state a review policy per entry in free text with
inconsistent case and punctuation ("Presumption of denial.", "Policy of denial
except for EAR99 food and medicine, reviewed case-by-case", "See § 744.3(d)").
We keep the raw text and classify it with a small table, case-insensitively.
"""

from __future__ import annotations

import re

from compliance.lists.model import ReviewPolicy

# Phrase → the policy it states. Several different phrases in one text → MIXED.
_PHRASES: tuple[tuple[re.Pattern[str], ReviewPolicy], ...] = (
    (re.compile(r"presumption\s+of\s+denial", re.I), ReviewPolicy.PRESUMPTION_OF_DENIAL),
    (re.compile(r"policy\s+of\s+denial", re.I), ReviewPolicy.POLICY_OF_DENIAL),
    (re.compile(r"case[\s-]+by[\s-]+case", re.I), ReviewPolicy.CASE_BY_CASE),
)
_CROSS_REFERENCE = re.compile(r"^\s*see\s+(§|part|section|supplement)", re.I)


def classify_review_policy(text: str | None) -> ReviewPolicy | None:
    """The policy a review-policy cell states; None when the cell is empty."""
    if text is None or not text.strip():
        return None
    found = {kind for pattern, kind in _PHRASES if pattern.search(text)}
    if len(found) > 1:
        return ReviewPolicy.MIXED
    if found:
        return found.pop()
    if _CROSS_REFERENCE.search(text):
        return ReviewPolicy.CROSS_REFERENCE
    return ReviewPolicy.OTHER
