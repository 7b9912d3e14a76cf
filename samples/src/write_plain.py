"""Print plan_dx as a pdftotext-like dump (the layout of seed 000) and build its expected JSON.

Layout rules copied from real dumps: every page starts with a line that has a leading space (here
the running header), a page ends with a page-number line "- n -"; card labels and values share a
line or the value follows on the next lines; wrapped lines of a card are separated by blank
lines; Latin words and numbers inside Japanese text get a space on both sides; tables are
flattened to runs of spaces (a line with a leading run of spaces has an empty first cell).
"""
from __future__ import annotations

import plan_dx as P
from common import (document, jp, kpi, pdftotext_spacing, plan_record, procedure, project,
                    review, schedule_entries, warning, wrap)

WIDTH = 26          # characters per line of a card value (A4, 10.5 pt, value column)
TEXT_WIDTH = 38     # characters per line of body text
SOURCE_FILE = "hibarino_plain.txt"
# card number -> description line after which the page breaks (the card continues overleaf)
SPLIT_AFTER_LINE = {"2-1": 3}
SHARE_PAGE = {"2-2"}    # printed below the end of the previous card, on the same page


class Dump:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.page = 0

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def put(self, text: str, *, blank: bool = True) -> int:
        """One printed line (pdftotext keeps a trailing space), optionally a blank line after it.
        Returns the 1-based line number of the text."""
        n = self.next_line
        self.lines.append(text + " " if text.strip() else text)
        if blank:
            self.lines.append("")
        return n

    def new_page(self) -> None:
        if self.page:
            self.lines.append(f"- {self.page} -")
        self.page += 1
        self.put(" " + P.TITLE)

    def end(self) -> str:
        self.lines.append(f"- {self.page} -")
        return "\n".join(self.lines) + "\n"

    def body(self, text: str) -> None:
        for part in wrap(jp(text), TEXT_WIDTH):
            self.put(pdftotext_spacing(part))


def columns(rows: list[list], gap: int = 4) -> list[str]:
    """Flatten a table to runs of spaces the way pdftotext -layout does: columns start at the
    same character position on every line (counted in characters, so CJK text does not line up
    when viewed in a monospaced font); empty cells are left as spaces, trailing ones dropped."""
    ncols = max(len(r) for r in rows)
    widths = [max(len(r[i] or "") for r in rows if i < len(r)) for i in range(ncols)]
    out = []
    for r in rows:
        last = max(i for i, c in enumerate(r) if c)
        parts = [(r[i] or "").ljust(widths[i] + gap) for i in range(last)]
        out.append("".join(parts) + r[last])
    return out


def write_card(d: Dump, c: P.Card) -> tuple[int, int | None]:
    """Print one card; returns the line where it starts and the line of its status cells."""
    if c.parent_number:
        parent = next(p for p in P.CARDS if p.number == c.parent_number)
        d.put(pdftotext_spacing(f"{jp(parent.number)} {parent.name}"))
        circled = "①②③④⑤⑥⑦⑧⑨"[int(c.number.rsplit("-", 1)[1]) - 1]
        start = d.put(pdftotext_spacing(f"取組名 {circled}{c.name}"))
    elif c.name_on_next_line:
        start = d.put("No.")
        for part in wrap(f"{jp(c.number)} {c.name}", WIDTH):
            d.put(pdftotext_spacing(part))
    else:
        start = d.put(pdftotext_spacing(f"No. {jp(c.number)} {c.name}"))
    d.put(f"基本方針 {c.goal}")
    depts = "、".join(c.departments)
    if c.dept_on_next_line:
        d.put("所管課")
        for part in wrap(depts, WIDTH):
            d.put(part)
    else:
        d.put(f"所管課 {depts}")
    d.put("取組内容")
    desc = wrap(jp(c.description), WIDTH)
    split = SPLIT_AFTER_LINE.get(c.number)
    sub = bool(c.parent_number)
    for i, part in enumerate(desc, 1):
        d.put(pdftotext_spacing(part), blank=not sub)
        if split == i:
            d.new_page()
    if sub:
        d.put("")
        d.put(f"事業費 {c.budget_kyen:,} 千円")
        d.put("導入効果")
        for e in c.effect:
            d.put(jp(e), blank=False)
        return start, None
    for k in c.kpis:
        if c.kpi_on_next_line:
            d.put("成果指標")
            for part in wrap(k.indicator, WIDTH - 4):
                d.put(pdftotext_spacing(part))
        else:
            d.put(pdftotext_spacing(f"成果指標 {k.indicator}"))
    d.put("工程")
    for k in c.kpis:
        for part in wrap(jp(k.target_text), WIDTH):
            d.put(pdftotext_spacing(part))
    d.put(" ".join(jp(label) for label, _ in P.YEARS))
    d.put("  ")
    status_line = d.put(" ".join(cell_texts(c.schedule)))
    return start, status_line


def cell_texts(schedule: list) -> list[str]:
    return [getattr(s, "text", s) for s in schedule if getattr(s, "text", s)]


def ambiguity_warning(name: str, schedule: list, line: int) -> list[dict]:
    """What the extractor should report for a row with fewer cells than year columns."""
    cells = cell_texts(schedule)
    if len(cells) >= len(P.YEARS):
        return []
    years = ", ".join(label for label, _ in P.YEARS)
    return [warning("ambiguous_schedule_cell",
                    f"{SOURCE_FILE} line {line}: {name}: one schedule cell 「{cells[0]}」 under "
                    f"{len(P.YEARS)} year columns ({years}); read as covering every year",
                    line=line)]


