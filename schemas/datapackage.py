"""datapackage.json (Frictionless Data Package) generated from schemas/tables.py: one tabular
resource per CSV with field types, Japanese titles, descriptions and keys."""
from __future__ import annotations

from schemas.models import SCHEMA_VERSION
from schemas.output import json_bytes
from schemas.tables import TABLES, model_columns


def datapackage() -> dict:
    resources = []
    for spec in TABLES:
        schema: dict = {
            "fields": [{"name": c.name, "type": c.type, "title": c.title,
                        **({"description": c.description} if c.description else {})}
                       for c in model_columns(spec)],
            "missingValues": [""],
        }
        if spec.primary_key:
            schema["primaryKey"] = list(spec.primary_key)
        if spec.foreign_keys:
            schema["foreignKeys"] = [dict(fk) for fk in spec.foreign_keys]
        resources.append({
            "name": spec.name, "path": f"{spec.name}.csv", "title": spec.title,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "header": True, "lineTerminator": "\r\n"},
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "plan-extract-dataset",
        "title": "自治体計画から抽出したデータ (plan-extract)",
        "description": "Project cards, schedules, KPIs, online procedures and reviews extracted "
                       "from Japanese municipal plans by plan-extract.",
        "version": f"{SCHEMA_VERSION}.0.0",
        "resources": resources,
    }


def datapackage_json() -> bytes:
    return json_bytes(datapackage())
