"""Build the bad-input corpus: every kind of input the unattended batch must survive, next to
good plans. The files are committed (small); rerun this script only to change the corpus:

    python tests/badinputs/make_corpus.py

good/   plans that must be extracted (UTF-8, legacy CP932 and EUC-JP text, a PDF with a text
        layer, a PDF encrypted with an owner password only, which anyone may open)
bad/    inputs that must fail with a one-line reason, the rest of the batch proceeding
scanned/ a PDF with no text layer: extracted, not failed, reported as needs OCR

The plan text is fictional (かもめ浜町 does not exist). It contains characters only CP932 has
(①, 髙, ～ as FF5E) so a plain Shift_JIS decode, or a guess of the wrong code page, shows.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pymupdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent

PLAN_TEXT = """\
 第1次かもめ浜町情報化推進計画 

計画期間 令和７年度～令和９年度 

令和７年３月 

架空県かもめ浜町 

- 1 -
 第1次かもめ浜町情報化推進計画 

第１章 取組の内容 

No. １-１ 窓口予約システムの導入 

基本方針 町民サービスのデジタル化 

所管課 住民課、情報政策課 

取組内容 

来庁前に窓口の予約ができる仕組みを整え、待ち時間を短縮 

します。髙台地区の出張窓口①も対象とします。 

成果指標 窓口予約の利用件数 

工程 

令和９年度末までに年間１，２００件 

令和７年度 令和８年度 令和９年度 

  

構築・導入 運用 運用 

- 2 -
 第1次かもめ浜町情報化推進計画 

No. １-２ 公共施設の無料Wi-Fi整備 

基本方針 町民サービスのデジタル化 

所管課 企画課 

取組内容 

避難所となる公共施設に無料Wi-Fiを整備し、平常時は 

観光案内にも活用します。 

成果指標 Wi-Fiを整備した施設数 

工程 

令和８年度末までに１２施設 

令和７年度 令和８年度 令和９年度 

  

調査・検討 整備 運用 

- 3 -
"""

PDF_LINES = ["第1次かもめ浜町情報化推進計画", "計画期間 令和7年度～令和9年度", "令和7年3月",
             "架空県かもめ浜町", "No. 1-1 窓口予約システムの導入", "基本方針 町民サービスのデジタル化",
             "所管課 住民課、情報政策課", "取組内容",
             "来庁前に窓口の予約ができる仕組みを整え、待ち時間を短縮します。"]


def text_pdf() -> bytes:
    """A small PDF with a text layer (non-embedded CID font: a few kB)."""
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("HeiseiKakuGo-W5", 12)
    y = 780
    for line in PDF_LINES:
        c.drawString(60, y, line)
        y -= 24
    c.showPage()
    c.save()
    return buf.getvalue()


def scanned_pdf(source: bytes) -> bytes:
    """The text PDF rasterized and put back as an image only: what a scanner gives."""
    with pymupdf.open(stream=source, filetype="pdf") as src:
        pix = src[0].get_pixmap(dpi=40, colorspace=pymupdf.csGRAY)
        jpeg = pix.tobytes("jpeg", jpg_quality=40)
        out = pymupdf.open()
        page = out.new_page(width=src[0].rect.width, height=src[0].rect.height)
        page.insert_image(page.rect, stream=jpeg)
        data = out.tobytes(garbage=4, deflate=True)
        out.close()
    return data


def encrypted_pdf(source: bytes, user_pw: str) -> bytes:
    with pymupdf.open(stream=source, filetype="pdf") as doc:
        return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret",
                           user_pw=user_pw, permissions=pymupdf.PDF_PERM_PRINT)


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document>計画</w:document>")
    return buf.getvalue()


def corpus() -> dict[str, bytes]:
    rng = random.Random(20260331)
    pdf = text_pdf()
    garbage = bytes(rng.randrange(256) for _ in range(3000))
    return {
        "good/kamome_utf8.txt": PLAN_TEXT.encode("utf-8"),
        "good/legacy/kamome_cp932.txt": PLAN_TEXT.encode("cp932"),
        "good/legacy/kamome_eucjp.txt": PLAN_TEXT.replace("①", "(1)").replace("髙", "高")
                                                 .replace("～", "〜").encode("euc_jp"),
        "good/kamome_text.pdf": pdf,
        "good/kamome_owner_password.pdf": encrypted_pdf(pdf, user_pw=""),
        "scanned/kamome_scanned.pdf": scanned_pdf(pdf),
        "bad/corrupt.pdf": b"%PDF-1.7\n" + garbage[:1500] + b"\n%%EOF\n",
        "bad/truncated.pdf": pdf[: len(pdf) * 2 // 3],
        "bad/encrypted.pdf": encrypted_pdf(pdf, user_pw="user-secret"),
        "bad/fake_zip.pdf": zip_bytes(),
        "bad/fake_html.pdf": "<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
                             "<body>ページが見つかりません</body></html>\n".encode("utf-8"),
        "bad/empty.txt": b"",
        "bad/blank.md": b" \r\n\n\t\n",
        "bad/garbage.txt": garbage,
    }


def main() -> None:
    for name, data in corpus().items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