def card_expected(c: P.Card, *, geometry: bool, line=None, page=None) -> dict:
    return project(
        number=c.number, name=c.name, parent_number=c.parent_number, goal=c.goal,
        departments=c.departments, description=c.description,
        kpis=[kpi(k.indicator, k.target_text, k.target_value, k.target_unit, k.target_date)
              for k in c.kpis],
        schedule=schedule_entries(P.YEARS, c.schedule, geometry=geometry) if c.schedule else [],
        budget_jpy=c.budget_kyen * 1000 if c.budget_kyen else None, line=line, page=page)


def build() -> tuple[str, dict]:
    d = Dump()
    projects, procedures, reviews, warnings = [], [], [], []

    # cover
    d.new_page()
    d.put(f"計画期間 {jp('令和8年度～令和10年度')}")
    d.put(jp("令和8年3月"))
    d.put(P.PREFECTURE + P.MUNICIPALITY)

    # chapter 1
    d.new_page()
    d.put(jp("第1章 計画の基本的な考え方"))
    d.put(jp("1 計画の趣旨"))
    d.body(P.PURPOSE)
    d.put(jp("2 計画期間"))
    d.body(P.PERIOD_TEXT)
    d.put(jp("3 基本方針"))
    for n, goal in P.GOALS.items():
        d.put(jp(f"基本方針{n} {goal}"))

    # chapter 2: review of the previous plan
    d.new_page()
    d.put(jp("第2章 第1次計画の取組状況"))
    d.body(P.REVIEW_INTRO)
    d.put(jp(P.REVIEW_TITLE))
    rows = [P.REVIEW_HEADER] + [[jp(n), name, dep, pl, ac, mark]
                                for n, name, dep, pl, ac, mark in P.REVIEWS]
    flat = columns(rows)
    d.put(flat[0], blank=False)
    for (n, name, dep, pl, ac, mark), text in zip(P.REVIEWS, flat[1:]):
        line = d.put(text, blank=False)
        reviews.append(review(number=n, name=name, department=dep, planned_raw=pl,
                              actual_raw=ac, achieved=(mark == "○"), line=line))
    d.put("")

    # chapter 3: cards
    for i, c in enumerate(P.CARDS):
        if c.number in SHARE_PAGE:
            d.put("")
        else:
            d.new_page()
        if i == 0:
            d.put(jp("第3章 取組の内容"))
        start, status_line = write_card(d, c)
        projects.append(card_expected(c, geometry=False, line=start))
        if status_line:
            warnings += ambiguity_warning(f"card {c.number}", c.schedule, status_line)
        fig = P.FIGURE_AFTER.get(c.number)
        if fig == "three_column":
            d.new_page()
            procedures += write_three_column(d)
        elif fig == "marks":
            d.new_page()
            procedures += write_marks(d)

    # chapter 4: roadmap
    d.new_page()
    d.put(jp("第4章 その他の取組のロードマップ"))
    d.body(P.ROADMAP_INTRO)
    d.put(jp(P.ROADMAP_TITLE))
    d.put(" ".join([P.ROADMAP_FIRST_HEADER] + [jp(label) for label, _ in P.YEARS]), blank=False)
    for heading, measure, rows in P.ROADMAP:
        d.put(jp(heading), blank=False)
        for name, sched in rows:
            line = d.put(" ".join([name] + cell_texts(sched)), blank=False)
            warnings += ambiguity_warning(name, sched, line)
            projects.append(project(number=None, name=name, measure=measure,
                                    schedule=schedule_entries(P.YEARS, sched, geometry=False),
                                    line=line))
    text = d.end()

    expected = document(
        plan=plan_record(municipality=P.MUNICIPALITY, title=P.TITLE, published=P.PUBLISHED,
                         period=P.PERIOD, source_file=SOURCE_FILE, source_format="text"),
        projects=projects, procedures=procedures, reviews=reviews, warnings=warnings)
    return text, expected


def write_three_column(d: Dump) -> list[dict]:
    d.put(jp(P.PROC3_TITLE))
    flat = columns([P.PROC3_HEADER] + [[jp(c) if c else None for c in r] for r in P.PROC3_ROWS])
    d.put(flat[0], blank=False)
    out = []
    for row, text in zip(P.PROC3_ROWS, flat[1:]):
        line = d.put(text, blank=False)
        for col, name in enumerate(row):
            if name:
                head = P.PROC3_HEADER[col]
                out.append(procedure(table=P.PROC3_TITLE, name=name, status=P.PROC3_STATUS[head],
                                     status_raw=head, line=line))
    d.put("")
    d.put(jp(P.PROC3_NOTE))
    return out


def write_marks(d: Dump) -> list[dict]:
    d.put(jp(P.MARKS_TITLE))
    out = []
    for heading, category, rows in P.MARKS_GROUPS:
        d.put(jp(heading))
        d.put(" ".join(P.MARKS_HEADER))
        for name, mark in rows:
            line = d.put(f"{name} {mark}")
            out.append(procedure(table=P.MARKS_TITLE, category=category, name=name,
                                 status="implemented" if mark else "not_implemented",
                                 status_raw=mark or None, line=line))
    return out
