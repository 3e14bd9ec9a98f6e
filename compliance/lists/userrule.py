"""The default rule of a user's own block list, so an imported list gates on its own.

A list imported with `lists import user` is the user's policy, not a law, so no
bundled rule pack names it, and a list no rule names gives no finding. The import
therefore writes a one-rule pack beside the snapshot (`<data dir>/<list>/rules.yaml`):
a match is "prohibited by your own policy" at severity high unless the import was told
otherwise (`--rule-outcome`, `--rule-severity`). The file is plain YAML: edit it, or
delete it to search the list without gating on it. Screening loads the packs of the
snapshots it uses (`rule_packs`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterable

from compliance.rulepacks.schema import Outcome, Severity

#: The pack file written beside a user list's snapshot.
RULE_FILE = "rules.yaml"
DEFAULT_OUTCOME = Outcome.PROHIBITED
DEFAULT_SEVERITY = Severity.HIGH
#: Rule packs cite http(s) pages only; a user list's own policy page is the user's to give
#: (`--rule-url`). Without one, a reserved name that never resolves (RFC 2606) says so.
PLACEHOLDER_URL = "https://policy.example.invalid/your-own-block-list"


def rule_id(list_id: str) -> str:
    """`internal-block` → `USER-INTERNAL-BLOCK` (rule ids are upper-case by convention)."""
    return "USER-" + re.sub(r"[^A-Za-z0-9]+", "-", list_id).upper()


def default_pack(list_id: str, title: str, files: list[Path], snapshot_date: dt.date,
                 outcome: Outcome = DEFAULT_OUTCOME, severity: Severity = DEFAULT_SEVERITY, url: str | None = None) -> dict:
    """The rule pack (as data) for one user list; `url`: the page of your policy (http(s))."""
    url = url or PLACEHOLDER_URL
    citation = {
        "document": f"your own block list '{list_id}' ({', '.join(p.name for p in files)})",
        "article": "internal policy",
        "url": url,
        "note": "Not a legal measure: the list and this rule are your organisation's own policy."
                + ("" if url != PLACEHOLDER_URL else " Give your policy page with --rule-url (or edit url here)."),
    }
    return {
        "id": f"user-{list_id}",
        "title": f"{title} ({list_id})",
        "jurisdiction": "internal",
        "authority": "your organisation",
        "version": snapshot_date.isoformat(),
        "reviewed": snapshot_date,
        "sources": [{"title": f"imported with 'compliance lists import user' on {dt.date.today().isoformat()}", "url": url}],
        "rules": [{
            "id": rule_id(list_id),
            "title": f"Party on your own block list '{list_id}' — {outcome.value} by your own policy",
            "kind": "listed-party",
            "conditions": {"lists": [list_id]},
            "outcome": outcome.value,
            "severity": severity.value,
            "citation": citation,
            "validity": {"effective": dt.date(1900, 1, 1)},
            "message": f"Listed on your own block list '{list_id}': {outcome.value} by your own policy.",
        }],
    }


def write_default_rule(snapshot_dir: Path, list_id: str, title: str, files: list[Path], snapshot_date: dt.date,
                       outcome: Outcome = DEFAULT_OUTCOME, severity: Severity = DEFAULT_SEVERITY, url: str | None = None) -> Path:
    """Write the pack beside the snapshot and return its path."""
    import yaml  # only an import writes one; a screening run only looks for the file

    pack = default_pack(list_id, title, files, snapshot_date, outcome, severity, url)
    header = (
        f"# Default rule of your own list '{list_id}', written by 'compliance lists import user'.\n"
        "# Change outcome or severity here (or re-import with --rule-outcome / --rule-severity);\n"
        "# delete this file to search the list without gating on it.\n"
    )
    path = snapshot_dir / RULE_FILE
    path.write_text(header + yaml.safe_dump(pack, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def rule_packs(snapshots: Iterable) -> list[Path]:
    """The default-rule packs of the imported snapshots (`lists.store.Snapshot`) in use."""
    return [s.path / RULE_FILE for s in snapshots if not s.bundled and (s.path / RULE_FILE).is_file()]
