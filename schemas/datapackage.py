"""datapackage.json (Frictionless Data Package) generated from schemas/tables.py: one tabular
resource per CSV with field types, Japanese titles, descriptions, constraints and keys.

The CSVs start with a UTF-8 BOM (OUTPUT.md), so each resource declares encoding utf-8-sig;
empty cells are missing values. Nothing here depends on the run (no dates, no counts), so the
file is identical for every dataset of one schema version and can be checked in
(schemas/json/datapackage.json, kept current by schemas/generate.py).
"""
from __future__ import annotations

from schemas.models import SCHEMA_VERSION
from schemas.output import json_bytes
from schemas.tables import TABLES, Column, TableSpec, model_columns


def field_descriptor(c: Column) -> dict:
    f: dict = {"name": c.name, "type": c.type, "title": c.title}
    if c.description:
        f["description"] = c.description
    if c.type == "boolean":
        f.update(trueValues=["true"], falseValues=["false"])
    cons = c.constraint_dict()
    if cons:
        f["constraints"] = cons
    return f


def resource_descriptor(spec: TableSpec) -> dict:
    schema: dict = {"fields": [field_descriptor(c) for c in model_columns(spec)],
                    "missingValues": [""]}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    if spec.foreign_keys:
        schema["foreignKeys"] = [dict(fk) for fk in spec.foreign_keys]
    return {
        "name": spec.name, "path": f"{spec.name}.csv", "title": spec.title,
        "description": spec.description,
        "profile": "tabular-data-resource", "scheme": "file", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "header": True, "quoteChar": '"', "doubleQuote": True,
                    "lineTerminator": "\r\n"},
        "schema": schema,
    }


def datapackage() -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "plan-extract-dataset",
        "title": "自治体計画から抽出したデータ (plan-extract)",
        "description": "自治体の情報化・DX推進計画などから抽出した事業、スケジュール、KPI、"
                       "オンライン化手続、前計画の実施状況。Project cards, schedules, KPIs, online "
                       "procedures and reviews extracted from Japanese municipal plans by plan-extract.",
        "version": f"{SCHEMA_VERSION}.0.0",
        "keywords": ["地方公共団体", "情報化推進計画", "DX推進計画", "オープンデータ"],
        "resources": [resource_descriptor(spec) for spec in TABLES],
    }


def datapackage_json() -> bytes:
    return json_bytes(datapackage())
