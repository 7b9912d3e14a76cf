"""Input -> Document. One reader per input kind; the kind is recognized by content, the file
extension only breaks ties.

Everything that makes an input unreadable as a whole becomes an InputError whose message is one
line naming the file: empty, a ZIP or HTML page or binary data where a PDF or text was expected,
a PDF that is corrupt, truncated or needs a password, text in an encoding we cannot tell. The
batch reports it and goes on with the other files. A scanned PDF is not an error: the PDF reader
warns no_text_layer for its pages.

Legacy text: Japanese municipal text files are often Shift_JIS / CP932 (Windows) or EUC-JP.
Every candidate decoding is tried and the one that reads as Japanese is kept; a decoding that
would only produce mojibake is refused rather than passed on.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import regex

from extract.ir import Document


class InputError(Exception):
    """An input that cannot be read at all; the message names the file (and page)."""


PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
PDF_EOF_WINDOW = 64 * 1024        # %%EOF must appear this close to the end (trailing junk allowed)
SNIFF_BYTES = 200_000             # decoding is decided on this much of a text file
# Limits that keep a text input's cost bounded (README "Limits"). The largest plan dumps seen are
# about 100 KB with lines of 1,500 characters; a 600-page budget book is a few MB of text.
MAX_TEXT_BYTES = 8 * 1024 * 1024      # a larger text file is refused before it is read
MAX_LINE_CHARS = 10_000               # a longer line is cut there (warned line_truncated)
LINES_NAMED = 5                       # long lines named one by one in warnings, then a count
LEGACY_ENCODINGS = ("cp932", "euc_jp")
MOJIBAKE_MAX_SHARE = 0.02         # of non-ASCII characters: C1 controls, private use, U+FFFD
UTF8_MAX_DAMAGE = 0.001           # share of characters a damaged UTF-8 file may lose
_MD_SIGNS = [
    regex.compile(r"^#{1,6}\s", regex.M),
    regex.compile(r"</?(p|sup|b|br|input|ul|li)\b", regex.I),
    regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|", regex.M),
    regex.compile(r"\t"),
]
_HTML_PAGE = regex.compile(rb"^\s*(<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html)", regex.I)
_JAPANESE = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Han}ー、。「」（）]")
_HALFWIDTH_KANA = regex.compile(r"[\uFF61-\uFF9F]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")    # keeps \t \n \r \f


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str        # utf-8, utf-16, cp932, euc_jp
    replaced: int = 0    # invalid byte sequences replaced by U+FFFD (a damaged UTF-8 file)


def _odd_chars(text: str) -> int:
    """Characters a wrong code page produces: private use, unassigned, C1 controls, U+FFFD."""
    odd = text.count("\ufffd")
    for ch in text:
        if ord(ch) < 0x80:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Co", "Cn", "Cc"):
            odd += 1
    return odd


def _plausibility(text: str) -> float:
    """Higher for text that reads as Japanese. Half-width kana count against a decoding (EUC-JP
    read as CP932 turns into them) without being impossible (old systems print ﾃﾞｼﾞﾀﾙ)."""
    n = max(len(text), 1)
    return (len(_JAPANESE.findall(text)) - len(_HALFWIDTH_KANA.findall(text))
            - 10 * _odd_chars(text)) / n


def looks_like_mojibake(text: str) -> bool:
    """No Japanese sentence is written without hiragana; a decoding whose non-ASCII characters
    are mostly half-width kana or impossible characters is the wrong one."""
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    if not non_ascii:
        return False
    if _odd_chars(text) > MOJIBAKE_MAX_SHARE * non_ascii:
        return True
    hiragana = sum(1 for ch in text if "\u3041" <= ch <= "\u309f")
    return hiragana == 0 and len(_HALFWIDTH_KANA.findall(text)) > non_ascii / 2


def _strict(data: bytes, enc: str) -> Optional[str]:
    """data decoded, tolerating only a character cut at the very end (the sniffing window)."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3 and e.reason in ("unexpected end of data",
                                                      "incomplete multibyte sequence"):
            return data[:e.start].decode(enc, errors="replace")
        return None


