"""pydantic models: the single definition of every record in ../shared/spec/OUTPUT.md.

JSON Schema files (schemas/json/), CSV column lists and datapackage.json are generated from these
models (schemas/generate.py); a test fails when a generated file is stale.

Field names are the contract (schema_version 1): add fields, never rename or remove.
The Japanese ``title`` of each field is what datapackage.json shows to portal users.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = 1

StatusCode = str  # canonical status code from normalize/data/status.toml ("other" when unmapped)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    page: Optional[int] = Field(None, title="ページ", description="1-based PDF page where the record starts")
    line: Optional[int] = Field(None, title="行", description="1-based line in a text source where the record starts")
    # Only present (true) when the text was read by OCR from a page image: records of text-layer
    # pages keep the shape they always had.
    ocr: Optional[bool] = Field(None, title="OCR", exclude_if=lambda v: v is None,
                                description="true when the record's text was read by OCR from a "
                                            "page image (a scan or outlined text)")


class Warning_(_Model):
    code: str = Field(title="警告コード")
    message: str = Field(title="内容")
    source: Source = Field(default_factory=Source)


class KPI(_Model):
    indicator: str = Field(title="指標")
    target_text: Optional[str] = Field(None, title="目標（原文）")
    target_value: Optional[float] = Field(None, title="目標値")
    target_unit: Optional[str] = Field(None, title="目標値の単位")
    target_date: Optional[str] = Field(None, title="目標期日", description="ISO date")
    baseline_text: Optional[str] = Field(None, title="現状値（原文）")
    baseline_value: Optional[float] = Field(None, title="現状値")
    baseline_fiscal_year: Optional[int] = Field(None, title="現状値の年度")


class ScheduleCell(_Model):
    fiscal_year: int = Field(title="年度", description="Gregorian fiscal year (April-March)")
    label: str = Field(title="年度（原文）")
    status: StatusCode = Field(title="状態コード")
    status_raw: str = Field(title="状態（原文）")
    ambiguous: bool = Field(False, title="年度不明確",
                            description="true when the source cannot tell which year the cell covers")


class Project(_Model):
    number: Optional[str] = Field(None, title="事業番号")
    name: str = Field(title="事業名")
    parent_number: Optional[str] = Field(None, title="親事業番号",
                                         description="number of the card a sub-project (3-6 ①) belongs to")
    goal: Optional[str] = Field(None, title="基本目標")
    measure: Optional[str] = Field(None, title="施策")
    departments: list[str] = Field(default_factory=list, title="担当部署")
    description: Optional[str] = Field(None, title="事業内容")
    kpis: list[KPI] = Field(default_factory=list)
    schedule: list[ScheduleCell] = Field(default_factory=list)
    category: Optional[Literal["新規", "継続"]] = Field(None, title="新規・継続")
    budget_jpy: Optional[int] = Field(None, title="事業費（円）")
    outlook: Optional[str] = Field(None, title="実施見通し")
    source: Source = Field(default_factory=Source)


class Metric(_Model):
    label: str = Field(title="項目")
    value: Optional[float] = Field(None, title="値")
    unit: Optional[str] = Field(None, title="単位", description="count, ratio, ...")
    raw: Optional[str] = Field(None, title="原文")


class Procedure(_Model):
    table: Optional[str] = Field(None, title="表題")
    category: Optional[str] = Field(None, title="分類")
    name: str = Field(title="手続名")
    status: Optional[Literal["online", "not_online", "not_applicable", "implemented",
                             "not_implemented"]] = Field(None, title="状態コード")
    status_raw: Optional[str] = Field(None, title="状態（原文）")
    catalog_id: Optional[str] = Field(None, title="優先手続ID",
                                      description="id in extract/data/procedure_catalog.tsv")
    metrics: list[Metric] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)


class Review(_Model):
    number: Optional[str] = Field(None, title="事業番号")
    name: str = Field(title="事業名")
    department: Optional[str] = Field(None, title="担当部署")
    planned: Optional[StatusCode] = Field(None, title="計画（コード）")
    planned_raw: Optional[str] = Field(None, title="計画（原文）")
    actual: Optional[StatusCode] = Field(None, title="実績（コード）")
    actual_raw: Optional[str] = Field(None, title="実績（原文）")
    achieved: Optional[bool] = Field(None, title="達成")
    source: Source = Field(default_factory=Source)


class Plan(_Model):
    plan_id: str = Field(title="計画ID", description="first 12 hex of the source file's sha256")
    lg_code: Optional[str] = Field(None, title="全国地方公共団体コード")
    municipality: Optional[str] = Field(None, title="地方公共団体名")
    title: Optional[str] = Field(None, title="計画名")
    published: Optional[str] = Field(None, title="公表年月", description="ISO date, precision as printed")
    period_start_fy: Optional[int] = Field(None, title="計画期間開始年度")
    period_end_fy: Optional[int] = Field(None, title="計画期間終了年度")
    source_file: str = Field(title="入力ファイル")
    source_sha256: str = Field(title="SHA-256")
    source_format: Literal["pdf", "text", "markdown"] = Field(title="入力形式")
    pages: Optional[int] = Field(None, title="ページ数")
    extractor_version: str = Field(title="抽出器バージョン")


class PlanDocument(_Model):
    """The per-plan JSON file."""
    schema_version: Literal[1] = SCHEMA_VERSION
    plan: Plan
    projects: list[Project] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
    # Pages read by OCR, for the run report (report.json, report.html). Not written to the
    # per-plan JSON: there each record's source and the ocr_pages warning say it (OUTPUT.md).
    _ocred: list[int] = PrivateAttr(default_factory=list)

    def ocred_pages(self) -> list[int]:
        return list(self._ocred)
