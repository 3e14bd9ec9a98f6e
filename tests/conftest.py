"""Shared fixtures. Tests that need ../shared (real list snapshots, fact sheets) skip
with a reason when it is absent, as it is in a user's fresh clone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _shared_dir() -> Path | None:
    env = os.environ.get("COMPLIANCE_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for candidate in candidates:
        if (candidate / "data").is_dir():
            return candidate
    return None


SHARED = _shared_dir()


@pytest.fixture
def shared() -> Path:
    """The ../shared folder with real list data; skips the test when it is absent."""
    if SHARED is None:
        pytest.skip("../shared is not present (set COMPLIANCE_SHARED_DIR to a copy to run this test)")
    return SHARED


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """The test session's own warm cache (packs, snapshots, name index, pinyin table) and cache
    signing key, so tests neither read a developer's cache nor leave entries or a key behind;
    subprocesses inherit them."""
    own = {
        "COMPLIANCE_CACHE_DIR": str(tmp_path_factory.mktemp("compliance-cache")),
        "XDG_CONFIG_HOME": str(tmp_path_factory.mktemp("config")),
    }
    previous = {name: os.environ.get(name) for name in own}
    os.environ.update(own)
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
