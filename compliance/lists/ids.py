"""Stable ids for listed parties.

An id must survive re-import, so waivers and baselines keep pointing at the same
entry: it is the list id plus a hash of what identifies the entry in its source —
the normalised primary name and country, plus the address where a list has one
record per address (or where the same name and country occur twice). Sources with
their own permanent number (OFAC `ent_num`) use that number instead.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from compliance.lists.model import ListedParty


_NOT_ALNUM = re.compile(r"[\W_]+")


def identity_key(text: str | None) -> str:
    """Case, width, accent and punctuation differences do not change an id."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text.casefold())
    if not folded.isascii():
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", folded).strip()


def hashed_id(list_id: str, *parts: str | None) -> str:
    digest = hashlib.sha256("|".join(identity_key(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{list_id}:{digest[:16]}"


def source_number_id(list_id: str, authority: str, number: str | int) -> str:
    """Id from a permanent source number, e.g. "sdn:ofac-36" for OFAC ent_num 36."""
    return f"{list_id}:{authority}-{str(number).strip()}"


def assign_ids(parties: list[ListedParty], per_address: bool = False, key: Callable[[ListedParty], str] | None = None) -> list[ListedParty]:
    """Give each party without an id one from name + country (+ address when needed).

    Entries that share name and country get the address in their key too, so two
    records of one list never collide. Any remaining tie (same name, country and
    address) gets a numeric suffix in source order.
    """
    def base(p: ListedParty) -> str:
        return key(p) if key else p.primary_name

    counts = Counter((identity_key(base(p)), p.country) for p in parties if not p.id)
    seen: Counter[str] = Counter()
    for party in parties:
        if party.id:
            continue
        with_address = per_address or counts[(identity_key(base(party)), party.country)] > 1
        address = party.addresses[0] if (with_address and party.addresses) else None
        candidate = hashed_id(party.list, base(party), party.country, address)
        seen[candidate] += 1
        party.id = candidate if seen[candidate] == 1 else f"{candidate}-{seen[candidate]}"
    return parties
