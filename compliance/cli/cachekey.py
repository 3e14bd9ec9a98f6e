"""`python -m compliance.cli.cachekey`: the warm cache's folder and a key for a CI system's
cache of it (actions/cache, GitLab `cache:`), as `name=value` lines for $GITHUB_OUTPUT."""

from __future__ import annotations

import hashlib
import sys

from compliance.support.warmcache import cache_dir


def ci_cache_key() -> str:
    """A key for a CI system's cache of this folder (actions/cache, GitLab `cache:`).

    It changes when anything the entries derive from may have: the tool's version, the
    Python version, the list snapshots in use and the bundled rule packs. CI caches are
    immutable per key, so a key that changes too rarely would keep a stale, cold cache.
    """
    from importlib.metadata import PackageNotFoundError, version

    from compliance import __version__
    from compliance.lists.store import MANIFEST, available
    from compliance.support.resources import bundled_path

    digest = hashlib.sha256(f"compliance {__version__} python {sys.version_info[:2]}".encode())
    try:
        digest.update(f"pypinyin {version('pypinyin')}".encode())
    except PackageNotFoundError:
        pass
    for list_id, (folder, _bundled) in available().items():
        digest.update(list_id.encode())
        digest.update((folder / MANIFEST).read_bytes())
    rules = bundled_path("rules")
    for path in sorted(rules.rglob("*.y*ml")) if rules.is_dir() else []:
        digest.update(path.relative_to(rules).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


if __name__ == "__main__":
    # `python -m compliance.cli.cachekey` prints the folder and a CI cache key, as
    # `name=value` lines for $GITHUB_OUTPUT (see action.yml).
    print(f"dir={cache_dir()}")
    print(f"key={ci_cache_key()}")
