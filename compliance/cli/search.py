"""`compliance search "NAME"`: an ad-hoc lookup of one name in the restricted-party lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from compliance.cli.common import DATA_DIR_HELP, LISTS_HELP, load_list_snapshots, settings
from compliance.model.errors import UsageError
from compliance.support.terminal import printable

#: the exit code of a search that found a listed party at or above the threshold
HIT_EXIT = 1

THRESHOLD_HELP = "Show matches scoring at least this (0-100; default: setting 'threshold', else 60 for search)."


def search(
    name: str = typer.Argument(..., help="The name to look up, in any script (e.g. \"华为技术有限公司\")."),
    country: Optional[str] = typer.Option(None, "--country", help="The party's country (ISO-2 or name): agreement corroborates, disagreement weakens."),
    lists: Optional[str] = typer.Option(None, "--lists", help=LISTS_HELP),
    top: int = typer.Option(10, "--top", min=1, help="Show at most N listed parties."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help=THRESHOLD_HELP),
    output_format: str = typer.Option("table", "-f", "--format", help="table or json."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
) -> None:
    """Look up one name in the restricted-party lists, with scores and explanations.

    Exit codes: 0 no listed party scores at or above --threshold; 1 at least one does
    (a hit); 2 bad usage or list data. A pipeline can branch on it without parsing output.

    Examples: compliance search "华为技术有限公司" · compliance search "Huawei Tech Co" --country CN --lists entity-list
    """
    from compliance.lists.countries import iso2
    from compliance.lists.screening_fields import is_weak
    from compliance.parties.screening import index_for

    config = settings()
    if not name.strip():
        raise UsageError("empty name", field="NAME")
    if output_format not in ("table", "json"):
        raise UsageError(f"unknown format {output_format!r} (search supports table, json)", field="--format")
    code = None
    if country:
        code = iso2(country)
        if code is None:
            raise UsageError(f"unknown country {country!r} (use an ISO 3166 alpha-2 code, e.g. CN)", field="--country")
    limit = threshold if threshold is not None else float(config.get("search_threshold", 60))
    if not 0 <= limit <= 100:
        raise UsageError("must be between 0 and 100", field="--threshold")
    snapshots = load_list_snapshots(lists, data_dir, None, config)
    index = index_for(snapshots)
    hits = index.search(name, country=code, threshold=limit, top=top)
    if output_format == "json":
        rows = [
            {
                "score": h.score, "name_score": h.name_score, "list": h.party.list, "entry_id": h.party.id,
                "name": h.party.primary_name, "matched_name": h.name, "country": h.party.country,
                "license_requirement": h.party.license_requirement, "review_policy": h.party.review_policy,
                "explanation": h.explanation,
                **({"weak_alias": True} if is_weak(h.party) else {}),
            }
            for h in hits
        ]
        typer.echo(json.dumps({"query": name, "country": code, "threshold": limit, "hits": rows}, ensure_ascii=False, indent=2))
        raise typer.Exit(HIT_EXIT if hits else 0)
    if not hits:
        typer.echo(printable(f"no listed party scores {limit:g} or more for {name!r} ({len(index)} names in {len(snapshots)} lists)"))
        return
    for rank, hit in enumerate(hits, 1):
        party = hit.party
        typer.echo(printable(f"{rank}. {hit.score:5.1f}  {party.list}  {party.primary_name}  [{party.country or '--'}]  id {party.id}"))
        if hit.name != party.primary_name:
            typer.echo(printable(f"         matched {'weak alias (not a match on its own, OFAC FAQ 124)' if is_weak(party) else 'alias'}: {hit.name}"))
        typer.echo(printable(f"         why: {hit.explanation}"))
        if party.license_requirement:
            typer.echo(printable(f"         licence requirement: {party.license_requirement}"))
        if party.review_policy:
            typer.echo(printable(f"         review policy: {party.review_policy}"))
    raise typer.Exit(HIT_EXIT)
