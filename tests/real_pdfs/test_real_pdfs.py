"""The PDF reader on the fifteen real municipal PDFs in ../shared/real-pdfs (see SOURCES.md).

Skipped when that folder is absent. The two longest files are read for their first 40 pages
here (bench/benchmark.py reads them in full). Run with -s to see what was found per file.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extract.ir import Document
from extract.readers.pdf import read_pdf

REAL_PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "real-pdfs"
LONG_FILES = {"fuji_R6_ippan-kaikei-yosansho.pdf": 40, "setagaya_R8_yosan.pdf": 40}
# Garbage that must never reach a cell: replacement char, (cid:NN), private use, control
# characters, Kangxi radicals / CJK Radicals Supplement (mapped to unified ideographs).
GARBAGE = regex.compile(r"\ufffd|\(cid:\d+\)|\p{Co}|[\x00-\x08\x0b\x0c\x0e-\x1f]|[\u2e80-\u2fdf]")

if not REAL_PDFS.is_dir():
    pytest.skip(f"real PDFs not present at {REAL_PDFS} (the repo's sibling ../shared is absent)",
                allow_module_level=True)

FILES = sorted(p.name for p in REAL_PDFS.glob("*.pdf"))


@pytest.fixture(scope="module")
def docs() -> dict[str, tuple[Document, dict]]:
    out = {}
    for name in FILES:
        stats: dict = {}
        doc = read_pdf(REAL_PDFS / name, max_pages=LONG_FILES.get(name), stats=stats,
                       ocr="never")   # the text layer; OCR of the outlined file: tests/ocr
        out[name] = (doc, stats)
    return out


def cells(doc: Document):
    for row in doc.rows():
        yield from row.cells


def texts(doc: Document) -> list[str]:
    return [c.text for c in cells(doc)]


def tables(doc: Document):
    return [b for b in doc.blocks if b.kind == "table"]


def test_all_fifteen_present():
    assert len(FILES) == 15, FILES


@pytest.mark.parametrize("name", FILES)
def test_reads_without_garbage(docs, name):
    doc, stats = docs[name]
    print(f"\n{name}: {stats}; warnings: {[w.code for w in doc.warnings]}")
    assert doc.pages == stats["pages"] > 0
    bad = [t for t in texts(doc) if GARBAGE.search(t)]
    assert not bad, bad[:5]
    for row in doc.rows():
        assert row.page is not None and 1 <= row.page <= doc.pages
        assert row.bbox is not None
    if "NO-TEXT-LAYER" not in name:
        assert not doc.needs_ocr
        assert sum(1 for _ in doc.rows()) > 5
    # Every garbled page was reported with a warning naming it.
    for n in doc.garbled_pages:
        assert any(w.code == "garbled_text" and w.page == n and f"p.{n}" in w.message
                   for w in doc.warnings)


def test_outlined_file_needs_ocr(docs):
    doc, _ = docs["otoineppu_hinan-point_R3_NO-TEXT-LAYER.pdf"]
    assert doc.needs_ocr and doc.ocr_pages == [1, 2, 3, 4]
    warned = [w for w in doc.warnings if w.code == "no_text_layer"]
    assert [w.page for w in warned] == [1, 2, 3, 4]
    assert all(f"p.{w.page}" in w.message and "OCR" in w.message for w in warned)
    assert not list(doc.rows())


@pytest.mark.parametrize("name, words", [
    ("hokkaido-shichoson_nyusatsu-shikaku-shinsei-tebiki_R7-8_kensetsu.pdf",
     ["入札参加資格", "申請の手引き", "工事", "日", "自治体"]),
    ("yaizu_smartmap_suiikei-hyoji-setsumei.pdf", ["水位", "土"]),
])
def test_kangxi_radicals_come_out_unified(docs, name, words):
    doc, _ = docs[name]
    joined = "\n".join(texts(doc))
    for w in words:
        assert w in joined, w


def test_turned_pages_read_rows_first(docs):
    doc, stats = docs["hokkaido-shichoson_nyusatsu-shikaku-shinsei-tebiki_R7-8_kensetsu.pdf"]
    assert 8 in stats["turned_pages"] and 15 in stats["turned_pages"]
    t = next(b for b in tables(doc) if b.page == 8)
    assert t.rows[0].texts == ["地域", "自治体名", "営業年数に関すること", "完成工事高に関すること",
                               "その他の要件"]
    assert t.rows[1].texts[:2] == ["石狩・空知", "沼田町"]
    assert not [b for b in doc.blocks if b.page == 8 and b.rows[0].text == "-4-"]


def test_letter_spaced_numbers_joined(docs):
    doc, _ = docs["otoineppu_R7_kyuyo-teiin-kanri.pdf"]
    joined = "\n".join(texts(doc))
    assert "2,050,134" in joined
    assert "503,607" in joined
    assert "2 , 0 5 0" not in joined


def test_fake_bold_not_tripled(docs):
    doc, stats = docs["otoineppu_sogo-senryaku_2015.pdf"]
    assert stats["overprints"] > 1000
    rows = [r.text for r in doc.rows()]
    assert sum("総合戦略について" in t for t in rows) <= 3
    repeats = sum(1 for a, b in zip(rows, rows[1:]) if a == b and a)
    assert repeats <= 2, repeats


def test_kpi_tables_have_baseline_and_target_columns(docs):
    doc, _ = docs["otoineppu_sogo-senryaku_2015.pdf"]
    kpi = [t for t in tables(doc)
           if any(c.text.startswith("現状値") for c in t.rows[0].cells)
           and any(c.text.startswith("目標値") for c in t.rows[0].cells)]
    assert len(kpi) >= 5
    first = kpi[0]
    assert first.table.grid
    assert [c.text for c in first.rows[0].cells] == ["重要業績評価指標(KPI)", "現状値(2014年度)",
                                                     "目標値(2019年度)"]
    assert [c.text for c in first.rows[1].cells] == ["中学校訪問実施校数", "年111校", "年111校"]
    values = {tuple(r.texts) for t in kpi for r in t.rows[1:]}
    assert ("新規就農者数", "-", "5年間で3人") in values


def test_vertical_category_labels_in_public_works_table(docs):
    doc, _ = docs["otoineppu_R7_koukyo-kouji-hacchu-mitoshi.pdf"]
    [t] = tables(doc)
    assert t.rows[0].texts[:3] == ["工事名", "工事場所", "期間"]
    row = next(r for r in t.rows if r.texts[0] == "教員住宅浴室改修工事")
    assert row.texts[3:] == ["建築工事", "ユニットバス改修工事2戸", "指名競争入札", "第1四半期"]


def test_project_and_department_table(docs):
    doc, _ = docs["nobeoka_R8_6gatsu-hosei-yosan_shuyo-jigyo.pdf"]
    t = next(t for t in tables(doc) if "事業名" in t.rows[0].texts)
    header = t.rows[0].texts
    assert header[:4] == ["No", "款・項・目", "新規", "事業名"]
    names = [r.cells[3].text for r in t.rows if len(r.cells) > 3 and "【" in r.cells[3].text]
    assert any("【総務課】" in n for n in names)
    # Budget hierarchy (款 / 項 without rules between sub-rows) stays in its rows.
    t2 = next(t for t in tables(doc) if t.rows[0].texts[:2] == ["款", "現計予算額"])
    assert t2.rows[1].texts[:2] == ["1市税", "16,485,497"]


def test_running_headers_and_page_numbers_dropped(docs):
    for name in ("otoineppu_chiiki-bousai-keikaku_shiryohen_R2.pdf",
                 "seifu-cio-dp2020-02_jichitai-tsuchibutsu-digital.pdf"):
        doc, stats = docs[name]
        assert stats["furniture_dropped"] >= doc.pages // 2, (name, stats)
        # No lone number left in the bottom band, where the page numbers were.
        bottom = [r.text for r in doc.rows() if r.kind != "table" and r.bbox[1] > 0.88 * 842
                  and regex.fullmatch(r"[-\s]*\d{1,3}[-\s]*", r.text)]
        assert not bottom, (name, bottom[:10])


def test_one_long_table_over_sixteen_pages(docs):
    doc, _ = docs["takamatsu_shochu-gakkoku-ichiran_jusho-kara.pdf"]
    longest = max(tables(doc), key=lambda t: len(t.rows))
    assert len({r.page for r in longest.rows}) >= 12
    # The title and header rows repeated on every page are kept once.
    assert sum(r.texts[:1] == ["町名"] for r in longest.rows) == 1
    assert any(r.texts[-2:] == ["亀阜", "紫雲"] for r in longest.rows)


def test_ruled_tables_found_in_table_heavy_files(docs):
    for name, at_least in (("otoineppu_chiiki-bousai-keikaku_shiryohen_R2.pdf", 40),
                           ("otoineppu_R7_kyuyo-teiin-kanri.pdf", 20),
                           ("otoineppu_tokutei-jigyonushi-koudoukeikaku_dai2ji.pdf", 8)):
        doc, _ = docs[name]
        assert len(tables(doc)) >= at_least, name
        assert all(t.table.grid for t in tables(doc))
