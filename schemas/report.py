"""report.json: the run summary (OUTPUT.md "Files in OUTDIR"). Everything in it depends only on
the inputs (no timings, no absolute paths), so two runs over the same files (any --jobs, any
working folder) write the same bytes; timings go to stderr with -v.
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
    file: str = Field(description="the input as named in the dataset: a file given by itself by "
                                  "its name, a file found in a folder as folder/relative/path")
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
    ocr_pages: list[int] = Field(default_factory=list, description="pages without a usable text "
                                                                   "layer that were not read by OCR")
    ocred_pages: list[int] = Field(default_factory=list,
                                   description="pages read by OCR (Tesseract): their records say so")
    has_records: bool = Field(False, description="read, and gave at least one project, procedure "
                                                 "or review row")


class Failure(_Model):
    file: str
    error: str


class NeedsOcr(_Model):
    file: str
    plan_id: str
    pages: list[int]


class NoRecords(_Model):
    file: str
    plan_id: str


class Totals(Counts):
    inputs: int = 0
    extracted: int = Field(0, description="inputs read (with records or not)")
    with_records: int = Field(0, description="inputs that gave at least one record")
    no_records: int = Field(0, description="inputs read that gave no project, procedure or review")
    failed: int = 0
    duplicates: int = 0
    needs_ocr: int = 0


class NotRead(_Model):
    file: str = Field(description="folder/relative/path of an entry met in an input folder")
    reason: Literal["unreadable_folder", "dangling_link", "link_loop", "link_to_folder",
                    "special_file", "hidden", "documentation", "output_folder",
                    "not_a_plan_type"]
    message: str = Field(description="the reason in words, naming the entry")


class Report(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    extractor_version: str
    inputs: list[InputReport]
    totals: Totals
    failures: list[Failure] = Field(default_factory=list)
    needs_ocr: list[NeedsOcr] = Field(default_factory=list)
    no_records: list[NoRecords] = Field(
        default_factory=list, description="inputs read without error that gave no project, "
                                          "procedure or review (a failure with --strict)")
    strict: bool = Field(False, description="run with --strict: inputs with no records failed")
    skipped: list[str] = Field(default_factory=list,
                               description="documents in input folders in a format plan-extract "
                                           "does not read (docx, xlsx, images ...)")
    not_read: list[NotRead] = Field(default_factory=list,
                                    description="every entry of an input folder that was not read, "
                                                "with its reason (nothing is left out in silence)")
