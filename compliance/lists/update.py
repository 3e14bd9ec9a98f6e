"""Download current official list files and import them through the normal checks.

Sources: the ITA Consolidated Screening List JSON (all 13 US screening lists) and,
on request, OFAC's legacy SDN CSV set. URLs can be overridden (flags or the
COMPLIANCE_CSL_URL / COMPLIANCE_OFAC_URL environment variables), which is also how
the tests point this at a local server. Downloads go to a temporary folder; a
network failure or a failed check leaves the current snapshots untouched. How a file
is fetched (https only, redirects, deadline, size cap, sha256) is compliance.lists.fetch's.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from compliance.lists.fetch import MAX_BYTES, Transport, check_url, fetch
from compliance.lists.importing import ImportOutcome, import_files
from compliance.model.errors import ListDataError
from compliance.model.report import DownloadProvenance

CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"
OFAC_BASE_URL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
__all__ = ["CSL_URL", "MAX_BYTES", "OFAC_BASE_URL", "OFAC_FILES", "download", "update_lists"]


def download(url: str, dest: Path, transport: Transport) -> DownloadProvenance:
    """Fetch `url` to `dest` (see compliance.lists.fetch for the rules a download follows)."""
    return fetch(url, dest, transport)


def update_lists(
    target_root: Path,
    sources: tuple[str, ...] = ("csl",),
    csl_url: str | None = None,
    ofac_base_url: str | None = None,
    force: bool = False,
    timeout: float = 300.0,
    today: dt.date | None = None,
    allow_insecure: bool = False,
    max_bytes: int = MAX_BYTES,
) -> list[ImportOutcome]:
    """Download the chosen sources ("csl", "ofac") and import them into `target_root`.

    `timeout` is the deadline for all downloads together; each manifest records the
    URLs actually used and the sha256 of every file its snapshot was made from.
    """
    csl_url = csl_url or os.environ.get("COMPLIANCE_CSL_URL") or CSL_URL
    ofac_base_url = ofac_base_url or os.environ.get("COMPLIANCE_OFAC_URL") or OFAC_BASE_URL
    transport = Transport(deadline=timeout, max_bytes=max_bytes, allow_insecure=allow_insecure)
    wanted: list[tuple[str, list[tuple[str, str]]]] = []
    if "csl" in sources:
        wanted.append(("csl-json", [(check_url(csl_url, transport, "--csl-url"), "consolidated.json")]))
    if "ofac" in sources:
        base = check_url(ofac_base_url if ofac_base_url.endswith("/") else ofac_base_url + "/", transport, "--ofac-url")
        wanted.append(("ofac-sdn", [(base + name, name) for name in OFAC_FILES]))
    end = time.monotonic() + timeout
    outcomes: list[ImportOutcome] = []
    with tempfile.TemporaryDirectory(prefix="compliance-update-") as tmp:
        folder = Path(tmp)
        fetched: list[tuple[str, list[Path], list[DownloadProvenance]]] = []
        for format_name, files in wanted:
            paths, records = [], []
            for url, name in files:
                left = end - time.monotonic()
                if left <= 0:
                    raise ListDataError(f"downloads took longer than {timeout:g} s, stopped; no snapshot was changed", file=url)
                records.append(download(url, folder / name, replace(transport, deadline=left)))
                paths.append(folder / name)
            fetched.append((format_name, paths, records))
        # Everything is downloaded before anything is imported.
        for format_name, paths, records in fetched:
            date = (today or dt.date.today()) if format_name == "ofac-sdn" else None
            outcomes += import_files(
                format_name, paths, target_root, force=force, snapshot_date=date, data_dir=target_root, downloads=records
            )
    return outcomes
