"""Text from input files shown at a terminal exactly as written, and nothing more.

Names, part numbers and messages come from files anyone may have written. At a terminal,
an escape sequence in them could recolour, move the cursor, retitle the window or hide
the lines before it (a fake PASS), and rich would read `[/]` or `[bold]` in them as
markup (a stray closing tag is an error). So everything printed passes `printable`:
ANSI escape sequences and control characters (C0, DEL, C1, and the bidirectional
overrides that reorder what is shown) are removed; rich output is made with markup off.
"""

from __future__ import annotations

import re
from typing import Any

#: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-character ESC sequences
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n]+")


def printable(value: Any, *, newlines: bool = False) -> str:
    """`value` as text with escape sequences and control characters removed; line breaks
    and tabs become spaces unless `newlines` (a multi-line message)."""
    text = _CONTROLS.sub("", _ESCAPES.sub("", str(value)))
    return text if newlines else _LINE_BREAKS.sub(" ", text)


def literal(value: Any, style: str = "", *, newlines: bool = False):
    """A rich Text of `printable(value)`: never parsed as markup."""
    from rich.text import Text

    return Text(printable(value, newlines=newlines), style=style)
