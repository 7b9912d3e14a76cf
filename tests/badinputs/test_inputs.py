"""Input sniffing and decoding (extract/readers/__init__.py) on the corpus and on crafted bytes:
every unreadable input becomes one InputError line naming the file; legacy encodings decode to
the right text, never to mojibake."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import InputError, decode_text_info, read_document, sniff_kind
from tests.badinputs.corpus import CORPUS, EXPECTED_FAILURES

TEXT = "第1次かもめ浜町情報化推進計画\n所管課 住民課、情報政策課\n令和７年度～令和９年度 実施\n"


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_bad_input_raises_one_line_naming_the_file(name):
    with pytest.raises(InputError) as e:
        read_document(CORPUS / name)
    msg = str(e.value)
    assert msg.startswith(Path(name).name + ": ") and EXPECTED_FAILURES[name] in msg
    assert "\n" not in msg


@pytest.mark.parametrize("encoding,label", [("cp932", "cp932"), ("euc_jp", "euc_jp"),
                                            ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"),
                                            ("utf-16", "utf-16")])
def test_japanese_text_decodes_in_every_encoding_plans_come_in(encoding, label):
    text = TEXT if encoding != "euc_jp" else TEXT.replace("～", "〜")
    got = decode_text_info(text.encode(encoding), "plan.txt")
    assert (got.text, got.encoding) == (text, label)


def test_cp932_only_characters_decode_with_cp932():
    text = "髙台地区の出張窓口① №１ ㈱ 﨑"
    assert decode_text_info(text.encode("cp932"), "x.txt").text == text


def test_a_multibyte_character_cut_by_the_sniffing_window_is_not_an_error():
    data = TEXT.encode("cp932")
    assert decode_text_info(data[:-2] + data[-2:-1], "x.txt").encoding == "cp932"
    utf8 = TEXT.encode("utf-8")
    assert decode_text_info(utf8[:-2], "x.txt").encoding == "utf-8"


def test_bytes_that_would_only_give_mojibake_are_refused():
    # Single high bytes between spaces: not UTF-8, not EUC-JP; as CP932 half-width kana soup
    data = b"Report " + b" ".join(bytes([b]) for b in range(0xB1, 0xD0)) + b" end\n"
    with pytest.raises(InputError, match=r"^x.txt: 文字コードを判別できません"):
        decode_text_info(data, "x.txt")


def test_a_utf8_file_with_one_damaged_byte_stays_utf8_with_a_warning(tmp_path):
    data = bytearray((TEXT * 20).encode("utf-8"))
    data[40] = 0xFF
    got = decode_text_info(bytes(data), "x.txt")
    assert got.encoding == "utf-8" and 1 <= got.replaced <= 3     # the bytes of one character
    assert got.text.count("\ufffd") == got.replaced and got.text.count("情報政策課") == 20
    p = tmp_path / "damaged.txt"
    p.write_bytes(bytes(data))
    assert "encoding_damaged" in [w.code for w in read_document(p).warnings]


def test_mostly_ascii_cp932_is_still_cp932():
    text = "No. 1-1 RPA (Robotic Process Automation) の導入 2025-2027\n" + "x = 1\n" * 50
    assert decode_text_info(text.encode("cp932"), "x.txt").text == text


def test_old_half_width_katakana_in_cp932_is_kept():
    text = "ﾃﾞｼﾞﾀﾙ推進課が担当します。ｼｽﾃﾑ更新\n"
    assert decode_text_info(text.encode("cp932"), "x.txt").text == text


def test_a_pdf_with_junk_after_its_end_marker_is_still_a_pdf(tmp_path):
    data = (CORPUS / "good" / "kamome_text.pdf").read_bytes() + b"\r\n\x00\x00 trailing junk"
    p = tmp_path / "junk.pdf"
    p.write_bytes(data)
    doc = read_document(p)
    assert doc.source_format == "pdf" and doc.pages == 1


def test_a_pdf_without_pdf_suffix_is_read_as_pdf_and_a_text_named_pdf_is_refused(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_bytes((CORPUS / "good" / "kamome_text.pdf").read_bytes())
    assert sniff_kind(p.read_bytes(), p) == "pdf"
    q = tmp_path / "plan.pdf"
    q.write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputError, match=r"^plan.pdf: 拡張子は .pdf ですが、PDF のヘッダーがありません"):
        read_document(q)


def test_a_folder_or_unreadable_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="ファイルではなくフォルダです"):
        read_document(tmp_path)


def test_legacy_text_gets_a_legacy_encoding_warning():
    doc = read_document(CORPUS / "good" / "legacy" / "kamome_cp932.txt")
    assert [w.code for w in doc.warnings] == ["legacy_encoding"]
    assert "Shift_JIS/CP932" in doc.warnings[0].message


def test_control_characters_in_a_text_file_are_removed_with_a_warning(tmp_path):
    p = tmp_path / "ctl.txt"
    # a NUL within the first 4 kB means binary data; further in, it is a stray byte
    p.write_text("第1次かもめ浜町情報化推進計画\x07\n" + TEXT * 40 + "令和\x00７年度\n",
                 encoding="utf-8")
    doc = read_document(p)
    texts = " ".join(r.text for r in doc.rows())
    assert "\x00" not in texts and "\x07" not in texts and "かもめ浜町情報化推進計画" in texts
    assert "令和7年度" in texts or "令和７年度" in texts
    assert [w.code for w in doc.warnings] == ["control_characters_removed"]
