"""Roadmaps: one table whose rows are projects (often grouped under measures) and whose columns
are fiscal years; cells are short phrases (調査・検討, 構築・導入 ...), sometimes spanning years.

A roadmap starts at a header row holding two or more fiscal-year labels after a name column.
Under it: group rows ((1) 手続・窓口のデジタル化) set the measure; project rows are a name followed
by status cells. It ends at the first row that is neither. Cards' own schedule grids are not
roadmaps: the card parser reads those (their header row sits inside a card).
"""
from __future__ import annotations

import unicodedata
from typing import Optional

import regex

from extract.ir import Cell, Document, Row
from extract.parsers.cards import assign_years, follow_bars, is_year_label
from extract.parsers.common import Collector, source_of
from extract.structure.header import read_header
from extract.structure.matcher import matcher
from extract.structure.patterns import ARROW_ONLY, bar_status, split_number
from extract.structure.vocabulary import label_key, vocabulary
from normalize.status import StatusVocabulary
from normalize.text import clean_text, join_lines
from normalize.wareki import fiscal_year
from schemas.models import Project, ScheduleCell

_GROUP = regex.compile(r"^(?:[(（]\s*\d+\s*[)）]|\d+\s*[.．]|[■□◆◇●○【]|第\s*\d+\s*節)\s*(?P<name>\S.*?)】?$")
_PAGE_NUMBER = regex.compile(r"^[-－―]?\s*\d+\s*[-－―]?$")
STATUS_CELL_MAX_CHARS = 10    # a status phrase is short; a project name ending in 導入 is not
MEASURE_ROW_MAX_CHARS = 40
MAX_YEAR_PIECES = 4           # 令和 / 10 / 年度 / (2028)


def _measure_row(row: Row) -> Optional[str]:
    """The measure a row without year cells names: `2 窓口の改革` (a number without a dash, the
    level above the projects' 2-1); None for anything else. Read from the printed text: the
    cleaned one has lost the space that tells the number 2 from the name."""
    printed = " ".join((c.raw or c.text).strip() for c in row.cells if c.text)
    number, rest = split_number(unicodedata.normalize("NFKC", printed))
    if not number or "-" in number or number.startswith("(") or not rest:
        return None
    return clean_text(rest)


