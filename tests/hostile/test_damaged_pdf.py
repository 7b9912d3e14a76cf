"""Damage is said (issue 10.5): a PDF MuPDF has to repair (zlib errors, a rebuilt xref, broken
fonts) is extracted with a pdf_repaired warning naming the file and page; a page that cannot be
loaded is left out with its reason in words, not a raw `ValueError: page not in document`."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extract.pipeline import extract_one
from tests.badinputs.hostile_corpus import flipped   # 20 bits, seeded

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "hibarino_infoplan.pdf"
SEEDS = range(12)


@pytest.fixture(scope="module")
def baseline():
    if not SAMPLE.is_file():
        pytest.skip("samples/hibarino_infoplan.pdf not built")
    r = extract_one(SAMPLE)
    assert not [w for w in r.doc.warnings if w.code in ("pdf_repaired", "page_unreadable")]
    return len(r.doc.projects)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_byte_flipped_pdf_fails_in_words_or_says_it_was_repaired(baseline, seed, tmp_path):
    path = tmp_path / f"flip{seed}.pdf"
    path.write_bytes(flipped(SAMPLE.read_bytes(), seed))
    r = extract_one(path)
    if r.doc is None:
        assert r.error.startswith(f"{path.name}: ") and "\n" not in r.error
        assert "Error:" not in r.error                  # no raw exception class names
        return
    damage = [w for w in r.doc.warnings if w.code in ("pdf_repaired", "page_unreadable")]
    assert damage, f"seed {seed}: {len(r.doc.projects)} of {baseline} projects and no warning"
    assert all(w.message.startswith(path.name) for w in damage)
    assert any(w.source.page for w in damage) or "修復" in damage[0].message


def test_a_page_the_page_tree_cannot_give_is_left_out_in_words(tmp_path):
    pdf = pymupdf.open()
    for i in range(2):
        pdf.new_page().insert_text((72, 72), f"page {i + 1}")
    data = pdf.tobytes(deflate=False, no_new_id=True)
    path = tmp_path / "count3.pdf"
    path.write_bytes(data.replace(b"/Count 2", b"/Count 3"))   # says 3 pages, holds 2
    r = extract_one(path)
    assert r.error is None and r.doc.plan.pages == 3
    (w,) = [w for w in r.doc.warnings if w.code == "page_unreadable"]
    assert w.source.page == 3 and w.message.startswith("count3.pdf p.3: ")
    assert "ページツリー" in w.message and "ValueError" not in w.message
