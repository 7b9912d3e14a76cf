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
from extract.structure.matcher import matcher
from extract.structure.vocabulary import vocabulary
from normalize.lgcode import lg_code_for
from normalize.text import clean_text
from normalize.wareki import find_wareki_spans, published_date

_WORDS = vocabulary().values("metadata")     # plan kinds, period and municipality labels
_KINDS = "|".join(map(regex.escape, _WORDS["plan_kinds"]))
_TITLE_WORDS = regex.compile(rf"({_KINDS})(\s*[(（][^()（）]{{1,30}}[)）])?$")
_TITLE_PREFIX = regex.compile(r"^(?:第\s*\d+\s*次\s*)")
_MUNICIPALITY_END = regex.compile(r"[市区町村]")
_DATE = r"(?:(?:令和|平成|昭和)\s*(?:\d{1,2}|元)|\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
# A cover or colophon date: 令和3年4月 / 発行 平成31年3月 / 策定日:平成30年3月 / 令和8年5月27日財政課作成
_DATE_LINE = regex.compile(
    rf"^(?:(?:発行|策定|作成|公表)日?\s*[:：]?\s*)?(?P<date>{_DATE})(?:\s*\S{{0,10}}?(?:発行|策定|改定|作成|公表))?$")
_NOT_TITLE = regex.compile(r"^(目次|はじめに|第\s*\d+\s*[章節]|[-—–]\s*目\s*次|[IVX]+\s*[.．]?\s*\S|\d+\s*[.．])")
_TOC_LEADER = regex.compile(r"(・・・|…|\.{3,}|\s\d+$)")
_EDITION = regex.compile(r"^(?:[(（].{2,30}[)）]|第\s*\d+\s*次)$")
_MUNICIPALITY_LABEL = regex.compile(
    rf"^(?:{'|'.join(map(regex.escape, _WORDS['municipality_labels']))})\s*[:：]\s*(?P<name>\S+)$")
# Where a plan states its period: 計画期間 / 対象期間 / 本計画の期間 / 実施計画の期間 (a card's own
# 実施期間 is the project's, not the plan's).
_PERIOD_KEY = regex.compile(
    "|".join(map(regex.escape, _WORDS["period_labels"])) + rf"|(?:{_KINDS})の(?:対象|推進)?期間")
# Between two dates of one range: 令和5(2023)年度から / ～ / まで…
_RANGE_GAP = regex.compile(r"\s*(?:[(（]\s*\d{4}\s*(?:年度?)?\s*[)）])?\s*(?:年度|年)?\s*"
                           r"(?:から|より|[～〜~\-－―‐—]+)\s*")
# A start and a length: 令和6年度からの4年間 / 令和6年度から5か年
_LENGTH_AFTER = regex.compile(r"\s*(?:[(（]\s*\d{4}\s*(?:年度?)?\s*[)）])?\s*(?:年度|年)?\s*(?:から|より)の?\s*"
                              r"(?P<n>\d{1,2})\s*(?:年間|か年|カ年|ヵ年|ヶ年|箇年)")
PERIOD_WINDOW_ROWS = 3        # a period sentence wraps over at most this many lines
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


def _period_rows(doc: Document) -> list[Row]:
    """Text rows, and key-value table rows whose first cell is the period's label (計画期間 | …)."""
    return [r for r in doc.rows() if r.text and (
        r.table is None or (r.nonempty and _PERIOD_KEY.fullmatch(clean_text(r.nonempty[0].text)
                                                                 .replace(" ", ""))))]


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


COVER_ROWS = 4               # a cover heading is among the document's first lines
COVER_MIN_CHARS, COVER_MAX_CHARS = 6, 40
_WRAPPED = regex.compile(r"[、,・と及びの]$")          # a heading continued on the next line
# Not a title: numbered or marked lines, notes, fragments starting with a date unit (月補正…)
_NOT_COVER = regex.compile(r"^(?:[\d(（①-⑳■□◆●・※*＊【\[]|注|[年月日度])")
_DATE_ONLY = regex.compile(r"^(?:令和|平成|R|H)?\s*(?:\d{1,4}|元)\s*年度?(?:\s*[(（]\s*\d{4}\s*年度?[)）])?$")


