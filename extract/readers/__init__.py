"""Input -> Document. One reader per input kind; the kind is recognized by content, the file
extension only breaks ties."""
from __future__ import annotations

from pathlib import Path

import regex

from extract.ir import Document


class InputError(Exception):
    """An input that cannot be read at all; the message names the file (and page)."""


PDF_MAGIC = b"%PDF-"
_MD_SIGNS = [
    regex.compile(r"^#{1,6}\s", regex.M),
    regex.compile(r"</?(p|sup|b|br|input|ul|li)\b", regex.I),
    regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|", regex.M),
    regex.compile(r"\t"),
]


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else legacy CP932 / Shift_JIS / EUC-JP; never mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for enc in ("utf-8", "cp932", "euc_jp"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    raise InputError(f"{name}: not text in UTF-8, Shift_JIS/CP932 or EUC-JP (binary data?)")


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32 and b not in (12, 27))
    return ctrl > len(head) * 0.05


def sniff_kind(data: bytes, path: Path) -> str:
    """'pdf', 'markdown' or 'text'."""
    if data.lstrip()[:5] == PDF_MAGIC or data[:1024].find(PDF_MAGIC) >= 0:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        raise InputError(f"{path.name}: a ZIP archive (e.g. docx/xlsx), not a PDF or text")
    if looks_binary(data):
        raise InputError(f"{path.name}: binary data, not a PDF or text file")
    sample = decode_text(data[:200_000], path.name) if len(data) > 200_000 else None
    text = sample if sample is not None else decode_text(data, path.name)
    score = sum(1 for r in _MD_SIGNS if r.search(text))
    if score >= 2 or (score == 1 and path.suffix.lower() in (".md", ".markdown")):
        return "markdown"
    return "text"


def read_document(path: Path, *, max_pages: int | None = None) -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path.name}: empty file")
    kind = sniff_kind(data, path)
    if kind == "pdf":
        from extract.readers.pdf import read_pdf  # pymupdf is imported only when needed
        return read_pdf(path, max_pages=max_pages) if max_pages else read_pdf(path)
    text = decode_text(data, path.name)
    if kind == "markdown":
        from extract.readers.markdown import read_markdown
        return read_markdown(path, text)
    from extract.readers.plain import read_plain
    return read_plain(path, text)
