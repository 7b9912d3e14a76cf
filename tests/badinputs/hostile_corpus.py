"""The hostile-input corpus (issue 10.11): generated, not committed (some files are large or
cannot live in git: links, a pipe, a name that is not UTF-8). Same files for the same code:
fixed seeds, no clock.

    build_corpus(folder) -> the paths written; EXPECTED says what each must give.

byte flips of the bundled sample PDF, truncations, a cyclic page tree, deep object graphs, a
huge page, text over the size limit and a line over the line limit, odd file names, links.
"""
from __future__ import annotations

import os
import random
from pathlib import Path

from extract.readers import MAX_LINE_CHARS, MAX_TEXT_BYTES

HERE = Path(__file__).resolve().parent
SAMPLE_PDF = HERE.parents[1] / "samples" / "hibarino_infoplan.pdf"
PLAN_TEXT = HERE / "good" / "kamome_utf8.txt"
FLIP_SEEDS, FLIPS = (0, 1, 2, 5, 7, 10), 20
HUGE_PAGE_WORDS = 3000

# file name -> ("ok", warning codes it must carry) or ("failed", words its reason must contain)
# or ("not_read", the reason code in report.json's not_read)
EXPECTED: dict[str, tuple[str, object]] = {
    "flip_0.pdf": ("failed", "ページが一つもない PDF"),
    **{f"flip_{s}.pdf": ("ok", {"pdf_repaired"}) for s in FLIP_SEEDS if s},
    "truncated_half.pdf": ("failed", "PDF が途中で切れています"),
    "truncated_no_xref.pdf": ("ok", {"pdf_repaired"}),
    "cyclic_page_tree.pdf": ("ok", {"page_unreadable"}),
    "self_parent.pdf": ("ok", {"page_unreadable"}),
    "deep_array.pdf": ("ok", {"pdf_repaired"}),
    "deep_dict.pdf": ("ok", {"pdf_repaired"}),
    "reference_chain.pdf": ("ok", {"pdf_repaired"}),
    "huge_page.pdf": ("ok", set()),
    "over_size_limit.txt": ("failed", "テキストが大きすぎる"),
    "long_line.txt": ("ok", {"line_truncated"}),
    "=cmd|' calc'!A0.txt": ("ok", {"csv_formula_neutralized"}),
    "-o.txt": ("ok", set()),
    "line\nbreak.txt": ("ok", set()),
    "計画 (最終版)　全角.txt": ("ok", set()),
    "x" * 200 + ".txt": ("ok", set()),
    "not-utf8-\udcff\udcfe.txt": ("ok", set()),
    "dangling.pdf": ("not_read", "dangling_link"),
    "loop_a.txt": ("not_read", "link_loop"),
    "loop_b.txt": ("not_read", "link_loop"),
    "pipe.txt": ("not_read", "special_file"),
}


def pdf_from_objects(objs: list[bytes]) -> bytes:
    """A PDF whose object i+1 is objs[i] (object 1 the catalog), with a correct xref table: MuPDF
    meets the hostile structure itself, not a broken file it repairs first."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"


def flipped(data: bytes, seed: int, flips: int = FLIPS) -> bytes:
    """`flips` random bits flipped (a damaged download or disk), the same for the same seed."""
    rng, b = random.Random(seed), bytearray(data)
    for _ in range(flips):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def hostile_pdfs() -> dict[str, bytes]:
    sample = SAMPLE_PDF.read_bytes()
    files = {f"flip_{s}.pdf": flipped(sample, s) for s in FLIP_SEEDS}
    files["truncated_half.pdf"] = sample[: len(sample) // 2]
    cut = sample.rindex(b"xref")                     # the cross-reference table cut away
    files["truncated_no_xref.pdf"] = sample[:cut] + b"\n%%EOF\n"
    files["cyclic_page_tree.pdf"] = pdf_from_objects([
        CATALOG, ONE_PAGE, b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"])
    files["self_parent.pdf"] = pdf_from_objects([
        CATALOG, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    files["deep_array.pdf"] = pdf_from_objects([
        CATALOG, ONE_PAGE, PAGE + b" /Deep " + b"[" * 200_000 + b"]" * 200_000 + b" >>"])
    files["deep_dict.pdf"] = pdf_from_objects([
        CATALOG, ONE_PAGE, PAGE + b" /Contents 4 0 R >>",
        b"<< /Length 0 /X " + b"<< /A " * 50_000 + b"1" + b" >>" * 50_000
        + b" >>\nstream\n\nendstream"])
    files["reference_chain.pdf"] = pdf_from_objects(
        [CATALOG, ONE_PAGE, PAGE + b" /Resources 4 0 R >>"]
        + [b"%d 0 R" % (i + 1) for i in range(4, 3000)] + [b"4 0 R"])   # 4 -> 5 -> ... -> 4
    ops = b"".join(b"BT /F1 6 Tf %d %d Td (w%d) Tj ET\n"
                   % (20 + (i % 80) * 7, 20 + (i // 80) % 110 * 7, i)
                   for i in range(HUGE_PAGE_WORDS))
    files["huge_page.pdf"] = pdf_from_objects([
        CATALOG, ONE_PAGE,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    return files


def build_corpus(folder: Path) -> list[Path]:
    """Write the corpus into `folder` (created); returns every path written, links included."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in hostile_pdfs().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    plan = PLAN_TEXT.read_bytes()
    big = folder / "over_size_limit.txt"
    with big.open("wb") as f:                       # sparse: large to the reader, not on disk
        f.write(plan)
        f.truncate(MAX_TEXT_BYTES + 1)
    long_line = plan.replace("取組内容 \n".encode(), ("取組内容 " + "長" * (2 * MAX_LINE_CHARS)
                                                   + "\n").encode(), 1)
    (folder / "long_line.txt").write_bytes(long_line)
    written += [big, folder / "long_line.txt"]
    for name in EXPECTED:
        if EXPECTED[name][0] == "ok" and name.endswith(".txt") and name != "long_line.txt":
            path = folder / name
            # distinct content per file (the same bytes would be one plan, the rest duplicates)
            path.write_bytes(plan + f"\n備考 {name!a}\n".encode())
            written.append(path)
    (folder / "dangling.pdf").symlink_to("nowhere.pdf")
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    os.mkfifo(folder / "pipe.txt")
    written += [folder / n for n in ("dangling.pdf", "loop_a.txt", "loop_b.txt", "pipe.txt")]
    return written