def cover_title(rows: list[Row]) -> Optional[str]:
    """A title that does not end in 計画 / 戦略 …: the document's first heading, after any
    fiscal-year headings above it (令和6年度 / 一般会計予算書 -> 令和6年度一般会計予算書); a heading
    wrapped after 、 is joined with the next. Never a label, a date, a note, numbered text or a
    sentence; nothing when the document opens with plain text (a caption, a slogan)."""
    labels = matcher("card")
    prefix = ""
    for k, row in enumerate(rows[:COVER_ROWS]):
        text = clean_text(row.text)
        if row.kind != "heading":
            return None
        if _DATE_ONLY.match(text.replace(" ", "")):
            prefix = prefix or text.replace(" ", "")
            continue
        if _EDITION.match(text):          # (2026年度) under 令和8年度
            continue
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        if _WRAPPED.search(text) and nxt is not None and nxt.kind == "heading":
            text += clean_text(nxt.text)
        if (not COVER_MIN_CHARS <= len(text) <= COVER_MAX_CHARS or "。" in text
                or _NOT_TITLE.match(text) or _NOT_COVER.match(text) or _WRAPPED.search(text)
                or _DATE_LINE.match(text.replace(" ", "")) or labels.match_start(text, in_cell=True)
                or _PERIOD_KEY.search(text)):
            return None
        return prefix + text
    return None


QUOTED_TITLE_ROWS = 160       # the opening pages, where a plan says what it is (はじめに, 策定の趣旨)
# A plan naming itself: 「音威子府村まち・ひと・しごと創生総合戦略」（以下、総合戦略）を策定します /
# 「第二次…行動計画」を策定（一部追加）するものです. A sentence that goes on (を策定し、) or lies in
# the past (を策定しました) names another plan: the nation's, or an earlier one of the city.
_QUOTED_TITLE = regex.compile(
    rf"「(?P<title>[^「」。]{{4,50}}?(?:{_KINDS})(?:\s*[(（][^()（）]{{1,20}}[)）])?)」"
    r"\s*(?:[(（]以下[^()（）]{0,20}[)）])?\s*を\s*(?:策定|改定)\s*(?:[(（][^()（）]{0,10}[)）])?\s*"
    r"(?:します|するもの|することと)")
_FILE_NAME = regex.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|jtd|rtf|txt)\b|^[<\[]|^[\x00-\x7f]*$", regex.I)
_KANA_HAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def quoted_title(rows: list[Row]) -> Optional[tuple[str, Row]]:
    """The plan's own name where its opening pages say it is drawn up (「…計画」を策定します),
    with the row the sentence starts on; lines are joined so that a wrapped sentence is read."""
    head = rows[:QUOTED_TITLE_ROWS]
    texts = [clean_text(r.text) for r in head]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)
    joined = "".join(texts)
    m = _QUOTED_TITLE.search(joined)
    if not m:
        return None
    k = max(i for i, st in enumerate(starts) if st <= m.start())
    return m.group("title").replace(" ", ""), head[k]


def declared_title(text: Optional[str]) -> Optional[str]:
    """A PDF's title property when it reads like a name (Japanese text, not a file name, not an
    authoring tool's placeholder)."""
    text = clean_text(text or "")
    if not (4 <= len(text) <= 60) or _FILE_NAME.search(text) \
            or len(_KANA_HAN.findall(text)) < 4 \
            or any(w.lower() in text.lower() for w in _WORDS["not_declared_titles"]):
        return None
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




def _fy(res, *, end: bool) -> Optional[int]:
    if end:
        return res.fiscal_year_end if res.fiscal_year_end is not None else res.end.year
    return res.fiscal_year_start if res.fiscal_year_start is not None else res.start.year


