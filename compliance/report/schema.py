"""The JSON Schema of the JSON report, generated from the Report model.

`schemas/report.schema.json` in the repository is this schema, committed so that
consumers can validate reports without installing the tool; a test keeps the two
equal. After changing the report model (or Finding), regenerate it with
`python -m compliance.report.schema schemas/report.schema.json`.
"""

from __future__ import annotations

import json
import sys

from compliance.model.base import json_schema
from compliance.model.report import SCHEMA_VERSION, Report

SCHEMA_ID = f"urn:compliance:schema:report:{SCHEMA_VERSION}"


def report_schema() -> dict:
    """JSON Schema (draft 2020-12) of a report of the current SCHEMA_VERSION."""
    schema = json_schema(Report, mode="serialization")
    schema["properties"]["schema_version"] = {"const": SCHEMA_VERSION, "title": "Schema Version", "type": "string"}
    schema["required"] = sorted(set(schema.get("required", [])) | {"schema_version"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "description": f"compliance JSON report, schema version {SCHEMA_VERSION}. Generated from compliance.model.report.Report.",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as handle:
            handle.write(schema_text())
    else:
        sys.stdout.write(schema_text())
