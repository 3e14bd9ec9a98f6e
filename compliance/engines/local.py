"""The local engine: everything in this process, one piece after another."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from compliance.engines.interface import Engine


class LocalEngine(Engine):
    name = "local"

    def map(self, task: Callable, pieces: Sequence, shared: Any, key: str, *args: Any) -> list:
        return [task(piece, shared, *args) for piece in pieces]