def decode_text(data: bytes, name: str) -> str:
    """The text of a text file (see decode_text_info)."""
    return decode_text_info(data, name).text


def decode_text_info(data: bytes, name: str) -> Decoded:
    """UTF-8 / UTF-16 (by BOM), else the decoding under which the bytes read as Japanese: strict
    CP932, strict EUC-JP, or UTF-8 with a few damaged bytes replaced. Raises InputError when none
    reads as Japanese (it would be mojibake)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
        if text is None:
            raise InputError(f"{name}: UTF-16 の BOM で始まりますが、UTF-16 のテキストとして読めません")
        return Decoded(text, "utf-16")
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    candidates = []
    for enc in () if bom else LEGACY_ENCODINGS:
        text = _strict(data, enc)
        if text is not None:
            candidates.append(Decoded(text, enc))
    damaged = data.decode("utf-8", errors="replace")
    n_bad = damaged.count("\ufffd")
    if bom or n_bad <= max(3, UTF8_MAX_DAMAGE * len(damaged)):
        candidates.append(Decoded(damaged, "utf-8", replaced=n_bad))
    candidates = [c for c in candidates if not looks_like_mojibake(c.text)]
    if not candidates:
        raise InputError(f"{name}: 文字コードを判別できません（UTF-8・Shift_JIS/CP932・EUC-JP の"
                         f"どれでも日本語として読めません。バイナリデータ？）")
    return max(candidates, key=lambda d: _plausibility(d.text))


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return ctrl > len(head) * 0.05


def what_is(data: bytes) -> Optional[str]:
    """A short name for content that is clearly not a plan input, else None."""
    if data[:4] == b"PK\x03\x04":
        return "ZIP 形式のファイル（docx・xlsx など）"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "旧形式の Microsoft Office のファイル（doc・xls）"
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
        return "画像（JPEG・PNG）"
    if _HTML_PAGE.match(data[:1024]):
        return "HTML のページ（文書ではなくウェブページを保存した？）"
    if looks_binary(data):
        return "バイナリデータ"
    return None


def sniff_kind(data: bytes, path: Path) -> str:
    """'pdf', 'markdown' or 'text'; InputError for anything else."""
    if data[:1024].find(PDF_MAGIC) >= 0:
        return "pdf"
    other = what_is(data)
    named_pdf = path.suffix.lower() == ".pdf"
    if other:
        if named_pdf:
            raise InputError(f"{path.name}: 拡張子は .pdf ですが、中身は{other}です")
        raise InputError(f"{path.name}: {other}で、PDF でもテキストでもありません")
    if named_pdf:
        raise InputError(f"{path.name}: 拡張子は .pdf ですが、PDF のヘッダーがありません（テキストファイル？）")
    text = decode_text(data[:SNIFF_BYTES], path.name)
    score = sum(1 for r in _MD_SIGNS if r.search(text))
    if score >= 2 or (score == 1 and path.suffix.lower() in (".md", ".markdown")):
        return "markdown"
    return "text"


def printable(text: str) -> str:
    """Text that can be written as UTF-8: the bytes of a file name that is not UTF-8 (which
    Python keeps as lone surrogates, and which would stop the JSON and CSV writers) become
    U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF we would read wrongly or not at all: truncated (no %%EOF near the end, e.g.
    an interrupted download: MuPDF would silently repair it and lose pages), corrupt, password
    protected, no pages. A PDF encrypted with an owner password only opens normally."""
    if PDF_EOF not in data[-PDF_EOF_WINDOW:]:
        raise InputError(f"{name}: PDF が途中で切れています（末尾の %EOF がありません。ダウンロードが途中で止まった？）")
    from extract.mupdf import pymupdf
    try:
        with pymupdf.open(stream=data, filetype="pdf") as pdf:
            if pdf.needs_pass:
                raise InputError(f"{name}: パスワードがないと開けない暗号化された PDF です")
            if pdf.page_count == 0:
                raise InputError(f"{name}: ページが一つもない PDF です")
    except InputError:
        raise
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as e:
        raise InputError(f"{name}: 壊れた PDF で、開けません（{one_line(e) or type(e).__name__}）")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path.name}: ファイルではなくフォルダです")
    except OSError as e:
        raise InputError(f"{path.name}: 読めません（{e.strerror or type(e).__name__}）")


def _check_text_size(path: Path) -> None:
    """Refuse a text input over MAX_TEXT_BYTES before reading it (a PDF's cost is bounded per
    page by its reader)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return                                   # read_bytes names the problem
    if size > MAX_TEXT_BYTES and PDF_MAGIC not in head:
        raise InputError(f"{path.name}: テキストが大きすぎるため読みません（{size / 2**20:.0f} MB、"
                         f"上限 {MAX_TEXT_BYTES // 2**20} MB）。計画ごとのファイルに分けてください")


