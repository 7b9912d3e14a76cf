"""施策 known only from the table printed under them (a KPI table, a 目標 | 推進者 action table),
outside any card: 総合戦略, 行動計画 and 経営戦略 print goal -> numbered 施策 line -> text -> table.

MeasureContext is fed every heading and text row in reading order and answers, when such a table
appears, which numbered line names its 施策 and which differently numbered line above it (or
which numbered heading) is the goal: "1職員の勤務環境…" then "(1)妊娠中…" then the table.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import regex

from extract.ir import Row
from extract.parsers.common import CIRCLED, Collector, source_of
from extract.structure.vocabulary import vocabulary
from normalize.text import clean_text, join_lines
from schemas.models import KPI, Project

if TYPE_CHECKING:
    from extract.parsers.action_tables import Action

_SECTION = regex.compile(r"^(?P<num>\d{1,2})\s*[.．]\s*(?P<title>\S.{1,60})$")
_MEASURE_WORDS = "|".join(regex.escape(f) for f in sorted(
    vocabulary().forms("measure") + vocabulary().forms("measure_numbered"), key=len, reverse=True))
_NUMBERED = regex.compile(
    rf"^\s*(?:(?:{_MEASURE_WORDS})\s*)?"
    r"(?P<num>[①-⑳]|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}(?![\d,.]))\s*[.．、]?\s*(?P<title>[^\d\s.．、,].{1,50})$")
_MARKER = regex.compile(r"^[\[［【<＜◎◇◆〇○・※]")
MEASURE_MAX_CHARS = 50
CIRCLED_20 = CIRCLED[:20]     # 施策 lines are numbered ① … ⑳ (the range _NUMBERED accepts)


@dataclass
class Numbered:
    style: str          # circled / paren / digit
    num: str            # digits only
    title: str
    row: Row


_NOT_DIGIT = regex.compile(r"\D")


def numbered_line(row: Row) -> Optional[Numbered]:
    """A short numbered line (①…, (1)…, 1…) with its numbering style read from the printed text."""
    raw = next((c.raw if c.raw is not None else c.text for c in row.cells if c.text), "")
    raw = clean_text(raw) if raw[:1] not in CIRCLED_20 else raw
    text = clean_text(row.text)
    if len(text) > MEASURE_MAX_CHARS or "。" in text:
        return None
    m = _NUMBERED.match(raw.strip()) or _NUMBERED.match(text)
    if not m:
        return None
    num = m.group("num")
    style = ("circled" if num in CIRCLED_20 else "paren" if num[:1] in "(（" else "digit")
    digits = str(CIRCLED_20.index(num) + 1) if style == "circled" else _NOT_DIGIT.sub("", num)
    title = _NUMBERED.match(text)
    return Numbered(style, digits, (title.group("title") if title else m.group("title")).strip(), row)


class MeasureContext:
    def __init__(self) -> None:
        self.section: Optional[Numbered] = None     # numbered heading (1.村の振興の要…)
        self.numbered: list[Numbered] = []           # numbered lines since that heading
        self.rows: list[Row] = []                    # text rows since the last table

    def heading(self, row: Row) -> None:
        m = _SECTION.match(clean_text(row.text))
        self.rows = []
        if m:
            self.section = Numbered("heading", m.group("num"), m.group("title").strip(), row)
            self.numbered = []
        elif numbered_line(row):         # ### 施策(1) 手続のオンライン化: the 施策 as a heading
            self.text(row)

    def text(self, row: Row) -> None:
        self.rows.append(row)
        n = numbered_line(row)
        if n:
            self.numbered.append(n)

    def consumed(self) -> None:
        self.rows = []

    def measure(self) -> tuple[Optional[Numbered], Optional[Numbered], Optional[str]]:
        """(施策 line, goal line or heading, description between the 施策 line and the table)."""
        for i in range(len(self.rows) - 1, -1, -1):
            line = numbered_line(self.rows[i])
            if not line:
                continue
            body = [clean_text(r.text) for r in self.rows[i + 1:]
                    if not _MARKER.match(clean_text(r.text))]
            goal = self.section
            for n in reversed(self.numbered):
                if n.row is not self.rows[i] and n.style != line.style and \
                        self.numbered.index(n) < self._index(line.row):
                    goal = n
                    break
            return line, goal, join_lines(body) or None
        return None, self.section, None

    def _index(self, row: Row) -> int:
        return next((k for k, n in enumerate(self.numbered) if n.row is row), len(self.numbered))


def measure_project(ctx: MeasureContext, goal: Optional[str], table_row: Row, out: Collector,
                    *, kpis: Optional[list[KPI]] = None, departments: Optional[list[str]] = None,
                    description: Optional[str] = None, what: str = "KPI table") -> Project:
    """A 施策 known only from the table printed under it."""
    line, goal_line, text = ctx.measure()
    if line is None:
        name = goal_line.title if goal_line else goal or "(施策名なし)"
        out.warn("table_without_measure",
                 f"{what}の上に番号付きの施策の行がないため「{name}」の下に入れました",
                 source_of(table_row))
        number = None
    else:
        name = line.title
        number = f"{goal_line.num}-{line.num}" if goal_line else line.num
    return Project(number=number, name=name,
                   goal=goal_line.title if goal_line and line is not None else goal,
                   departments=departments or [],
                   description="\n".join(t for t in (text, description) if t) or None,
                   kpis=kpis or [], source=source_of(line.row if line else table_row))


def action_projects(measure: Project, actions: list["Action"]) -> list[Project]:
    """The numbered actions of a 施策 as records of their own: each with its own responsible
    people, under the 施策 (parent_number), numbered below it as sub-projects of a card are
    (施策 1-1, action ② -> 1-1-2)."""
    out = []
    for a in actions:
        number = a.number
        if number and measure.number:
            number = f"{measure.number}-{number}"
        out.append(Project(number=number, name=a.text, parent_number=measure.number,
                           goal=measure.goal, measure=measure.name, departments=a.responsible,
                           source=source_of(a.row)))
    return out
