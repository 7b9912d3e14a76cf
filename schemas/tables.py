"""The contract CSVs, derived from the models: columns, Japanese titles, descriptions, types,
constraints, keys, and the function that turns one PlanDocument into rows of each CSV.

Conventions (OUTPUT.md): every row carries plan_id; child rows carry their parent's key
(project_number + project_name, procedure_name); lists are joined with 、; a nested `source`
becomes source_page / source_line.

Keys. Printed numbers and names are not unique (cards without a number, the same procedure in
two tables), so every table but plans has a `seq` column: the 1-based position of the row within
its plan, in document order. Primary keys are (plan_id, seq); child rows also carry their
parent's seq (project_seq, procedure_seq), which is what the foreign keys use.
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Literal, Optional, Union, get_args, get_origin

from pydantic import BaseModel

from schemas.models import (KPI, Metric, Plan, PlanDocument, Procedure, Project, Review,
                            ScheduleCell, Warning_)

LIST_SEPARATOR = "、"
ISO_DATE_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"   # precision as printed: 2026, 2026-03, 2026-03-31
FISCAL_YEAR_RANGE = (1868, 2200)                          # 明治元年 .. far future

# Portal users read these; a model field's own (English) description is used when none is here.
DESCRIPTIONS: dict[str, str] = {
    "plan_id": "入力ファイルのSHA-256の先頭12桁（16進）。全CSVの行をこの計画に結び付ける",
    "seq": "この計画の中での行番号（1から、文書の出現順）",
    "project_seq": "親事業（projects.csv）のseq",
    "procedure_seq": "親手続（procedures.csv）のseq",
    "project_number": "親事業の事業番号（印字どおり、NFKC）",
    "project_name": "親事業の事業名",
    "procedure_table": "親手続の表題",
    "procedure_name": "親手続の手続名",
    "lg_code": "全国地方公共団体コード（6桁、検査数字付き）",
    "municipality": "計画を策定した地方公共団体の名称",
    "title": "計画の名称（印字どおり）",
    "published": "公表年月日（ISO 8601、印字された精度: 2026 / 2026-03 / 2026-03-31）",
    "period_start_fy": "計画期間の最初の年度（西暦、4月始まり）",
    "period_end_fy": "計画期間の最後の年度（西暦、4月始まり）",
    "source_file": "抽出元のファイル名",
    "source_sha256": "抽出元ファイルのSHA-256",
    "source_format": "抽出元の形式: pdf / text / markdown",
    "pages": "抽出元PDFのページ数（テキスト入力では空）",
    "extractor_version": "抽出に使ったplan-extractのバージョン",
    "number": "事業番号（印字どおり、NFKC。丸数字は算用数字に）",
    "name": "名称（印字どおり、NFKC）",
    "parent_number": "子事業（3-6 ①など）が属する親事業の番号",
    "goal": "事業が属する基本目標・基本方針（番号の接頭辞を除く）",
    "measure": "基本目標と事業の間の施策",
    "departments": "担当部署（複数は「、」区切り）",
    "description": "事業内容・取組概要（段落は改行区切り）",
    "category": "新規 / 継続（チェックされた方）",
    "budget_jpy": "事業費（円）",
    "outlook": "実施見通し",
    "source_page": "記載が始まるPDFのページ（1から）",
    "source_line": "記載が始まるテキストの行（1から）",
    "source_ocr": "true: 記載をOCR（スキャン画像・アウトライン化された文字の文字認識）で読み取った。認識誤りがありえる",
    "indicator": "KPIの指標名",
    "target_text": "目標（原文）",
    "target_value": "目標値（数値）",
    "target_unit": "目標値の単位",
    "target_date": "目標期日（ISO 8601）",
    "baseline_text": "現状値（原文）",
    "baseline_value": "現状値（数値）",
    "baseline_fiscal_year": "現状値の年度（西暦）",
    "fiscal_year": "年度（西暦、4月始まり。令和3年度→2021）",
    "label": "年度見出し（印字どおり）",
    "status": "状態の正規化コード（normalize/data/status.toml、未対応はother）",
    "status_raw": "状態（印字どおり、NFKC、空白除去）",
    "ambiguous": "原典からどの年度のセルか判別できない場合 true",
    "table": "手続が載っている表の表題",
    "catalog_id": "「地方公共団体が優先的にオンライン化を推進すべき手続」の手続ID",
    "value": "数値（割合は0〜1）",
    "unit": "単位（count, ratio など）",
    "raw": "数値の原文",
    "department": "担当部署",
    "planned": "計画時の状態（正規化コード）",
    "planned_raw": "計画時の状態（原文）",
    "actual": "実績の状態（正規化コード）",
    "actual_raw": "実績の状態（原文）",
    "achieved": "達成の印（○）があれば true、×なら false、なければ空",
    "code": "警告の種類（例: era_year_overflow, no_text_layer）",
    "message": "警告の内容（ファイル名とページ・行を含む）",
    "procedures.status": "online / not_online / not_applicable / implemented / not_implemented",
    "procedures.category": "表の中の分類見出し（子育て関係など）",
    "procedures.name": "手続名",
    "reviews.name": "事業名",
    "projects.name": "事業名",
    "procedure_metrics.label": "数値の項目名（列見出し）",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str            # Frictionless type: string, integer, number, boolean
    title: str
    description: str = ""
    constraints: tuple[tuple[str, Any], ...] = ()   # Frictionless field constraints

    def constraint_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.constraints}


@dataclass(frozen=True)
class TableSpec:
    name: str            # file stem: projects -> projects.csv
    title: str
    model: type[BaseModel]
    prefix: tuple[Column, ...] = ()    # keys placed before the model's own fields
    skip: tuple[str, ...] = ()         # nested lists that get their own CSV
    primary_key: tuple[str, ...] = ("plan_id", "seq")
    foreign_keys: tuple[dict, ...] = field(default_factory=tuple)
    description: str = ""


def _key(name: str, ctype: str, title: str, **constraints) -> Column:
    cons = {"required": True, **constraints}
    return Column(name, ctype, title, DESCRIPTIONS.get(name, ""), tuple(cons.items()))


PLAN_ID = _key("plan_id", "string", "計画ID", pattern="[0-9a-f]{12}")
SEQ = _key("seq", "integer", "行番号", minimum=1)
PROJECT_KEY = (_key("project_seq", "integer", "事業の行番号", minimum=1),
               Column("project_number", "string", "事業番号", DESCRIPTIONS["project_number"]),
               Column("project_name", "string", "事業名", DESCRIPTIONS["project_name"]))
PROCEDURE_KEY = (_key("procedure_seq", "integer", "手続の行番号", minimum=1),
                 Column("procedure_table", "string", "表題", DESCRIPTIONS["procedure_table"]),
                 Column("procedure_name", "string", "手続名", DESCRIPTIONS["procedure_name"]))
SOURCE_COLUMNS = (Column("source_page", "integer", "ページ", DESCRIPTIONS["source_page"],
                         (("minimum", 1),)),
                  Column("source_line", "integer", "行", DESCRIPTIONS["source_line"],
                         (("minimum", 1),)),
                  Column("source_ocr", "boolean", "OCR", DESCRIPTIONS["source_ocr"]))

# Field-level constraints by column name (all tables).
_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "lg_code": {"pattern": "[0-9]{6}"},
    "plan_id": {"required": True, "pattern": "[0-9a-f]{12}"},
    "source_sha256": {"required": True, "pattern": "[0-9a-f]{64}"},
    "source_file": {"required": True},
    "published": {"pattern": ISO_DATE_PATTERN},
    "target_date": {"pattern": ISO_DATE_PATTERN},
    "fiscal_year": {"required": True, "minimum": FISCAL_YEAR_RANGE[0],
                    "maximum": FISCAL_YEAR_RANGE[1]},
    "period_start_fy": {"minimum": FISCAL_YEAR_RANGE[0], "maximum": FISCAL_YEAR_RANGE[1]},
    "period_end_fy": {"minimum": FISCAL_YEAR_RANGE[0], "maximum": FISCAL_YEAR_RANGE[1]},
    "baseline_fiscal_year": {"minimum": FISCAL_YEAR_RANGE[0], "maximum": FISCAL_YEAR_RANGE[1]},
    "pages": {"minimum": 0},
    "budget_jpy": {"minimum": 0},
    "ambiguous": {"required": True},
    "code": {"required": True},
}


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _type_of(annotation: Any) -> str:
    """Frictionless type of a model field (Optional[X] -> X; lists are joined text)."""
    annotation = _unwrap(annotation)
    if get_origin(annotation) is list:
        return "string"
    return {bool: "boolean", int: "integer", float: "number"}.get(annotation, "string")


def _enum_of(annotation: Any) -> Optional[list[str]]:
    annotation = _unwrap(annotation)
    if get_origin(annotation) is Literal:
        return [str(v) for v in get_args(annotation)]
    return None


def model_columns(spec: TableSpec) -> list[Column]:
    cols = list(spec.prefix)
    for name, f in spec.model.model_fields.items():
        if name in spec.skip:
            continue
        if name == "source":
            cols.extend(SOURCE_COLUMNS)
            continue
        cons = dict(_CONSTRAINTS.get(name, {}))
        enum = _enum_of(f.annotation)
        if enum:
            cons["enum"] = tuple(enum)
        desc = (DESCRIPTIONS.get(f"{spec.name}.{name}") or DESCRIPTIONS.get(name)
                or f.description or "")
        cols.append(Column(name, _type_of(f.annotation), f.title or name, desc,
                           tuple(cons.items())))
    if spec.name == "plans":   # municipal open data starts with the 地方公共団体コード
        cols.sort(key=lambda c: c.name != "lg_code")
    return cols


def _fk(fields: tuple[str, ...], resource: str, ref: tuple[str, ...]) -> dict:
    return {"fields": list(fields), "reference": {"resource": resource, "fields": list(ref)}}


TO_PLAN = _fk(("plan_id",), "plans", ("plan_id",))

TABLES: tuple[TableSpec, ...] = (
    TableSpec("plans", "計画", Plan, primary_key=("plan_id",),
              description="入力文書（計画）1件につき1行"),
    TableSpec("projects", "事業", Project, prefix=(PLAN_ID, SEQ), skip=("kpis", "schedule"),
              foreign_keys=(TO_PLAN,),
              description="事業カード（事業・項目・実施事項・施策）1件につき1行"),
    TableSpec("schedule", "スケジュール", ScheduleCell, prefix=(PLAN_ID, SEQ, *PROJECT_KEY),
              foreign_keys=(TO_PLAN, _fk(("plan_id", "project_seq"), "projects", ("plan_id", "seq"))),
              description="事業×年度のスケジュール（計画状況・ロードマップ）のセル1つにつき1行"),
    TableSpec("kpis", "KPI", KPI, prefix=(PLAN_ID, SEQ, *PROJECT_KEY),
              foreign_keys=(TO_PLAN, _fk(("plan_id", "project_seq"), "projects", ("plan_id", "seq"))),
              description="事業のKPI（指標）1件につき1行"),
    TableSpec("procedures", "オンライン化手続", Procedure, prefix=(PLAN_ID, SEQ), skip=("metrics",),
              foreign_keys=(TO_PLAN,),
              description="行政手続のオンライン化の表の1行につき1行"),
    TableSpec("procedure_metrics", "手続の数値", Metric, prefix=(PLAN_ID, SEQ, *PROCEDURE_KEY),
              foreign_keys=(TO_PLAN, _fk(("plan_id", "procedure_seq"), "procedures",
                                         ("plan_id", "seq"))),
              description="手続の行に付いた数値（件数・利用率・目標）1つにつき1行"),
    TableSpec("reviews", "前計画の実施状況", Review, prefix=(PLAN_ID, SEQ), foreign_keys=(TO_PLAN,),
              description="前計画の実施状況一覧の1行につき1行"),
    TableSpec("warnings", "警告", Warning_,
              prefix=(PLAN_ID, SEQ, Column("source_file", "string", "入力ファイル",
                                           DESCRIPTIONS["source_file"])),
              foreign_keys=(TO_PLAN,),
              description="抽出時に確信が持てなかった点・補正した点1件につき1行"),
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
            row["source_ocr"] = bool(value.ocr)
        elif isinstance(value, list):
            row[name] = LIST_SEPARATOR.join(value)
        else:
            row[name] = value
    return row


def rows_for(doc: PlanDocument) -> dict[str, list[dict[str, Any]]]:
    """Every CSV's rows for one plan, in document order, with seq numbers."""
    pid = doc.plan.plan_id
    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}

    def add(table: str, model: BaseModel, **keys: Any) -> int:
        seq = len(out[table]) + 1
        out[table].append({"plan_id": pid, "seq": seq, **keys,
                           **_flat(model, TABLE_BY_NAME[table])})
        return seq

    out["plans"].append(_flat(doc.plan, TABLE_BY_NAME["plans"]))
    for p in doc.projects:
        pseq = add("projects", p)
        key = {"project_seq": pseq, "project_number": p.number, "project_name": p.name}
        for c in p.schedule:
            add("schedule", c, **key)
        for k in p.kpis:
            add("kpis", k, **key)
    for pr in doc.procedures:
        prseq = add("procedures", pr)
        for m in pr.metrics:
            add("procedure_metrics", m, procedure_seq=prseq, procedure_table=pr.table,
                procedure_name=pr.name)
    for r in doc.reviews:
        add("reviews", r)
    for w in doc.warnings:
        add("warnings", w, source_file=doc.plan.source_file)
    return out


