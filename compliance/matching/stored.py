"""The name index as the warm cache keeps it: sorted text and flat arrays, not pickled objects.

Unpickling an index of ~47,000 listed names as Python objects (~90,000 keys, each with a
posting tuple and a weight, and ~14,000 spelling buckets) cost more than everything else a
10-row screening does, and normalising the listed names a query scores cost much of the
rest. Stored, the index is a few texts and arrays: the vocabulary sorted, postings as one
array of entry ids with offsets, weights and join flags as arrays beside it, every listed
name pre-normalised and pre-tokenised as one small record. A loaded index

- finds a key by one search in its block of the sorted vocabulary, and builds a dictionary
  once a run has looked up enough keys to pay for it (`Words`, `Vocabulary`);
- decodes a listed name's normalised form only when a query scores it, then keeps it
  (`StoredNames`): the very tokens, renderings, joins and notes the built index held, so
  a loaded index answers exactly as the built one (tests/matching/test_stored_index.py).

`pack` turns a built index's attributes into this form and `unpack` back into attributes
with the same mapping interfaces (`get`, `in`, `[]`, iteration), so the matcher's code reads
a loaded index as it reads a built one.

Loading reads none of it: the texts and arrays are blobs beside the entry's pickle
(support/warmcache.py), so a load reads and checks a pickle of ~0.2 MB, not ~9 MB, and makes
no string per word (splitting the ~97,000 words cost a 10-row run ~9 ms). An array is read
whole (into its own memory, checked there) the first time its owner reads it (`Later`);
the listed names' records, the spelling buckets and the middle slots are read a chunk at a
time where a query reaches them: a 10-row run reads a few hundred of the ~47,000 records.
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from sys import intern
from typing import Any

from compliance.matching.normalize import NormalizedName, Token
from compliance.support.warmcache import Blob, SealedBlob

#: Words a `Vocabulary` looks up (lookups, for a weight table) before it builds a dictionary: below it, a
#: search costs less than building one (~30 ms for 90,000 words); above it, a run is large.
PROMOTE_AFTER = 20_000

#: Slices of a `Slices` array read one by one before it is read whole.
PROMOTE_SLICES = 256

#: Decoded listed names a loaded index keeps at most (see StoredNames).
KEPT_NAMES = 16384

#: What joins the words of a stored text (never part of a normalised key or a listed name).
SEPARATOR = "\n"

#: Words of a stored vocabulary decoded together; the first of each block is kept in the pickle.
BLOCK = 32

#: Token kinds by number in a record (a kind not listed is stored as its text).
KINDS = ("word", "trade", "place", "industry", "number", "joined", "initial", "title", "aside", "patronymic", "abbrev")
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}

#: The attributes of a NameIndex that `pack` stores in compact form; the rest is pickled as it is.
PACKED = ("entry_party", "entry_name", "normalized", "entry_size", "postings", "pair_only", "idf", "entry_cost",
          "buckets", "written_keys", "middle_words", "middle_ids", "middle_starts", "form_words")

#: The layout of a packed index; `unpack` refuses any other.
LAYOUT = 6

#: The packed arrays (kept as blobs) and their item types.
ARRAYS = {"offsets": "I", "entries": "I", "weights": "d", "bucket_ends": "I", "name_ends": "I",
          "record_offsets": "I", "entry_party": "I", "entry_size": "I", "entry_cost": "d", "written_offsets": "I",
          "written_members": "I", "form_offsets": "I", "form_entries": "I", "middle_ids": "I", "middle_starts": "I"}


class Later:
    """A field of a loaded index made from its blob the first time it is read (see `made`)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def assign(owner: Any, **fields: Any) -> None:
    """Set `owner`'s attributes; a `Later` one is made when first read (the owner's `__getattr__` is `made`)."""
    for name, value in fields.items():
        if isinstance(value, Later):
            owner.__dict__.setdefault("_later", {})[name] = value.make
        else:
            owner.__dict__[name] = value


def made(owner: Any, name: str) -> Any:
    """The `Later` attribute `name` of `owner`, made now and kept as a plain attribute (read at C speed after)."""
    later = owner.__dict__.get("_later")
    make = later.get(name) if later else None
    if make is None:
        raise AttributeError(name)
    value = owner.__dict__[name] = make()
    later.pop(name, None)
    return value


class _Fields:
    """An object whose `Later` attributes are made when first read."""

    __getattr__ = made


