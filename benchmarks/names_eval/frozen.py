"""The bundled list files as they were when the halves were frozen, so the halves can still be regenerated
byte for byte after the bundled lists move on.

The manifest records each source's sha256. A bundled file that has changed since is taken from the
repository's history: the version whose sha256 is the one recorded. The halves themselves are never
regenerated from newer lists (that would unfreeze the test half); this only proves they are what the
seeded generator makes of the recorded sources.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _history(repo: Path, path: str) -> list[str]:
    """The commits that changed `path`, newest first (none outside a git checkout)."""
    try:
        done = subprocess.run(["git", "-C", str(repo), "log", "--format=%H", "--", path],
                              capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return done.stdout.split()


def _version(repo: Path, commit: str, path: str) -> bytes | None:
    done = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"], capture_output=True)
    return done.stdout if done.returncode == 0 else None


def recorded_bytes(repo: Path, path: str, sha256: str) -> bytes | None:
    """The bytes of bundled file `path` whose sha256 is `sha256`: the file as it is, or a version from history."""
    current = repo / path
    if current.exists():
        data = current.read_bytes()
        if _sha256(data) == sha256:
            return data
    for commit in _history(repo, path):
        data = _version(repo, commit, path)
        if data is not None and _sha256(data) == sha256:
            return data
    return None


def shared_changed(manifest: dict, shared: Path) -> list[str]:
    """The sources under shared/ the manifest records that are missing or differ: those history cannot give back."""
    changed = []
    for record in manifest["sources"]:
        if record["path"].startswith("shared/"):
            path = shared / record["path"].removeprefix("shared/")
            if not path.is_file() or _sha256(path.read_bytes()) != record["sha256"]:
                changed.append(record["path"])
    return changed


def recover(manifest: dict, repo: Path, dest: Path) -> list[str]:
    """Write under `dest` (laid out as the repository) every bundled source the manifest records, as frozen.
    Returns the paths that could not be recovered (no version with the recorded sha256); sources under
    shared/ are left to the caller, which reads them where they are."""
    missing = []
    for record in manifest["sources"]:
        path = record["path"]
        if path.startswith("shared/"):
            continue
        data = recorded_bytes(repo, path, record["sha256"])
        if data is None:
            missing.append(path)
            continue
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return missing
