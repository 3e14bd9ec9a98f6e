"""The Dask engine: pieces of a run screened in parallel on a Dask cluster.

Without a scheduler address it starts a LocalCluster sized to the machine: one worker
process per core, one thread each (screening is pure Python, so threads would share
one interpreter lock). The lists are shipped to every worker once per run; on a
long-lived cluster they are also published under their key (the snapshots' and rule
packs' sha256), so the next run against the same lists ships nothing. Workers must run
the same version of compliance, and read BOM files at the paths the client sees.
"""

from __future__ import annotations

import logging
import math
import os
from typing import Any, Callable, Sequence

from distributed import Client, LocalCluster

from compliance.engines.interface import Engine
from compliance.engines.tasks import guarded
from compliance.model.errors import UsageError

#: at least this many pieces per worker, so a worker slowed by others does not hold up the run
PIECES_PER_WORKER = 4
#: and no piece larger than this many records (bounded memory per task)
MAX_PIECE = 20_000
#: published datasets of this engine are named with this prefix and the lists' key
DATASET_PREFIX = "compliance-lists-"


def machine_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


class DaskEngine(Engine):
    name = "dask"
    spreads = True

    def __init__(self, scheduler: str | None = None, *, workers: int | None = None, processes: bool = True) -> None:
        self.scheduler, self._workers, self._processes = scheduler, workers, processes
        self.cluster: LocalCluster | None = None
        self._client: Client | None = None
        self._shipped: dict[str, Any] = {}

    @property
    def client(self) -> Client:
        """Connected on first use: a run with nothing to spread starts no cluster."""
        if self._client is None:
            if self.scheduler:
                try:
                    self._client = Client(self.scheduler, timeout="10s")
                except (OSError, TimeoutError, ValueError) as exc:
                    raise UsageError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}", field="--scheduler") from None
            else:
                self.cluster = LocalCluster(
                    n_workers=self._workers or machine_cores(), threads_per_worker=1, processes=self._processes,
                    dashboard_address=None, silence_logs=logging.CRITICAL,
                )
                self._client = Client(self.cluster)
        return self._client

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))

    def partitions(self, records: int) -> int:
        return max(self.workers() * PIECES_PER_WORKER, math.ceil(records / MAX_PIECE))

    def map(self, task: Callable, pieces: Sequence, shared: Any, key: str, *args: Any) -> list:
        target = self._ship(shared, key) if shared is not None else None
        # The pieces go straight to the workers, not through the scheduler's task graph.
        sent = self.client.scatter(list(pieces), hash=False)
        futures = [self.client.submit(guarded, task, piece, target, *args, pure=False) for piece in sent]
        results = []
        for ok, value in self.client.gather(futures):
            if not ok:
                raise value  # the first bad piece in input order, as the local engine stops at it
            results.append(value)
        return results

    def _ship(self, shared: Any, key: str):
        """`shared` on every worker, once per key (and once per cluster when published)."""
        name = DATASET_PREFIX + key
        if name in self._shipped:
            return self._shipped[name]
        if self.scheduler and name in self.client.list_datasets():
            future = self.client.get_dataset(name)
        else:
            [future] = self.client.scatter([shared], broadcast=True, hash=False)
            if self.scheduler:  # a cluster that outlives this run keeps the newest lists only
                for old in self.client.list_datasets():
                    if str(old).startswith(DATASET_PREFIX):
                        self.client.unpublish_dataset(old)
                self.client.publish_dataset(future, name=name)
        self._shipped[name] = future
        return future

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self.cluster is not None:
            self.cluster.close()
