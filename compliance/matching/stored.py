"""The name index as the warm cache keeps it: sorted text and flat arrays, not pickled objects.

Unpickling an index of ~47,000 listed names as Python objects (~90,000 keys, each with a
posting tuple and a weight, and ~14,000 spelling buckets) cost more than everything else a
10-row screening does, and normalising the listed names a query scores cost much of the
rest. Stored, the index is a few strings and arrays: the vocabulary sorted, postings as
one array of entry ids with offsets, weights and join flags as arrays beside it, every
listed name pre-normalised and pre-tokenised as one small record (its keys as vocabulary
numbers). A loaded index

- finds a key by binary search in the sorted vocabulary, and builds a dictionary once a
  run has looked up enough keys to pay for it (`Vocabulary`);
- decodes a listed name's normalised form only when a query scores it, then keeps it
  (`StoredNames`): the very tokens, renderings, joins and notes the built index held, so
  a loaded index answers exactly as the built one (tests/matching/test_stored_index.py).

`pack` turns a built index's attributes into this form and `unpack` back into attributes
with the same mapping interfaces (`get`, `in`, `[]`, iteration), so the matcher's code reads
a loaded index as it reads a built one.
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from compliance.matching.normalize import NormalizedName, Token
from compliance.support.warmcache import Blob

#: Lookups after which a `Vocabulary` (or weight table) builds a dictionary: below it, binary
#: search costs less than building one (~30 ms for 90,000 words); above it, a run is large.
PROMOTE_AFTER = 20_000

#: Decoded listed names a loaded index keeps at most (see StoredNames).
KEPT_NAMES = 16384

#: What joins the words of a stored text (never part of a normalised key or a listed name).
SEPARATOR = "\n"

#: Token kinds by number in a record (a kind not listed is stored as its text).
KINDS = ("word", "trade", "place", "industry", "number", "joined", "initial", "title", "aside", "patronymic", "abbrev")
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}

#: The attributes of a NameIndex that `pack` stores in compact form; the rest is pickled as it is.
PACKED = ("entry_party", "entry_name", "normalized", "entry_size", "postings", "pair_only", "idf", "entry_cost",
          "buckets", "written_keys", "middle_words", "middle_ids", "form_words")

#: The layout of a packed index; `unpack` refuses any other.
LAYOUT = 4


class Vocabulary:
    """Sorted words; the number of a word by binary search until a dictionary pays off."""

    __slots__ = ("words", "_ids", "_lookups")

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._ids: dict[str, int] | None = None
        self._lookups = 0

    def id(self, word: str) -> int:
        """The word's number, or -1 when it is not in the vocabulary."""
        ids = self._ids
        if ids is not None:
            return ids.get(word, -1)
        self._lookups += 1
        if self._lookups > PROMOTE_AFTER:
            self._ids = dict(zip(self.words, range(len(self.words))))
            return self._ids.get(word, -1)
        words = self.words
        at = bisect_left(words, word)
        return at if at < len(words) and words[at] == word else -1

    def __len__(self) -> int:
        return len(self.words)


class _ByGet(Mapping):
    """`[]` and `in` through the subclass's `get` (None: absent)."""

    def get(self, key: str, default: Any = None) -> Any:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


class _ByWord(_ByGet):
    """A mapping over the vocabulary whose words own a slice of an array (`offsets`): its keys are
    the words whose slice is not empty."""

    vocabulary: Vocabulary
    offsets: array

    def _span(self, word: str) -> tuple[int, int]:
        """(start, end) of the word's slice; (0, 0) when it is not in the vocabulary."""
        at = self.vocabulary.id(word)
        return (self.offsets[at], self.offsets[at + 1]) if at >= 0 else (0, 0)

    def __iter__(self) -> Iterator[str]:
        offsets = self.offsets
        return (word for at, word in enumerate(self.vocabulary.words) if offsets[at + 1] > offsets[at])

    def __len__(self) -> int:
        offsets = self.offsets
        return sum(1 for at in range(len(self.vocabulary)) if offsets[at + 1] > offsets[at])


class Postings(_ByWord):
    """Key → the ids of the entries that have it (an array slice), as `NameIndex.postings`."""

    def __init__(self, vocabulary: Vocabulary, offsets: array, entries: array) -> None:
        self.vocabulary, self.offsets, self.entries = vocabulary, offsets, entries

    def get(self, key: str, default: Any = None) -> Any:
        start, end = self._span(key)
        return self.entries[start:end] if end > start else default


