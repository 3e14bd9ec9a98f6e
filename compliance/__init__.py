"""compliance: export-control screening of bills of materials and counterparties.

The public Python API. The CLI is a thin layer over these functions, so anything the
CLI can do a script can do too. Names are imported on first use, so `import
compliance` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from compliance.support import classcode as _classcode

__version__ = "0.1.0"

_classcode.install()  # the package's dataclass methods come compiled from the warm cache

#: public name → module that defines it
_API = {
    "ComplianceError": "compliance.model.errors",
    "InputError": "compliance.model.errors",
    "RulePackError": "compliance.model.errors",
    "load_rules": "compliance.rulepacks.loader",
    "ScreenOptions": "compliance.pipeline",
    "screen_bom": "compliance.pipeline",
    "screen_parties": "compliance.pipeline",
    "screen_ownership": "compliance.pipeline",
    "build_report": "compliance.report.build",
    "compare": "compliance.matching",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'compliance' has no attribute {name!r}")
