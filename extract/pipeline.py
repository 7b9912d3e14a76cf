"""The one path from input to output: read -> find blocks -> parse -> normalize -> validate -> write.

extract_file() turns one input into a validated PlanDocument. run() does a batch: it finds the
inputs, extracts each in isolation (one bad file never costs the others), writes the dataset
atomically and returns what the report needs.
"""
from __future__ import annotations

import errno
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import regex

from extract import __version__
from extract.ir import Document
from extract.outdir import MANIFEST
from extract.parsers.cards import parse_cards
from extract.parsers.common import Collector
from extract.parsers.joins import join_matrix, join_roadmap_rows
from extract.parsers.matrix import find_matrices, matrix_projects
from extract.parsers.metadata import parse_metadata
from extract.parsers.outline import parse_outline
from extract.parsers.procedures import parse_procedures
from extract.parsers.reviews import parse_reviews
from extract.parsers.roadmaps import parse_roadmaps
from extract.parsers.row_tables import parse_row_tables
from extract.readers import InputError, printable, read_document
from normalize.status import StatusVocabulary
from normalize.wareki import era_current_on
from schemas.models import Plan, PlanDocument, Source, Warning_
from schemas.output import formula_cells

QUOTE_MAX_CHARS = 40     # of a value quoted in a warning

INPUT_SUFFIXES = (".pdf", ".txt", ".md", ".markdown", ".text")
# Documentation living beside plans in a folder is not a plan.
NOT_PLANS = ("readme", "changelog", "license", "sources")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_plan_document(doc: Document, path: Path, sha: str,
                        status: StatusVocabulary) -> PlanDocument:
    doc.seal()
    out = Collector()
    for w in doc.warnings:
        out.warn(w.code, w.message, Source(page=w.page, line=w.line))
    meta = parse_metadata(doc, out)
    # A 施策体系 matrix claims its rows: its cells are measures, not cards or outline items.
    matrices = find_matrices(doc)
    in_matrix = {id(r) for m in matrices for r in m.rows}
    body = doc.without(in_matrix) if in_matrix else doc
    # A table of one project per row claims its rows first: its header (事業No. | 事業名称 ...)
    # would otherwise open a card.
    projects, claimed = parse_row_tables(body, status, out)
    rest = body.without(claimed) if claimed else body
    in_roadmaps: set[int] = set()
    roadmap_rows = parse_roadmaps(rest, status, out, used=in_roadmaps)
    projects += join_roadmap_rows(parse_cards(rest, status, out, skip=frozenset(in_roadmaps)),
                                  roadmap_rows, out)
    if not projects:
        # Nested numbered headings only when nothing else was found: they never compete.
        projects = parse_outline(body, out)
    if projects:
        join_matrix(projects, matrices)
    else:
        projects = matrix_projects(matrices)     # no cards follow: the measures are the records
    procedures = parse_procedures(doc, status, out)
    reviews = parse_reviews(doc, status, out)
    for w in status.warnings():
        out.warn(w["code"], w["message"])
    if not projects and not procedures and not reviews:
        out.warn("no_records", f"{path.name}: 事業カード・手続の表・前計画の実施状況の表が見つかりません")
    out.items[:] = document_notes(out.items, meta.published)
    plan = Plan(plan_id=sha[:12], lg_code=meta.lg_code, municipality=meta.municipality,
                title=meta.title, published=meta.published, period_start_fy=meta.period_start_fy,
                period_end_fy=meta.period_end_fy, source_file=printable(path.name),
                source_sha256=sha,
                source_format=doc.source_format, pages=doc.pages, extractor_version=__version__)
    # Validation happens here: the models reject anything off-contract.
    result = PlanDocument(plan=plan, projects=projects, procedures=procedures, reviews=reviews,
                          warnings=out.items)
    for table, column, value, src in formula_cells(result):
        shown = value if len(value) <= QUOTE_MAX_CHARS else value[:QUOTE_MAX_CHARS] + "…"
        out.warn("csv_formula_neutralized",
                 f"{path.name}: {table}.csv の {column}「{shown}」は表計算ソフトで数式として実行され"
                 f"うるため、CSV では先頭に ' を付けました（JSON は印刷どおり）", src)
    result.warnings = [w.model_copy(update={"message": printable(w.message)}) for w in out.items]
    result._ocred = list(doc.ocred_pages)
    return result