class Weights(_ByGet):
    """Key → weight (NaN in the array: no weight), as `NameIndex.idf`. After PROMOTE_AFTER
    lookups its `get` becomes a dictionary's: scoring asks for weights many times per name."""

    def __init__(self, vocabulary: Vocabulary, values: array) -> None:
        self.vocabulary, self.values = vocabulary, values
        self._lookups = 0

    def get(self, key: str, default: Any = None) -> Any:  # replaced by a dict's get once promoted
        self._lookups += 1
        if self._lookups > PROMOTE_AFTER:
            self.get = self._as_dict().get  # type: ignore[method-assign]
            return self.get(key, default)
        at = self.vocabulary.id(key)
        if at < 0:
            return default
        value = self.values[at]
        return default if value != value else value

    def _as_dict(self) -> dict[str, float]:
        return {word: value for word, value in zip(self.vocabulary.words, self.values) if value == value}

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_dict())

    def __len__(self) -> int:
        return sum(1 for value in self.values if value == value)


class WrittenKeys(_ByWord):
    """A spelling as written → the keys of the listed words written so (`NameIndex.written_keys`),
    as vocabulary numbers: a dictionary of them cost every run milliseconds to unpickle."""

    def __init__(self, vocabulary: Vocabulary, offsets: array, members: array) -> None:
        self.vocabulary, self.offsets, self.members = vocabulary, offsets, members

    def get(self, spelling: str, default: Any = None) -> Any:
        start, end = self._span(spelling)
        if end == start:
            return default
        words = self.vocabulary.words
        return tuple([words[i] for i in self.members[start:end]])


class FormWords(_ByWord):
    """A legal-form word → the entries whose names have it (`NameIndex.form_words`), as a frozenset
    built the first time the word is asked for: a run asks for a few, and unpickling all of them
    as sets cost it ~5 ms."""

    def __init__(self, vocabulary: Vocabulary, offsets: array, entries: array) -> None:
        self.vocabulary, self.offsets, self.entries = vocabulary, offsets, entries
        self._made: dict[str, frozenset[int] | None] = {}

    def get(self, word: str, default: Any = None) -> Any:
        found = self._made.get(word, False)
        if found is False:
            start, end = self._span(word)
            found = self._made[word] = frozenset(self.entries[start:end]) if end > start else None
        return default if found is None else found


class KeyFlags:
    """The keys flagged in a byte per vocabulary word, as `NameIndex.pair_only` (a set)."""

    def __init__(self, vocabulary: Vocabulary, flags: bytes) -> None:
        self.vocabulary, self.flags = vocabulary, flags

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        at = self.vocabulary.id(key)
        return at >= 0 and bool(self.flags[at])

    def __iter__(self) -> Iterator[str]:
        return (word for word, flag in zip(self.vocabulary.words, self.flags) if flag)

    def __len__(self) -> int:
        return len(self.flags) - self.flags.count(0)


class Buckets(Mapping):
    """Bucket name → the spellings filed under it, as `NameIndex.buckets`; a bucket's spellings
    are looked up in the vocabulary by number the first time it is asked for, then kept."""

    def __init__(self, names: Vocabulary, words: list[str], offsets: array, members: array) -> None:
        self.names, self.words, self.offsets, self.members = names, words, offsets, members
        self._made: dict[str, tuple[str, ...] | None] = {}

    def get(self, name: str, default: Any = None) -> Any:
        found = self._made.get(name, False)
        if found is False:
            at = self.names.id(name)
            if at < 0:
                found = None
            else:
                words = self.words
                found = tuple([words[i] for i in self.members[self.offsets[at] : self.offsets[at + 1]]])
            self._made[name] = found
        return default if found is None else found

    def __getitem__(self, name: str) -> tuple[str, ...]:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.names.words)

    def __len__(self) -> int:
        return len(self.names)


def form_members(buckets: Buckets, forms: FormWords, name: str) -> list[str]:
    """The spellings filed under bucket `name` that are legal-form words of `forms`, told by their vocabulary
    numbers (both read one vocabulary, see unpack): a query asks this of many buckets, and looking each of
    their words up by spelling cost more than the lookup it serves."""
    at = buckets.names.id(name)
    if at < 0:
        return []
    words, has = buckets.words, forms.offsets
    return [words[i] for i in buckets.members[buckets.offsets[at] : buckets.offsets[at + 1]] if has[i + 1] > has[i]]


