"""Toneless pinyin without importing pypinyin: a reading table kept in the cache directory.

`import pypinyin` builds its whole character and phrase dictionaries (150 ms or more), which a
CLI run with one query row in Han characters would pay on every start. This module reads
the same data from a compact table instead: each character's default reading, the keys
of pypinyin's phrase dictionary (they decide how a run is cut into words) and the
readings of the phrases that are not read as their characters' defaults.

The table is derived from the *installed* pypinyin's own dictionaries the first time it
is needed, stored under `cache_dir()` (sealed by compliance.support.warmcache, whose tag is
checked before marshal reads a byte) and loaded with marshal afterwards; it is keyed by
pypinyin's version and the size and date of its data files, so an upgrade rebuilds it.
`joined_pinyin(text)` is exactly `"".join(pypinyin.lazy_pinyin(text, v_to_u=False,
errors="ignore"))`: the same split into runs of the characters pypinyin reads, the same
forward maximum matching against the phrase keys (including its one quirk: when the rest
of a run is the start of some phrase but holds none, every remaining character is read
on its own) and the same readings. When the table cannot be built (pypinyin's data does
not have the shape this code relies on) pypinyin itself is called; when the cache cannot
be read or written the table is rebuilt or kept in memory. Either way only time is lost.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

#: Bump when the table layout or the reading algorithm changes.
TABLE_FORMAT = 1
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")
#: pypinyin files whose size and date key the table (beside its version).
_STAMP_FILES = ("__init__.py", "constants.py", "pinyin_dict.py", "phrases_dict.py")
#: Phrase keys are spread over this many strings, by code point of their first character.
_BUCKETS = 256
#: Inside a bucket: "\n" before and after each key, "\t" between a key and its own reading.
_ENTRY, _READING = "\n", "\t"


class PinyinTable:
    """The readings pypinyin would give, in a form that loads in a few milliseconds.

    - `pattern`: pypinyin's pattern for the characters it reads; the others split a text into
      runs and are dropped (errors="ignore"). Compiled only for a character without a reading:
      one with a reading is known to match it;
    - `base`, `index`, `syllables`: the default reading of character `c` is
      `syllables[ord(index[ord(c) - base])]`, number 0 meaning no reading;
    - `buckets`: every phrase key, in bucket `ord(key[0]) % len(buckets)`, framed by "\n" and
      followed by "\t" and its reading when that is not its characters' default readings;
    - `longest`: the length of the longest phrase key.
    """

    __slots__ = ("pattern", "base", "index", "syllables", "buckets", "longest", "_hans")

    def __init__(self, pattern: str, base: int, index: str, syllables: tuple[str, ...],
                 buckets: tuple[str, ...], longest: int) -> None:
        self.pattern, self.base, self.index, self.syllables = pattern, base, index, syllables
        self.buckets, self.longest = buckets, longest
        self._hans: re.Pattern[str] | None = None

    def _number(self, ch: str) -> int:
        offset = ord(ch) - self.base
        return ord(self.index[offset]) if 0 <= offset < len(self.index) else 0

    def char(self, ch: str) -> str:
        """The default reading of one character ("" when it has none)."""
        return self.syllables[self._number(ch)]

    def readable(self, ch: str) -> bool:
        """Whether pypinyin treats `ch` as a character to read (a Han character, mostly)."""
        if self._number(ch):
            return True
        if self._hans is None:
            self._hans = re.compile(self.pattern)
        return self._hans.match(ch) is not None

    def _bucket(self, ch: str) -> str:
        return self.buckets[ord(ch) % len(self.buckets)]

    def phrase(self, word: str) -> str | None:
        """The reading of `word` if it is a phrase key, else None."""
        bucket = self._bucket(word[0])
        at = bucket.find(_ENTRY + word + _READING)
        if at >= 0:
            start = at + len(word) + 2
            return bucket[start : bucket.index(_ENTRY, start)]
        if _ENTRY + word + _ENTRY in bucket:
            return "".join([self.char(ch) for ch in word])
        return None

    def starts_phrase(self, text: str) -> bool:
        """Whether some phrase key begins with `text` (or is `text`)."""
        return _ENTRY + text in self._bucket(text[0])

    def _word(self, word: str) -> str:
        reading = self.phrase(word)
        return "".join([self.char(ch) for ch in word]) if reading is None else reading

    def _read_run(self, run: str, out: list[str]) -> None:
        """Cut a run of readable characters into words as pypinyin does, and read each word.

        At each position the longest phrase key that starts there is one word; a character
        that starts none is a word on its own. The exception is pypinyin's: when the whole
        rest of the run is the beginning of some key but contains none, each remaining
        character is a word on its own, without looking for phrases further on.
        """
        i, n = 0, len(run)
        while i < n:
            if not self.starts_phrase(run[i]):
                out.append(self.char(run[i]))
                i += 1
                continue
            for size in range(min(self.longest, n - i), 0, -1):
                reading = self.phrase(run[i : i + size])
                if reading is not None:
                    out.append(reading)
                    i += size
                    break
            else:
                if self.starts_phrase(run[i:]):
                    out.extend([self._word(ch) for ch in run[i:]])
                    return
                out.append(self.char(run[i]))
                i += 1

    def joined(self, text: str) -> str:
        """`"".join(lazy_pinyin(text, v_to_u=False, errors="ignore"))`."""
        out: list[str] = []
        start = -1
        for position, ch in enumerate(text):
            if self.readable(ch):
                if start < 0:
                    start = position
            elif start >= 0:
                self._read_run(text[start:position], out)
                start = -1
        if start >= 0:
            self._read_run(text[start:], out)
        return "".join(out)


def _pypinyin_dir() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def _stamp(folder: Path) -> tuple[str, tuple]:
    """(pypinyin version, everything the table depends on). Raises OSError when pypinyin's files are unreadable."""
    source = (folder / "__init__.py").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"""^__version__\s*=\s*['"]([^'"]+)['"]""", source, re.MULTILINE)
    version = found.group(1) if found else "unknown"
    files = []
    for name in _STAMP_FILES:
        status = (folder / name).stat()
        files.append((name, status.st_size, status.st_mtime_ns))
    no_phrases = bool(os.environ.get("PYPINYIN_NO_PHRASES"))  # pypinyin reads it on import
    return version, (TABLE_FORMAT, marshal.version, version, str(folder), tuple(files), no_phrases)