# Document-level "not found" notes, said once per plan in one line.
NOT_FOUND = {"no_title": "計画名", "no_municipality": "団体名（lg_code は空欄）",
             "no_records": "事業カード・手続の表・前計画の実施状況の表"}


def document_notes(items: list[Warning_], published: Optional[str]) -> list[Warning_]:
    """Warnings as a reader needs them: era_year_overflow only where the era had ended when the
    plan was published; the not-found notes of the whole document merged into one `not_found`
    line (the first of them keeps its place)."""
    kept = [w for w in items if not (w.code == "era_year_overflow"
                                     and era_current_on(w.message, published))]
    missing = [w for w in kept if w.code in NOT_FOUND]
    if len(missing) < 2:
        return kept
    line = Warning_(code="not_found", message="見つかりませんでした: " + "、".join(
        NOT_FOUND[w.code] for w in missing) + f"（{', '.join(w.code for w in missing)}）",
                    source=missing[0].source)
    out, placed = [], False
    for w in kept:
        if w.code in NOT_FOUND:
            if not placed:
                out.append(line)
                placed = True
            continue
        out.append(w)
    return out


def extract_file(path: Path, *, status_map: Optional[Path] = None,
                 max_pages: Optional[int] = None, ocr: str = "auto",
                 ocr_jobs: int = 1) -> PlanDocument:
    """One input file -> validated PlanDocument. Raises InputError for unreadable input.
    ocr: auto | never | always (pages read by OCR, extract.readers.pdf)."""
    path = Path(path)
    status = StatusVocabulary.load(status_map)
    doc = read_document(path, max_pages=max_pages, ocr=ocr, ocr_jobs=ocr_jobs)
    return build_plan_document(doc, path, sha256_of(path), status)


# Why a path met in an input folder is not read (InputScan.not_read); the code is stable.
NOT_READ_REASONS = {
    "unreadable_folder": "フォルダを読めません",
    "dangling_link": "リンク先がありません",
    "link_loop": "リンクが循環しています",
    "link_to_folder": "フォルダへのリンクはたどりません",
    "special_file": "通常のファイルではありません（パイプ・デバイスなど）",
    "hidden": "隠しファイル・隠しフォルダです",
    "documentation": "説明書き（README など）で、計画ではありません",
    "output_folder": "plan-extract の出力フォルダです",
    "not_a_plan_type": "計画の形式（.pdf / .txt / .md）ではありません",
}
OUR_HIDDEN = regex.compile(r"^\.(?:.+\.)?plan-extract")   # lock / staging beside an output folder


@dataclass(frozen=True)
class NotRead:
    path: Path
    name: str            # as the report names it: folder/relative/path
    reason: str          # a NOT_READ_REASONS code
    detail: str = ""

    @property
    def message(self) -> str:
        extra = f"（{self.detail}）" if self.detail else ""
        return f"{self.name}: {NOT_READ_REASONS[self.reason]}{extra}"


@dataclass
class InputScan:
    files: list[Path] = field(default_factory=list)
    missing: list[tuple[Path, str]] = field(default_factory=list)   # given paths that fail
    not_read: list[NotRead] = field(default_factory=list)           # met in folders, left out


def _link_problem(p: Path) -> Optional[str]:
    """'dangling_link' / 'link_loop' for a link that leads nowhere, else None."""
    try:
        os.stat(p)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "link_loop"
        if p.is_symlink():
            return "dangling_link"
    return None


