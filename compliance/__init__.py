"""compliance: export-control screening of bills of materials and counterparties.

The public Python API. The CLI is a thin layer over these functions, so anything the
CLI can do a script can do too.
"""

__version__ = "0.1.0"

from compliance.errors import ComplianceError, InputError, RulePackError  # noqa: E402
from compliance.rulepacks.loader import load_rules  # noqa: E402
from compliance.screening import screen_bom  # noqa: E402

__all__ = [
    "__version__",
    "ComplianceError",
    "InputError",
    "RulePackError",
    "load_rules",
    "screen_bom",
]
