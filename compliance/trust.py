"""Who may loosen the gate: the invoking pipeline, never the repository being screened.

A CI gate reads two kinds of configuration. What the pipeline owner controls — flags,
environment variables set in the pipeline, files named on the command line — is
trusted. What the screened repository holds — `compliance.yaml`, `[tool.compliance]`
in its pyproject.toml — was written by whoever proposes the change being screened, so
it may only make the gate *stricter*: raise `fail_on`, lower the match threshold, lower
`max_waiver_days`, turn `strict` on. It cannot set a baseline (a report that accepts
everything), loosen a threshold or severity, narrow the lists screened, move the list
data folder, or allow blanket waivers — unless the pipeline says it trusts the
repository (`--trust-repo-config`, `COMPLIANCE_TRUST_REPO_CONFIG=1`, the Action's
`trust-repo-config` input).

A blanket waiver (every selector `*`: it waives a rule, or every rule, for anything)
is refused unless the pipeline allows it (`allow_blanket_waivers`, which repository
config cannot set), and is then reported in every run.
"""

from __future__ import annotations

from typing import Any, Callable

from compliance.model.errors import ConfigError

TRUST_ENV = "COMPLIANCE_TRUST_REPO_CONFIG"
SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0, "none": 5}
DEFAULT_MATCH_THRESHOLD = 85.0  # compliance.matching.DEFAULT_THRESHOLD, without importing the matcher


def _not_above(value: Any, default: Any) -> bool:
    return default is None or value <= default


def _fail_on(value: str, default: str) -> bool:
    return SEVERITY_RANK[value] <= SEVERITY_RANK[default]  # fails on at least what the default fails on


def _threshold(value: float, default: Any) -> bool:
    return value <= (DEFAULT_MATCH_THRESHOLD if default is None else default)  # lower: more names are hits


#: setting → (may repository config set this value, given the default?, what loosening means)
REPO_MAY: dict[str, tuple[Callable[[Any, Any], bool], str]] = {
    "fail_on": (_fail_on, "a severity above the default fails fewer findings"),
    "strict": (lambda value, default: value or not default, "it can only turn strict on"),
    "max_waiver_days": (_not_above, "longer waivers than the default"),
    "max_rejected_rows": (_not_above, "more rejected rows than the default"),
    "threshold": (_threshold, "a higher match threshold finds fewer names"),
    "max_list_age": (lambda value, default: True, ""),
    "baseline": (lambda value, default: False, "a baseline accepts every finding it holds"),
    "lists": (lambda value, default: False, "it narrows the lists screened (every list is screened by default)"),
    "data_dir": (lambda value, default: False, "snapshots from another folder can replace the bundled lists"),
    "scenario": (lambda value, default: value == default, "extended suspensions find fewer controls"),
    "allow_blanket_waivers": (lambda value, default: not value, "only the pipeline can allow blanket waivers"),
}


def trusted(environ: dict[str, str]) -> bool:
    """Whether the pipeline trusts the repository's config (the environment it set)."""
    return environ.get(TRUST_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def check_repo_settings(
    values: dict[str, Any], origin: str, defaults: dict[str, Any], lines: dict[str, int | None], prefix: str = ""
) -> None:
    """Refuse a repository setting that would loosen the gate (ConfigError naming file, line, key)."""
    for key, value in values.items():
        rule = REPO_MAY.get(key)
        if rule is None or rule[0](value, defaults[key]):
            continue
        raise ConfigError(
            f"repository config may only make the gate stricter; {key}={value!r} would loosen it ({rule[1]}). "
            f"The pipeline can set it (flag or COMPLIANCE_{key.upper()}) or pass --trust-repo-config",
            file=origin,
            line=lines.get(key),
            field=prefix + key,
        )


def is_blanket(rule: str, selectors: dict[str, str | None]) -> bool:
    """A waiver whose every given selector matches anything (`*`): it waives its rule(s) wholesale."""
    given = [pattern for pattern in selectors.values() if pattern is not None]
    return bool(given) and all(set(pattern.strip()) <= {"*"} for pattern in given)
