"""Text clean-up shared by every reader and parser.

clean_text, in order:
1. NFKC (full-width digits/Latin, ㍻ -> 平成, Kangxi radicals ⽇ -> 日, ～ -> ~, － -> -);
2. CJK radicals NFKC leaves alone (⺟ ⻄ ⻑ ⺠ ...) -> unified ideographs, from data/radicals.tsv
   (generated from Unicode's EquivalentUnifiedIdeograph.txt); four Kangxi radicals whose NFKC form
   is not Japanese (⼾ -> 戸, not 戶) are mapped before NFKC (data/text.toml);
3. dash and tilde variants folded explicitly (data/text.toml): 〜 ∼ -> ~, ‐ ― − – — -> -;
   〜 is never deleted; zero-width characters dropped;
4. line-break artifacts: wrapped lines joined (no space between CJK, one space between Latin words),
   blank-line separated paragraphs kept as "\n";
5. a space next to a CJK character removed, whatever is on the other side (PDF justification
   実 施 -> 実施, 平成 31 年度 -> 平成31年度, (簡易型 GIS) -> (簡易型GIS)); letter-spaced Latin
   joined (L G W A N, L GWAN -> LGWAN; e LTAX -> eLTAX); spaces between Latin words kept.

Runs on every cell of long PDFs: tables and patterns are built once at import.
"""
from __future__ import annotations

import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

import regex

_DATA = Path(__file__).resolve().parent / "data"


def _load_radicals() -> dict[int, str]:
    table = {}
    for line in (_DATA / "radicals.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            src, dst = line.split("\t")[:2]
            table[int(src, 16)] = chr(int(dst, 16))
    return table


def _load_folds() -> dict[int, str | None]:
    conf = tomllib.loads((_DATA / "text.toml").read_text(encoding="utf-8"))
    table: dict[int, str | None] = {}
    for canonical, variants in conf["fold"].items():
        for ch in variants:
            table[ord(ch)] = canonical
    for ch in conf["drop"]["chars"]:
        table[ord(ch)] = None
    return table


def _load_japanese_forms() -> dict[int, str]:
    conf = tomllib.loads((_DATA / "text.toml").read_text(encoding="utf-8"))
    return {ord(k): v for k, v in conf["radicals_japanese"].items()}


_JAPANESE_FORMS = _load_japanese_forms()  # before NFKC: ⼾ -> 戸, not NFKC's 戶
_RADICALS = {**_load_radicals(), **_JAPANESE_FORMS}
_TABLE = {**_RADICALS, **_load_folds()}

# Characters written without spaces in Japanese text (after NFKC).
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}ー々〆〇・、。「」『』【】〔〕〈〉《》〒※"
_SPACE = r"[ \t\u3000]+"
# A space next to a CJK character is an artifact whatever is on the other side (簡易型 GIS, 手続 (e)).
# ...and so is a space just inside brackets: ( eLTAX) -> (eLTAX).
_SPACE_NEXT_TO_CJK = regex.compile(rf"(?<=[{_CJK}(\[]){_SPACE}|{_SPACE}(?=[{_CJK})\]])")
# single letters only: "abc d e" stays (a word before or after means real words, not letter-spacing)
_SPACED_LETTERS = regex.compile(r"(?<![A-Za-z0-9] ?)[A-Za-z](?: [A-Za-z])+(?! ?[A-Za-z0-9])")
# A lone letter split off a capitalised acronym: L GWAN -> LGWAN, e LTAX -> eLTAX (not "I am").
_LETTER_THEN_ACRONYM = regex.compile(r"(?<![A-Za-z0-9] ?)([A-Za-z]) (?=[A-Z]{2,}(?![a-z]))")
# 2 , 0 5 0 , 1 3 4: letter-spaced numbers, recognised by their thousands commas.
# (single digits, spaced commas; "1-6, 1-7" is a list and stays).
_SPACED_DIGITS = regex.compile(r"(?<![\d,.] ?)(?=[\d ,]* , )\d(?: (?:, )?\d){2,}(?![\d,])")
_DIGIT_CHOON_DIGIT = regex.compile(r"(?<=\d)ー(?=\d)")
_RUNS_OF_SPACE = regex.compile(r"[ \t\u3000]+")
_BLANK_LINES = regex.compile(r"\n[ \t\u3000]*\n[\s]*")
_ENDS_CJK = regex.compile(rf"[{_CJK}]$")
_STARTS_CJK = regex.compile(rf"^[{_CJK}]")


def map_radicals(s: str) -> str:
    """⺟ -> 母, ⻄ -> 西 (Equivalent_Unified_Ideograph); other characters unchanged."""
    return s.translate(_RADICALS)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s.translate(_JAPANESE_FORMS))
    return s.translate(_TABLE)


def _join_spaced(m: regex.Match) -> str:
    return m.group(0).replace(" ", "")


def _clean_line(s: str) -> str:
    s = _RUNS_OF_SPACE.sub(" ", s).strip()
    if " " not in s:
        return _DIGIT_CHOON_DIGIT.sub("-", s)
    s = _SPACED_LETTERS.sub(_join_spaced, s)
    s = _LETTER_THEN_ACRONYM.sub(r"\1", s)
    s = _SPACED_DIGITS.sub(_join_spaced, s)
    s = _SPACE_NEXT_TO_CJK.sub("", s)
    return _DIGIT_CHOON_DIGIT.sub("-", s)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: nothing between CJK characters, one space between Latin words."""
    out = ""
    for line in lines:
        line = line.strip(" \t\u3000\r")
        if not line:
            continue
        # Only the last characters of `out` can end it: searching the whole joined text
        # again for every line made long paragraphs quadratic.
        if out and not (_ENDS_CJK.search(out, max(0, len(out) - 2)) or _STARTS_CJK.match(line)):
            out += " "
        out += line
    return out


# Parsers clean the same cells and lines again in every pass over a document: short texts (cells,
# labels, lines) are remembered; long ones, rare and costly to keep, are not.
CACHED_CHARS = 200


def clean_text(s: str) -> str:
    """The normalized form of a printed value (see module docstring)."""
    if not s:
        return ""
    if len(s) <= CACHED_CHARS:
        return _clean_short(s)
    return _clean(s)


@lru_cache(maxsize=1 << 16)
def _clean_short(s: str) -> str:
    return _clean(s)


def _clean(s: str) -> str:
    s = _fold(s)
    if "\n" in s or "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = _BLANK_LINES.split(s.strip())
        return "\n".join(p for p in (_clean_line(join_lines(par.split("\n"))) for par in paragraphs) if p)
    return _clean_line(s)
