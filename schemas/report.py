"""report.json: the run summary (OUTPUT.md "Files in OUTDIR"). Everything but `timings` depends
only on the inputs, so two runs over the same files (any --jobs) differ only there.
schemas/json/report.schema.json is generated from these models (schemas/generate.py)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from schemas.models import SCHEMA_VERSION


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Counts(_Model):
    projects: int = 0
    schedule: int = 0
    kpis: int = 0
    procedures: int = 0
    procedure_metrics: int = 0
    reviews: int = 0
    warnings: int = 0


class InputReport(_Model):
    file: str = Field(description="the input path as found (folders are searched recursively)")
    status: Literal["ok", "failed", "duplicate"]
    error: Optional[str] = Field(None, description="one line naming the file: why it was not read")
    duplicate_of: Optional[str] = Field(None, description="same content as this earlier input")
    plan_id: Optional[str] = None
    format: Optional[Literal["pdf", "text", "markdown"]] = None
    pages: Optional[int] = None
    counts: Optional[Counts] = None
    warning_codes: dict[str, int] = Field(default_factory=dict,
                                          description="warnings of this plan by code")
    needs_ocr: bool = False
    ocr_pages: list[int] = Field(default_factory=list)


class Failure(_Model):
    file: str
    error: str


class NeedsOcr(_Model):
    file: str
    plan_id: str
    pages: list[int]


class Totals(Counts):
    inputs: int = 0
    extracted: int = 0
    failed: int = 0
    duplicates: int = 0
    needs_ocr: int = 0


class Timings(_Model):
    total_seconds: float
    extract_seconds: float
    write_seconds: float
    jobs: int
    files: dict[str, float] = Field(default_factory=dict, description="seconds per input file")


class Report(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    extractor_version: str
    inputs: list[InputReport]
    totals: Totals
    failures: list[Failure] = Field(default_factory=list)
    needs_ocr: list[NeedsOcr] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list,
                               description="files in input folders that are not .pdf/.txt/.md")
    timings: Optional[Timings] = None