def _array(typecode: str, data: SealedBlob | bytes) -> array:
    """An array from its stored bytes: a SealedBlob reads them into the array's memory and checks them
    there (no copy); a shipped index holds them as bytes."""
    if not isinstance(data, SealedBlob):
        return array(typecode, data)
    made_ = array(typecode, [0]) * (len(data) // array(typecode).itemsize)
    data.read_into(made_)
    return made_


class Slices:
    """An array only sliced (`ids[start:end]`), read a slice at a time from its blob: the middle lookup
    of a 10-row run reads a few of its ~1 MB of slots. After PROMOTE_SLICES slices it is read whole."""

    def __init__(self, typecode: str, blob: SealedBlob) -> None:
        self.typecode, self.blob, self.size, self.reads = typecode, blob, array(typecode).itemsize, 0
        self.whole: array | None = None

    def __getitem__(self, span: slice) -> array:
        if self.whole is not None:
            return self.whole[span]
        self.reads += 1
        if self.reads > PROMOTE_SLICES:
            self.whole = _array(self.typecode, self.blob)
            return self.whole[span]
        start, stop, _ = span.indices(len(self))
        return array(self.typecode, self.blob[start * self.size : max(start, stop) * self.size])

    def __len__(self) -> int:
        return len(self.blob) // self.size


def _later_array(typecode: str, data: SealedBlob | bytes) -> Later:
    return Later(lambda: _array(typecode, data))


class Words(_Fields, Sequence):
    """Sorted words stored as one UTF-8 text, each word between two SEPARATORs, read whole the first
    time it is used. The first word of every BLOCK is at hand (`heads`), so a word is found by one
    search of its block's bytes (`number`), and the word of a number by decoding its block (`[]`):
    no string is made for the ~97,000 words a run never names (splitting them all cost ~9 ms)."""

    def __init__(self, text: SealedBlob | bytes, starts: array, heads: list[str], count: int) -> None:
        assign(self, data=Later(lambda: text[:]) if isinstance(text, SealedBlob) else text, starts=starts,
               heads=heads, count=count)
        self.blocks: dict[int, list[str]] = {}
        self.every: list[str] | None = None  # all of them, once PROMOTE_AFTER words were read by number
        self._reads = 0

    def _end(self, block: int) -> int:
        """Where block number `block` ends: at the separator after its last word (included)."""
        starts = self.starts
        return starts[block + 1] + 1 if block + 1 < len(starts) else len(self.data)

    def block(self, number: int) -> list[str]:
        found = self.blocks.get(number)
        if found is None:
            # interned: one string per word, shared with the buckets and decoded names that hold it
            found = list(map(intern, self.data[self.starts[number] + 1 : self._end(number) - 1].decode("utf-8")
                             .split(SEPARATOR)))
            self.blocks[number] = found
        return found

    def number(self, word: str) -> int:
        """The word's number, or -1 when it is not among the words."""
        every = self.every
        if every is not None:
            at = bisect_left(every, word)
            return at if at < len(every) and every[at] == word else -1
        at = bisect_right(self.heads, word) - 1
        if at < 0 or SEPARATOR in word:
            return -1
        try:
            wanted = (SEPARATOR + word + SEPARATOR).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no stored word holds one
            return -1
        data, start = self.data, self.starts[at]
        found = data.find(wanted, start, self._end(at))
        return -1 if found < 0 else at * BLOCK + data.count(b"\n", start, found)

    def __getitem__(self, at: int) -> str:  # type: ignore[override]
        every = self.every
        if every is not None:
            return every[at]
        self._reads += 1
        if self._reads > PROMOTE_AFTER:  # a large run (the middle lookup reads thousands): a list is cheaper
            self.every = list(self)
            self.blocks, self.data = {}, b""  # the list holds every word now
            return self.every[at]
        if at < 0:
            at += self.count
        if not 0 <= at < self.count:
            raise IndexError(at)
        return self.block(at // BLOCK)[at % BLOCK]

    def __iter__(self) -> Iterator[str]:
        if self.every is not None:
            yield from self.every
            return
        for number in range(len(self.starts)):
            yield from self.block(number)

    def __len__(self) -> int:
        return self.count


class Vocabulary:
    """Sorted words (a list, or stored `Words`); the number of a word by search, remembered (a
    10-row run asks ~2,300 times for ~430 words), until a dictionary of them all pays off."""

    __slots__ = ("words", "_ids", "_lookups", "_complete")

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self._ids: dict[str, int] = {}  # the words looked up so far (-1: absent); every word once complete
        self._lookups = 0
        self._complete = False

    def id(self, word: str) -> int:
        """The word's number, or -1 when it is not in the vocabulary."""
        found = self._ids.get(word)
        if found is not None:
            return found
        if self._complete:
            return -1
        self._lookups += 1
        if self._lookups > PROMOTE_AFTER:
            self._ids, self._complete = dict(zip(self.words, range(len(self.words)))), True
            return self._ids.get(word, -1)
        words = self.words
        if words.__class__ is Words:
            at = words.number(word)
        else:
            at = bisect_left(words, word)
            at = at if at < len(words) and words[at] == word else -1
        self._ids[word] = at
        return at

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


class _ByWord(_Fields, _ByGet):
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

    def __init__(self, vocabulary: Vocabulary, offsets: array | Later, entries: array | Later) -> None:
        assign(self, vocabulary=vocabulary, offsets=offsets, entries=entries)

    def get(self, key: str, default: Any = None) -> Any:
        start, end = self._span(key)
        return self.entries[start:end] if end > start else default


class Weights(_Fields, _ByGet):
    """Key → weight (NaN in the array: no weight), as `NameIndex.idf`. After PROMOTE_AFTER
    lookups its `get` becomes a dictionary's: scoring asks for weights many times per name."""

    def __init__(self, vocabulary: Vocabulary, values: array | Later) -> None:
        assign(self, vocabulary=vocabulary, weights=values)  # not `values`: Mapping's method
        self._lookups = 0

    def get(self, key: str, default: Any = None) -> Any:  # replaced by a dict's get once promoted
        self._lookups += 1
        if self._lookups > PROMOTE_AFTER:
            self.get = self._as_dict().get  # type: ignore[method-assign]
            return self.get(key, default)
        at = self.vocabulary.id(key)
        if at < 0:
            return default
        value = self.weights[at]
        return default if value != value else value

    def _as_dict(self) -> dict[str, float]:
        return {word: value for word, value in zip(self.vocabulary.words, self.weights) if value == value}

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_dict())

    def __len__(self) -> int:
        return sum(1 for value in self.weights if value == value)


class WrittenKeys(_ByWord):
    """A spelling as written → the keys of the listed words written so (`NameIndex.written_keys`),
    as vocabulary numbers: a dictionary of them cost every run milliseconds to unpickle."""

    def __init__(self, vocabulary: Vocabulary, offsets: array | Later, members: array | Later) -> None:
        assign(self, vocabulary=vocabulary, offsets=offsets, members=members)

    def get(self, spelling: str, default: Any = None) -> Any:
        start, end = self._span(spelling)
        if end == start:
            return default
        words = self.vocabulary.words
        return tuple([words[i] for i in self.members[start:end]])


class FormWords(_ByWord):
    """A legal-form word → the entries whose names have it (`NameIndex.form_words`), as a frozenset
    built the first time the word is asked for: a run asks for a few, and unpickling all of them
    as sets cost it ~5 ms. The form words themselves (~170) are kept as a set: the close-spelling
    lookup asks of thousands of bucket words whether they are one, and a vocabulary search each
    cost a 10-row run ~20 ms."""

    def __init__(self, vocabulary: Vocabulary, offsets: array | Later, entries: array | Later, words: frozenset[str]) -> None:
        assign(self, vocabulary=vocabulary, offsets=offsets, entries=entries, words=words)
        self._made: dict[str, frozenset[int] | None] = {}

    def __contains__(self, key: object) -> bool:
        return key in self.words

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.words))

    def __len__(self) -> int:
        return len(self.words)

    def get(self, word: str, default: Any = None) -> Any:
        if word not in self.words:
            return default
        found = self._made.get(word, False)
        if found is False:
            start, end = self._span(word)
            found = self._made[word] = frozenset(self.entries[start:end]) if end > start else None
        return default if found is None else found


