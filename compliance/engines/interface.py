"""The one thing an engine does: run a function over pieces of work, results in order."""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Engine:
    """Runs `task(piece, shared, *args)` for every piece and returns the results in the
    pieces' order, so merging them is deterministic. `shared` is the one large object all
    pieces need (the lists' name index); `key` names it, so an engine that ships it to
    workers ships it once per key."""

    name = "engine"
    #: False: everything runs in this process, so callers need not cut their input
    spreads = False

    def map(self, task: Callable[..., R], pieces: Sequence[T], shared: Any, key: str, *args: Any) -> list[R]:
        raise NotImplementedError

    def partitions(self, records: int) -> int:
        """Into how many pieces to cut `records` records."""
        return 1

    def close(self) -> None:
        """Release what the engine started (a local cluster)."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
