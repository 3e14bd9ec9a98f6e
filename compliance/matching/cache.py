"""The name index, built once per set of list snapshots and kept in the warm cache.

The cache key is the sha256 of every snapshot (in order) plus a hash of the matcher's
source, so a new snapshot or a changed matcher rebuilds the index and nothing stale is
ever used. Storage, location and pruning are compliance.support.warmcache's.

The cached index is stored as text and arrays with every listed name pre-normalised
(matching/stored.py): loading it builds no per-name objects, and a listed name's
normalised form is decoded only when a query scores it.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Sequence

from compliance.support import warmcache
from compliance.lists.model import ListedParty
from compliance.matching.index import MATCHER_VERSION, NameIndex
from compliance.support.warmcache import cache_dir

__all__ = ["cache_dir", "cache_key", "load_or_build"]


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
    key = cache_key(snapshot_hashes)
    index = warmcache.load("name-index", key, NameIndex, directory)
    if index is not None and len(index.entry_party) and max(index.entry_party) < len(parties):
        return index.attach(parties)
    index = NameIndex(parties)
    warmcache.save("name-index", key, index, directory)
    return index
