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
    matcher(context) -> LabelMatcher       one compiled regex per context, built once
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


def _form_pattern(form: str) -> str:
    # Spaces inside a printed label are justification: allow them between any two characters.
    return r"\s*".join(regex.escape(ch) for ch in form if not ch.isspace())


class LabelMatcher:
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
        entries.sort(key=lambda e: -len(e[0].replace(" ", "")))
        self._entries = entries
        normal = "|".join(f"(?P<g{i}>{_form_pattern(e[0])})" for i, e in enumerate(entries))
        glued = "|".join(f"(?P<n{i}>{_form_pattern(e[0])})(?=\\s*[0-9{CIRCLED}])"
                         for i, e in enumerate(entries) if e[3]) or "(?!)"
        label = (rf"(?:{_OPEN_EM}\s*)?(?:{_OPEN_BR}\s*)?(?:(?P<glued>{glued})|{normal})"
                 rf"\s*(?(br){_CLOSE_BR})\s*(?(em){_CLOSE_EM})(?P<colon>\s*[:：])?")
        self._start = regex.compile(rf"^\s*{label}(?(glued)|{_AFTER})[\s:：]*")
        # A form at the start with no boundary: cheap test of whether a line whose cleaning
        # glued label and value together (事務事業名1-1…) is worth re-reading from its raw text.
        self._loose = regex.compile(rf"^\s*(?:{_OPEN_EM}\s*)?(?:{_OPEN_BR}\s*)?(?:{normal})")
        inline = "|".join(f"(?P<g{i}>{_form_pattern(e[0])})" for i, e in enumerate(entries))
        self._inline = regex.compile(
            rf"(?:(?P<em>\*\*|__|<(?:b|strong)>)\s*(?:{inline})\s*{_CLOSE_EM}"
            rf"|(?P<br>【)\s*(?:{inline})\s*】)[\s:：]*")

    def _entry(self, m: regex.Match) -> tuple:
        name = m.lastgroup
        for key, value in m.groupdict().items():
            if value is not None and key[0] in "gn" and key[1:].isdigit():
                name = key
                break
        return self._entries[int(name[1:])]

    def match_start(self, text: str, *, in_cell: bool) -> Optional[LabelMatch]:
        """The label a cell or line starts with, if any."""
        return self._match_start(text, in_cell)

    # Every parser asks about the same cells and lines (a LabelMatch is frozen: shared safely).
    @lru_cache(maxsize=1 << 15)
    def _match_start(self, text: str, in_cell: bool) -> Optional[LabelMatch]:
        m = self._start.match(text)
        if not m:
            return None
        form, field, role, _, bracketed_only = self._entry(m)
        if not in_cell and (bool(m.group("br")) != bracketed_only if bracketed_only
                            else m.group("br") in ("(", "（")):
            # On a text line, (目的) (スケジュール) are sub-headings inside a description; only
            # bracketed_only roles are labels in round brackets there.
            return None
        decorated = bool(m.group("em") or m.group("br") or m.group("colon"))
        return LabelMatch(field, role, form, text[m.end():].strip(), m.start(), m.end(), decorated)

    def starts_with_form(self, text: str) -> bool:
        """Text begins with a form, whatever follows it (no boundary checked)."""
        return self._loose.match(text) is not None

    def match_exact(self, text: str) -> Optional[LabelMatch]:
        """A cell that holds nothing but a label."""
        m = self.match_start(text, in_cell=True)
        return m if m and not m.rest else None

    def find_inline(self, text: str) -> list[LabelMatch]:
        """Emphasized or 【】-bracketed labels anywhere in a line, in order; each one's rest runs
        to the next one."""
        found = list(self._inline.finditer(text))
        out = []
        for k, m in enumerate(found):
            form, field, role, _, _ = self._entry(m)
            stop = found[k + 1].start() if k + 1 < len(found) else len(text)
            out.append(LabelMatch(field, role, form, text[m.end():stop].strip(), m.start(),
                                  m.end(), True))
        return out


@lru_cache(maxsize=None)
def matcher(context: str) -> LabelMatcher:
    return LabelMatcher(context)
