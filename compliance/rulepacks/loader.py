"""Read rule packs from YAML into models; every error names file, line and field.

Bundled packs come from the wheel; users add their own with `--rules DIR` or `rules =
[...]` in config. Rule ids must be unique across everything loaded, because findings,
waivers and baselines refer to rules by id.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from compliance.model.report import RulePackProvenance
from compliance.support import warmcache
from compliance.model.base import DataError, validate
from compliance.model.errors import RulePackError, format_path
from compliance.support.resources import bundled_path
from compliance.rulepacks.schema import Rule, RulePack

#: a link a reader may follow (never javascript:, data: or file:)
WEB_URL = re.compile(r"https?://\S+\Z")

if TYPE_CHECKING:
    from compliance.support.yamlfile import LocatedDocument


@dataclass(frozen=True)
class LoadedPack:
    """A validated pack with where it came from (for provenance and messages)."""

    pack: RulePack
    path: Path
    sha256: str
    bundled: bool


@dataclass(frozen=True)
class RuleSet:
    """All loaded packs, and their rules by id."""

    packs: tuple[LoadedPack, ...]

    @property
    def rules(self) -> list[Rule]:
        return [rule for loaded in self.packs for rule in loaded.pack.rules]

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def pack_of(self, rule_id: str) -> LoadedPack | None:
        for loaded in self.packs:
            if any(rule.id == rule_id for rule in loaded.pack.rules):
                return loaded
        return None

    def provenance(self) -> list[RulePackProvenance]:
        """What a report records about each pack: id, version, review date, sha256, path."""
        return [
            RulePackProvenance(
                id=p.pack.id,
                version=p.pack.version,
                reviewed=p.pack.reviewed.isoformat(),
                sha256=p.sha256,
                path=f"rules/{p.path.parent.name}/{p.path.name}" if p.bundled else str(p.path),
            )
            for p in self.packs
        ]


def _message_for(error: dict) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"invalid date {value!r}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return "unknown key"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"invalid value {value!r} (expected {expected})"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return error["msg"][0].lower() + error["msg"][1:]


def _located(doc: LocatedDocument, error: dict) -> RulePackError:
    """One pydantic error as a RulePackError naming file, line and field."""
    # Pydantic reports the alias "from" for SuspensionWindow.from_.
    path = tuple("from" if part == "from_" else part for part in error["loc"])
    message = _message_for(error)
    # Cross-field checks fail on the whole window; point at the field that is wrong.
    if error["type"] == "value_error" and message.startswith("suspension ends"):
        path += ("to",)
    elif error["type"] == "value_error" and message.startswith("ends ("):
        path += ("ends",)
    return RulePackError(message, file=doc.file, line=doc.line_of(path), field=format_path(path) or None)


def _raise_validation(doc: LocatedDocument, exc: DataError) -> None:
    raise _located(doc, exc.errors[0])


def pack_errors(path: Path, display_name: str | None = None) -> tuple[LoadedPack | None, list[RulePackError]]:
    """Validate one pack file and return every error in it (for `rules validate`), not only the first."""
    from compliance.support.yamlfile import load_yaml_file

    try:
        doc = load_yaml_file(path, RulePackError)
    except RulePackError as exc:
        return None, [exc]
    doc.file = display_name or str(path)
    if isinstance(doc.data, dict):
        data = {k: v for k, v in doc.data.items() if not str(k).startswith("x-")}
        try:
            validate(RulePack, data)
        except DataError as exc:
            return None, [_located(doc, error) for error in exc.errors]
    try:
        return load_pack(path, display_name=display_name), []
    except RulePackError as exc:
        return None, [exc]


def duplicate_id_errors(loaded: list[LoadedPack]) -> list[RulePackError]:
    """A RulePackError per rule id defined a second time across `loaded`."""
    errors = []
    for item in loaded:
        try:
            _check_unique_ids([other for other in loaded if other is not item] + [item])
        except RulePackError as exc:
            if exc.file == (f"rules/{item.path.name}" if item.bundled else str(item.path)):
                errors.append(exc)
    return errors


def _refuse_non_web_urls(doc: LocatedDocument, data, path: tuple = ()) -> None:
    """Every `url` (and `via`, a secondary copy) in a pack is a link a reader will follow from a report: http(s) only."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        where = path + (key,)
        if key in ("url", "via") and isinstance(value, str) and not WEB_URL.match(value):
            raise RulePackError(f"not an http(s) URL: {value!r}", file=doc.file, line=doc.line_of(where), field=format_path(where))
        _refuse_non_web_urls(doc, value, where)


