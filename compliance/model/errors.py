"""User-facing error types.

Each kind of user error is its own type and carries where it happened (file, line,
field), so the CLI can render it once, as one line, and exit 2. Anything that is not
one of these is a bug and is reported as such.
"""

from __future__ import annotations

from pathlib import Path


class ComplianceError(Exception):
    """A problem the user can fix; the tool could not reach a verdict (exit code 2)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class InputError(ComplianceError):
    """An input file (BOM, parties, ownership, materials, report) cannot be read."""


class RulePackError(ComplianceError):
    """A rule pack is malformed or inconsistent with the other loaded packs."""


class ConfigError(ComplianceError):
    """Settings from pyproject.toml, compliance.yaml, environment or flags are invalid."""


class ListDataError(ComplianceError):
    """A restricted-party snapshot is missing, corrupt, stale or fails integrity checks."""


class UsageError(ComplianceError):
    """The command line itself is wrong (unknown format, bad date, missing file)."""


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a field path as `rules[3].validity.suspended[0].to`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
