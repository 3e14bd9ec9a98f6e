"""Settings from `[tool.compliance]` in pyproject.toml or `compliance.yaml`.

Looked up in the working directory. Precedence (lowest first): file, environment
(`COMPLIANCE_*`), command-line flags. Unknown keys are errors, so a typo cannot
silently switch a gate off.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.errors import ConfigError
from compliance.yamlfile import load_yaml_file

KNOWN_KEYS = {"rules", "fail_on", "scenario", "lists", "data_dir", "max_list_age", "threshold", "waivers", "max_rejected_rows"}


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _from_file(directory: Path) -> tuple[dict[str, Any], str | None]:
    yaml_path = directory / "compliance.yaml"
    if yaml_path.is_file():
        doc = load_yaml_file(yaml_path, ConfigError)
        data = doc.data or {}
        if not isinstance(data, dict):
            raise ConfigError("must be a mapping of settings", file=yaml_path, line=1)
        for key in data:
            if key.replace("-", "_") not in KNOWN_KEYS:
                raise ConfigError("unknown setting", file=yaml_path, line=doc.line_of((key,)), field=key)
        return {k.replace("-", "_"): v for k, v in data.items()}, str(yaml_path.name)
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"invalid TOML: {exc}", file=pyproject.name) from None
        section = data.get("tool", {}).get("compliance")
        if section is None:
            return {}, None
        for key in section:
            if key.replace("-", "_") not in KNOWN_KEYS:
                raise ConfigError("unknown setting", file=pyproject.name, field=f"tool.compliance.{key}")
        return {k.replace("-", "_"): v for k, v in section.items()}, "pyproject.toml [tool.compliance]"
    return {}, None


def load_settings(directory: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """File settings overlaid with COMPLIANCE_* environment variables."""
    directory = directory or Path.cwd()
    environ = os.environ if environ is None else environ
    values, origin = _from_file(directory)
    settings = Settings(values=dict(values), sources={k: origin or "" for k in values})
    for key in KNOWN_KEYS:
        env = f"COMPLIANCE_{key.upper()}"
        if env in environ:
            raw = environ[env]
            settings.values[key] = [p for p in raw.split(",") if p] if key in {"rules", "lists"} else raw
            settings.sources[key] = f"environment {env}"
    rules = settings.values.get("rules")
    if rules is not None and not (isinstance(rules, list) and all(isinstance(r, str) for r in rules)):
        raise ConfigError("must be a list of paths", file=origin, field="rules")
    return settings
