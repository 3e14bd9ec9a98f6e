"""YAML documents with a line number for every field.

Rule packs, waivers and config files are YAML written by hand. Errors in them must
name file, line and field path, so we compose the node tree ourselves (safe tags
only), record the line of every value, and refuse what `yaml.safe_load` would let
through silently: duplicate keys (last-one-wins hides mistakes) and alias expansion
bombs (a few lines that unfold into millions of nodes). Scalars that only YAML 1.1
calls booleans (`NO`, `on`, `yes`) are read as the text they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from compliance.model.errors import ComplianceError, format_path  # noqa: F401 (format_path: re-exported)

#: Most values a document may unfold into (aliases included) before we give up.
MAX_NODES = 200_000
#: Deepest nesting we follow (hand-written packs need a dozen levels at most).
MAX_DEPTH = 64
#: Largest YAML file we read, in bytes.
MAX_BYTES = 20 * 1024 * 1024

Path_ = tuple[str | int, ...]

_BOOL = "tag:yaml.org,2002:bool"
#: The booleans of YAML 1.2's core schema. PyYAML resolves YAML 1.1's as well (yes, no,
#: on, off, y, n in any case), which turns `country: NO` into False: those stay text.
YAML12_BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


@dataclass
class LocatedDocument:
    """Plain Python data plus the 1-based line of each path within it."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def load_yaml_file(path: str | Path, error_type: type[ComplianceError] = ComplianceError) -> LocatedDocument:
    """Read one YAML file into a LocatedDocument, raising `error_type` with file:line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error_type(f"cannot read file: {exc.strerror}", file=path) from None
    if len(raw) > MAX_BYTES:
        raise error_type(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error_type("not valid UTF-8 text", file=path, line=line) from None
    return load_yaml_text(text, str(path), error_type)


#: libyaml's parser when PyYAML was built with it (about 10x faster: rule packs are read on
#: every run), else the pure-Python one. Both build the same nodes with the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str, error_type: type[ComplianceError]) -> ComplianceError:
    """Control characters YAML does not allow, named with their line."""
    line = text[: exc.position].count("\n") + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return error_type(f"invalid YAML: control character U+{character:04X} is not allowed", file=file, line=line)


def load_yaml_text(text: str, file: str, error_type: type[ComplianceError] = ComplianceError) -> LocatedDocument:
    """Parse YAML text; see load_yaml_file."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, file, error_type) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            raise _reader_error(exc, text, file, error_type) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or "invalid YAML"
            if "nesting depth" in problem:
                problem = "nested too deeply"
            if problem == "found character that cannot start any token" and mark and 0 <= mark.index < len(text):
                # libyaml leaves the character out; name it as the pure-Python parser does.
                problem = f"found character {text[mark.index]!r} that cannot start any token"
            if "\t" in problem or "tab" in problem:
                problem += " (YAML does not allow tabs for indentation)"
            raise error_type(f"invalid YAML: {problem}", file=file, line=line) from None
        except yaml.YAMLError as exc:
            raise error_type(f"invalid YAML: {exc}", file=file) from None
        except RecursionError:
            raise error_type("invalid YAML: nested too deeply", file=file) from None
        doc = LocatedDocument(data=None, file=file)
        if node is None:
            return doc
        builder = _Builder(loader, doc, error_type)
        try:
            doc.data = builder.build(node, ())
        except RecursionError:
            raise error_type("invalid YAML: nested too deeply (or a merge key that includes itself)", file=file) from None
        return doc
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader: yaml.BaseLoader, doc: LocatedDocument, error_type: type[ComplianceError]):
        self.loader = loader
        self.doc = doc
        self.error_type = error_type
        self.count = 0
        self.open_nodes: set[int] = set()

    def fail(self, node: yaml.Node, path: Path_, message: str) -> None:
        raise self.error_type(
            message,
            file=self.doc.file,
            line=node.start_mark.line + 1,
            field=format_path(path) or None,
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, path, f"document unfolds into more than {MAX_NODES} values (alias expansion?)")
        if len(path) > MAX_DEPTH:
            self.fail(node, path[:MAX_DEPTH], f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.open_nodes:
            self.fail(node, path, "an alias refers to a node that contains it (recursive alias)")
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.open_nodes.add(id(node))
            try:
                return self._build_collection(node, path)
            finally:
                self.open_nodes.discard(id(node))
        return self._build_scalar(node, path)

    def _build_collection(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.fail(node, path, f"unsupported tag {node.tag}")
            self.loader.flatten_mapping(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, path, "mapping keys must be plain text")
                key = key_node.value
                if key in out:
                    self.fail(key_node, path + (key,), f"duplicate key '{key}'")
                self.doc.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, path + (key,))
                self.doc.lines[path + (key,)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, path, f"unsupported tag {node.tag}")
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]

    def _build_scalar(self, node: yaml.Node, path: Path_) -> Any:
        # Scalars: only the YAML core schema's tags; anything else (python/object...) is refused.
        if not node.tag.startswith("tag:yaml.org,2002:"):
            self.fail(node, path, f"unsupported tag {node.tag}")
        if node.tag == _BOOL and node.value not in YAML12_BOOLEANS:
            return node.value  # YAML 1.1's yes/no/on/off/y/n: text (`country: NO` is Norway)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            # e.g. a date-shaped value that is not a real date ('2026-13-01'): keep the
            # text so validation can name the field and the bad value.
            return node.value
