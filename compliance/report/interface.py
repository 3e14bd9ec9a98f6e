"""The one interface every output format implements. Adding a format is adding a file."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import BinaryIO

from compliance.model.report import Report


@dataclass(frozen=True)
class RenderOptions:
    """What a format may need beyond the report (terminal width, colour, full evidence)."""

    color: bool = True
    width: int | None = None
    #: show every finding's full evidence (`--details`) instead of its short form
    details: bool = False


class ReportFormat(ABC):
    """Turns a Report into text. `name` is what users pass to `-f`."""

    name: str
    #: True when the output is for people at a terminal (table), False for files.
    for_terminal: bool = False

    @abstractmethod
    def render(self, report: Report, options: RenderOptions) -> str:
        """Return the whole rendering as text."""

    def write(self, report: Report, options: RenderOptions, out: BinaryIO) -> None:
        """Write the rendering to `out` as UTF-8; formats whose output grows with the input
        stream it instead of building one string."""
        out.write(self.render(report, options).encode("utf-8"))
