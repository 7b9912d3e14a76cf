"""Outlines: a plan whose projects are the deepest items of nested numbered headings, each with
its departments in brackets after the name and its description below it:

    1 市民サービスの向上                 (or 基本目標1 / 目標1: a goal)
      施策(1) 手続のオンライン化          (or (1): a measure)
        ① 電子申請サービスの拡充（情報政策課、関係各課）
        市民が来庁せずに…                (the description, up to the next numbered line)

An item is a numbered line ending in a bracketed list whose every entry looks like a department
(normalize.departments; kinds of school listed in brackets are none) and whose name is no
figure title (…位置図: patterns.is_figure_title); other numbered lines are headings, nested by
their numbering's level (extract/structure/patterns.numbering). A word before the number (基本目標, 施策: the vocabulary's
outline context) says whether a heading is a goal or a measure; without one, an item's nearest
heading is its measure and the one above that its goal. Chapters and sections are neither.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from extract.ir import Document, Row
from extract.parsers.common import Collector, running_lines, source_of
from extract.structure.patterns import (CIRCLED, Numbering, is_figure_title, is_page_number,
                                        numbering)
from extract.structure.vocabulary import vocabulary
from normalize.departments import looks_like_department, split_departments
from normalize.text import clean_text, join_lines
from schemas.models import Project

_MARKUP = regex.compile(r"^#+\s*|\*\*|__|</?(?:b|strong)>")
# name（departments） at the end of an item line
_ITEM = regex.compile(r"^(?P<name>.+?)\s*\((?P<deps>[^()]+)\)\s*$")
_SENTENCE_END = regex.compile(r"[。．.]$")
NOT_OUTLINE = ("chapter", "section")     # numberings that frame the plan, not its hierarchy
MAX_HEADING_CHARS = 60


@dataclass
class Heading:
    level: int
    role: Optional[str]          # goal / measure when a word says so
    number: str
    name: str
    kind: str


class _NfkcPerChar(dict):
    """ord -> the character's NFKC form (a circled number kept), filled as characters are met:
    a str.translate table, so a line is folded in one C loop instead of one call per character."""

    def __missing__(self, o: int) -> str:
        ch = chr(o)
        self[o] = ch if ch in CIRCLED else unicodedata.normalize("NFKC", ch)
        return self[o]


_NFKC_PER_CHAR = _NfkcPerChar()


def _nfkc_keep_circled(text: str) -> str:
    """NFKC, except circled numbers (clean_text would turn ① into a digit glued to the name).
    Character by character, as before: a whole-string NFKC would also compose ｶﾞ into ガ."""
    return text.translate(_NFKC_PER_CHAR)


def line_of(row: Row) -> str:
    raw = " ".join((c.raw if c.raw is not None else c.text) for c in row.cells if c.text)
    return _nfkc_keep_circled(_MARKUP.sub("", raw.strip())).strip()


@lru_cache(maxsize=None)
def _role_word() -> tuple[regex.Pattern, dict[str, str]]:
    """A goal / measure word printed before a heading's number (基本目標1, 施策(1))."""
    role_of = {form: field for field, forms in vocabulary().field_forms("outline").items()
               for form in forms}
    words = "|".join(regex.escape(f) for f in sorted(role_of, key=len, reverse=True))
    return regex.compile(rf"^(?P<word>{words})\s*(?=[0-9(])"), role_of


@lru_cache(maxsize=1 << 14)      # every parser that reads headings asks again for the same lines
def read_numbered(line: str) -> Optional[tuple[Optional[str], Numbering]]:
    """(role word's field, numbering) of a numbered line; the word is dropped so that 基本目標1,
    目標1 and 1 share a level, as 施策(1) and (1) do."""
    pattern, role_of = _role_word()
    role = None
    m = pattern.match(line)
    if m:
        role = role_of[m.group("word")]
        line = line[m.end():]
    n = numbering(line)
    return (role, n) if n is not None else None


def read_item(n: Numbering) -> Optional[tuple[str, list[str]]]:
    """(name, departments) of an item line, or None when the bracket holds no departments or
    the name is a figure's title (3 土砂災害危険箇所位置図（旭川建設管理部）: who drew it)."""
    m = _ITEM.match(n.rest)
    if not m or is_figure_title(m.group("name")):
        return None
    deps = split_departments(m.group("deps"))
    if not deps or not all(looks_like_department(d) for d in deps):
        return None
    return clean_text(m.group("name")), deps


def place(stack: list[Heading], level: int) -> tuple[Optional[str], Optional[str]]:
    """(goal, measure) of an item at this level from the headings above it."""
    above = [h for h in stack if h.level < level and h.kind not in NOT_OUTLINE]
    goal = next((h for h in reversed(above) if h.role == "goal"), None)
    measure = next((h for h in reversed(above) if h.role == "measure"), None)
    if measure is None and above and above[-1] is not goal:
        measure = above[-1]
    if goal is None and measure is not None:
        outer = [h for h in above if h.level < measure.level]
        goal = outer[-1] if outer else None
    return (goal.name if goal else None), (measure.name if measure else None)


def parse_outline(doc: Document, out: Collector) -> list[Project]:
    """Projects of the items of nested numbered headings (see module docstring)."""
    furniture = running_lines(doc)
    projects: list[Project] = []
    stack: list[Heading] = []
    current: Optional[dict] = None
    body: list[str] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            projects.append(Project(**current, description=join_lines(body) or None))
        current = None
        body.clear()

    for row in doc.rows():
        if not row.text or is_page_number(row.text) or row.text.strip() in furniture:
            continue
        line = line_of(row)
        continues = (current is not None and body and not _SENTENCE_END.search(body[-1])
                     and row.kind != "heading" and row.table is None)
        found = read_numbered(line) if len(line) <= MAX_HEADING_CHARS or row.kind == "heading" \
            else None
        item = read_item(found[1]) if found else None
        if found and item is None and continues:
            found = None              # a wrapped description line that starts with a number
        if found is None:
            if current is not None and row.table is None and row.kind != "heading":
                body.append(clean_text(line))
            elif current is not None:
                close()
            continue
        close()
        role, n = found
        while stack and stack[-1].level >= n.level:
            stack.pop()
        if item is None:
            stack.append(Heading(n.level, role, n.number, clean_text(n.rest), n.kind))
            continue
        name, deps = item
        goal, measure = place(stack, n.level)
        current = dict(number=n.number, name=name, departments=deps, goal=goal, measure=measure,
                       source=source_of(row))
    close()
    return projects
