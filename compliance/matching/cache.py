"""The name index, built once per set of list snapshots and kept in the warm cache.

The cache key is the sha256 of every snapshot (in order) plus a hash of the matcher's
source, so a new snapshot or a changed matcher rebuilds the index and nothing stale is
ever used. Storage, location and pruning are compliance.support.warmcache's.

The cached index holds no normalised names (unpickling ~100,000 token objects would
cost more than the rest of a short run); a loaded index normalises a listed name the
first time a query scores it and keeps it for the rest of the run (`LazyNormalized`),
so a 50,000-name screening normalises each listed name at most once, not once per query.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Sequence

from compliance.support import warmcache
from compliance.lists.model import ListedParty
from compliance.matching.index import MATCHER_VERSION, NameIndex
from compliance.matching.normalize import NormalizedName, normalize_name
from compliance.support.warmcache import cache_dir

__all__ = ["LazyNormalized", "cache_dir", "cache_key", "load_or_build"]


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


class LazyNormalized:
    """The normalised form of each listed name, computed on first use and then kept.

    Stands in for the list a freshly built index holds (`NameIndex.normalized`), so a
    query scores against the same `NormalizedName` objects (their cached pair keys
    included) however many queries reach the same listed name. Names in Han characters
    come ready from the cache (normalising them loads the pinyin dictionaries)."""

    __slots__ = ("names", "done")

    def __init__(self, names: Sequence[str], ready: dict[int, NormalizedName] | None = None) -> None:
        self.names = names
        self.done: list[NormalizedName | None] = [None] * len(names)
        for entry, normalized in (ready or {}).items():
            self.done[entry] = normalized

    def __getitem__(self, entry: int) -> NormalizedName:
        found = self.done[entry]
        if found is None:
            found = self.done[entry] = normalize_name(self.names[entry])
        return found

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self):
        return (self[entry] for entry in range(len(self.names)))


def _ready(index: NameIndex) -> NameIndex:
    """A loaded index with its listed names normalised lazily, once each (see LazyNormalized)."""
    if index.normalized is None:
        index.normalized = LazyNormalized(index.entry_name, getattr(index, "han_normalized", None))  # type: ignore[assignment]
    return index


def load_or_build(
    parties: Sequence[ListedParty],
    snapshot_hashes: Sequence[tuple[str, str]],
    directory: Path | None = None,
) -> NameIndex:
    """The index of these parties, from the cache when the snapshots are unchanged."""
    key = cache_key(snapshot_hashes)
    index = warmcache.load("name-index", key, NameIndex, directory)
    if index is not None and len(index.entry_party) and max(index.entry_party) < len(parties):
        return _ready(index).attach(parties)
    index = NameIndex(parties)
    warmcache.save("name-index", key, index, directory)
    return index
