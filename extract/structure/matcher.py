"""One label matcher for every context: what plans do to a printed label, accepted in one place.

A label is a form of a role (vocabulary.toml) as printed, with any of:
  justification spaces inside it        担 当 課
  emphasis around it                    **担当課**  __担当課__  <b>担当課</b>  <strong>…</strong>
  brackets around it                    【担当課】 ［担当］ ＜担当課＞ (担当課) 〔担当〕 「担当」
  a trailing colon                      担当課：  担当課:
  full-width forms                      matched after NFKC (cells are already clean_text'ed)
and then either the end of the text, white space, or - only after a bracket, emphasis or colon -
its value glued on (【所管課】情報政策課, 担当課：各課). Forms of a glue_number role may also be glued
to a number (No.1-1, 項番3). An undecorated label glued to text is not a label (施策の方向).

API:
    matcher(context) -> LabelMatcher       forms of a context by their characters, built once
    LabelMatcher.match_start(text, in_cell) -> LabelMatch | None   a label leading text
    LabelMatcher.match_exact(text) -> LabelMatch | None            text is nothing but a label
    LabelMatcher.starts_with_form(text) -> bool                    a form leads, boundary or not
    LabelMatcher.find_inline(text) -> list[LabelMatch]             emphasized / 【】 labels inside
                                                                   a line (**担当課** 情報政策課)
Longest form wins (主な担当部局 before 担当).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from extract.structure.patterns import CIRCLED
from extract.structure.vocabulary import vocabulary

_OPEN_EM = r"(?P<em>\*\*|__|<(?:b|strong)>)"
_CLOSE_EM = r"(?:\*\*|__|</(?:b|strong)>)"
_OPEN_BR = r"(?P<br>[【\[［(（〔＜<「『])"
_CLOSE_BR = r"[】\]］)）〕＞>」』]"
# A label ends here when what comes next may be its value.
_AFTER = r"(?:(?<=[】\]］)）〕＞>」』*_:：])|(?=\s|$))"

# The decoration before a label (no form begins with a bracket, emphasis or space, so what the
# decoration takes is never given back to a form).
_LEAD = regex.compile(rf"\s*(?:{_OPEN_EM}\s*)?(?:{_OPEN_BR}\s*)?")
_LEAD_START = frozenset("*_<【[［(（〔＜「『")     # what _LEAD's emphasis / bracket begin with
_GLUED_NUMBER = regex.compile(rf"\s*[0-9{CIRCLED}]")
_INLINE_OPEN = regex.compile(r"(?P<em>\*\*|__|<(?:b|strong)>)\s*|(?P<br>【)\s*")
_INLINE_CLOSE = {"em": regex.compile(rf"\s*{_CLOSE_EM}[\s:：]*"),
                 "br": regex.compile(r"\s*】[\s:：]*")}
_SPACE = regex.compile(r"\s")


@lru_cache(maxsize=None)
def _tail(br: bool, em: bool, glued: bool) -> regex.Pattern:
    """What follows a form: its closing bracket / emphasis, a colon, the boundary (none for a
    form glued to its number), and the separators before the value."""
    return regex.compile(rf"\s*{_CLOSE_BR if br else ''}\s*{_CLOSE_EM if em else ''}"
                         rf"(?P<colon>\s*[:：])?{'' if glued else _AFTER}[\s:：]*")


@dataclass(frozen=True)
class LabelMatch:
    field: str           # the context's field (start, department, name, ...)
    role: str            # the vocabulary role
    label: str           # the form as listed in the vocabulary
    rest: str            # the text after the label (same cell / line), stripped
    start: int = 0       # span of the label (with its decoration) in the text
    end: int = 0
    decorated: bool = False   # bracket, emphasis or colon around it
    x: Optional[float] = None  # where the label starts on its row (set by a parser that knows)


def _form_key(form: str) -> str:
    # Spaces inside a printed label are justification: a form is matched by its other characters.
    return "".join(ch for ch in form if not ch.isspace())


class LabelMatcher:
    """Forms are looked up in dicts by the characters a text starts with; only the small
    decoration patterns are regexes (a process pays no big alternation to compile)."""

    def __init__(self, context: str) -> None:
        vocab = vocabulary()
        entries = []            # (form, field, role, glue_number, bracketed_only)
        seen = set()
        for field, roles in vocab.context(context).items():
            for r in roles:
                role = vocab.roles[r]
                for form in role.forms:
                    if form in seen:        # a role serving two fields: the first field wins
                        continue
                    seen.add(form)
                    entries.append((form, field, r, role.glue_number, role.bracketed_only))
        # Longest form first (主な担当部局 before 担当): the first entry whose label and tail
        # match wins; a form glued to a number is tried before any form standing alone.
        entries.sort(key=lambda e: -len(_form_key(e[0])))
        self._forms: dict[str, tuple] = {}
        self._glued: dict[str, tuple] = {}
        for e in entries:
            self._forms.setdefault(_form_key(e[0]), e)
            if e[3]:
                self._glued.setdefault(_form_key(e[0]), e)
        self._lengths = sorted({len(k) for k in self._forms}, reverse=True)
        self._longest = self._lengths[0] if self._lengths else 0
        self._first = frozenset(k[0] for k in self._forms)

    def _forms_at(self, text: str, pos: int, forms: dict[str, tuple]) -> list[tuple[tuple, int]]:
        """(entry, end) of every form that text spells from pos, spaces allowed between its
        characters; longest first."""
        if pos >= len(text) or text[pos] not in self._first:
            return []               # most texts: no form begins with their first character
        window = text[pos:pos + self._longest]
        if _SPACE.search(window) is None:
            return [(forms[window[:k]], pos + k) for k in self._lengths
                    if k <= len(window) and window[:k] in forms]
        chars: list[str] = []
        ends: list[int] = []
        i, n = pos, len(text)
        while i < n and len(chars) < self._longest:
            ch = text[i]
            i += 1
            if _SPACE.match(ch):
                continue
            chars.append(ch)
            ends.append(i)
        key = "".join(chars)
        return [(forms[key[:k]], ends[k - 1]) for k in self._lengths
                if k <= len(key) and key[:k] in forms]

    def match_start(self, text: str, *, in_cell: bool) -> Optional[LabelMatch]:
        """The label a cell or line starts with, if any."""
        return self._match_start(text, in_cell)

    def _lead(self, text: str) -> Optional[tuple[int, Optional[str], Optional[str]]]:
        """(where a form would begin, bracket, emphasis) after the decoration text starts
        with; None when no form begins there."""
        head = text[:1]
        if head in self._first:
            return 0, None, None            # no decoration to read
        if head not in _LEAD_START and not head.isspace():
            return None                     # most texts: no label can begin here
        lead = _LEAD.match(text)
        pos = lead.end()
        if text[pos:pos + 1] not in self._first:
            return None
        return pos, lead.group("br"), lead.group("em")

    # Every parser asks about the same cells and lines (a LabelMatch is frozen: shared safely).
    @lru_cache(maxsize=1 << 15)
    def _match_start(self, text: str, in_cell: bool) -> Optional[LabelMatch]:
        lead = self._lead(text)
        if lead is None:
            return None
        pos, br, em = lead
        found = None
        for forms, glued in ((self._glued, True), (self._forms, False)):
            for entry, end in self._forms_at(text, pos, forms):
                if glued and not _GLUED_NUMBER.match(text, end):
                    continue
                tail = _tail(bool(br), bool(em), glued).match(text, end)
                if tail:
                    found = entry, tail
                    break
            if found:
                break
        if not found:
            return None
        (form, field, role, _, bracketed_only), tail = found
        if not in_cell and (bool(br) != bracketed_only if bracketed_only else br in ("(", "（")):
            # On a text line, (目的) (スケジュール) are sub-headings inside a description; only
            # bracketed_only roles are labels in round brackets there.
            return None
        decorated = bool(em or br or tail.group("colon"))
        return LabelMatch(field, role, form, text[tail.end():].strip(), 0, tail.end(), decorated)

    def starts_with_form(self, text: str) -> bool:
        """Text begins with a form, whatever follows it (no boundary checked)."""
        lead = self._lead(text)
        return lead is not None and bool(self._forms_at(text, lead[0], self._forms))

    def match_exact(self, text: str) -> Optional[LabelMatch]:
        """A cell that holds nothing but a label."""
        m = self.match_start(text, in_cell=True)
        return m if m and not m.rest else None

    def find_inline(self, text: str) -> list[LabelMatch]:
        """Emphasized or 【】-bracketed labels anywhere in a line, in order; each one's rest runs
        to the next one."""
        found = []            # (start, end, entry)
        pos = 0
        while (opener := _INLINE_OPEN.search(text, pos)) is not None:
            close = _INLINE_CLOSE["em" if opener.group("em") else "br"]
            for entry, end in self._forms_at(text, opener.end(), self._forms):
                m = close.match(text, end)
                if m:
                    found.append((opener.start(), m.end(), entry))
                    pos = m.end()
                    break
            else:
                pos = opener.start() + 1
        out = []
        for k, (start, end, (form, field, role, _, _)) in enumerate(found):
            stop = found[k + 1][0] if k + 1 < len(found) else len(text)
            out.append(LabelMatch(field, role, form, text[end:stop].strip(), start, end, True))
        return out


@lru_cache(maxsize=None)
def matcher(context: str) -> LabelMatcher:
    return LabelMatcher(context)
