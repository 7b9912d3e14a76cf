"""Text clean-up shared by every reader and parser (first cut; the normalization issue grows it).

clean_text: NFKC, then spaces between CJK characters removed (PDF justification: 実 施 -> 実施),
spaced single Latin letters joined (L G W A N -> LGWAN), spaces between Latin words kept.
"""
from __future__ import annotations

import unicodedata

import regex

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}ー々〆〇・、。「」（）『』【】〜～"
_SPACE_BETWEEN_CJK = regex.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_SPACED_LETTERS = regex.compile(r"(?<![A-Za-z])([A-Za-z])(?: ([A-Za-z]))+(?![A-Za-z])")


def _join_spaced_letters(m: regex.Match) -> str:
    return m.group(0).replace(" ", "")


def clean_text(s: str) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u3000", " ")
    s = _SPACE_BETWEEN_CJK.sub("", s)
    s = _SPACED_LETTERS.sub(_join_spaced_letters, s)
    s = regex.sub(r"[ \t]+", " ", s)
    return s.strip()
