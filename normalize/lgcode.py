"""全国地方公共団体コード (6 digits: JIS X 0402 code + check digit) for a plan's municipality.

    lg_code_for("四街道市")                 -> ("122289", [])
    lg_code_for("府中市")                   -> (None, [warning: 東京都 / 広島県])
    lg_code_for("府中市", "東京都")         -> ("132063", [])
Data: data/lg_codes.tsv (every prefecture, 市町村 and 特別区; provenance at its top).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import regex

_DATA = Path(__file__).resolve().parent / "data"
# 特別区 names that 政令指定都市 wards share (札幌市中央区, 名古屋市港区, 大阪市北区 ...); the ward list
# has no 政令市の区, so without a prefecture these are ambiguous rather than 東京都's.
_SHARED_WARD_NAMES = {"中央区", "港区", "北区"}
_GUN = regex.compile(r"^\p{Han}{1,4}郡(?=\p{Han}|\p{Katakana}|\p{Hiragana})")


def check_digit(code5: str) -> int:
    """JIS X 0402 check digit: 11 - (weighted sum 6,5,4,3,2 mod 11), last digit of that."""
    if len(code5) != 5 or not code5.isdigit():
        raise ValueError(f"expected 5 digits, got {code5!r}")
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


_SPACES = regex.compile(r"\s+")


def _key(name: str) -> str:
    """Matching form: NFKC, no spaces, ヶ/ケ/が variants of 鎌ケ谷 folded."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _SPACES.sub("", s)
    return s.replace("ヶ", "ケ").replace("ヵ", "カ")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[tuple[str, str, str]]], dict[str, str]]:
    """municipality key -> [(code, prefecture, municipality)], prefecture -> code."""
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    prefectures: dict[str, str] = {}
    for line in (_DATA / "lg_codes.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, pref, muni, _kana = line.split("\t")
        if muni:
            by_name.setdefault(_key(muni), []).append((code, pref, muni))
        else:
            prefectures[pref] = code
    return by_name, prefectures


def _warning(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def lg_code_for(municipality: str, prefecture: str | None = None) -> tuple[str | None, list[dict]]:
    by_name, prefectures = _table()
    name = _key(municipality)
    pref = _key(prefecture) if prefecture else None
    for p in prefectures:  # 千葉県四街道市 -> 千葉県 + 四街道市
        if name.startswith(p) and len(name) > len(p):
            pref, name = pref or p, name[len(p):]
            break
    if name not in by_name:
        name = _GUN.sub("", name)  # 印旛郡酒々井町 -> 酒々井町 (but 蒲郡市 is a city)
    if not name:
        return None, [_warning("lg_code_unknown", "団体名がないため lg_code は空欄です")]
    if name in prefectures and pref in (None, name):
        return prefectures[name], []
    candidates = by_name.get(name, [])
    if pref:
        candidates = [c for c in candidates if c[1] == pref]
    if len(candidates) == 1 and not (pref is None and name in _SHARED_WARD_NAMES):
        return candidates[0][0], []
    if candidates and pref is None and name in _SHARED_WARD_NAMES:
        return None, [_warning("lg_code_ambiguous",
                               f"{municipality}: 東京都{name}か政令指定都市の区か判別できません（都道府県名が"
                               f"あれば決まります）。lg_code は空欄です")]
    if not candidates:
        where = f" in {pref}" if pref else ""
        return None, [_warning("lg_code_unknown",
                               f"{municipality}{where}は全国地方公共団体コードの一覧にありません。"
                               f"lg_code は空欄です")]
    places = " / ".join(f"{c[1]}{c[2]} {c[0]}" for c in candidates)
    return None, [_warning("lg_code_ambiguous",
                           f"{municipality}という団体は{len(candidates)}つあります（{places}）。"
                           f"都道府県名がないため lg_code は空欄です")]