_LONG_LINE = regex.compile(r"[^\n]{%d,}" % (MAX_LINE_CHARS + 1))


def cut_long_lines(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Lines over MAX_LINE_CHARS cut there (no plan prints such a line: it is a dump without
    line breaks or not a plan); returns the text and (line number, length) of each cut line."""
    if not _LONG_LINE.search(text):
        return text, []
    lines = text.split("\n")
    cut = [(i + 1, len(ln)) for i, ln in enumerate(lines) if len(ln) > MAX_LINE_CHARS]
    for i, _ in cut:
        lines[i - 1] = lines[i - 1][:MAX_LINE_CHARS]
    return "\n".join(lines), cut


def _warn_cut(doc: Document, name: str, cut: list[tuple[int, int]]) -> None:
    for line, length in cut[:LINES_NAMED]:
        doc.warn("line_truncated", f"{name} {line}行目: {length:,} 文字の行を {MAX_LINE_CHARS:,} "
                                   f"文字で切りました（残りは読んでいません）", line=line)
    if len(cut) > LINES_NAMED:
        doc.warn("line_truncated", f"{name}: ほかに {len(cut) - LINES_NAMED} 行を "
                                   f"{MAX_LINE_CHARS:,} 文字で切りました")


def read_document(path: Path, *, max_pages: int | None = None, ocr: str = "auto",
                  ocr_jobs: int = 1) -> Document:
    """ocr, ocr_jobs: how PDF pages without a usable text layer are read (extract.readers.pdf)."""
    path = Path(path)
    _check_text_size(path)
    data = read_bytes(path)
    if not data.strip():
        raise InputError(f"{path.name}: 空のファイルです" if not data else f"{path.name}: 空白だけのファイルです")
    kind = sniff_kind(data, path)
    if kind == "pdf":
        check_pdf(data, path.name)
        from extract.readers.pdf import read_pdf  # pymupdf is imported only when needed
        from extract.mupdf import pymupdf
        try:
            return read_pdf(path, max_pages=max_pages, ocr=ocr, ocr_jobs=ocr_jobs)
        except (RuntimeError, pymupdf.mupdf.FzErrorBase) as e:
            # MuPDF errors inside a page (broken content stream, bad font): the file is damaged.
            raise InputError(f"{path.name}: 壊れた PDF です（{one_line(e) or type(e).__name__}）") from e
    decoded = decode_text_info(data, path.name)
    del data                                            # the bytes are not needed any more
    text, controls = _CONTROL.subn("", decoded.text)   # NUL, BEL ... would end up in the CSVs
    text, cut = cut_long_lines(text)
    if kind == "markdown":
        from extract.readers.markdown import read_markdown
        doc = read_markdown(path, text)
    else:
        from extract.readers.plain import read_plain
        doc = read_plain(path, text)
    _warn_cut(doc, path.name, cut)
    if controls:
        doc.warn("control_characters_removed",
                 f"{path.name}: 制御文字（NUL、BEL など）{controls} 個を取り除きました")
    if decoded.replaced:
        doc.warn("encoding_damaged", f"{path.name}: UTF-8 として不正なバイト列 {decoded.replaced} か所を "
                                     f"U+FFFD に置き換えました")
    if decoded.encoding in LEGACY_ENCODINGS:
        label = {"cp932": "Shift_JIS/CP932", "euc_jp": "EUC-JP"}[decoded.encoding]
        doc.warn("legacy_encoding", f"{path.name}: UTF-8 ではないため {label} のテキストとして読みました")
    return doc
