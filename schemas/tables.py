"""The contract CSVs, derived from the models: columns, Japanese titles, types, keys, and the
function that turns one PlanDocument into rows of each CSV.

Conventions (OUTPUT.md): every row carries plan_id; child rows carry their parent's key
(project_number + project_name, procedure_name); lists are joined with 、; a nested `source`
becomes source_page / source_line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import types
from typing import Any, Iterator, Union, get_args, get_origin

from pydantic import BaseModel

from schemas.models import (KPI, Metric, Plan, PlanDocument, Procedure, Project, Review,
                            ScheduleCell, Warning_)

LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class Column:
    name: str
    type: str            # Frictionless type: string, integer, number, boolean, date, year...
    title: str
    description: str = ""


@dataclass(frozen=True)
class TableSpec:
    name: str            # file stem: projects -> projects.csv
    title: str
    model: type[BaseModel]
    prefix: tuple[Column, ...] = ()    # parent keys placed before the model's own fields
    skip: tuple[str, ...] = ()         # nested lists that get their own CSV
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[dict, ...] = field(default_factory=tuple)


PLAN_ID = Column("plan_id", "string", "計画ID", "first 12 hex of the source file's sha256")
SOURCE_COLUMNS = (Column("source_page", "integer", "ページ"), Column("source_line", "integer", "行"))


def _type_of(annotation: Any) -> str:
    """Frictionless type of a model field (Optional[X] -> X; lists are joined text)."""
    if get_origin(annotation) is list:
        return "string"
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    return {bool: "boolean", int: "integer", float: "number"}.get(annotation, "string")


def model_columns(spec: TableSpec) -> list[Column]:
    cols = list(spec.prefix)
    for name, f in spec.model.model_fields.items():
        if name in spec.skip:
            continue
        if name == "source":
            cols.extend(SOURCE_COLUMNS)
            continue
        ctype = _type_of(f.annotation)
        if name in ("fiscal_year", "baseline_fiscal_year", "period_start_fy", "period_end_fy"):
            ctype = "integer"
        cols.append(Column(name, ctype, f.title or name, f.description or ""))
    if spec.name == "plans":   # municipal open data starts with the 地方公共団体コード
        cols.sort(key=lambda c: c.name != "lg_code")
    return cols


PROJECT_KEY = (Column("project_number", "string", "事業番号"), Column("project_name", "string", "事業名"))

TABLES: tuple[TableSpec, ...] = (
    TableSpec("plans", "計画", Plan, primary_key=("plan_id",)),
    TableSpec("projects", "事業", Project, prefix=(PLAN_ID,), skip=("kpis", "schedule"),
              primary_key=("plan_id", "number", "name"),
              foreign_keys=({"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}},)),
    TableSpec("schedule", "スケジュール", ScheduleCell, prefix=(PLAN_ID, *PROJECT_KEY),
              primary_key=("plan_id", "project_number", "project_name", "fiscal_year"),
              foreign_keys=({"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}},)),
    TableSpec("kpis", "KPI", KPI, prefix=(PLAN_ID, *PROJECT_KEY),
              foreign_keys=({"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}},)),
    TableSpec("procedures", "オンライン化手続", Procedure, prefix=(PLAN_ID,), skip=("metrics",),
              foreign_keys=({"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}},)),
    TableSpec("procedure_metrics", "手続の数値", Metric,
              prefix=(PLAN_ID, Column("procedure_table", "string", "表題"),
                      Column("procedure_name", "string", "手続名")),
              foreign_keys=({"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}},)),
    TableSpec("reviews", "前計画の実施状況", Review, prefix=(PLAN_ID,),
              foreign_keys=({"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}},)),
    TableSpec("warnings", "警告", Warning_,
              prefix=(PLAN_ID, Column("source_file", "string", "入力ファイル"))),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}


def _flat(model: BaseModel, spec: TableSpec) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in spec.model.model_fields:
        if name in spec.skip:
            continue
        value = getattr(model, name)
        if name == "source":
            row["source_page"], row["source_line"] = value.page, value.line
        elif isinstance(value, list):
            row[name] = LIST_SEPARATOR.join(value)
        else:
            row[name] = value
    return row


def rows_for(doc: PlanDocument) -> dict[str, list[dict[str, Any]]]:
    """Every CSV's rows for one plan."""
    pid = doc.plan.plan_id
    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    out["plans"].append(_flat(doc.plan, TABLE_BY_NAME["plans"]))
    for p in doc.projects:
        out["projects"].append({"plan_id": pid, **_flat(p, TABLE_BY_NAME["projects"])})
        key = {"plan_id": pid, "project_number": p.number, "project_name": p.name}
        out["schedule"].extend({**key, **_flat(c, TABLE_BY_NAME["schedule"])} for c in p.schedule)
        out["kpis"].extend({**key, **_flat(k, TABLE_BY_NAME["kpis"])} for k in p.kpis)
    for pr in doc.procedures:
        out["procedures"].append({"plan_id": pid, **_flat(pr, TABLE_BY_NAME["procedures"])})
        for m in pr.metrics:
            out["procedure_metrics"].append({"plan_id": pid, "procedure_table": pr.table,
                                             "procedure_name": pr.name,
                                             **_flat(m, TABLE_BY_NAME["procedure_metrics"])})
    for r in doc.reviews:
        out["reviews"].append({"plan_id": pid, **_flat(r, TABLE_BY_NAME["reviews"])})
    for w in doc.warnings:
        out["warnings"].append({"plan_id": pid, "source_file": doc.plan.source_file,
                                **_flat(w, TABLE_BY_NAME["warnings"])})
    return out


def columns(name: str) -> list[Column]:
    return model_columns(TABLE_BY_NAME[name])


def iter_tables() -> Iterator[tuple[TableSpec, list[Column]]]:
    for t in TABLES:
        yield t, model_columns(t)
