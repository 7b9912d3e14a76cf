"""normalize.lgcode: check digits over the whole list, examples, ambiguity."""
from __future__ import annotations

from pathlib import Path

import pytest

from normalize.lgcode import check_digit, lg_code_for

TSV = Path(__file__).resolve().parents[2] / "normalize" / "data" / "lg_codes.tsv"


def _rows():
    lines = [l for l in TSV.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return [l.split("\t") for l in lines[1:]]


def test_every_code_in_the_list_has_a_valid_check_digit():
    rows = _rows()
    assert len(rows) == 1788  # 47 prefectures + 1,718 市町村 + 23 特別区
    assert sum(1 for r in rows if not r[2]) == 47
    for code, *_ in rows:
        assert check_digit(code[:5]) == int(code[5]), code


def test_every_unique_municipality_name_resolves_to_its_code():
    rows = [r for r in _rows() if r[2]]
    per_name = {}
    for code, pref, muni, _kana in rows:
        per_name.setdefault(muni, []).append(code)
    for code, pref, muni, _kana in rows:
        assert lg_code_for(muni, pref) == (code, []), (pref, muni)
        if len(per_name[muni]) == 1 and muni not in ("中央区", "港区", "北区"):
            assert lg_code_for(muni) == (code, []), muni
            assert lg_code_for(pref + muni) == (code, []), muni


@pytest.mark.parametrize("args, code", [
    (("四街道市",), "122289"), (("習志野市",), "122165"), (("千葉県四街道市",), "122289"),
    (("府中市", "東京都"), "132063"), (("府中市", "広島県"), "342084"), (("伊達市", "福島県"), "072133"),
    (("印旛郡酒々井町",), "123226"), (("鎌ヶ谷市",), "122246"), (("那珂川市",), "402311"),
    (("千代田区",), "131016"), (("東京都北区",), "131172"), (("千葉県",), "120006"), (("四 街 道 市",), "122289"),
])
def test_examples(args, code):
    assert lg_code_for(*args) == (code, [])


@pytest.mark.parametrize("name", ["府中市", "伊達市", "森町", "北区"])
def test_same_name_in_two_places_is_null_with_warning(name):
    code, warns = lg_code_for(name)
    assert code is None and warns[0]["code"] == "lg_code_ambiguous"


def test_unknown_is_null_with_warning():
    code, warns = lg_code_for("架空市")
    assert code is None and warns[0]["code"] == "lg_code_unknown" and "架空市" in warns[0]["message"]


def test_check_digit_examples():
    assert check_digit("12228") == 9 and check_digit("12216") == 5 and check_digit("01213") == 1
    with pytest.raises(ValueError):
        check_digit("1222")