class Texts(Sequence):
    """Texts kept as one string and their end offsets: the text at a position is cut out when
    asked for (a run reads the few listed names it reports, not all ~47,000)."""

    def __init__(self, text: str, ends: array) -> None:
        self.text, self.ends = text, ends

    def __getitem__(self, at: int) -> str:  # type: ignore[override]
        if at < 0:
            at += len(self.ends)
        return self.text[self.ends[at - 1] if at else 0 : self.ends[at]]

    def __len__(self) -> int:
        return len(self.ends)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


class StoredNames(Sequence):
    """The normalised form of each listed name, decoded from its record on first use, as
    `NameIndex.normalized`. Decoded names are kept (a name many queries reach is decoded
    once) up to KEPT_NAMES of them; then the quarter decoded longest ago is let go: a
    50,000-name screening reaches ~30,000 listed names, ~40 MB kept as objects."""

    def __init__(self, names: Sequence[str], records: bytes, offsets: array, words: list[str]) -> None:
        self.names, self.records, self.offsets, self.words = names, records, offsets, words
        self.done: OrderedDict[int, NormalizedName] = OrderedDict()

    def __getitem__(self, entry: int) -> NormalizedName:  # type: ignore[override]
        found = self.done.get(entry)
        if found is None:
            if entry < 0:
                return self[entry + len(self.names)]
            record = marshal.loads(self.records[self.offsets[entry] : self.offsets[entry + 1]])
            found = decode_name(record, self.words, self.names[entry])
            done = self.done
            if len(done) >= KEPT_NAMES:
                for _ in range(len(done) - KEPT_NAMES + max(1, KEPT_NAMES // 4)):
                    done.popitem(last=False)
            done[entry] = found
        return found

    def __len__(self) -> int:
        return len(self.names)


def encode_name(name: NormalizedName, ids: Mapping[str, int], text: str | None = None) -> tuple:
    """A normalised name as nested tuples of numbers and text (see decode_name); a string in the
    vocabulary is stored as its number, the name's text as None when it is the entry's own."""
    ref = ids.get
    tokens = tuple(
        (ref(t.key, t.key), None if t.surface == t.key else t.surface, _KIND_CODE.get(t.kind, t.kind),
         None if t.alts is None else tuple(ref(a, a) for a in sorted(t.alts)), t.optional | (t.pinyin << 1))
        for t in name.tokens
    )
    pairs = name.__dict__.get("pair_keys")  # a cached property: stored when the built index computed it
    return (
        None if name.text == text else name.text, tokens, name.legal_forms, name.notes, name.person, name.address,
        tuple(encode_name(part, ids) for part in name.parts),
        None if pairs is None else tuple(ref(p, p) for p in sorted(pairs)),
        name.tails,
    )


def decode_name(record: tuple, words: list[str], text: str | None = None) -> NormalizedName:
    """The normalised name `encode_name` stored, equal to it field by field."""
    own, tokens, legal_forms, notes, person, address, parts, pairs, tails = record
    made = []
    for key, surface, kind, alts, flags in tokens:
        key = words[key] if key.__class__ is int else key
        made.append(Token(key, key if surface is None else surface, KINDS[kind] if kind.__class__ is int else kind,
                          None if alts is None else frozenset(words[a] if a.__class__ is int else a for a in alts),
                          bool(flags & 1), bool(flags & 2)))
    name = NormalizedName(text if own is None else own, tuple(made), legal_forms, notes, person=person, address=address,
                          tails=tails)
    if parts:
        object.__setattr__(name, "parts", tuple(decode_name(part, words) for part in parts))
    if pairs is not None:
        name.__dict__["pair_keys"] = frozenset(words[p] if p.__class__ is int else p for p in pairs)
    return name


def _joined(texts: Sequence[str]) -> str | None:
    """The texts joined by SEPARATOR, or None when one of them holds it (then they are kept as a list)."""
    if any(SEPARATOR in t for t in texts):
        return None
    return SEPARATOR.join(texts)


def _split(text: str, count: int) -> list[str]:
    words = text.split(SEPARATOR) if count else []
    if len(words) != count:
        raise ValueError(f"a stored text holds {len(words)} words, expected {count}")
    return words


def pack(attributes: dict[str, Any]) -> dict[str, Any]:
    """The compact state of a built index (its attribute dict): PACKED attributes become text and
    arrays under "packed"; every other attribute is kept as it is."""
    state = {k: v for k, v in attributes.items() if k not in PACKED}
    postings, idf, pair_only = attributes["postings"], attributes["idf"], attributes["pair_only"]
    buckets, written, middle_words = attributes["buckets"], attributes["written_keys"], attributes["middle_words"]
    spellings = {spelling for bucket in buckets.values() for spelling in bucket}
    written_words = set(written) | {key for keys in written.values() for key in keys}
    forms = attributes["form_words"]
    words = sorted(set(postings) | set(idf) | set(pair_only) | spellings | written_words | set(middle_words) | set(forms))
    ids = {word: at for at, word in enumerate(words)}
    offsets, entries = array("I", [0]), array("I")
    written_offsets, written_members = array("I", [0]), array("I")
    form_offsets, form_entries = array("I", [0]), array("I")
    for word in words:
        entries.extend(postings.get(word, ()))
        offsets.append(len(entries))
        written_members.extend(ids[key] for key in written.get(word, ()))
        written_offsets.append(len(written_members))
        form_entries.extend(sorted(forms.get(word, ())))
        form_offsets.append(len(form_entries))
    nan = float("nan")
    weights = array("d", (idf.get(word, nan) for word in words))
    flags = bytes(word in pair_only for word in words)
    bucket_names = sorted(buckets)
    bucket_offsets, members = array("I", [0]), array("I")
    for name in bucket_names:
        members.extend(ids[spelling] for spelling in buckets[name])
        bucket_offsets.append(len(members))
    names = list(attributes["entry_name"])
    name_ends, at = array("I"), 0
    for name in names:
        at += len(name)
        name_ends.append(at)
    records = bytearray()
    record_offsets = array("I", [0])
    for entry, normalized in enumerate(attributes["normalized"]):
        records += marshal.dumps(encode_name(normalized, ids, names[entry]))
        record_offsets.append(len(records))
    texts = [_joined(words), _joined(bucket_names)]
    if None in texts:
        raise ValueError("a word holds the separator")  # the caller stores the index unpacked
    state["packed"] = {
        "layout": LAYOUT, "words": texts[0], "count": len(words), "offsets": offsets, "entries": entries,
        "weights": weights, "pair_only": flags, "bucket_names": texts[1], "bucket_count": len(bucket_names),
        "bucket_offsets": bucket_offsets, "bucket_members": members, "names": "".join(names), "name_ends": name_ends,
        "records": Blob(records), "record_offsets": record_offsets,  # beside the pickle: read as names are scored
        "entry_party": array("I", attributes["entry_party"]), "entry_size": array("I", attributes["entry_size"]),
        "entry_cost": array("d", attributes["entry_cost"]),
        "written_offsets": written_offsets, "written_members": written_members,
        "form_offsets": form_offsets, "form_entries": form_entries,
        "middle_ids": array("I", (ids[middle_words[number]] for number in attributes["middle_ids"])),
    }
    return state


def unpack(state: dict[str, Any]) -> dict[str, Any]:
    """The attributes of a loaded index from its compact state (`pack`); the packed form is kept
    under "_packed" so the index can be stored or shipped again without packing anew."""
    packed = state.pop("packed")
    if packed.get("layout") != LAYOUT:
        raise ValueError(f"packed index layout {packed.get('layout')!r}, expected {LAYOUT}")
    vocabulary = Vocabulary(_split(packed["words"], packed["count"]))
    names = Texts(packed["names"], packed["name_ends"])
    state.update(
        entry_party=packed["entry_party"], entry_name=names, entry_size=packed["entry_size"],
        entry_cost=packed["entry_cost"],
        postings=Postings(vocabulary, packed["offsets"], packed["entries"]),
        idf=Weights(vocabulary, packed["weights"]), pair_only=KeyFlags(vocabulary, packed["pair_only"]),
        buckets=Buckets(Vocabulary(_split(packed["bucket_names"], packed["bucket_count"])), vocabulary.words,
                        packed["bucket_offsets"], packed["bucket_members"]),
        normalized=StoredNames(names, packed["records"], packed["record_offsets"], vocabulary.words),
        written_keys=WrittenKeys(vocabulary, packed["written_offsets"], packed["written_members"]),
        form_words=FormWords(vocabulary, packed["form_offsets"], packed["form_entries"]),
        middle_words=vocabulary.words, middle_ids=packed["middle_ids"],  # the middle lookup's words by vocabulary number
        _packed=packed,
    )
    return state
