"""Generate the unseen-names evaluation set and split it once into a dev and a frozen test half.

Run: python benchmarks/names_eval/generate.py [--seed 13] [--check]

Writes benchmarks/data/names-unseen-dev.csv.gz, names-unseen-test.csv.gz and
names-unseen-manifest.json. `--check` regenerates in memory and compares with the
manifest instead of writing: with the manifest's seed, from the bundled lists as they were when
the halves were frozen (taken from the repository's history when they have changed since, see
frozen.py). Every listed entry falls in exactly one half (all its
variants and the near misses built from it with it), decided by a hash of seed and entry
id, so tuning on dev cannot leak into test.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from names_eval import negatives, sources, variants  # noqa: E402
from names_eval.text import fold, has_han, has_latin, name_key  # noqa: E402

ROOT = HERE.parent.parent
DATA = HERE.parent / "data"
DEFAULT_SEED = 13
GENERATOR_VERSION = 2
COLUMNS = ("kind", "query", "expected_list", "expected_id", "expected_name", "source_name", "source")
HALVES = ("dev", "test")
FILES = {half: f"names-unseen-{half}.csv.gz" for half in HALVES}
MANIFEST = "names-unseen-manifest.json"

#: Positives per variant kind (upper bound; a kind stops earlier when the lists run out of eligible names).
QUOTAS = {
    "typo-1-edit": 3000, "typo-2-edits": 2000, "typo-transposition": 2000, "typo-short-token": 1500,
    "dropped-words": 2500, "added-generic-words": 2000, "appended-address": 2000, "erp-abbreviation": 2000,
    "person-initials": 1000, "person-no-middle": 1000, "person-given-first": 800, "person-surname-first": 800,
    "person-surname-comma": 800, "person-title": 1000, "number-rendering": 1000, "bilingual-cell": 2000,
}
#: Scripts the issue asks for, generated only where a list gives a name in them (never transliterated here).
LISTED_SCRIPTS = {"hangul": ("\uac00", "\ud7a3"), "japanese-kana": ("\u3040", "\u30ff"), "arabic": ("\u0600", "\u06ff")}
PERSON_NEGATIVES = 100_000
NEAR_MISSES = 5000


def shared_dir() -> Path | None:
    for candidate in (os.environ.get("COMPLIANCE_SHARED_DIR"), ROOT.parent / "shared"):
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate)
    return None


def half_of(seed: int, key: str) -> str:
    return HALVES[int(hashlib.sha256(f"{seed}:{key}".encode()).hexdigest(), 16) % 2]


def document_frequency(entries: list[sources.Entry]) -> dict[str, int]:
    """Folded word → number of listed entries with a name containing it."""
    df: Counter[str] = Counter()
    for entry in entries:
        df.update({word for name in entry.names for word in fold(name).split()})
    return dict(df)


def identifying_words(entries: list[sources.Entry], df: dict[str, int]) -> frozenset[str]:
    """Words that are the rarest word of some listed name: they name an entry, so a near miss must not reuse them."""
    found = set()
    for entry in entries:
        for name in entry.names:
            words = fold(name).split()
            if words:
                rarest = min(df.get(w, 0) for w in words)
                found.update(w for w in words if df.get(w, 0) == rarest)
    return frozenset(found)


def _address_fallback():
    """A locale address (street, number, district, postcode) for entries the lists give none."""
    from faker import Faker

    fakers = {loc: Faker(loc) for loc in ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL")}

    def make(rng: random.Random, entry: sources.Entry) -> str:
        fake = fakers[rng.choice(sorted(fakers))]
        fake.seed_instance(rng.randrange(2**32))
        return ", ".join(p.strip() for p in fake.address().replace("\n", ", ").split(",") if p.strip())

    return make


def makers(df: dict[str, int]) -> dict[str, variants.Maker]:
    return {
        "typo-1-edit": variants.typo_one, "typo-2-edits": variants.typo_two,
        "typo-transposition": variants.typo_transposition, "typo-short-token": variants.typo_short_token,
        "dropped-words": variants.dropped_words(df), "added-generic-words": variants.added_generic_words,
        "appended-address": variants.appended_address(_address_fallback()), "erp-abbreviation": variants.erp_abbreviation,
        "person-initials": variants.person_initials, "person-no-middle": variants.person_no_middle,
        "person-given-first": variants.person_given_first, "person-surname-first": variants.person_surname_first,
        "person-surname-comma": variants.person_surname_comma, "person-title": variants.person_title,
        "number-rendering": variants.number_rendering, "bilingual-cell": variants.bilingual_cell,
    }


def _row(kind, query, entry: sources.Entry | None, source_name, source):
    return {"kind": kind, "query": " ".join(query.split()), "expected_list": entry.list_id if entry else "",
            "expected_id": entry.entry_id if entry else "", "expected_name": entry.primary if entry else "",
            "source_name": source_name, "source": source}


def positives(seed: int, entries: list[sources.Entry], listed: sources.ListedNames, df: dict[str, int]) -> list[dict]:
    """Round-robin over lists so small lists are represented; one variant per entry and kind."""
    by_list: dict[str, list[sources.Entry]] = defaultdict(list)
    for entry in entries:
        by_list[entry.list_id].append(entry)
    rows = []
    for kind, make in makers(df).items():
        rng = random.Random(f"{seed}:{kind}")
        queues = {list_id: rng.sample(group, len(group)) for list_id, group in sorted(by_list.items())}
        taken = 0
        while taken < QUOTAS[kind] and any(queues.values()):
            for list_id in sorted(queues):
                if not queues[list_id] or taken >= QUOTAS[kind]:
                    continue
                entry = queues[list_id].pop()
                latin = [n for n in entry.names if not has_han(n)] or entry.names
                name = rng.choice(latin)
                query = make(rng, entry, name)
                if not query or fold(query) == fold(name) or listed.ambiguous(query, entry.entry_id):
                    continue
                rows.append(_row(kind, query, entry, name, entry.source))
                taken += 1
    return rows


def translations(seed: int, shared: Path, entries: list[sources.Entry], listed: sources.ListedNames) -> list[dict]:
    """Han names whose listed form is English: data-cn.json pairs, and Han names a Chinese list gives
    for an organisation another list names only in English. Also the bilingual cells data-cn.json allows."""
    rng = random.Random(f"{seed}:han")
    by_latin: dict[str, list[sources.Entry]] = defaultdict(list)
    for entry in entries:
        for name in entry.names:
            if not has_han(name):
                by_latin[name_key(name)].append(entry)
    rows = []
    for english, zh in sources.chinese_pairs(shared):
        for entry in by_latin.get(name_key(english), [])[:1]:
            source = "shared/" + "/".join(sources.CN_FILE)
            rows.append(_row("han-translation", zh, entry, english, source))
            form = rng.choice(("{h} {l}", "{l} {h}", "{h}（{l}）", "{l} / {h}"))
            rows.append(_row("bilingual-cell", form.format(h=zh, l=english), entry, english, source))
    for entry in entries:
        han, latin = sources.split_scripts(entry.names)
        for zh in han:
            for name in latin:
                for other in by_latin.get(name_key(name), []):
                    if other.list_id != entry.list_id and not any(has_han(n) for n in other.names):
                        rows.append(_row("han-translation", zh, other, name, entry.source))
    unique = {(r["kind"], r["query"], r["expected_id"]): r for r in rows}
    return [r for r in unique.values() if not listed.ambiguous(r["query"], r["expected_id"]) or r["kind"] != "han-translation"]


def script_renderings(entries: list[sources.Entry]) -> list[dict]:
    """Names a list gives in Hangul, kana or Arabic script, queried as written (none in today's data)."""
    rows = []
    for entry in entries:
        for name in entry.names:
            for script, (lo, hi) in LISTED_SCRIPTS.items():
                if any(lo <= ch <= hi for ch in name) and name != entry.primary:
                    rows.append(_row(f"script-{script}", name, entry, name, entry.source))
    return rows


def negative_rows(seed: int, entries: list[sources.Entry], listed: sources.ListedNames, df: dict[str, int]) -> list[dict]:
    rng = random.Random(f"{seed}:negatives")
    orgs = negatives.company_names() + negatives.university_names()
    rows = [_row(f"negative-{'company' if src == 'pytickersymbols' else 'university'}", n, None, "", src) for n, src in orgs]
    rows += [_row("negative-person", n, None, "", src) for n, src in negatives.person_names(rng, PERSON_NEGATIVES)]
    real = [n for n, _ in orgs if has_latin(n)]
    identifying = identifying_words(entries, df)
    for kind, make in (("near-miss-swap", negatives.near_miss_swap), ("near-miss-companions", negatives.near_miss_companions)):
        krng = random.Random(f"{seed}:{kind}")
        pool = [e for e in entries if e.kind == "organisation"]
        krng.shuffle(pool)
        made = 0
        for entry in pool:
            if made >= NEAR_MISSES:
                break
            name = krng.choice(entry.names)
            query = make(krng, entry, name, real, df, identifying)
            if query:
                rows.append(_row(kind, query, None, name, f"{entry.source} ({entry.entry_id})") | {"_entry": entry.entry_id})
                made += 1
    seen, kept = set(), []
    for row in rows:
        key = name_key(row["query"])
        if not key or key in seen or listed.listed(row["query"]) or (
                row["kind"] == "negative-person" and listed.person_subset(row["query"])):
            continue
        seen.add(key)
        kept.append(row)
    return kept


def source_records(shared: Path) -> list[dict]:
    import yaml

    records = []
    for manifest in sorted(ROOT.glob("entity_lists/*/manifest.yaml")):
        if manifest.parent.name in sources.BUNDLED_FROM_SHARED:
            continue
        meta = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        parties = manifest.with_name("parties.jsonl")
        records.append({"path": parties.relative_to(ROOT).as_posix(), "sha256": sources.sha256_file(parties),
                        "date": str(meta.get("snapshot_date")), "what": meta.get("source")})
    folder = shared.joinpath(*sources.SDN_FOLDER)
    for name in sources.SDN_FILES:
        records.append({"path": "shared/" + "/".join(sources.SDN_FOLDER) + "/" + name, "sha256": sources.sha256_file(folder / name),
                        "date": "sdn.csv as downloaded 2024-05-03; alt.csv/add.csv from moov-io/watchman test data (shared/data/README.md)",
                        "what": "OFAC SDN legacy CSV"})
    cn = shared.joinpath(*sources.CN_FILE)
    records.append({"path": "shared/" + "/".join(sources.CN_FILE), "sha256": sources.sha256_file(cn),
                    "date": "commit of 2026-03-26 (kaixinol/china-university-entity-list)", "what": "Chinese names of Entity List universities"})
    return records


def build(seed: int, shared: Path, root: Path = ROOT) -> dict[str, bytes]:
    """Half name → the CSV bytes (uncompressed) of that half, from the bundled lists under `root` (the repository,
    or a folder of the lists as frozen: frozen.recover) and the source files under `shared`."""
    entries = sources.bundled_entries(root) + sources.sdn_entries(shared)
    listed = sources.ListedNames(entries)
    df = document_frequency(entries)
    rows = positives(seed, entries, listed, df) + translations(seed, shared, entries, listed) + script_renderings(entries)
    rows += negative_rows(seed, entries, listed, df)
    out = {}
    for half in HALVES:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            key = row.get("_entry") or row["expected_id"] or name_key(row["query"])
            if half_of(seed, key) == half:
                writer.writerow(row)
        out[half] = buffer.getvalue().encode("utf-8")
    return out


def counts(data: bytes) -> dict[str, int]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return dict(sorted(Counter(row["kind"] for row in reader).items()))


def manifest_for(seed: int, shared: Path, halves: dict[str, bytes]) -> dict:
    return {
        "seed": seed, "generator_version": GENERATOR_VERSION,
        "command": "python benchmarks/names_eval/generate.py --seed %d" % seed,
        "packages": negatives.package_versions(),
        "sources": source_records(shared),
        "script_kinds_without_data": [f"script-{k}" for k in LISTED_SCRIPTS
                                      if not any(f"script-{k}" in counts(d) for d in halves.values())],
        "halves": {half: {"file": FILES[half], "sha256_csv": hashlib.sha256(data).hexdigest(), "rows": data.count(b"\n") - 1,
                          "counts": counts(data)} for half, data in halves.items()},
    }


def write(halves: dict[str, bytes], manifest: dict, folder: Path) -> None:
    for half, data in halves.items():
        with open(folder / FILES[half], "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def check(shared: Path) -> int:
    """Regenerate the halves from the seed, packages and sources the manifest records and compare their sha256
    (0: reproduced, 1: differs, 2: what they were made from is not here)."""
    import tempfile
    from importlib import metadata

    from names_eval import frozen

    stored = json.loads((DATA / MANIFEST).read_text(encoding="utf-8"))
    try:
        installed = negatives.package_versions()
    except metadata.PackageNotFoundError as missing:
        print(f"error: {missing} is not installed (pip install -e '.[names-eval]')", file=sys.stderr)
        return 2
    if installed != stored["packages"]:
        print(f"error: the negatives come from {stored['packages']}, installed {installed}", file=sys.stderr)
        return 2
    changed = frozen.shared_changed(stored, shared)
    if changed:
        print(f"error: shared sources differ from the manifest: {', '.join(changed)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        missing = frozen.recover(stored, ROOT, Path(folder))
        if missing:
            print(f"error: no version with the recorded sha256 of {', '.join(missing)} (a git checkout is needed "
                  "once the bundled lists have changed)", file=sys.stderr)
            return 2
        halves = build(stored["seed"], shared, Path(folder))
    same = all(stored["halves"][h]["sha256_csv"] == hashlib.sha256(halves[h]).hexdigest() for h in HALVES)
    print("reproduced" if same else "differs from the manifest")
    return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true", help="regenerate in memory and compare with the manifest")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        print("error: ../shared/data not found (set COMPLIANCE_SHARED_DIR)", file=sys.stderr)
        return 2
    if args.check:
        return check(shared)
    halves = build(args.seed, shared)
    manifest = manifest_for(args.seed, shared, halves)
    write(halves, manifest, DATA)
    for half in HALVES:
        info = manifest["halves"][half]
        print(f"{half}: {info['rows']} rows -> benchmarks/data/{info['file']}")
        for kind, n in info["counts"].items():
            print(f"  {kind:24} {n:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
