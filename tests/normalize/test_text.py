"""normalize.text: NFKC, radicals, dash/tilde folding, spaces, line joining."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from normalize.text import clean_text, join_lines, map_radicals

from .seeds import seed_lines

DATA = Path(__file__).resolve().parents[2] / "normalize" / "data"


@pytest.mark.parametrize("raw, clean", [
    ("実 施", "実施"), ("調 査・検 討", "調査・検討"), ("L G W A N", "LGWAN"), ("平成 31 年度", "平成31年度"),
    ("令和３年度", "令和3年度"), ("ＡＢＣ１２３", "ABC123"), ("⽇本", "日本"), ("⺟子", "母子"), ("⻄部", "西部"),
    ("令和3年度〜令和4年度", "令和3年度~令和4年度"), ("令和3年度～令和4年度", "令和3年度~令和4年度"),
    ("LGWAN－ASP", "LGWAN-ASP"), ("A‐B", "A-B"), ("A―B", "A-B"), ("A−B", "A-B"), ("1ー1", "1-1"),
    ("データー", "データー"), ("Open Data Portal", "Open Data Portal"), ("abc d e", "abc d e"),
    ("2 , 0 5 0 , 1 3 4", "2,050,134"), ("亀　　阜", "亀阜"), ("た ICT 化及び", "たICT化及び"),
    ("公開件数 120 件を", "公開件数120件を"), ("第 1 章", "第1章"), ("ゼロ\u200b幅", "ゼロ幅"),
    ("  前後  ", "前後"), ("", ""),
    ("(簡易型 GIS)", "(簡易型GIS)"), ("高速無線 LAN 環境", "高速無線LAN環境"), ("平成 29 年4月", "平成29年4月"),
    ("地方税申告手続（ e LTAX）", "地方税申告手続(eLTAX)"), ("L GWAN-ASP", "LGWAN-ASP"), ("I am here", "I am here"),
    ("Cards 1-6, 1-7, 2-1", "Cards 1-6, 1-7, 2-1"), ("Windows 10 の更新", "Windows 10の更新"),
    ("①", "1"), ("Ⅲ.", "III."),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_wave_dash_is_never_deleted():
    for tilde in "〜～~∼":
        assert clean_text(f"3{tilde}4") == "3~4"


def test_wrapped_lines_joined_paragraphs_kept():
    assert clean_text("令和４年度末までにオンライン化済手続数１０件を達\n成") == "令和4年度末までにオンライン化済手続数10件を達成"
    assert clean_text("the quick\nbrown fox") == "the quick brown fox"
    assert clean_text("第1段落\n続き\n\n第2段落\r\n") == "第1段落続き\n第2段落"


def test_join_lines():
    assert join_lines(["行政手続のオンライン化は、市民の利便性向上という観", "点から優先して行う"]) == \
        "行政手続のオンライン化は、市民の利便性向上という観点から優先して行う"
    assert join_lines(["Digital", "Transformation", "(DX)の推進"]) == "Digital Transformation (DX)の推進"
    assert join_lines(["", "  a ", ""]) == "a"


def test_radical_table_comes_from_unicode_and_agrees_with_nfkc():
    rows = [l.split("\t") for l in (DATA / "radicals.tsv").read_text(encoding="utf-8").splitlines()
            if l and not l.startswith("#")]
    assert len(rows) > 300
    assert "EquivalentUnifiedIdeograph" in (DATA / "radicals.tsv").read_text(encoding="utf-8")[:200]
    japanese = {"⼾": "戸", "⾭": "青", "⿈": "黄", "⿊": "黒"}  # data/text.toml [radicals_japanese]
    for src, dst, *_ in rows:
        radical, ideograph = chr(int(src, 16)), chr(int(dst, 16))
        assert map_radicals(radical) == japanese.get(radical, ideograph)
        nfkc = unicodedata.normalize("NFKC", radical)
        assert nfkc in (radical, ideograph)  # where NFKC folds a radical, it agrees with the table
    for cp in range(0x2F00, 0x2FD6):  # Kangxi radicals: clean_text folds every one to an ideograph
        assert unicodedata.category(clean_text(chr(cp))) == "Lo"
        assert 0x4E00 <= ord(clean_text(chr(cp))) <= 0x9FFF or ord(clean_text(chr(cp))) > 0x20000


def test_clean_text_is_idempotent_on_the_seeds():
    for prefix in ("000", "002", "003"):
        for line in seed_lines(prefix):
            once = clean_text(line)
            assert clean_text(once) == once, line
            assert "〜" not in once and "－" not in once


def test_clean_text_speed_on_a_whole_seed():
    """Not a timing assertion: just exercises every line of a 1,600-line dump."""
    lines = seed_lines("000")
    assert sum(len(clean_text(l)) for l in lines) > 10_000


# Every radical code point pymupdf extracts from the 15 real PDFs in ../shared/real-pdfs (found once
# by scanning their text; kept here so the test needs neither the PDFs nor 15 s of extraction).
# The first six are CJK Radicals Supplement characters that NFKC leaves alone.
REAL_PDF_RADICALS = ("⻄西 ⻑長 ⻯竜 ⺠民 ⻘青 ⻲亀 "
                     "⼀一 ⼄乙 ⼆二 ⼈人 ⼊入 ⼋八 ⼒力 ⼗十 ⼜又 ⼝口 ⼟土 ⼠士 ⼣夕 ⼤大 ⼥女 ⼦子 ⼩小 ⼭山 ⼯工 ⼼心 "
                     "⼾戸 ⼿手 ⽀支 ⽂文 ⽃斗 ⽅方 ⽇日 ⽉月 ⽊木 ⽌止 ⽐比 ⽒氏 ⽔水 ⽕火 ⽗父 ⽜牛 ⽣生 ⽤用 ⽥田 "
                     "⽩白 ⽬目 ⽯石 ⽰示 ⽴立 ⽻羽 ⽼老 ⾂臣 ⾃自 ⾅臼 ⾊色 ⾎血 ⾏行 ⾐衣 ⾒見 ⾔言 ⾕谷 ⾚赤 ⾛走 "
                     "⾜足 ⾝身 ⾥里 ⾦金 ⾨門 ⾬雨 ⾮非 ⾯面 ⾰革 ⾳音 ⾵風 ⾻骨 ⾼高 ⿅鹿 ⿇麻 ⿊黒")


def test_radicals_seen_in_real_pdfs_become_ideographs():
    pairs = REAL_PDF_RADICALS.split()
    assert len(pairs) == 80
    for pair in pairs:
        radical, ideograph = pair
        assert clean_text(radical) == ideograph, pair
    assert clean_text("⻑期計画の市⺠サービス") == "長期計画の市民サービス"


def test_kangxi_radicals_with_a_non_japanese_nfkc_form_get_the_japanese_one():
    assert clean_text("⼾籍") == "戸籍"  # NFKC alone gives 戶籍
    assert clean_text("⿊⾭⿈") == "黒青黄"
    assert clean_text("戶") == "戶"  # a real U+6236 in the text is not rewritten