def _table_path(directory: Path, version: str) -> Path:
    return directory / f"pinyin-table-{TABLE_FORMAT}-{_SAFE_NAME.sub('_', version)}.marshal"


def build_fields() -> tuple[str, int, str, tuple[str, ...], tuple[str, ...], int]:
    """The table's fields, computed from the installed pypinyin's dictionaries.

    Raises ValueError when the data has a shape this module does not reproduce exactly.
    """
    from array import array
    from itertools import repeat
    from operator import itemgetter

    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS, Style
    from pypinyin.style import convert

    class Toneless(dict):
        """Toned syllable → lazy_pinyin's NORMAL style, by pypinyin's own converter, once per syllable."""

        def __missing__(self, reading: str) -> str:
            value = self[reading] = convert(reading, Style.NORMAL, True, default=reading)
            return value

    toneless = Toneless()
    readable = RE_HANS.match
    default: dict[str, str] = {}
    for code, readings in PINYIN_DICT.items():
        ch = chr(code)
        if readable(ch):  # other characters never reach a reading: they split runs
            default[ch] = toneless[readings.split(",", 1)[0]]
    syllables = [""] + sorted(set(default.values()) - {""})
    if len(syllables) > 0xD000:  # the index string stays below the surrogates
        raise ValueError("too many distinct readings")
    number = {syllable: n for n, syllable in enumerate(syllables)}
    base = min(map(ord, default), default=0)
    slots = [0] * (max(map(ord, default), default=base - 1) - base + 1)
    for ch, reading in default.items():
        slots[ord(ch) - base] = number[reading]
    codes = array("H", slots)
    if sys.byteorder == "big":
        codes.byteswap()
    index = codes.tobytes().decode("utf-16-le")  # one character per code point, its syllable's number

    every_key = "".join(PHRASES_DICT)
    if "" in PHRASES_DICT or _ENTRY in every_key or _READING in every_key:
        raise ValueError("a phrase key this table cannot hold")
    first = itemgetter(0)
    lookup, no_reading = toneless.__getitem__, repeat("")
    entries: list[list[str]] = [[] for _ in range(_BUCKETS)]
    for word, readings in PHRASES_DICT.items():
        if len(readings) > len(word) or not all(readings):  # pypinyin itself fails on these
            raise ValueError(f"phrase {word!r} has a shape pypinyin does not read")
        reading = "".join(map(lookup, map(first, readings)))
        plain = "".join(map(default.get, word, no_reading))
        entries[ord(word[0]) % _BUCKETS].append(word if reading == plain else f"{word}{_READING}{reading}")
    if any(_ENTRY in value or _READING in value for value in toneless.values()):
        raise ValueError("a reading this table cannot hold")
    buckets = tuple(_ENTRY + _ENTRY.join(bucket) + _ENTRY for bucket in entries)
    longest = max(map(len, PHRASES_DICT), default=0)
    return RE_HANS.pattern, base, index, tuple(syllables), buckets, longest