class KeyFlags(_Fields):
    """The keys flagged in a byte per vocabulary word, as `NameIndex.pair_only` (a set)."""

    def __init__(self, vocabulary: Vocabulary, flags: bytes | Later) -> None:
        assign(self, vocabulary=vocabulary, flags=flags)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        at = self.vocabulary.id(key)
        return at >= 0 and bool(self.flags[at])

    def __iter__(self) -> Iterator[str]:
        return (word for word, flag in zip(self.vocabulary.words, self.flags) if flag)

    def __len__(self) -> int:
        return len(self.flags) - self.flags.count(0)


class Buckets(_Fields, Mapping):
    """Bucket name → the spellings filed under it, as `NameIndex.buckets`: each bucket's spellings
    are stored as text (SEPARATOR between them) and split the first time it is asked for, then
    kept. (As vocabulary numbers they were smaller, but a run's ~170 buckets hold ~9,000 words
    from all over the vocabulary, and decoding those cost more than the text.)"""

    def __init__(self, names: Vocabulary, text: SealedBlob | bytes, ends: array | Later) -> None:
        assign(self, names=names, text=text, ends=ends)
        self._made: dict[str, tuple[str, ...] | None] = {}

    def get(self, name: str, default: Any = None) -> Any:
        found = self._made.get(name, False)
        if found is False:
            if len(self._made) == PROMOTE_SLICES * 4 and isinstance(self.text, SealedBlob):
                self.text = self.text[:]  # a large run reads most buckets: read whole, sliced in C from now on
            at = self.names.id(name)
            if at < 0:
                found = None
            else:
                ends = self.ends
                start, end = ends[at - 1] if at else 0, ends[at]
                found = tuple(map(intern, self.text[start:end].decode("utf-8").split(SEPARATOR))) if end > start else ()
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


