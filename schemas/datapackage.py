"""datapackage.json (Frictionless Data Package) generated from schemas/tables.py: one tabular
resource per CSV with field types, Japanese titles, descriptions, constraints and keys.

The CSVs start with a UTF-8 BOM (OUTPUT.md), so each resource declares encoding utf-8-sig;
empty cells are missing values. What depends on the dataset: the year columns of roadmap.csv,
`sources` (each plan's file name and sha256) and, when the user gives them, `licenses` and the
publisher (`contributors`). Without those (no plans, no options) it is the template checked in
as schemas/json/datapackage.json, kept current by schemas/generate.py.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Iterable, Optional

from schemas.models import SCHEMA_VERSION, PlanDocument
from schemas.output import json_bytes, sorted_docs
from schemas.tables import (ROADMAP, TABLES, Column, TableSpec, dataset_years, model_columns,
                            roadmap_columns)

LICENSES_FILE = Path(__file__).resolve().parent / "data" / "licenses.toml"


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


def resource_descriptor(spec: TableSpec, columns: Optional[list[Column]] = None) -> dict:
    cols = model_columns(spec) if columns is None else columns
    schema: dict = {"fields": [field_descriptor(c) for c in cols],
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


@cache
def known_licenses() -> dict[str, dict]:
    return tomllib.loads(LICENSES_FILE.read_text(encoding="utf-8"))


def license_descriptor(license_id: str) -> dict:
    """Frictionless license: name, and title + URL when the id is in data/licenses.toml."""
    return {"name": license_id, **known_licenses().get(license_id, {})}


def datapackage(docs: Iterable[PlanDocument] = (), *, license_id: Optional[str] = None,
                publisher: Optional[str] = None) -> dict:
    docs = sorted_docs(docs)
    pkg: dict = {
        "profile": "tabular-data-package",
        "name": "plan-extract-dataset",
        "title": "自治体計画から抽出したデータ (plan-extract)",
        "description": "自治体の情報化・DX推進計画などから抽出した事業、スケジュール、KPI、"
                       "オンライン化手続、前計画の実施状況。Project cards, schedules, KPIs, online "
                       "procedures and reviews extracted from Japanese municipal plans by plan-extract.",
        "version": f"{SCHEMA_VERSION}.0.0",
        "keywords": ["地方公共団体", "情報化推進計画", "DX推進計画", "オープンデータ"],
    }
    if license_id:
        pkg["licenses"] = [license_descriptor(license_id)]
    if publisher:
        pkg["contributors"] = [{"title": publisher, "role": "publisher"}]
    pkg["sources"] = [{"title": d.plan.source_file, "path": d.plan.source_file,
                       "sha256": d.plan.source_sha256} for d in docs]
    pkg["resources"] = [resource_descriptor(spec) for spec in TABLES] + \
        [resource_descriptor(ROADMAP, roadmap_columns(dataset_years(docs)))]
    return pkg


def datapackage_json(docs: Iterable[PlanDocument] = (), *, license_id: Optional[str] = None,
                     publisher: Optional[str] = None) -> bytes:
    return json_bytes(datapackage(docs, license_id=license_id, publisher=publisher))
