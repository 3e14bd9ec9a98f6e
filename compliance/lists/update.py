"""Download current official list files and import them through the normal checks.

Sources: the ITA Consolidated Screening List JSON (all 13 US screening lists) and,
on request, OFAC's legacy SDN CSV set. URLs can be overridden (flags or the
COMPLIANCE_CSL_URL / COMPLIANCE_OFAC_URL environment variables), which is also how
the tests point this at a local server. Downloads go to a temporary folder; a
network failure or a failed check leaves the current snapshots untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from compliance import __version__
from compliance.model.errors import ListDataError
from compliance.lists.importing import ImportOutcome, import_files

CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"
OFAC_BASE_URL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
MAX_BYTES = 200 * 1024 * 1024


def download(url: str, dest: Path, timeout: float) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": f"compliance/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(dest, "wb") as out:
            total = 0
            while chunk := response.read(1 << 20):
                total += len(chunk)
                if total > MAX_BYTES:
                    raise ListDataError(f"download larger than {MAX_BYTES // (1024 * 1024)} MB, stopped", file=url)
                out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise ListDataError(f"download failed: HTTP {exc.code} {exc.reason}", file=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ListDataError(f"download failed ({reason}); no snapshot was changed", file=url) from None
    return dest


def update_lists(
    target_root: Path,
    sources: tuple[str, ...] = ("csl",),
    csl_url: str | None = None,
    ofac_base_url: str | None = None,
    force: bool = False,
    timeout: float = 60.0,
    today: dt.date | None = None,
) -> list[ImportOutcome]:
    """Download the chosen sources ("csl", "ofac") and import them into `target_root`."""
    csl_url = csl_url or os.environ.get("COMPLIANCE_CSL_URL") or CSL_URL
    ofac_base_url = ofac_base_url or os.environ.get("COMPLIANCE_OFAC_URL") or OFAC_BASE_URL
    outcomes: list[ImportOutcome] = []
    with tempfile.TemporaryDirectory(prefix="compliance-update-") as tmp:
        folder = Path(tmp)
        downloads: list[tuple[str, list[Path]]] = []
        if "csl" in sources:
            downloads.append(("csl-json", [download(csl_url, folder / "consolidated.json", timeout)]))
        if "ofac" in sources:
            base = ofac_base_url if ofac_base_url.endswith("/") else ofac_base_url + "/"
            downloads.append(("ofac-sdn", [download(base + name, folder / name, timeout) for name in OFAC_FILES]))
        # Everything is downloaded before anything is imported.
        for format_name, files in downloads:
            date = (today or dt.date.today()) if format_name == "ofac-sdn" else None
            outcomes += import_files(format_name, files, target_root, force=force, snapshot_date=date, data_dir=target_root)
    return outcomes