def _entry_reason(p: Path, is_dir: bool) -> Optional[str]:
    """Why an entry of an input folder is left out, or None for a plan file / a folder to enter."""
    if p.name.startswith("."):
        return "hidden"
    if is_dir:
        if p.is_symlink():
            return "link_to_folder"
        return "output_folder" if (p / MANIFEST).exists() else None
    link = _link_problem(p)
    if link:
        return link
    if not p.is_file():
        return "special_file"
    if p.suffix.lower() not in INPUT_SUFFIXES:
        return "not_a_plan_type"
    if p.stem.lower().startswith(NOT_PLANS):
        return "documentation"
    return None


def scan_folder(top: Path, scan: InputScan) -> None:
    """Plan files under `top` into scan.files (sorted); every other entry into scan.not_read with
    its reason. Hidden entries, links to folders and output folders are not entered; plan-extract's
    own lock and staging folder are passed over without a word."""
    base = Path(top.resolve().name)

    def named(p: Path) -> str:
        return printable((base / p.relative_to(top)).as_posix())

    def unreadable(e: OSError) -> None:
        p = Path(e.filename)
        scan.not_read.append(NotRead(p, named(p), "unreadable_folder", e.strerror or ""))
    found = []
    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable):
        d = Path(dirpath)
        entries = [(n, True) for n in dirnames] + [(n, False) for n in filenames]
        dirnames[:] = []
        for name, is_dir in sorted(entries):
            if OUR_HIDDEN.match(name):
                continue
            p = d / name
            reason = _entry_reason(p, is_dir)
            if reason:
                scan.not_read.append(NotRead(p, named(p), reason))
            elif is_dir:
                dirnames.append(name)
            else:
                found.append(p)
        dirnames.sort()
    scan.files.extend(sorted(found))


def scan_inputs(paths: Iterable[Path]) -> InputScan:
    """The inputs given: files taken as they are, folders searched recursively (scan_folder);
    a given path that cannot be read is in `missing` with a one-line reason naming it."""
    scan = InputScan()
    for p in map(Path, paths):
        if p.is_dir():
            scan_folder(p, scan)
        elif p.is_file():
            scan.files.append(p)
        else:
            link = _link_problem(p)
            why = (NOT_READ_REASONS[link] if link else
                   NOT_READ_REASONS["special_file"] if p.exists() else "ファイルもフォルダもありません")
            scan.missing.append((p, printable(f"{p.name}: {why}")))
    scan.files = list(dict.fromkeys(scan.files))
    return scan


def find_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to extract (folders searched recursively, sorted) and given paths not readable."""
    scan = scan_inputs(paths)
    return scan.files, scan.missing


@dataclass
class FileResult:
    path: Path
    doc: Optional[PlanDocument] = None
    error: Optional[str] = None
    seconds: float = 0.0


@dataclass
class RunResult:
    results: list[FileResult] = field(default_factory=list)

    @property
    def docs(self) -> list[PlanDocument]:
        return [r.doc for r in self.results if r.doc is not None]

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.error]


def extract_one(path: Path, status_map: Optional[Path] = None, debug: bool = False, *,
                ocr: str = "auto", ocr_jobs: int = 1) -> FileResult:
    """Never raises for bad input: the error becomes a one-line reason naming the file."""
    t0 = time.perf_counter()
    try:
        doc = extract_file(path, status_map=status_map, ocr=ocr, ocr_jobs=ocr_jobs)
        return FileResult(path, doc=doc, seconds=time.perf_counter() - t0)
    except InputError as e:
        if debug:
            raise
        return FileResult(path, error=printable(str(e)), seconds=time.perf_counter() - t0)
    except Exception as e:  # a bug or a PDF library error must not stop the batch
        if debug:
            raise
        return FileResult(path, error=printable(f"{path.name}: 予期しないエラーで抽出できません"
                                                 f"（{type(e).__name__}: {e}）"),
                          seconds=time.perf_counter() - t0)