class Texts(_Fields, Sequence):
    """Texts kept as one UTF-8 text and their end offsets in it: the text at a position is cut out
    when asked for (a run reads the few listed names it reports, not all ~47,000)."""

    def __init__(self, text: SealedBlob | bytes, ends: array | Later, count: int) -> None:
        assign(self, text=text, ends=ends, count=count)

    def __getitem__(self, at: int) -> str:  # type: ignore[override]
        if at < 0:
            at += self.count
        if not 0 <= at < self.count:
            raise IndexError(at)
        ends = self.ends
        return self.text[ends[at - 1] if at else 0 : ends[at]].decode("utf-8")

    def __len__(self) -> int:
        return self.count

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


class StoredNames(_Fields, Sequence):
    """The normalised form of each listed name, decoded from its record on first use, as
    `NameIndex.normalized`. Decoded names are kept (a name many queries reach is decoded
    once) up to KEPT_NAMES of them; then the quarter decoded longest ago is let go: a
    50,000-name screening reaches ~30,000 listed names, ~40 MB kept as objects."""

    def __init__(self, names: Sequence[str], records: bytes, offsets: array | Later, words: Sequence[str]) -> None:
        assign(self, names=names, records=records, offsets=offsets, words=words)
        self.done: OrderedDict[int, NormalizedName] = OrderedDict()

    def __getitem__(self, entry: int) -> NormalizedName:  # type: ignore[override]
        found = self.done.get(entry)
        if found is None:
            if entry < 0:
                return self[entry + len(self.names)]
            record = marshal.loads(self.records[self.offsets[entry] : self.offsets[entry + 1]])
            found = decode_name(record, self.words)  # a stored record holds its text
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


def decode_name(record: tuple, words: Sequence[str], text: str | None = None) -> NormalizedName:
    """The normalised name `encode_name` stored, equal to it field by field."""
    own, tokens, legal_forms, notes, person, address, parts, pairs, tails = record
    made = []
    for key, surface, kind, alts, flags in tokens:
        key = words[key] if key.__class__ is int else intern(key)  # one string per word, however many names have it
        made.append(Token(key, key if surface is None else surface, KINDS[kind] if kind.__class__ is int else kind,
                          None if alts is None else frozenset(words[a] if a.__class__ is int else intern(a) for a in alts),
                          bool(flags & 1), bool(flags & 2)))
    name = NormalizedName(text if own is None else own, tuple(made), legal_forms, notes, person=person, address=address,
                          tails=tails)
    if parts:
        object.__setattr__(name, "parts", tuple(decode_name(part, words) for part in parts))
    if pairs is not None:
        name.__dict__["pair_keys"] = frozenset(words[p] if p.__class__ is int else intern(p) for p in pairs)
    return name


def _joined(texts: Sequence[str]) -> str | None:
    """The texts joined by SEPARATOR, or None when one of them holds it (then they are kept as a list)."""
    if any(SEPARATOR in t for t in texts):
        return None
    return SEPARATOR.join(texts)


def _stored_words(words: list[str]) -> dict[str, Any]:
    """Sorted words as `Words` reads them: their UTF-8 text, each word between separators (a blob),
    where each block starts (its separator before), the first word of each block."""
    text, starts, at = _joined(words), array("I"), 0
    if text is None:
        raise ValueError("a word holds the separator")  # the caller stores the index unpacked
    for number, word in enumerate(words):
        if number % BLOCK == 0:
            starts.append(at)
        at += len(word.encode("utf-8")) + 1
    return {"text": Blob((SEPARATOR + text + SEPARATOR).encode("utf-8")), "starts": starts, "heads": words[::BLOCK],
            "count": len(words)}


