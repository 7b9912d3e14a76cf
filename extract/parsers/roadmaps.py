"""Roadmaps: one table whose rows are projects (often grouped under measures) and whose columns
are fiscal years; cells are short phrases (調査・検討, 構築・導入 ...), sometimes spanning years.

A roadmap starts at a header row holding two or more fiscal-year labels after a name column.
Under it: group rows ((1) 手続・窓口のデジタル化) set the measure; project rows are a name followed
by status cells. It ends at the first row that is neither. Cards' own schedule grids are not
roadmaps: the card parser reads those (their header row sits inside a card).
"""
from __future__ import annotations

from typing import Optional

import regex

from extract.ir import Cell, Document, Row
from extract.parsers.cards import assign_years, is_year_label
from extract.parsers.common import Collector, source_of
from extract.structure.matcher import matcher
from normalize.status import StatusVocabulary
from normalize.text import clean_text, join_lines
from normalize.wareki import fiscal_year
from schemas.models import Project, ScheduleCell

_GROUP = regex.compile(r"^(?:[(（]\s*\d+\s*[)）]|\d+\s*[.．]|[■□◆◇●○【]|第\s*\d+\s*節)\s*(?P<name>\S.*?)】?$")
_PAGE_NUMBER = regex.compile(r"^[-－―]?\s*\d+\s*[-－―]?$")
STATUS_CELL_MAX_CHARS = 10    # a status phrase is short; a project name ending in 導入 is not


def header_years(row: Row) -> Optional[list[Cell]]:
    """The year cells of a roadmap header: a name-column cell then >= 2 fiscal-year labels."""
    cells = [c for c in row.cells if c.text]
    years = [c for c in cells if is_year_label(c.text)]
    if len(years) < 2 or len(years) < len(cells) - 1:
        return None
    if cells[0] in years:        # no name column: a card's schedule header, not a roadmap
        return None
    if matcher("card").match_start(cells[0].text, in_cell=True):   # 計画状況 / スケジュール: a card's
        return None
    return years


def _status_like(text: str, probe: StatusVocabulary) -> bool:
    if not text or len(text) > STATUS_CELL_MAX_CHARS:
        return text in ("→", "⇒")
    code, _ = probe.map(text)
    return code != "other" or text in ("→", "⇒", "-", "－")


def split_project_row(row: Row, n_years: int, probe: StatusVocabulary,
                      grid: bool, first_year_col: int) -> tuple[str, list[Cell]]:
    """(name, status cells). With geometry, cells left of the first year column are the name;
    without it, trailing status-like cells (at most one per year) are statuses."""
    cells = [c for c in row.cells if c.text]
    if grid:
        name = [c.text for c in cells if c.col < first_year_col]
        return join_lines(name), [c for c in cells if c.col >= first_year_col]
    k = 0
    while k < min(n_years, len(cells) - 1) and _status_like(cells[len(cells) - 1 - k].text, probe):
        k += 1
    return join_lines([c.text for c in cells[:len(cells) - k]]), cells[len(cells) - k:]


def parse_roadmaps(doc: Document, status: StatusVocabulary, out: Collector) -> list[Project]:
    """Projects of every roadmap table."""
    probe = StatusVocabulary(status.terms)      # classification only: no warnings recorded
    rows = [r for r in doc.rows() if r.text]
    projects: list[Project] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        years = header_years(row)
        if not years:
            i += 1
            continue
        fys = []
        for c in years:
            fy, warns = fiscal_year(c.text)
            for w in warns:
                out.warn(w["code"], w["message"], source_of(row))
            if fy is not None:
                fys.append((c, fy))
        grid = row.table is not None and row.table.grid
        measure: Optional[str] = None
        i += 1
        while i < len(rows):
            r = rows[i]
            text = clean_text(r.text)
            if _PAGE_NUMBER.match(text):
                i += 1
                continue
            if header_years(r):
                break
            name, cells = split_project_row(r, len(fys), probe, grid and r.table is row.table,
                                            min(c.col for c in years))
            if cells and name:
                sched = []
                assigned = assign_years(fys, cells, grid and r.table is row.table)
                for (ycell, fy), scell, ambiguous in assigned:
                    if scell is None or not scell.text:
                        continue
                    code, raw = status.map(scell.text)
                    sched.append(ScheduleCell(fiscal_year=fy, label=clean_text(ycell.text).replace(" ", ""),
                                              status=code, status_raw=raw, ambiguous=ambiguous))
                if any(a for *_, a in assigned):
                    out.warn("ambiguous_schedule_cell",
                             f"ロードマップの行「{name}」: {len(fys)} 年度分にセルが {len(cells)} 個です",
                             source_of(r))
                projects.append(Project(name=name, measure=measure, schedule=sched,
                                        source=source_of(r)))
            elif not cells and (m := _GROUP.match(text)) and len(text) <= 40:
                measure = m.group("name").strip()
            else:
                break
            i += 1
    return projects
