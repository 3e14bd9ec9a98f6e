"""The name index, built once per set of list snapshots and kept on disk.

The cache key is the sha256 of every snapshot (in order) plus a hash of the matcher's source, so
a new snapshot or a changed matcher rebuilds the index and nothing stale is ever used.
The cache lives under `$XDG_CACHE_HOME/compliance/` (default `~/.cache/compliance/`),
never in the repository; `COMPLIANCE_CACHE_DIR` overrides it. A cache that cannot be
read or written is rebuilt or skipped silently: it only saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from compliance.lists.model import ListedParty
from compliance.matching.index import MATCHER_VERSION, NameIndex


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("COMPLIANCE_CACHE_DIR"):
        return Path(env["COMPLIANCE_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "compliance"


def _matcher_fingerprint() -> str:
    """sha256 of the matcher's own source files: any change to tables or code rebuilds the index."""
    digest = hashlib.sha256(MATCHER_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(snapshot_hashes: Sequence[tuple[str, str]]) -> str:
    """Key of an index over snapshots given as (list id, sha256) pairs, in order."""
    text = "\n".join(
        [f"matcher {_matcher_fingerprint()} python {sys.version_info[:2]}"] + [f"{i} {h}" for i, h in snapshot_hashes]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def load_or_build(
    parties: Sequence[ListedParty],
    snapshot_hashes: Sequence[tuple[str, str]],
    directory: Path | None = None,
) -> NameIndex:
    """The index of these parties, from the cache when the snapshots are unchanged."""
    folder = directory or cache_dir()
    path = folder / f"name-index-{cache_key(snapshot_hashes)}.pickle"
    try:
        with open(path, "rb") as handle:
            index = pickle.load(handle)
        if isinstance(index, NameIndex) and len(index.entry_party) and max(index.entry_party) < len(parties):
            return index.attach(parties)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    index = NameIndex(parties)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".name-index-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return index