def _words(stored: dict[str, Any]) -> Words:
    if len(stored["starts"]) != len(stored["heads"]) or len(stored["heads"]) != -(-stored["count"] // BLOCK):
        raise ValueError("a stored vocabulary's blocks do not match its count")
    return Words(stored["text"], stored["starts"], stored["heads"], stored["count"])


def pack(attributes: dict[str, Any]) -> dict[str, Any]:
    """The compact state of a built index (its attribute dict): PACKED attributes become text and
    arrays under "packed" (blobs beside the entry's pickle); every other attribute is kept as it is."""
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
    bucket_texts = [SEPARATOR.join(buckets[name]).encode("utf-8") for name in bucket_names]
    bucket_ends, at = array("I"), 0
    for text in bucket_texts:
        at += len(text)
        bucket_ends.append(at)
    names = [name.encode("utf-8") for name in attributes["entry_name"]]
    name_ends, at = array("I"), 0
    for name in names:
        at += len(name)
        name_ends.append(at)
    records = bytearray()
    record_offsets = array("I", [0])
    for normalized in attributes["normalized"]:  # its words and text as text: decoded without vocabulary or names
        records += marshal.dumps(encode_name(normalized, {}))
        record_offsets.append(len(records))
    arrays = {
        "offsets": offsets, "entries": entries, "weights": weights, "bucket_ends": bucket_ends, "name_ends": name_ends, "record_offsets": record_offsets,
        "entry_party": array("I", attributes["entry_party"]), "entry_size": array("I", attributes["entry_size"]),
        "entry_cost": array("d", attributes["entry_cost"]), "written_offsets": written_offsets,
        "written_members": written_members, "form_offsets": form_offsets, "form_entries": form_entries,
        "middle_ids": array("I", (ids[middle_words[number]] for number in attributes["middle_ids"])),
        "middle_starts": array("I", attributes["middle_starts"]),
    }
    state["packed"] = {
        "layout": LAYOUT, "words": _stored_words(words), "bucket_names": _stored_words(bucket_names),
        "bucket_texts": Blob(b"".join(bucket_texts)), "pair_only": Blob(flags), "names": Blob(b"".join(names)), "name_count": len(names),
        "records": Blob(records),  # read as names are scored
        "form_keys": tuple(sorted(forms)),
        **{name: Blob(values.tobytes()) for name, values in arrays.items()},
    }
    return state


def unpack(state: dict[str, Any]) -> dict[str, Any]:
    """The attributes of a loaded index from its compact state (`pack`); the packed form is kept
    under "_packed" so the index can be stored or shipped again without packing anew. Its arrays
    are read when first used (`Later`): the index's own through `NameIndex.__getattr__`."""
    packed = state.pop("packed")
    if packed.get("layout") != LAYOUT:
        raise ValueError(f"packed index layout {packed.get('layout')!r}, expected {LAYOUT}")
    field = {name: _later_array(typecode, packed[name]) for name, typecode in ARRAYS.items()}
    vocabulary = Vocabulary(_words(packed["words"]))
    names = Texts(packed["names"], field["name_ends"], packed["name_count"])
    flags = packed["pair_only"]
    state.update(
        entry_name=names,
        postings=Postings(vocabulary, field["offsets"], field["entries"]),
        idf=Weights(vocabulary, field["weights"]),
        pair_only=KeyFlags(vocabulary, Later(lambda: flags[:]) if isinstance(flags, SealedBlob) else flags),
        buckets=Buckets(Vocabulary(_words(packed["bucket_names"])), packed["bucket_texts"], field["bucket_ends"]),
        normalized=StoredNames(names, packed["records"], field["record_offsets"], vocabulary.words),
        written_keys=WrittenKeys(vocabulary, field["written_offsets"], field["written_members"]),
        form_words=FormWords(vocabulary, field["form_offsets"], field["form_entries"], frozenset(packed["form_keys"])),
        middle_words=vocabulary.words,  # the middle lookup's words by vocabulary number
        middle_ids=Slices("I", packed["middle_ids"]) if isinstance(packed["middle_ids"], SealedBlob) else
        _array("I", packed["middle_ids"]),
        _later={name: field[name].make for name in ("entry_party", "entry_size", "entry_cost", "middle_starts")},
        _packed=packed,
    )
    return state
