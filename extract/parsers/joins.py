"""Joins across the document: what one part of a plan says about the records another part holds.

Cards are the records; a roadmap at the end of the plan (or a roadmap table anywhere) adds to
them: its row joins the card with the same number (by name where the row is unnumbered or no card
has its number) and gives the card its measure (the roadmap's measure row above it) and its
schedule when the card has none. Where both print a schedule, the card's wins and a differing
roadmap is said in a warning. Roadmap rows no card matches stay records of their own.

A 施策体系 matrix (matrix.py) gives goal and measure to the records found after it: a record
whose number starts with a measure's number (card 1-2 under measure (1)) takes that measure and
its goal; a record that is the measure itself (same number, or the name a card prints as its
施策) takes the goal; a record named as one of the matrix's items (① under (1)) takes both. What a record prints itself is never replaced. When no records are found
at all, the matrix's measures are the records (pipeline).
"""
from __future__ import annotations

from typing import Optional

from extract.parsers.common import Collector
from extract.parsers.matrix import Matrix
from schemas.models import Project


def name_key(name: Optional[str]) -> str:
    return "".join((name or "").split())


def _schedule_key(p: Project) -> list[tuple[int, str]]:
    return [(c.fiscal_year, c.status_raw or "") for c in p.schedule]


def _place(p: Project) -> str:
    """Where a record was printed, as messages name it: p.5 / 76行目."""
    if p.source.page is not None:
        return f"p.{p.source.page}"
    return f"{p.source.line}行目" if p.source.line is not None else "位置不明"


def _differences(card: Project, row: Project, shown: int = 3) -> str:
    """The fiscal years whose printed status differs: 2025年度 カード「試行」／ロードマップ「運用」."""
    a = {c.fiscal_year: c.status_raw or "（空欄）" for c in card.schedule}
    b = {c.fiscal_year: c.status_raw or "（空欄）" for c in row.schedule}
    years = [y for y in sorted(a.keys() | b.keys()) if a.get(y) != b.get(y)]
    said = [f"{y}年度 事業カード「{a.get(y, '記載なし')}」／ロードマップ「{b.get(y, '記載なし')}」"
            for y in years[:shown]]
    return "、".join(said) + (f" ほか {len(years) - shown} 年度" if len(years) > shown else "")


def join_roadmap_rows(cards: list[Project], rows: list[Project], out: Collector) -> list[Project]:
    """cards + the roadmap rows that joined none of them; joined cards take measure and schedule."""
    by_number = {p.number: p for p in cards if p.number}
    by_name = {name_key(p.name): p for p in cards}
    rest = []
    for row in rows:
        card = (by_number.get(row.number) if row.number else None) or by_name.get(name_key(row.name))
        if card is None:
            rest.append(row)
            continue
        if not card.measure and row.measure:
            card.measure = row.measure
        if not card.schedule:
            card.schedule = row.schedule
        elif row.schedule and _schedule_key(card) != _schedule_key(row):
            out.warn("schedule_conflict",
                     f"「{card.name}」のスケジュールが事業カード（{_place(card)}）とロードマップ"
                     f"（{_place(row)}）で異なります: {_differences(card, row)}。事業カードの記載を採りました",
                     card.source)
    return cards + rest


def _prefixes(number: str) -> list[str]:
    """1-2-3 -> [1-2, 1]: the numbers a record's number may extend, longest first."""
    parts = number.split("-")
    return ["-".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]


def join_matrix(projects: list[Project], matrices: list[Matrix]) -> None:
    """Goal and measure from the 施策体系 to the records (see module docstring)."""
    by_number: dict[str, tuple[str, str]] = {}
    by_name: dict[str, str] = {}
    items: dict[str, tuple[str, str]] = {}           # item (取組) name -> (goal, measure)
    for m in matrices:
        for number, name, goal, _ in m.entries():
            if number:
                by_number.setdefault(number, (name, goal))
            by_name.setdefault(name_key(name), goal)
        for _, name, goal, measure, _ in m.items():
            items.setdefault(name_key(name), (goal, measure))
    if not by_name:
        return
    for p in projects:
        number = p.number or ""
        if name_key(p.name) in items:                             # an item of the matrix
            goal, measure = items[name_key(p.name)]
            p.goal, p.measure = p.goal or goal or None, p.measure or measure
            continue
        if number in by_number and name_key(by_number[number][0]) == name_key(p.name):
            p.goal = p.goal or by_number[number][1] or None     # the record is the measure
            continue
        measure = next((by_number[n] for n in _prefixes(number) if n in by_number), None)
        # a card printing another measure or goal than the matrix's is numbered otherwise
        # (1-2 = goal 1's second project): its number says nothing then
        agrees = measure is not None and all(
            not mine or name_key(mine) == name_key(theirs)
            for mine, theirs in ((p.measure, measure[0]), (p.goal, measure[1])))
        if agrees:
            p.measure = p.measure or measure[0]
            p.goal = p.goal or measure[1] or None
        elif p.measure and name_key(p.measure) in by_name:
            p.goal = p.goal or by_name[name_key(p.measure)] or None
