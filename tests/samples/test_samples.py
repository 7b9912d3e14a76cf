"""The bundled samples (samples/): expected files valid and in step with the samples, the text
samples laid out as their seeds, the PDF reproducible and drawn as its expected file says.

No extractor is run here: these tests guard the test data itself. The extractor is compared with
samples/expected/ by the accuracy tests.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from schemas.models import PlanDocument

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"
TEXT_SAMPLES = ["hibarino_plain.txt", "hibarino_markdown.md", "hibarino_actionplan.md"]
PDF_SAMPLES = ["hibarino_plan.pdf", "hibarino_infoplan.pdf"]
ALL_SAMPLES = TEXT_SAMPLES + PDF_SAMPLES
TITLE_HEADER = " 第2次ひばり野市DX推進計画"
PDF_TITLES = {"hibarino_plan.pdf": "第2次ひばり野市DX推進計画",
              "hibarino_infoplan.pdf": "第3次ひばり野市情報化推進計画"}

sys.path.insert(0, str(SAMPLES / "src"))
sys.path.insert(0, str(SAMPLES))


def expected(name: str) -> dict:
    return json.loads((EXPECTED / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


def lines_of(name: str) -> list[str]:
    return (SAMPLES / name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_expected_validates_against_the_output_models(name):
    data = expected(name)
    for key in ("plan_id", "source_sha256", "extractor_version"):
        assert data["plan"][key] is None           # left to the extractor; tests ignore them
        data["plan"][key] = "0" * 12
    doc = PlanDocument.model_validate(data)
    assert doc.plan.source_file == name
    assert doc.plan.municipality == "ひばり野市" and doc.plan.lg_code is None
    assert 8 <= sum(1 for p in doc.projects if p.number) <= 16


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_expected_text_is_normalized(name):
    """NFKC, no space next to a CJK character: the conventions every expected value follows."""
    data = expected(name)
    texts = []
    for p in data["projects"]:
        texts += [p["name"], p["goal"] or "", p["description"] or ""] + p["departments"]
        texts += [k["indicator"] for k in p["kpis"]] + [s["label"] for s in p["schedule"]]
    texts += [r["name"] for r in data["reviews"]] + [p["name"] for p in data["procedures"]]
    for t in texts:
        assert unicodedata.normalize("NFKC", t) == t, t
        assert not any(ch in t for ch in (" 　")), t


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_samples_and_expected_are_rebuilt_identically(name):
    """The committed files are exactly what samples/build_samples.py writes."""
    import build_samples
    module = {"hibarino_plain.txt": build_samples.write_plain,
              "hibarino_markdown.md": build_samples.write_markdown,
              "hibarino_actionplan.md": build_samples.write_actionplan}[name]
    text, data = module.build()
    assert text == (SAMPLES / name).read_text(encoding="utf-8")
    assert data == expected(name)


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_source_lines_point_at_the_records(name):
    lines = lines_of(name)
    data = expected(name)
    for p in data["projects"]:
        line = lines[p["source"]["line"] - 1]
        head = line if line.strip() != "No." else lines[p["source"]["line"] + 1]
        assert p["name"][:4] in head.replace(" ", ""), (p["name"], line)
        assert p["source"]["page"] is None
    for rec in data["reviews"] + data["procedures"]:
        line = lines[rec["source"]["line"] - 1].replace(" ", "")
        assert rec["name"].replace("(", "（").replace(")", "）")[:5] in line or \
            rec["name"][:5] in line, (rec["name"], line)


def test_plain_dump_pages_start_with_a_spaced_running_header_and_end_with_a_number():
    lines = lines_of("hibarino_plain.txt")
    starts = [i for i, ln in enumerate(lines) if ln.startswith(" ") and ln.strip()]
    headers = [i for i in starts if lines[i].rstrip() == TITLE_HEADER]
    assert len(headers) == 22
    numbers = [ln for ln in lines if ln.startswith("- ") and ln.endswith(" -")]
    assert numbers == [f"- {n} -" for n in range(1, 23)]
    # the leading-space line that is NOT a page start: an empty first cell of 図表1
    stray = [lines[i] for i in starts if i not in headers]
    assert any("粗大ごみ収集の申込" in s for s in stray)


def test_plain_expected_covers_the_ambiguous_and_split_cases():
    data = expected("hibarino_plain.txt")
    by = {p["number"] or p["name"]: p for p in data["projects"]}
    gis = by["2-3"]["schedule"]
    assert [(c["fiscal_year"], c["ambiguous"]) for c in gis] == [(2026, True), (2027, True),
                                                                 (2028, True)]
    assert by["2-5-2"]["parent_number"] == "2-5" and by["2-5-2"]["budget_jpy"] == 3_960_000
    assert "ガバメントクラウドの利用を前提に" in by["2-1"]["description"]   # across the page break
    assert {w["code"] for w in data["warnings"]} == {"ambiguous_schedule_cell", "lg_code_unknown"}


def test_pdf_expected_differs_from_plain_only_where_the_layout_does():
    plain, pdf = expected("hibarino_plain.txt"), expected("hibarino_plan.pdf")
    assert len(plain["projects"]) == len(pdf["projects"])
    for a, b in zip(plain["projects"], pdf["projects"]):
        for key in a:
            if key not in ("schedule", "source"):
                assert a[key] == b[key], (a["name"], key)
        if not any(c["ambiguous"] for c in a["schedule"]):
            assert a["schedule"] == b["schedule"]
    gis = next(p for p in pdf["projects"] if p["number"] == "2-3")["schedule"]
    assert [(c["fiscal_year"], c["status_raw"], c["ambiguous"]) for c in gis] == \
        [(2027, "構築・導入", False), (2028, "構築・導入", False)]
    strip = lambda recs: [{k: v for k, v in r.items() if k != "source"} for r in recs]  # noqa
    assert strip(plain["procedures"]) == strip(pdf["procedures"])
    assert strip(plain["reviews"]) == strip(pdf["reviews"])


def test_infoplan_pdf_expected_is_the_markdown_plan_on_pages():
    md, pdf = expected("hibarino_markdown.md"), expected("hibarino_infoplan.pdf")
    strip = lambda recs: [{k: v for k, v in r.items() if k != "source"} for r in recs]  # noqa
    assert strip(md["projects"]) == strip(pdf["projects"])
    assert strip(md["reviews"]) == strip(pdf["reviews"])
    assert all(r["source"]["page"] and r["source"]["line"] is None
               for r in pdf["projects"] + pdf["reviews"])
    assert pdf["plan"]["source_format"] == "pdf" and pdf["plan"]["pages"] == 8


def test_actionplan_prints_the_misdecoded_circled_run():
    lines = lines_of("hibarino_actionplan.md")
    marks = [ln.split("\t")[1] for ln in lines if ln.startswith("項番\t") and "項目名" in ln
             and not ln.startswith("項番\t項目名")]
    assert marks == list("①②③④⑤⑥⑦⑧⑨⑩①②③⑭")
    data = expected("hibarino_actionplan.md")
    numbers = [p["number"] for p in data["projects"]]
    assert numbers == [str(n) for n in range(1, 15)] + ["(1)", "(2)"]
    codes = [w["code"] for w in data["warnings"]]
    assert codes.count("circled_number_repaired") == 3 and "era_year_overflow" in codes


# ------------------------------------------------------------------------------ the PDF

def _pymupdf():
    return pytest.importorskip("pymupdf")


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_pdf_pages_as_expected(name):
    pymupdf = _pymupdf()
    data = expected(name)
    with pymupdf.open(SAMPLES / name) as doc:
        assert len(doc) == data["plan"]["pages"]
        image_pages = [w["source"]["page"] for w in data["warnings"] if w["code"] == "no_text_layer"]
        assert image_pages == ([3] if name == "hibarino_plan.pdf" else [])
        for i, page in enumerate(doc, 1):
            text = page.get_text()
            if i in image_pages:
                assert text.strip() == "" and page.get_images()
                continue
            assert text.startswith(PDF_TITLES[name]) and f"- {i} -" in text
        for p in data["projects"]:
            text = unicodedata.normalize("NFKC", doc[p["source"]["page"] - 1].get_text())
            assert p["name"] in text.replace("\n", ""), (p["name"], p["source"]["page"])
        for rec in data["procedures"] + data["reviews"]:
            text = unicodedata.normalize("NFKC", doc[rec["source"]["page"] - 1].get_text())
            assert rec["name"] in text.replace("\n", ""), rec["name"]
    assert (SAMPLES / name).stat().st_size < 1_000_000


def test_pdf_card_runs_over_a_page_break():
    pymupdf = _pymupdf()
    with pymupdf.open(SAMPLES / "hibarino_plan.pdf") as doc:
        pages = [unicodedata.normalize("NFKC", p.get_text()).replace("\n", "") for p in doc]
    start = next(i for i, t in enumerate(pages) if "2-1 基幹業務システムの標準化" in t)
    assert "撤去します" not in pages[start] and "撤去します" in pages[start + 1]


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_pdf_render_is_byte_identical(tmp_path, name):
    _pymupdf()
    pytest.importorskip("reportlab")
    import render_pdf
    if not any(Path(p).exists() for p in render_pdf.FONT_CANDIDATES[:2]):
        pytest.skip("IPAex Gothic not installed: the committed PDFs were made with it")
    make = render_pdf.render if name == "hibarino_plan.pdf" else render_pdf.render_info
    out = tmp_path / name
    data = make(out)
    assert out.read_bytes() == (SAMPLES / name).read_bytes()
    assert data == expected(name)