def period_in_text(text: str) -> Optional[tuple[int, int, list[dict]]]:
    """(first FY, last FY, warnings) of the first period a sentence states: a printed range
    (令和6年度から令和9年度まで, 令和7年～令和11年), two dates joined by から / ～, or a start and a
    length (令和6年度からの4年間). Calendar years (年) are read as fiscal years, and said."""
    spans = [s for s in find_wareki_spans(text) if s.result.ok]
    for i, span in enumerate(spans):
        res, last = span.result, span.result
        n = None
        if _fy(res, end=True) == _fy(res, end=False) or res.end is None:
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            length = _LENGTH_AFTER.match(text, span.end)
            if nxt is not None and _RANGE_GAP.fullmatch(text, span.end, nxt.start):
                last = nxt.result
            elif length:
                n = int(length.group("n"))
            else:
                continue
        if last.end is None:
            continue
        start = _fy(res, end=False)
        end = start + n - 1 if n else _fy(last, end=True)
        warns = [w for w in res.warnings + last.warnings if w["code"] != "fiscal_year_assumed"]
        if res.fiscal_year_start is None:
            warns.append({"code": "plan_period_calendar_years",
                          "message": f"計画期間「{text[span.start:span.end]}」は暦年（年）で書かれています。"
                                     "年度として読みました"})
        return start, end, warns
    return None


def _period_window(rows: list[Row], i: int) -> str:
    """The sentence a period keyword opens: its row and the lines it wraps onto, up to 。; under
    a short heading (３ 計画期間) the sentence that follows."""
    texts = []
    for row in rows[i:i + PERIOD_WINDOW_ROWS + 1]:
        texts.append(clean_text(row.text))
        if "。" in texts[-1]:
            break
    return "".join(texts)


def find_period(rows: list[Row], out: Collector) -> tuple[Optional[int], Optional[int]]:
    for i, row in enumerate(rows):
        text = clean_text(row.text)
        if not _PERIOD_KEY.search(text) or _TOC_LEADER.search(text):
            continue
        found = period_in_text(_period_window(rows, i))
        if found:
            start, end, warns = found
            for w in warns:
                out.warn(w["code"], w["message"], source_of(row))
            return start, end
    return None, None


def _title_elsewhere(doc: Document, rows: list[Row], out: Collector) -> Optional[str]:
    """When no line at the start names the plan (a cover drawn as an image): the sentence that
    says the plan is drawn up, else the PDF's title property; either is said in a warning."""
    found = quoted_title(rows)
    if found:
        title, row = found
        out.warn("title_guessed", f"冒頭に計画名がないため、本文の「{title}」を策定…の文から計画名と"
                                  f"しました", source_of(row))
        return title
    title = declared_title(doc.declared_title)
    if title:
        out.warn("title_guessed", f"冒頭に計画名がないため、PDF の文書プロパティのタイトル「{title}」を"
                                  f"計画名としました")
    return title


def parse_metadata(doc: Document, out: Collector) -> Metadata:
    rows = _text_rows(doc)
    meta = Metadata()
    meta.title = find_title(rows)
    if meta.title:
        meta.municipality, meta.lg_code = municipality_from_title(meta.title)
    else:
        meta.title = cover_title(rows)
        if meta.title:
            out.warn("title_guessed", f"計画名らしい行がないため、冒頭の見出し「{meta.title}」を計画名としました",
                     source_of(rows[0]))
            # A guessed title names the municipality only where the name is a known one.
            name, code = municipality_from_title(meta.title)
            if code:
                meta.municipality, meta.lg_code = name, code
    if not meta.title:
        meta.title = _title_elsewhere(doc, rows, out)
        if meta.title:
            name, code = municipality_from_title(meta.title)
            if code:
                meta.municipality, meta.lg_code = name, code
    if not meta.municipality:
        meta.municipality = find_municipality(rows) or most_mentioned_municipality(rows)
    if meta.municipality and not meta.lg_code:
        meta.lg_code, warns = lg_code_for(meta.municipality)
        for w in warns:
            out.warn(w["code"], w["message"])
    if not meta.title:
        out.warn("no_title", "冒頭に計画名が見つかりません")
    if not meta.municipality:
        out.warn("no_municipality", "計画名・表紙に団体名が見つからないため lg_code は空欄です")
    meta.published = find_published(rows, out)
    meta.period_start_fy, meta.period_end_fy = find_period(_period_rows(doc), out)
    return meta
