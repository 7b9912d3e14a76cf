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
_DATE = r"(?:(?:令和|平成|昭和)\s*(?:\d{1,2}|元)|\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
# A cover or colophon date: 令和3年4月 / 発行 平成31年3月 / 策定日:平成30年3月 / 令和8年5月27日財政課作成
_DATE_LINE = regex.compile(
    rf"^(?:(?:発行|策定|作成|公表)日?\s*[:：]?\s*)?(?P<date>{_DATE})(?:\s*\S{{0,10}}?(?:発行|策定|改定|作成|公表))?$")
_NOT_TITLE = regex.compile(r"^(目次|はじめに|第\s*\d+\s*[章節]|[-—–]\s*目\s*次|[IVX]+\s*[.．]?\s*\S|\d+\s*[.．])")
_TOC_LEADER = regex.compile(r"(・・・|…|\.{3,}|\s\d+$)")
_EDITION = regex.compile(r"^(?:[(（].{2,30}[)）]|第\s*\d+\s*次)$")
_MUNICIPALITY_LABEL = regex.compile(r"^(?:団体名|自治体名|市町村名|地方公共団体名)\s*[:：]\s*(?P<name>\S+)$")
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
    """The first line near the start that reads like a plan title (ends in 計画 / 戦略 / プラン …),
    headings before plain lines, table-of-contents lines excluded; a following edition line
    ((第9次アクションプラン) / 第2次) is kept with it."""
    head = rows[:HEAD_ROWS]
    candidates = []
    for i, row in enumerate(head):
        text = clean_text(row.text)
        if (_NOT_TITLE.match(text) or _TOC_LEADER.search(text) or len(text) > 50
                or "。" in text or text.startswith(("計画期間", "本計画"))):
            continue
        if _TITLE_WORDS.search(text):
            candidates.append((0 if row.kind == "heading" else 1, i, text))
    if not candidates:
        return None
    _, i, text = min(candidates)
    nxt = clean_text(head[i + 1].text) if i + 1 < len(head) else ""
    if _EDITION.match(nxt):
        text += nxt
    return text


def municipality_from_title(title: str) -> tuple[Optional[str], Optional[str]]:
    """(municipality, lg_code): the longest known municipality name ending at a 市区町村 in the
    title; else the shortest prefix ending in 市区町村 (code unknown)."""
    body = _TITLE_PREFIX.sub("", title)
    first = None
    for m in _MUNICIPALITY_END.finditer(body):
        for start in range(0, m.end() - 1):
            cand = body[start:m.end()]
            code, _ = lg_code_for(cand)
            if code:
                return cand, code
        if first is None and m.end() >= 2:
            first = body[:m.end()]
    return first, None


def find_municipality(rows: list[Row]) -> Optional[str]:
    """A line that is nothing but a municipality name (習 志 野 市 on a cover), or 発行 四街道市."""
    for row in rows[:HEAD_ROWS] + rows[-TAIL_ROWS:]:
        text = clean_text(row.text).replace(" ", "")
        m = _MUNICIPALITY_LABEL.match(text)
        if m and lg_code_for(m.group("name"))[0]:
            return m.group("name")
        text = regex.sub(r"^(発行|編集|発行者)[:：]?", "", text)
        if 2 <= len(text) <= 10 and _MUNICIPALITY_END.search(text[-1:]):
            code, _ = lg_code_for(text)
            if code:
                return text
    return None


_PLACE_NAME = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]{1,6}?[市区町村]")
MENTION_MIN = 3


def most_mentioned_municipality(rows: list[Row]) -> Optional[str]:
    """A known municipality named at least MENTION_MIN times in the opening pages (covers whose
    title is an image still print the name in the text)."""
    counts: dict[str, int] = {}
    for row in rows[:HEAD_ROWS * 3]:
        text = clean_text(row.text)
        for m in _MUNICIPALITY_END.finditer(text):
            for start in range(max(0, m.end() - 7), m.end() - 1):
                cand = text[start:m.end()]
                if lg_code_for(cand)[0]:
                    counts[cand] = counts.get(cand, 0) + 1
                    break
    best = max(sorted(counts), key=lambda k: counts[k], default=None)
    return best if best and counts[best] >= MENTION_MIN else None


def find_published(rows: list[Row], out: Collector) -> Optional[str]:
    for row in rows[:HEAD_ROWS] + rows[-TAIL_ROWS:]:
        text = clean_text(row.text)
        m = _DATE_LINE.match(text.replace(" ", ""))
        if m:
            value, warns = published_date(m.group("date"))
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
        meta.municipality = find_municipality(rows) or most_mentioned_municipality(rows)
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
