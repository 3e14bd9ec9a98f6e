"""Settings from `[tool.compliance]` in pyproject.toml or `compliance.yaml`.

Looked up in the working directory. Precedence (lowest first): built-in default, file,
environment (`COMPLIANCE_<KEY>`), command-line flags. Every value remembers where it
came from (`compliance config show`). Unknown keys and badly typed values are errors,
so a typo cannot silently switch a gate off. The file belongs to the screened
repository, so it may only make the gate stricter unless the pipeline trusts it
(compliance.trust).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from compliance.model.errors import ConfigError
from compliance.readers.values import DECIMAL_SEPARATORS

SEVERITIES = ("critical", "high", "medium", "low", "info")


def _text(value: Any) -> str:
    if isinstance(value, (dict, list, bool)):
        raise ValueError("must be text")
    return str(value)


def _paths(value: Any) -> list[str]:
    if isinstance(value, str):  # environment: comma-separated
        return [p for p in value.split(",") if p]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ValueError("must be a list of paths")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError("must be a whole number") from None
    if number < 0:
        raise ValueError("must not be negative")
    return number


def _score(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("must be a number above 0 and at most 100")
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError("must be a number above 0 and at most 100") from None
    if not 0 < number <= 100:  # also refuses nan
        raise ValueError("must be a number above 0 and at most 100")
    return number


def _severity(*extra: str) -> Callable[[Any], str]:
    known = SEVERITIES + extra

    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in known:
            raise ValueError(f"must be one of {', '.join(known)}")
        return text

    return parse


def _one_of(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return text

    return parse


SITUATIONS = ("us-person", "defence-contractor", "imports-into-us")


def _situation(value: Any) -> list[str]:
    """The user's situation: a list (or comma-separated text) of SITUATIONS; "none" = none of them."""
    items = [v.strip().lower() for v in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ValueError(f"must be a list of {', '.join(SITUATIONS)} (or none)")
    items = [v for v in items if v and v != "none"]
    unknown = [v for v in items if v not in SITUATIONS]
    if unknown:
        raise ValueError(f"unknown situation {unknown[0]!r} (known: {', '.join(SITUATIONS)}, none)")
    return items


@dataclass(frozen=True)
class SettingSpec:
    parse: Callable[[Any], Any]
    default: Any
    help: str


#: Every setting: how to read it, its default, what it does. Keys use underscores;
#: files may also spell them with dashes.
SPECS: dict[str, SettingSpec] = {
    "rules": SettingSpec(_paths, [], "extra rule-pack files or directories, added to the bundled packs"),
    "scenario": SettingSpec(_text, "as-written", "as-written or suspensions-extended"),
    "fail_on": SettingSpec(_severity("none"), "high", "exit 1 when an open finding is at or above this severity"),
    "min_severity": SettingSpec(_severity(), "info", "show only findings at or above this severity (never changes the exit code)"),
    "strict": SettingSpec(_bool, False, "exit 2 when the run has warnings (expired or unused waivers)"),
    "waivers": SettingSpec(_text, ".compliance-waivers.yaml", "waiver file (used when it exists)"),
    "max_waiver_days": SettingSpec(_int, 365, "longest a waiver may run from approval to expiry"),
    "baseline": SettingSpec(_text, None, "earlier JSON report; findings already in it do not fail the gate"),
    "max_rejected_rows": SettingSpec(_int, 0, "input rows that may be rejected before the run exits 2"),
    "lists": SettingSpec(_paths, [], "extra restricted-party snapshots"),
    "data_dir": SettingSpec(_text, None, "where user list snapshots are stored"),
    "max_list_age": SettingSpec(_int, None, "fail (exit 2) when a list snapshot is older than this many days"),
    "threshold": SettingSpec(_score, None, "name-match score threshold (above 0, at most 100)"),
    "allow_blanket_waivers": SettingSpec(
        _bool, False, "accept waivers whose every selector is '*' (they are reported); never from repository config alone",
    ),
    "situation": SettingSpec(
        _situation, None,
        "your own situation where rules depend on it: us-person, defence-contractor, imports-into-us (comma-separated; "
        "none = none of them; unset = the strictest reading, said so in each finding)",
    ),
    "decimal_separator": SettingSpec(
        _one_of(*DECIMAL_SEPARATORS), "auto",
        "how BOM and materials files write decimals: point (1,234.5), comma (1.234,5) or auto (refuses what is ambiguous)",
    ),
}

KNOWN_KEYS = set(SPECS)
DEFAULT_SOURCE = "default"


@dataclass
class Settings:
    """Effective values and, for each, where it came from (file, environment, flag)."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: the config file read (path → sha256), for the report's provenance
    files: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def value(self, key: str) -> Any:
        """The effective value of a known key, falling back to its built-in default."""
        if key in self.values:
            return self.values[key]
        return SPECS[key].default

    def source(self, key: str) -> str:
        return self.sources.get(key, DEFAULT_SOURCE)

    def with_flags(self, **flags: Any) -> "Settings":
        """A copy with command-line flags (those not None) on top; flag names are setting keys."""
        values, sources = dict(self.values), dict(self.sources)
        for key, raw in flags.items():
            if raw is None:
                continue
            option = "--" + key.replace("_", "-")
            values[key] = _parse(key, raw, file=None, field=option)
            sources[key] = f"flag {option}"
        return Settings(values, sources, dict(self.files))

    def effective(self) -> list[tuple[str, Any, str]]:
        """(key, value, source) for every known setting, in table order."""
        return [(key, self.value(key), self.source(key)) for key in SPECS]


def _parse(key: str, raw: Any, *, file: str | None, field: str, line: int | None = None) -> Any:
    try:
        return SPECS[key].parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{exc} (got {raw!r})", file=file, line=line, field=field) from None


def _from_file(directory: Path) -> tuple[dict[str, Any], str | None, dict[str, int | None]]:
    """(values, where they came from, line of each key) from the directory's config file."""
    yaml_path = directory / "compliance.yaml"
    if yaml_path.is_file():
        from compliance.support.yamlfile import load_yaml_file

        doc = load_yaml_file(yaml_path, ConfigError)
        data = doc.data or {}
        if not isinstance(data, dict):
            raise ConfigError("must be a mapping of settings", file=yaml_path, line=1)
        out, lines = {}, {}
        for key, raw in data.items():
            name = key.replace("-", "_")
            if name not in KNOWN_KEYS:
                raise ConfigError("unknown setting", file=yaml_path, line=doc.line_of((key,)), field=key)
            out[name] = _parse(name, raw, file=str(yaml_path.name), line=doc.line_of((key,)), field=key)
            lines[name] = doc.line_of((key,))
        return out, str(yaml_path.name), lines
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", file=pyproject.name) from None
        if "compliance" not in text:  # no [tool.compliance] in any spelling: not worth the TOML parser's import
            return {}, None, {}
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", file=pyproject.name) from None
        section = data.get("tool", {}).get("compliance")
        if section is None:
            return {}, None, {}
        out = {}
        for key, raw in section.items():
            name = key.replace("-", "_")
            if name not in KNOWN_KEYS:
                raise ConfigError("unknown setting", file=pyproject.name, field=f"tool.compliance.{key}")
            out[name] = _parse(name, raw, file=pyproject.name, field=f"tool.compliance.{key}")
        return out, "pyproject.toml [tool.compliance]", {}
    return {}, None, {}


def _config_file_hash(directory: Path, origin: str | None) -> dict[str, str]:
    if origin is None:
        return {}
    import hashlib

    name = "compliance.yaml" if origin == "compliance.yaml" else "pyproject.toml"
    return {name: hashlib.sha256((directory / name).read_bytes()).hexdigest()}


def load_settings(directory: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """File settings overlaid with COMPLIANCE_* environment variables (flags come later: with_flags).

    File settings that would loosen the gate are refused unless the environment says the
    repository is trusted (compliance.trust); a key the environment sets is the pipeline's.
    """
    from compliance.trust import check_repo_settings, trusted

    directory = directory or Path.cwd()
    environ = os.environ if environ is None else environ
    values, origin, lines = _from_file(directory)
    if values and not trusted(environ):
        repo_only = {k: v for k, v in values.items() if f"COMPLIANCE_{k.upper()}" not in environ}
        yaml = origin == "compliance.yaml"
        defaults = {k: SPECS[k].default for k in SPECS}
        check_repo_settings(repo_only, origin if yaml else "pyproject.toml", defaults, lines, "" if yaml else "tool.compliance.")
    settings = Settings(values=dict(values), sources={k: origin or "" for k in values}, files=_config_file_hash(directory, origin))
    for key in SPECS:
        env = f"COMPLIANCE_{key.upper()}"
        if env in environ:
            settings.values[key] = _parse(key, environ[env], file=None, field=f"environment {env}")
            settings.sources[key] = f"environment {env}"
    return settings