def pack_from_document(doc: LocatedDocument) -> RulePack:
    """Validate a parsed YAML document as a rule pack; errors name file, line and field."""
    shown = doc.file
    if not isinstance(doc.data, dict):
        raise RulePackError("a rule pack must be a mapping with id, title, rules, ...", file=shown, line=1)
    # Top-level `x-...` keys hold YAML anchors shared by several rules (as in OpenAPI
    # or compose files); they are not part of the pack itself.
    data = {k: v for k, v in doc.data.items() if not str(k).startswith("x-")}
    _refuse_non_web_urls(doc, data)
    try:
        pack = validate(RulePack, data)
    except DataError as exc:
        _raise_validation(doc, exc)
        raise  # unreachable
    seen: dict[str, int] = {}
    for index, rule in enumerate(pack.rules):
        if rule.id in seen:
            raise RulePackError(
                f"duplicate rule id '{rule.id}' (first at rules[{seen[rule.id]}])",
                file=shown,
                line=doc.line_of(("rules", index, "id")),
                field=f"rules[{index}].id",
            )
        seen[rule.id] = index
    return pack


def load_pack(path: str | Path, *, display_name: str | None = None, bundled: bool = False) -> LoadedPack:
    """Load and validate one pack file."""
    path = Path(path)
    shown = display_name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulePackError(f"cannot read rule pack: {exc.strerror}", file=shown) from None
    from compliance.support.yamlfile import load_yaml_file  # a warm run never parses YAML

    doc = load_yaml_file(path, RulePackError)
    doc.file = shown
    pack = pack_from_document(doc)
    return LoadedPack(pack=pack, path=path, sha256=hashlib.sha256(raw).hexdigest(), bundled=bundled)


def pack_files(directory: Path) -> list[Path]:
    """Every *.yaml / *.yml pack under `directory`, in a stable order.

    Files whose name starts with an underscore or that are not packs by convention
    (e.g. `reference-prices.yaml`, which holds data, not rules) are skipped.
    """
    files = sorted(p for p in directory.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    return [p for p in files if not p.name.startswith("_") and p.stem not in NON_PACK_FILES]


#: YAML files under rules/ that hold reference data rather than a rule pack.
NON_PACK_FILES = {"reference-prices", "materials"}


def bundled_pack_files() -> list[tuple[Path, str]]:
    root = bundled_path("rules")
    if not root.is_dir():
        return []
    return [(p, f"rules/{p.relative_to(root).as_posix()}") for p in pack_files(root)]


def load_rules(extra: Iterable[str | Path] = (), *, include_bundled: bool = True) -> RuleSet:
    """Load the bundled packs plus every pack file or directory in `extra`.

    Raises RulePackError naming file and line on the first malformed pack, and on a
    rule id defined twice across packs. A set of pack files validated before (same
    bytes, same schema code) comes from the warm cache.
    """
    sources: list[tuple[Path, str | None, bool]] = []
    if include_bundled:
        sources.extend((path, name, True) for path, name in bundled_pack_files())
    for entry in extra:
        entry = Path(entry)
        if entry.is_dir():
            sources.extend((p, None, False) for p in pack_files(entry))
        elif entry.is_file():
            sources.append((entry, None, False))
        else:
            raise RulePackError("no such rule pack file or directory", file=entry)
    try:
        hashes = [hashlib.sha256(path.read_bytes()).hexdigest() for path, _, _ in sources]
    except OSError:  # load_pack names the file that cannot be read
        return _validate_packs(sources)
    code = warmcache.code_fingerprint("compliance.model.base", "compliance.rulepacks.schema", __name__)
    key = warmcache.key_of(code, *(f"{p}\0{name}\0{bundled}\0{h}" for (p, name, bundled), h in zip(sources, hashes)))
    return warmcache.cached("rules", key, RuleSet, lambda: _validate_packs(sources))


def _validate_packs(sources: list[tuple[Path, str | None, bool]]) -> RuleSet:
    loaded = [load_pack(path, display_name=name, bundled=bundled) for path, name, bundled in sources]
    _check_unique_ids(loaded)
    return RuleSet(packs=tuple(loaded))


def _check_unique_ids(loaded: list[LoadedPack]) -> None:
    first: dict[str, str] = {}
    for item in loaded:
        for index, rule in enumerate(item.pack.rules):
            if rule.id in first:
                from compliance.support.yamlfile import load_yaml_file

                doc = load_yaml_file(item.path, RulePackError)
                shown = f"rules/{item.path.name}" if item.bundled else str(item.path)
                raise RulePackError(
                    f"duplicate rule id '{rule.id}' (also defined in {first[rule.id]})",
                    file=shown,
                    line=doc.line_of(("rules", index, "id")),
                    field=f"rules[{index}].id",
                )
            first[rule.id] = item.path.name if item.bundled else str(item.path)