def merge_year_pieces(cells: list[Cell]) -> list[Cell]:
    """A text dump splits 令和 7 年度 into pieces at its spaces: join the pieces of each year label
    back into one cell (positions and span kept)."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        for j in range(min(len(cells), i + MAX_YEAR_PIECES), i + 1, -1):
            joined = "".join(c.text for c in cells[i:j])
            if is_year_label(joined):
                b0, b1 = cells[i].bbox, cells[j - 1].bbox
                out.append(Cell(joined, col=cells[i].col, colspan=cells[j - 1].col + cells[j - 1].colspan
                                - cells[i].col, raw=joined,
                                bbox=(b0[0], b0[1], b1[2], b1[3]) if b0 and b1 else None))
                i = j
                break
        else:
            out.append(cells[i])
            i += 1
    return out


def header_years(row: Row) -> Optional[list[Cell]]:
    """The year cells of a roadmap header: a name-column cell then >= 2 fiscal-year labels.
    The name column is a roadmap name role (施策 / 事業名 / 取組名, the vocabulary's roadmap
    recipe) or any cell that is not a card label (計画状況 / スケジュール head a card's grid)."""
    cells = [c for c in row.cells if c.text]
    if row.table is None or not row.table.grid:
        cells = merge_year_pieces(cells)
    years = [c for c in cells if is_year_label(c.text)]
    if len(years) < 2 or len(years) < len(cells) - 1:
        return None
    if cells[0] in years:        # no name column: a card's schedule header, not a roadmap
        return None
    header = read_header(row, "roadmap")
    if (header is not None and header.satisfies("roadmap")) or \
            vocabulary().column_keys("roadmap").get(label_key(cells[0].text)) == "name":
        return years
    if matcher("card").match_start(cells[0].text, in_cell=True):
        return None
    return years


def _status_like(text: str, probe: StatusVocabulary) -> bool:
    if not text or len(text) > STATUS_CELL_MAX_CHARS:
        return text in ("→", "⇒")
    code, _ = probe.map(text)
    return code != "other" or text in ("-", "－") or bool(ARROW_ONLY.match(text))


def laid_out(cells: list[Cell], first_year_x: float) -> bool:
    """Whether a text-dump row kept the page layout: positions known and its first piece (the
    name) ending before the first year column (a dump that single-spaced the row has it run on)."""
    return bool(cells) and all(c.bbox for c in cells) and cells[0].bbox[2] <= first_year_x


def split_project_row(row: Row, n_years: int, probe: StatusVocabulary, grid: bool,
                      first_year_col: int, first_year_x: Optional[float] = None
                      ) -> tuple[str, list[Cell]]:
    """(name, status cells). With geometry, cells left of the first year column are the name;
    without it, trailing status-like cells (at most one per year) are statuses."""
    cells = [c for c in row.cells if c.text]
    if grid:
        name = [c.text for c in cells if c.col < first_year_col]
        return join_lines(name), [c for c in cells if c.col >= first_year_col]
    if first_year_x is not None and laid_out(cells, first_year_x):
        # a dump that kept the layout: pieces reaching under the year columns are statuses
        name = [c for c in cells if c.bbox[2] <= first_year_x]
        return join_lines([c.text for c in name]), [c for c in cells if c.bbox[2] > first_year_x]
    k = 0
    while k < min(n_years, len(cells) - 1) and _status_like(cells[len(cells) - 1 - k].text, probe):
        k += 1
    return join_lines([c.text for c in cells[:len(cells) - k]]), cells[len(cells) - k:]


def years_by_position(years: list[tuple[Cell, int]], statuses: list[Cell]):
    """Pair each status piece of a layout-keeping dump with the year column it sits under (the
    nearest header centre; a merged cell reaching over several header centres, all of them)
    -> assign_years' [(year, cell, ambiguous)]."""
    centre = lambda b: (b[0] + b[2]) / 2
    by_year: dict[int, Cell] = {}
    for s in statuses:
        under = [fy for ycell, fy in years if s.bbox[0] <= centre(ycell.bbox) <= s.bbox[2]]
        if len(under) >= 2:
            for fy in under:
                by_year.setdefault(fy, s)
            continue
        (ycell, fy) = min(years, key=lambda y: abs(centre(y[0].bbox) - centre(s.bbox)))
        first = by_year.setdefault(fy, s)
        if first is not s and ARROW_ONLY.match(s.text):   # 運用 ━━▶: a bar's arrow printed apart
            by_year[fy] = Cell(f"{first.text} {s.text}", col=first.col, colspan=first.colspan,
                               bbox=first.bbox)
    return follow_bars(years, [((ycell, fy), by_year[fy], False) for ycell, fy in years
                               if fy in by_year])


def parse_roadmaps(doc: Document, status: StatusVocabulary, out: Collector,
                   used: Optional[set[int]] = None) -> list[Project]:
    """Projects of every roadmap table; the ids of the rows read are added to `used` (the card
    parser leaves them alone: a roadmap's 施策 | 令和7年度 … header is no card label)."""
    used = used if used is not None else set()
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
        # the rows are claimed only when a project row follows: a year header with none under
        # it is a card's schedule whose label did not read (実施スケジュー / ル wrapped in its cell)
        claimed, found = {id(row)}, len(projects)
        i += 1
        while i < len(rows):
            r = rows[i]
            text = clean_text(r.text)
            if _PAGE_NUMBER.match(text):
                i += 1
                continue
            if header_years(r):
                break
            # the same grid, or its part after a page break (a table of as many columns)
            in_grid = grid and r.table is not None and (
                r.table is row.table or (r.table.grid and r.table.ncols == row.table.ncols))
            by_x = not in_grid and all(c.bbox for c in years)
            name, cells = split_project_row(r, len(fys), probe, in_grid, min(c.col for c in years),
                                            min(c.bbox[0] for c in years) if by_x else None)
            if cells and name:
                claimed.add(id(r))
                sched = []
                if by_x and fys and laid_out([c for c in r.cells if c.text],
                                             min(c.bbox[0] for c in years)):
                    assigned = years_by_position(fys, cells)
                else:
                    assigned = assign_years(fys, cells, in_grid)
                for (ycell, fy), scell, ambiguous in assigned:
                    if scell is None or not scell.text:
                        continue
                    code, raw = status.map(bar_status(clean_text(scell.text))[0])
                    sched.append(ScheduleCell(fiscal_year=fy, label=clean_text(ycell.text).replace(" ", ""),
                                              status=code, status_raw=raw, ambiguous=ambiguous))
                if any(a for *_, a in assigned):
                    out.warn("ambiguous_schedule_cell",
                             f"ロードマップの行「{name}」: {len(fys)} 年度分にセルが {len(cells)} 個です",
                             source_of(r))
                number, rest = split_number(name)
                if number is None or not rest:
                    number, rest = None, name
                projects.append(Project(number=number, name=rest, measure=measure, schedule=sched,
                                        source=source_of(r)))
            elif not cells and len(text) <= MEASURE_ROW_MAX_CHARS and (
                    (m := _GROUP.match(text)) or _measure_row(r)):
                measure = m.group("name").strip() if m else _measure_row(r)
                claimed.add(id(r))
            else:
                break
            i += 1
        if len(projects) > found:
            used.update(claimed)
    return projects
