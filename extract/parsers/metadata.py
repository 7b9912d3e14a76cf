"""Plan metadata: title, municipality, publication date, plan period.

Title pages put the title in the first lines, the publication date (令和3年4月) on a short line of
its own near the start or on the back page, and the period after 計画期間.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from extract.ir import Document, Row
from extract.parsers.common import Collector, source_of
from normalize.lgcode import lg_code_for
from normalize.text import clean_text
from normalize.wareki import plan_period, published_date

_TITLE_WORDS = regex.compile(r"(計画|戦略|プラン|方針|ビジョン|指針)(\s*[(（][^()（）]{1,30}[)）])?$")
_TITLE_PREFIX = regex.compile(r"^(?:第\s*\d+\s*次\s*)")
_MUNICIPALITY_END = regex.compile(r"[市区町村]")
_DATE_LINE = regex.compile(
    r"^(?:発行\s*)?(?:(?:令和|平成|昭和)\s*(?:\d{1,2}|元)|\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:\s*(?:発行|策定|改定))?$")
_NOT_TITLE = regex.compile(r"^(目次|はじめに|第\s*\d+\s*章|[-—–]\s*目\s*次)")
HEAD_ROWS = 40
TAIL_ROWS = 40


@dataclass
class Metadata:
    municipality: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    period_start_fy: Optional[int] = None
    period_end_fy: Optional[int] = None
    lg_code: Optional[str] = None


def _text_rows(doc: Document) -> list[Row]:
    return [r for r in doc.rows() if r.text and r.table is None]


def find_title(rows: list[Row]) -> Optional[str]:
    head = rows[:HEAD_ROWS]
    for i, row in enumerate(head):
        text = clean_text(row.text)
        if _NOT_TITLE.match(text) or len(text) > 50 or "。" in text:
            continue
        if _TITLE_WORDS.search(text) and not text.startswith(("計画期間", "本計画")):
            nxt = clean_text(head[i + 1].text) if i + 1 < len(head) else ""
            if regex.match(r"^[(（].{2,30}[)）]$", nxt):       # 〜計画 / (第9次アクションプラン)
                text += nxt
            return text
    return None


def municipality_from_title(title: str) -> tuple[Optional[str], Optional[str]]:
    """(municipality, lg_code): the shortest prefix ending in 市区町村 that is a known
    municipality; else the first such prefix (code unknown)."""
    body = _TITLE_PREFIX.sub("", title)
    first = None
    for m in _MUNICIPALITY_END.finditer(body):
        cand = body[:m.end()]
        if len(cand) < 2:
            continue
        code, _ = lg_code_for(cand)
        if code:
            return cand, code
        first = first or cand
    return first, None


def find_municipality(rows: list[Row]) -> Optional[str]:
    """A line that is nothing but a municipality name (習 志 野 市 on a cover), or 発行 四街道市."""
    for row in rows[:HEAD_ROWS] + rows[-TAIL_ROWS:]:
        text = clean_text(row.text).replace(" ", "")
        text = regex.sub(r"^(発行|編集|発行者)[:：]?", "", text)
        if 2 <= len(text) <= 10 and _MUNICIPALITY_END.search(text[-1:]):
            code, _ = lg_code_for(text)
            if code:
                return text
    return None


def find_published(rows: list[Row], out: Collector) -> Optional[str]:
    for row in rows[:HEAD_ROWS] + rows[-TAIL_ROWS:]:
        text = clean_text(row.text)
        if _DATE_LINE.match(text.replace(" ", "")):
            value, warns = published_date(text)
            for w in warns:
                out.warn(w["code"], w["message"], source_of(row))
            if value:
                return value
    return None


def find_period(rows: list[Row], out: Collector) -> tuple[Optional[int], Optional[int]]:
    for i, row in enumerate(rows):
        if "計画期間" not in row.text:
            continue
        # The row itself, or, under a short "2. 計画期間" heading, the sentence that follows.
        heading = len(clean_text(row.text)) <= 12
        for cand in rows[i:i + 3] if heading else [row]:
            start, end, warns = plan_period(clean_text(cand.text))
            if start:
                for w in warns:
                    out.warn(w["code"], w["message"], source_of(cand))
                return start, end
    return None, None


def parse_metadata(doc: Document, out: Collector) -> Metadata:
    rows = _text_rows(doc)
    meta = Metadata()
    meta.title = find_title(rows)
    if meta.title:
        meta.municipality, meta.lg_code = municipality_from_title(meta.title)
    if not meta.municipality:
        meta.municipality = find_municipality(rows)
    if meta.municipality and not meta.lg_code:
        meta.lg_code, warns = lg_code_for(meta.municipality)
        for w in warns:
            out.warn(w["code"], w["message"])
    if not meta.title:
        out.warn("no_title", "no plan title found in the first lines")
    if not meta.municipality:
        out.warn("no_municipality", "municipality not named in the title or cover; lg_code left empty")
    meta.published = find_published(rows, out)
    meta.period_start_fy, meta.period_end_fy = find_period(rows, out)
    return meta
