"""Joins across the document: what one part of a plan says about the records another part holds.

Cards are the records; a roadmap at the end of the plan (or a roadmap table anywhere) adds to
them: its row joins the card with the same number (by name where the row is unnumbered or no card
has its number) and gives the card its measure (the roadmap's measure row above it) and its
schedule when the card has none. Where both print a schedule, the card's wins and a differing
roadmap is said in a warning. Roadmap rows no card matches stay records of their own.
"""
from __future__ import annotations

from typing import Optional

from extract.parsers.common import Collector
from schemas.models import Project


def name_key(name: Optional[str]) -> str:
    return "".join((name or "").split())


def _schedule_key(p: Project) -> list[tuple[int, str]]:
    return [(c.fiscal_year, c.status_raw or "") for c in p.schedule]


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
                     f"「{card.name}」のスケジュールが事業カードとロードマップ（{row.source.page or row.source.line}"
                     f"{'ページ' if row.source.page else '行目'}）で異なります。事業カードの記載を採りました",
                     card.source)
    return cards + rest
