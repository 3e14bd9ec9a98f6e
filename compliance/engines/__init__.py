"""How a run is executed: in this process (`local`) or spread over a Dask cluster (`dask`).

An engine only decides where work runs; what a screening finds is the pipeline's. Both
engines give the same findings, fingerprints and order, so a report does not say which
one produced it. Dask is imported only when `--engine dask` is chosen (start-up time).
"""

from __future__ import annotations

from compliance.engines.interface import Engine
from compliance.model.errors import UsageError

ENGINES = ("local", "dask")
#: the optional extra that installs the Dask engine
DASK_EXTRA = "compliance[dask]"


def open_engine(name: str | None, scheduler: str | None = None) -> Engine:
    """The engine a command line names (`--engine`, `--scheduler`); close it when done."""
    choice = (name or "local").strip().lower()
    if choice not in ENGINES:
        raise UsageError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})", field="--engine")
    if choice == "local":
        if scheduler:
            raise UsageError("a scheduler address needs --engine dask", field="--scheduler")
        from compliance.engines.local import LocalEngine

        return LocalEngine()
    try:
        import distributed  # noqa: F401  (only to tell a missing extra from other errors)
    except ImportError:
        raise UsageError(f"the Dask engine is not installed: pip install '{DASK_EXTRA}'", field="--engine") from None
    from compliance.engines.dask_engine import DaskEngine

    return DaskEngine(scheduler)
