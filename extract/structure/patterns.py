"""Shared patterns of printed plans: numbering, page furniture, captions, fiscal-year labels.

Every parser takes these from here instead of keeping its own copy. Texts are matched after
normalize.text.clean_text (NFKC: full-width digits and brackets are ASCII by then).

API:
    CIRCLED, CIRCLED_VALUE           ①..㉚ and their values
    NUMBER                           a leading item number (①, (1), No.1-1, 1-1, 1.)
    split_number(text) -> (number | None, rest)
    NUMBER_ONLY                      a cell that is only an item number (3-1-2, No.4, ①)
    PRINTED_NUMBER                   a number leading raw printed text (①, （1）, 1、)
    split_glued_number(text)         a number glued to a table cell's name (1-1-1PRコンテンツ)
    numbering(text) -> Numbering | None    a heading's numbering and its level
    PAGE_NUMBER, CAPTION, NOTE, SECTION    furniture and captions
    is_page_number(text), is_caption(text)
    FIGURE_TITLE, is_figure_title(text)    a title naming a figure (…位置図, …体系図)
    YEAR_LABEL, is_year_label(text)  a fiscal-year column label (令和6年度, R6, 令和6, 2024年度)
    year_header_eras(texts)          a year header row, 6年度 after 令和5年度 read in 令和
    YEAR_IN_TEXT                     a fiscal year inside a longer label (目標値(令和9年度))
    YEAR_QUALIFIER                   a cell that is only a (bracketed) year: a header's 2nd row
    DATED_ITEM                       a list item led by its fiscal year (令和6年度：...)
    FIGURE_CAPTION                   a caption line (図3 ..., 表1-2 ...) passed over by cards
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from normalize.text import clean_text

# Circled numbers as printed for card and row numbers (① = 1 … ㉚ = 30).
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚"
CIRCLED_VALUE = {ch: i + 1 for i, ch in enumerate(CIRCLED)}
_DASH = "-‐‑–―ー"
_DASH_RUN = regex.compile(rf"\s*[{_DASH}]\s*")      # 1 - 2, 1ー2 -> 1-2

# --- item numbers ---------------------------------------------------------------------------------
# A number part followed by an operator belongs to the text, not to the number: in
# "No.1-1 -2+3" the number is 1-1 and the name "-2+3" (not 1-1-2 with the name "+3").
_NOT_ARITHMETIC = r"(?![+*/=＋＊／＝])"
NUMBER = regex.compile(
    rf"""^\s*(?:
        (?P<circled>[{CIRCLED}])
      | (?P<paren>\(\s*\d+\s*\))
      | (?:No\.?|NO\.?|№)\s*(?P<no>\d+(?:\s*[{_DASH}.・]\s*\d+)*){_NOT_ARITHMETIC}
      | (?P<dashed>\d+(?:\s*[{_DASH}]\s*\d+)+){_NOT_ARITHMETIC}
      | (?P<plain>\d+)(?=[.\s]|$)\.?
    )\s*""", regex.X)


@lru_cache(maxsize=1 << 14)     # asked for the same lines by several parsers
def split_number(text: str) -> tuple[Optional[str], str]:
    """(number, rest) of a text that starts with an item number: '1-1 X' -> ('1-1', 'X'),
    '① X' -> ('1', 'X'), '(2) X' -> ('(2)', 'X'); (None, text) when there is none."""
    m = NUMBER.match(text)
    if not m:
        return None, text
    if m.group("circled"):
        number = str(CIRCLED_VALUE[m.group("circled")])
    else:
        raw = (m.group("paren") or m.group("no") or m.group("dashed") or m.group("plain"))
        number = _DASH_RUN.sub("-", raw.replace(" ", ""))
    return number, text[m.end():].strip()


# A cell that is only an item number (3-1-2, No.4, ①): the number column of a table row.
NUMBER_ONLY = regex.compile(rf"^(?:No\.?\s*)?(?:\d+(?:[{_DASH}.]\d+)*|[{CIRCLED}])\.?$")
# A number leading a table cell, glued to the name or not (1-1-1PRコンテンツ, 2.3 名称, ① 名称).
_GLUED_NUMBER = regex.compile(
    rf"^\s*(?:No\.?\s*)?(?P<num>\d+(?:\s*[{_DASH}.]\s*\d+)*|[{CIRCLED}])(?:[.\s]+|$|(?=[^\d\s.\-]))")


def split_glued_number(text: str) -> tuple[Optional[str], str]:
    """(number, rest) of a table cell that may start with a number glued to its name, as review
    tables print them: '1-1-1PRコンテンツ' -> ('1-1-1', 'PRコンテンツ'), '① 名称' -> ('1', '名称');
    (None, cleaned text) without one. Unlike split_number, 1.2 is one number and no space is
    needed after it."""
    t = clean_text(text)
    raw = text.strip()
    if raw[:1] in CIRCLED:
        return str(CIRCLED_VALUE[raw[0]]), clean_text(raw[1:])
    m = _GLUED_NUMBER.match(t)
    if not m or m.end() == 0:
        return None, t
    number = regex.sub(rf"\s*[{_DASH}]\s*", "-", m.group("num"))
    return number, t[m.end():].strip()


# A number leading a text as printed, before NFKC (which would glue ① to the text as a digit):
# ①, (1) / （1）, 1. / 1) / 1、 - the numbered rows of an action table.
PRINTED_NUMBER = regex.compile(
    rf"^\s*(?:(?P<circled>[{CIRCLED}])|[(（]\s*(?P<paren>\d{{1,2}})\s*[)）]|(?P<digit>\d{{1,2}})\s*[.．)）、])\s*")


# --- heading numbering ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Numbering:
    kind: str        # chapter, section, goal, measure, roman, decimal, dashed, paren, circled
    number: str      # as a plain string: '1', '1-2', 'III'
    level: int       # 1 = chapter ... 6 = circled item; deeper numbering = higher level
    rest: str        # the heading text after the numbering


_NUMBERINGS: list[tuple[str, int, regex.Pattern]] = [
    ("chapter", 1, regex.compile(r"^第\s*(?P<n>\d+)\s*[章部編](?:\s+|$)")),
    ("section", 2, regex.compile(r"^第\s*(?P<n>\d+)\s*[節款](?:\s+|$)")),
    ("goal", 2, regex.compile(r"^(?:基本目標|基本方針|施策の柱)\s*(?P<n>\d+)\s*[:：.．]?\s*")),
    ("measure", 3, regex.compile(rf"^(?:個別施策|施策)\s*(?P<n>\d+(?:\s*[{_DASH}]\s*\d+)*)\s*[:：.．]?\s*")),
    ("roman", 2, regex.compile(r"^(?P<n>[IVX]+|[Ⅰ-Ⅻ])\s*[.．]\s*")),
    ("dashed", 4, regex.compile(rf"^(?P<n>\d+(?:\s*[{_DASH}]\s*\d+)+)\s+")),
    ("decimal", 3, regex.compile(r"^(?P<n>\d{1,2})\s*(?:[.．]\s*|\s+)(?=\D)")),
    ("paren", 5, regex.compile(r"^\(\s*(?P<n>\d+)\s*\)\s*")),
    ("circled", 6, regex.compile(rf"^(?P<n>[{CIRCLED}])\s*")),
]


@lru_cache(maxsize=1 << 14)     # asked for the same lines by several parsers
def numbering(text: str) -> Optional[Numbering]:
    """The numbering a heading starts with (第1章, 基本目標1, 施策1-2, I., 1-1, 1., (1), ①)."""
    text = text.strip()
    for kind, level, pattern in _NUMBERINGS:
        m = pattern.match(text)
        if m:
            n = m.group("n")
            n = str(CIRCLED_VALUE[n]) if n in CIRCLED_VALUE else _DASH_RUN.sub("-", n)
            if kind == "dashed":
                level = min(6, 3 + n.count("-"))
            return Numbering(kind, n, level, text[m.end():].strip())
    return None


# --- furniture and captions -----------------------------------------------------------------------
# A figure / table caption: 図表1 ..., 表2: ..., 図3 ...
CAPTION = regex.compile(r"^(?:図表|図|表)\s*\d+(?:[-.]\d+)?(?:\s|[:：.．]|$|(?=[^\d\s,、の]))")
# Page furniture a text dump leaves inside a table: "- 5 -", "5", "(5)", "5 / 20".
PAGE_NUMBER = regex.compile(r"^[\s\-‐–―(（]*\d{1,3}[\s\-‐–―)）]*$|^[\s\-‐–―]*\d{1,3}\s*/\s*\d{1,3}[\s\-‐–―]*$")
# A chapter / section heading printed as a plain line: 第3章 ..., 第2節 ..., II. ...
# ("3. ..." is not one here: table rows may be numbered that way.)
SECTION = regex.compile(r"^(?:第\s*\d+\s*[章節部編款]|[IVXⅠ-Ⅹ]+[.．]\s)")
NOTE = regex.compile(r"^(?:※|\*|注\s*\d*[:：.)）]|\(注|出典|資料[:：])")


# A title naming a figure (土砂災害危険箇所位置図, 施策体系図, 組織図): a caption, even when numbered
# like an item and followed by a bracket. 地図 (a map as a product), 意図, 企図, 指図, 構図 are words.
FIGURE_TITLE = regex.compile(r"(?<![地意企指構])図$")


# A caption as a plain line a card parser passes over: 図3 ..., 表1-2 ... (a space after the number)
FIGURE_CAPTION = regex.compile(r"^(?:図表|図|表)\s*\d+\s")


def is_caption(text: str) -> bool:
    return bool(CAPTION.match(text.strip()))


def is_figure_title(text: str) -> bool:
    return bool(FIGURE_TITLE.search(text.strip()))


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text))


# --- fiscal years ---------------------------------------------------------------------------------
YEAR_LABEL = regex.compile(
    r"^(?:(?:令和|平成|昭和|R|H|S)\s*\.?\s*(?:\d{1,2}|元)|\d{4})\s*年度?(?:\s*\(\s*\d{4}\s*\))?$"
    r"|^(?:令和|平成|R|H)\s*\.?\s*(?:\d{1,2}|元)$")
# A year column that leaves its era to the column before it (令和7年度 | 8年度 | 9年度).
ERA_CARRIED_YEAR = regex.compile(r"^(?:\d{1,2}|元)\s*年度$")
_LABEL_ERA = regex.compile(r"^(?:令和|平成|昭和|R|H|S)")
# The second row of a two-row header: only a bracketed year under 現状値 / 目標値 ((令和5年度)).
YEAR_QUALIFIER = regex.compile(
    r"^[(（]?\s*(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)|\d{4})\s*年度?(?:末)?\s*[)）]?$")
# A list item dated by its fiscal year (令和6年度：試行): a new item of a KPI or target text.
DATED_ITEM = regex.compile(r"^(?:令和|平成|R|H)\s*(?:\d{1,2}|元)\s*年度?\s*[:：]")
YEAR_IN_TEXT = regex.compile(r"(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)|\d{4})\s*年度?")


@lru_cache(maxsize=1 << 16)
def is_year_label(text: str) -> bool:
    """A cell that is a fiscal-year column label and nothing else. Header readers ask it of
    each piece of a row in every context they try: cached."""
    return bool(YEAR_LABEL.match(text.replace(" ", "")))


def year_header_eras(texts: list[str]) -> Optional[list[Optional[str]]]:
    """The era each label of a fiscal-year header row is read in, or None when the row is not
    one: every label a year label, except that after a label printing its era (令和7年度) the
    next may leave it out (8年度); those take the era before them, the others None."""
    eras: list[Optional[str]] = []
    era: Optional[str] = None
    for t in (t.replace(" ", "") for t in texts):
        if is_year_label(t):
            m = _LABEL_ERA.match(t)
            era = m.group() if m else None
            eras.append(None)
        elif era and eras and ERA_CARRIED_YEAR.match(t):
            eras.append(era)
        else:
            return None
    return eras or None


# --- status bars ----------------------------------------------------------------------------------
# A roadmap draws a status that goes on for years as a bar: a cell merged over the years, its text
# maybe between arrows (←運用→, 実施 ━━▶), or arrow-only cells (→, ━━▶) in the years it goes on.
# Text dumps keep only the text, so the arrows say where the bar runs.
_ARROW_HEADS = "→⇒⟶▶►▷⇨➡➔➜"
_LINES = "―\\-ー─━"
# an arrow-only cell: a head (→, ━━▶, ―>) or a drawn line of two or more strokes (━━); a lone
# - or ー is "nothing" rather than a bar
ARROW_ONLY = regex.compile(rf"^\s*(?:[{_LINES}←⇐◀◁\s]*[{_ARROW_HEADS}>][{_LINES}{_ARROW_HEADS}>\s]*"
                           rf"|[←⇐◀◁][{_LINES}\s]*|[―─━]{{2,}})$")
_BAR_TAIL = regex.compile(rf"(?:\s*[{_LINES}]+>|[\s{_LINES}]*[{_ARROW_HEADS}])[\s{_LINES}{_ARROW_HEADS}>]*$")
_BAR_HEAD = regex.compile(r"^(?:[←⇐◀◁][\s―─━]*|[―─━]+\s*)")


def bar_status(text: str) -> tuple[str, bool]:
    """(the status a bar cell prints, whether its arrow points on into the next years):
    '←運用→' -> ('運用', True), '実施 ━━▶' -> ('実施', True), '実施' -> ('実施', False).
    An arrow-only cell or a text with no status left is returned unchanged."""
    if ARROW_ONLY.match(text):
        return text, True
    body = _BAR_TAIL.sub("", text)
    flows = body != text
    body = _BAR_HEAD.sub("", body).strip()
    return (body, flows) if body else (text, False)
