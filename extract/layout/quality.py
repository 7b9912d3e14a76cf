"""Is extracted text trustworthy? Garbled glyph mappings and pages without a text layer.

A font without a usable ToUnicode map yields U+FFFD, private-use code points, raw glyph codes
(control characters), pdfminer-style
"(cid:12)" or Cyrillic/Latin look-alikes inside Japanese words ("デジタルデバйд"). Such text is
reported and never emitted as data.
"""
from __future__ import annotations

from typing import Optional

import regex

_JA = r"\p{Hiragana}\p{Katakana}\p{Han}ー"
_KANA = r"\p{Hiragana}\p{Katakana}ー"
_CHECKS = [
    ("U+FFFD", regex.compile("\ufffd")),
    ("私用領域の文字", regex.compile(r"[\p{Co}]")),
    # Glyph codes passed through as text by a font without a ToUnicode map.
    ("制御文字", regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")),
    ("(cid:NN)", regex.compile(r"\(cid:\d+\)")),
    ("日本語の中のキリル文字", regex.compile(rf"(?<=[{_JA}])\p{{Cyrillic}}|\p{{Cyrillic}}(?=[{_JA}])")),
    # A lone Latin letter between two kana is a mis-mapped glyph, never a word.
    ("日本語の中の字形の似たラテン文字", regex.compile(rf"(?<=[{_KANA}])[A-Za-z](?=[{_KANA}])")),
]
_ANY = regex.compile("|".join(f"(?:{p.pattern})" for _, p in _CHECKS))

# Symbol fonts map their glyphs into the private-use area on purpose (Word bullets).
SYMBOL_FONTS = ("symbol", "wingdings", "webdings", "dingbats")


def garbled_reason(text: str) -> Optional[str]:
    """Why the text looks garbled, or None when it looks fine."""
    if not text or not _ANY.search(text):
        return None
    for name, pattern in _CHECKS:
        if pattern.search(text):
            return name
    return None


def is_symbol_font(font: str) -> bool:
    f = font.lower()
    return any(name in f for name in SYMBOL_FONTS)
