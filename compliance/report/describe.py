"""Short texts every format needs, written once: who a finding is about, where, and why.

Formats know the report only; these helpers keep their wording identical.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from compliance.model.finding import Finding
from compliance.rulepacks.schema import Citation

#: severity → order for "most severe first" (critical first)
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


def subject_label(finding: Finding) -> str:
    """The record's identity: part number, party name or id, else the value."""
    s = finding.subject
    return s.part_number or s.party_name or s.party_id or s.value or "(whole file)"


def location(finding: Finding) -> str:
    """`file:row` (or just `file` when the finding is about the whole input)."""
    s = finding.subject
    return f"{s.file}:{s.row}" if s.row else s.file


def citation_text(citation: Citation) -> str:
    return citation.document + (f", {citation.article}" if citation.article else "")


def match_text(finding: Finding) -> str:
    """One line about the list match, or "" when the finding has none."""
    m = finding.match
    if m is None:
        return ""
    return (
        f"{m.matched_name!r} matched {m.name!r} on {m.list} [{m.entry_id}] "
        f"score {m.score:.0f}: {m.explanation}"
    )


def flat_text(value: object) -> str:
    """Any evidence value as one readable line: lists joined by "; ", mappings as k=v."""
    if isinstance(value, (list, tuple)):
        return "; ".join(flat_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={flat_text(v)}" for k, v in value.items() if v is not None)
    return "" if value is None else str(value)


def evidence_pairs(finding: Finding) -> list[tuple[str, str]]:
    """Evidence as (key, text) pairs, nested values flattened to one line each."""
    return [(key, flat_text(value)) for key, value in finding.evidence.items()]


def group_label(finding: Finding) -> str:
    """What the HTML chart groups by: the list matched, else the regulation cited."""
    return finding.match.list if finding.match else finding.citation.document


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL with a host, else None (shown as text, never linked)."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None