def columns(name: str) -> list[Column]:
    return model_columns(TABLE_BY_NAME[name])


def iter_tables() -> Iterator[tuple[TableSpec, list[Column]]]:
    for t in TABLES:
        yield t, model_columns(t)


# ---------------------------------------------------------------------------------------------
# roadmap.csv: a wide view of schedule.csv for people (one row per project, one column per
# fiscal year holding the printed status). Its year columns are the fiscal years of the dataset,
# so its columns are built per run; every project has a row, with a schedule or without.

ROADMAP = TableSpec("roadmap", "ロードマップ（事業×年度）", Project, primary_key=("plan_id", "project_seq"),
                    foreign_keys=(TO_PLAN, _fk(("plan_id", "project_seq"), "projects",
                                               ("plan_id", "seq"))),
                    description="事業1件につき1行、年度ごとに印字された状態（schedule.csv の横長の表示）。"
                                "スケジュールの記載がない事業も空欄で載せる")
ROADMAP_KEY = (PLAN_ID, PROJECT_KEY[0], PROJECT_KEY[1], PROJECT_KEY[2],
               Column("departments", "string", "担当部署", DESCRIPTIONS["departments"]))
YEAR_COLUMN_PREFIX = "fy"


def year_column(fy: int) -> Column:
    return Column(f"{YEAR_COLUMN_PREFIX}{fy}", "string", f"{fy}年度",
                  f"{fy}年度（{fy}年4月〜{fy + 1}年3月）の状態（印字どおり、複数は「、」区切り）")


def dataset_years(docs: Iterable[PlanDocument]) -> list[int]:
    """Every fiscal year a schedule cell of the dataset names."""
    return sorted({c.fiscal_year for d in docs for p in d.projects for c in p.schedule})


def roadmap_columns(years: Iterable[int]) -> list[Column]:
    return [*ROADMAP_KEY, *(year_column(y) for y in years)]


def roadmap_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    """One row per project (seq as in projects.csv); a year's cell joins the printed statuses
    of the schedule cells of that year in order, each once."""
    rows = []
    for seq, p in enumerate(doc.projects, start=1):
        row: dict[str, Any] = {"plan_id": doc.plan.plan_id, "project_seq": seq,
                               "project_number": p.number, "project_name": p.name,
                               "departments": LIST_SEPARATOR.join(p.departments)}
        by_year: dict[int, list[str]] = {}
        for c in p.schedule:
            by_year.setdefault(c.fiscal_year, [])
            if c.status_raw not in by_year[c.fiscal_year]:
                by_year[c.fiscal_year].append(c.status_raw)
        for fy, texts in by_year.items():
            row[f"{YEAR_COLUMN_PREFIX}{fy}"] = LIST_SEPARATOR.join(texts)
        rows.append(row)
    return rows