def _valid(fields: object) -> bool:
    if not (isinstance(fields, tuple) and len(fields) == 6):
        return False
    pattern, base, index, syllables, buckets, longest = fields
    return (
        isinstance(pattern, str) and isinstance(base, int) and isinstance(index, str)
        and isinstance(syllables, tuple) and bool(syllables) and isinstance(buckets, tuple) and bool(buckets)
        and isinstance(longest, int)
    )


def _read(path: Path, stamp: tuple) -> PinyinTable | None:
    from compliance.support import warmcache

    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = warmcache.unseal(path.name, data, path)  # checked before marshal sees a byte
    if payload is None:
        return None
    try:
        stored = marshal.loads(payload)
    except Exception:  # a damaged cache file is rebuilt
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp and _valid(stored[1])):
        return None
    return PinyinTable(*stored[1])


def _write(path: Path, stamp: tuple, fields: tuple) -> None:
    from compliance.support import warmcache

    sealed = warmcache.seal(path.name, marshal.dumps((stamp, fields)))
    try:
        if sealed is not None:
            warmcache.write_atomically(path.parent, path.name, sealed)
    except OSError:  # an unwritable cache only costs the next run the build
        pass


def load_table(directory: Path | None = None) -> PinyinTable | None:
    """The table from the cache, built (and stored when possible) on first need; None if it cannot be built."""
    try:
        folder = _pypinyin_dir()
        if folder is None:
            return None
        version, stamp = _stamp(folder)
        if directory is None:
            from compliance.matching.cache import cache_dir

            directory = cache_dir()
        path = _table_path(directory, version)
    except (OSError, ValueError, ImportError):
        return None
    table = _read(path, stamp)
    if table is not None:
        return table
    try:
        fields = build_fields()
    except Exception:  # pypinyin's data or internals are not what this module expects: call pypinyin
        return None
    _write(path, stamp, fields)
    return PinyinTable(*fields)


@lru_cache(maxsize=1)
def _table() -> PinyinTable | None:
    return load_table()


def joined_pinyin(text: str) -> str:
    """`"".join(pypinyin.lazy_pinyin(text, v_to_u=False, errors="ignore"))`, from the table when there is one."""
    table = _table()
    if table is not None:
        try:
            return table.joined(text)
        except Exception:  # a table damaged in a way the checksum missed: pypinyin gives the same answer
            pass
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text, v_to_u=False, errors="ignore"))
