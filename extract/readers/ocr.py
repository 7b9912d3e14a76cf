"""OCR of PDF pages without a usable text layer, through the Tesseract command (Japanese model).

Why the command and not PyMuPDF's Page.get_textpage_ocr or a binding: the command's TSV output
gives every word with its box *and its confidence* (get_textpage_ocr gives no confidence, and
needs TESSDATA_PREFIX), it runs in a process of its own with a time limit and one thread
(OMP_THREAD_LIMIT=1: pages run in parallel instead), and it needs no Python package beyond the
Debian packages `tesseract-ocr tesseract-ocr-jpn`.

One page: rendered grey at OcrSettings.dpi -> deskewed (a scan is rarely straight) -> ruling
lines found in the image (extract.layout.image_lines) and erased, so Tesseract does not read a
rule as ー or | -> Tesseract words -> words of one Tesseract line joined into runs where they are
Japanese and close (Tesseract splits 情報 | 化; no space belongs between them, but never across a
ruling line) -> look-alike glyphs repaired where the vocabulary or the script makes it certain
(extract/data/ocr.toml) -> Char runs in page points, the same records the text-layer fast path
makes, so the same grid, line and parser code reads them.

    if tesseract_available():
        result = ocr_page(page)        # -> OcrPage(chars, h_edges, v_edges, low, dropped, ...)
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import threading
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np
import regex
from PIL import Image, ImageFilter

from extract.layout.chars import Char
from extract.layout.image_lines import (deskew, edges_from_mask, erase, ruling_masks, runs,
                                        skew_angle)
from extract.layout.lines import is_cjk
from extract.layout.ruling import snap_and_join
from extract.layout.settings import DEFAULT_SETTINGS

DATA = Path(__file__).resolve().parent.parent / "data"
OCR_FILE = DATA / "ocr.toml"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert"
OCR_MODES = ("auto", "never", "always")


@lru_cache(maxsize=1)
def _config() -> dict:
    return tomllib.loads(OCR_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = 300
    lang: str = "jpn"
    low_conf: float = 60.0       # words below this confidence (0-100) are warned
    drop_conf: float = 25.0      # a lone mark (no letter/digit/kanji) below this is a speck
    page_timeout: float = 120.0  # seconds for one page in Tesseract
    max_skew_deg: float = 3.0
    rule_min_pt: float = 28.0    # a ruling line is a straight run at least this long
    rule_max_thick_pt: float = 2.5   # and at most this thick (thicker: a filled box)
    rule_short_pt: float = 6.0   # or this long, running from one rule to another
    # Japanese words of one line closer than this are one run (a cell's text spread over its
    # width, 実　　施, included; the line code splits columns only at wider gaps)
    join_gap_em: float = 2.0
    spread_gap_em: float = 8.0   # single Japanese glyphs this close: one spread-out word
    solid_gap_em: float = 0.3    # other words closer than this are set solid: one run
    repair_conf: float = 85.0    # a run with a word below this may be repaired to a known term

    @classmethod
    def from_data(cls) -> "OcrSettings":
        return cls(**_config().get("settings", {}))


@dataclass
class OcrWord:
    text: str
    conf: float


@dataclass
class OcrPage:
    chars: list[Char]
    h_edges: list
    v_edges: list
    skew_deg: float = 0.0
    low: list[OcrWord] = field(default_factory=list)       # emitted, but less certain
    dropped: list[OcrWord] = field(default_factory=list)   # not emitted
    words: int = 0


class OcrError(Exception):
    """Tesseract failed or ran past its time limit on a page."""


# ----------------------------------------------------------------------------------------------
# is Tesseract there?

@lru_cache(maxsize=4)
def tesseract_available(lang: str = "jpn") -> bool:
    """The tesseract command with the language model installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    langs = set((out.stdout + out.stderr).split())
    return all(part in langs for part in lang.split("+"))


def unavailable_message() -> str:
    return ("スキャン画像やアウトライン化された文字のページを OCR（文字認識）で読むには、Tesseract "
            f"と日本語モデルを入れてください: {INSTALL_HINT}")


# ----------------------------------------------------------------------------------------------
# Japanese clean-up

def _class(ch: str, groups: list[list[str]]) -> str:
    for g in groups:
        if ch in g:
            return "[" + "".join(regex.escape(c) for c in g) + "]"
    return regex.escape(ch)


def _vocabulary_terms() -> list[str]:
    """Known terms: the labels of extract/structure/vocabulary.toml, status terms, ocr.toml's
    own terms."""
    terms = set(_config().get("terms", []))
    root = Path(__file__).resolve().parents[2]
    files = [root / "extract" / "structure" / "vocabulary.toml",
             root / "normalize" / "data" / "status.toml"]

    def collect(node) -> None:
        if isinstance(node, str):
            terms.add(node)
        elif isinstance(node, list):
            for x in node:
                collect(x)
        elif isinstance(node, dict):
            for x in node.values():
                collect(x)
    for f in files:
        if f.is_file():
            collect(tomllib.loads(f.read_text(encoding="utf-8")))
    return sorted(t for t in terms if len(t) >= 2)


@dataclass(frozen=True)
class _Repairs:
    vocab: regex.Pattern           # every confusable known term, longest first
    canon: dict[str, str]          # a matched spelling's key -> the term as listed
    groups: tuple[tuple[str, ...], ...]
    kana_between_kanji: regex.Pattern
    kanji_between_kana: regex.Pattern


def _key(text: str, groups) -> str:
    """Text with every confusable character replaced by its group's first member."""
    table = {c: g[0] for g in groups for c in g}
    return "".join(table.get(c, c) for c in text)


@lru_cache(maxsize=1)
def _repairs() -> _Repairs:
    groups = [list(g) for g in _config()["groups"]]
    confusable = {c for g in groups for c in g}
    terms = [t for t in _vocabulary_terms() if any(c in confusable for c in t)]
    terms.sort(key=len, reverse=True)
    vocab = regex.compile("|".join("".join(_class(c, groups) for c in t) for t in terms))
    # Script context applies to katakana / kanji pairs only (a kanji-only group: terms only).
    kana_groups = [g for g in groups if "\u30a0" <= g[0] <= "\u30ff"]
    kana = "".join(g[0] for g in kana_groups if g[0] != "ー")
    kanji = "".join(c for g in kana_groups for c in g[1:])
    return _Repairs(
        vocab=vocab, canon={_key(t, groups): t for t in terms},
        groups=tuple(tuple(g) for g in groups),
        kana_between_kanji=regex.compile(rf"(?<=\p{{Han}})[{kana}](?=\p{{Han}})"),
        kanji_between_kana=regex.compile(rf"(?<=\p{{Katakana}})[{kanji}](?=[\p{{Katakana}}ー])"))


_OCR_THOUSANDS = regex.compile(r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(?![\d.])(?=\s*[^\d\s.A-Za-z%％])")


def repair_numbers(text: str) -> str:
    """A thousands comma read as a period: 12.000冊 -> 12,000冊 (groups of exactly three digits
    before a counter or other Japanese text; a decimal like 12.5 or 0.125 is left alone)."""
    def fix(m: regex.Match) -> str:
        if m.group(1) == "0":
            return m.group()
        return m.group(1) + m.group(2).replace(".", ",")
    return _OCR_THOUSANDS.sub(fix, text)


@lru_cache(maxsize=1)
def _near_terms() -> dict[int, list[str]]:
    """Known Japanese terms by length (for one-glyph repairs)."""
    out: dict[int, list[str]] = {}
    for t in _vocabulary_terms():
        if len(t) >= 2 and all(is_cjk(ch) for ch in t):
            out.setdefault(len(t), []).append(t)
    return out


def repair_near_term(text: str) -> str:
    """A whole run one glyph away from exactly one known term is that term (目標人 -> 目標値,
    調査・栓討 -> 調査・検討, 天施 -> 実施; a run of two needs its Japanese glyph right). Used
    only on runs Tesseract was unsure of."""
    terms = _near_terms().get(len(text), ())
    if text in terms:
        return text
    cands = [t for t in terms
             if sum(a != b for a, b in zip(t, text)) == 1]
    if len(text) == 2:   # one glyph of two: only when the other is right and Japanese
        cands = [t for t in cands if any(a == b and is_cjk(a) for a, b in zip(t, text))]
    return cands[0] if len(cands) == 1 else text


def repair_confusions(text: str) -> str:
    """Look-alike glyphs Tesseract mixes up, repaired where certain (extract/data/ocr.toml):
    inside known terms (実施一覧 stays, 運用ー -> no change, デ一タ -> データ) and a lone glyph
    of the other script between two of one script (人ロ -> 人口, 協カ -> 協力)."""
    r = _repairs()
    to_kanji = {g[0]: g[1] for g in r.groups}
    to_kana = {c: g[0] for g in r.groups for c in g[1:]}
    text = r.kana_between_kanji.sub(lambda m: to_kanji[m.group()], text)
    text = r.kanji_between_kana.sub(lambda m: to_kana[m.group()], text)
    return r.vocab.sub(lambda m: r.canon.get(_key(m.group(), r.groups), m.group()), text)


@lru_cache(maxsize=1)
def _unsure_terms() -> tuple[regex.Pattern, dict[str, str], tuple[tuple[str, ...], ...]]:
    """ocr.toml's unsure_terms as one pattern (each glyph of an unsure group standing for its
    group), with the term each matched spelling's key stands for."""
    cfg = _config()
    groups = [list(g) for g in cfg.get("unsure_groups", [])]
    terms = sorted(cfg.get("unsure_terms", []), key=len, reverse=True)
    pattern = regex.compile("|".join("".join(_class(c, groups) for c in t) for t in terms)) \
        if terms else regex.compile(r"(?!)")
    return pattern, {_key(t, groups): t for t in terms}, tuple(tuple(g) for g in groups)


def repair_unsure(text: str, confs: list[float], limit: float) -> str:
    """Look-alikes that are both real glyphs (店 for 庁: 店内 is a word too, but the plan says
    庁内) repaired inside the known terms of ocr.toml, and only at glyphs Tesseract was unsure
    of (confidence below limit): 全店(47) -> 全庁, a confident 店 stays. confs: one per
    character of text."""
    pattern, canon, groups = _unsure_terms()

    def fix(m: regex.Match) -> str:
        term = canon.get(_key(m.group(), groups))
        if term is None:
            return m.group()
        out = list(m.group())
        for i, (got, want) in enumerate(zip(m.group(), term)):
            if got != want and confs[m.start() + i] < limit:
                out[i] = want
        return "".join(out)
    return pattern.sub(fix, text)


# Tesseract reads the capital I of AI, IT, ICT as a small l when it stands beside kana or kanji
# (生成Alを): a small l ending a run of capitals, with no small letter after it, is I.
_CAPS_L = regex.compile(r"(?<![A-Za-z])([A-Z]+)l(?![a-z])")


def repair_latin(text: str) -> str:
    """AI read as Al: a run of capitals ending in a small l (Al・RPA, 生成Alを) -> AI."""
    return _CAPS_L.sub(lambda m: m.group(1) + "I", text)


# ----------------------------------------------------------------------------------------------
# one page

def render_gray(page, dpi: int) -> Image.Image:
    from extract.mupdf import pymupdf
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def _tesseract_tsv(img: Image.Image, s: OcrSettings) -> list[dict]:
    """Tesseract's TSV rows (level, block/par/line/word numbers, box, conf, text)."""
    buf = io.BytesIO()
    img.save(buf, format="PPM")          # grey PGM: no compression cost, any Tesseract reads it
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", s.lang, "--psm", "3",
                               "--dpi", str(s.dpi), "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=s.page_timeout,
                              env=env)
    except subprocess.TimeoutExpired:
        raise OcrError(f"Tesseract が制限時間 {s.page_timeout:g} 秒以内に終わりませんでした")
    except OSError as e:
        raise OcrError(f"Tesseract を起動できません: {e.strerror or e}")
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"Tesseract がエラーで終了しました: {msg[-1] if msg else proc.returncode}")
    text = proc.stdout.decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class _Word:
    text: str
    conf: float
    x0: float
    top: float
    x1: float
    bottom: float


def _crosses_rule(a: _Word, b: _Word, v_edges: list, line_top: float, line_bottom: float) -> bool:
    """Is there a vertical ruling line between two words of one line?"""
    for x, y0, y1 in v_edges:
        if a.x1 - 1 <= x <= b.x0 + 1 and y0 <= line_bottom and y1 >= line_top:
            return True
    return False


_MARKS = frozenset("○■□")   # what read_circles / read_checkboxes made from the image


def _is_speck(run: list[_Word], s: OcrSettings) -> bool:
    """A lone mark without a letter, digit or kanji read with little confidence: noise in the
    image (a speck, a stain), not text. Marks read from the image's shapes are kept."""
    return len(run) == 1 and run[0].conf < s.drop_conf and run[0].text not in _MARKS and \
        not any(ch.isalnum() for ch in run[0].text)


def _dedupe(words: list[_Word]) -> list[_Word]:
    """Tesseract now and then reads a mark twice (○ and O over each other): a single glyph
    lying mostly over a mark read from the image is dropped. (Other words' boxes overlap
    too often to judge them this way.)"""
    words = sorted(words, key=lambda w: w.x0)
    marks = [w for w in words if w.text in _MARKS]
    if not marks:
        return words

    def over_mark(w: _Word) -> bool:
        return len(w.text) == 1 and w.text not in _MARKS and any(
            min(m.x1, w.x1) - max(m.x0, w.x0) > 0.5 * min(m.x1 - m.x0, w.x1 - w.x0)
            for m in marks)
    return [w for w in words if not over_mark(w)]


def _line_chars(words: list[_Word], top: float, bottom: float, v_edges: list,
                s: OcrSettings) -> tuple[list[Char], list[_Word]]:
    """Words of one Tesseract line -> (Char runs, specks dropped): Japanese neighbours closer
    than join_gap_em are one run (no space between them); other words stay apart for the line
    code to space."""
    size = max(bottom - top, 1.0)
    out: list[Char] = []
    dropped: list[_Word] = []
    run: list[_Word] = []

    def flush() -> None:
        if not run:
            return
        if _is_speck(run, s):
            dropped.append(run[0])
        else:
            text = "".join(w.text for w in run)
            confs = [w.conf for w in run for _ in w.text]
            text = repair_unsure(text, confs, s.repair_conf)
            text = repair_numbers(repair_latin(repair_confusions(text)))
            if min(w.conf for w in run) < s.repair_conf:
                text = repair_near_term(text)
            out.append(Char(text, run[0].x0, top, run[-1].x1, bottom, run[0].x0,
                            bottom - 0.12 * size, size, False))
        run.clear()
    for w in _dedupe(words):
        if run:
            prev = run[-1]
            gap = w.x0 - prev.x1
            # Tesseract gives every symbol of Japanese text a word of its own (1 | - | 1):
            # glyphs set solid are one run whatever their script; a wider gap between Japanese
            # glyphs is still no word space.
            cjk = is_cjk(prev.text[-1]) or is_cjk(w.text[0])
            # Single glyphs spread over a cell (実　　　施, 均等割付) are one word too.
            spread = len(w.text) == 1 and w.text not in _MARKS and \
                all(len(x.text) == 1 and is_cjk(x.text) for x in run)
            limit = s.spread_gap_em if spread else s.join_gap_em if cjk else s.solid_gap_em
            joins = gap < limit * size and not _crosses_rule(prev, w, v_edges, top, bottom)
            if not joins:
                flush()
        run.append(w)
    flush()
    return out, dropped


def _as_float(v: Optional[str], default: float = -1.0) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def words_to_chars(rows: list[dict], scale: float, v_edges: list,
                   s: OcrSettings) -> tuple[list[Char], list[OcrWord], list[OcrWord], int]:
    """Tesseract TSV rows -> (Char runs in page units, low-confidence words emitted, specks
    dropped, word count)."""
    lines: dict[tuple, list[_Word]] = {}
    boxes: dict[tuple, tuple[float, float]] = {}
    n = 0
    for r in rows:
        level = int(_as_float(r.get("level"), 0))
        key = (r.get("page_num"), r.get("block_num"), r.get("par_num"), r.get("line_num"))
        x, y = _as_float(r.get("left")) * scale, _as_float(r.get("top")) * scale
        w, h = _as_float(r.get("width")) * scale, _as_float(r.get("height")) * scale
        if level == 4:
            boxes[key] = (y, y + h)
            continue
        text = "".join((r.get("text") or "").split())
        if level != 5 or not text:
            continue
        n += 1
        lines.setdefault(key, []).append(_Word(text, _as_float(r.get("conf")), x, y, x + w, y + h))
    chars: list[Char] = []
    dropped: list[_Word] = []
    for key, words in lines.items():
        top, bottom = boxes.get(key, (min(w.top for w in words), max(w.bottom for w in words)))
        got, specks = _line_chars(words, top, bottom, v_edges, s)
        chars.extend(got)
        dropped.extend(specks)
    gone = {id(w) for w in dropped}
    low = [OcrWord(w.text, w.conf) for ws in lines.values() for w in ws
           if w.conf < s.low_conf and id(w) not in gone]
    return chars, low, [OcrWord(w.text, w.conf) for w in dropped], n


def _read_image(gray: Image.Image, s: OcrSettings, scale: float) -> dict:
    """What the image says: skew, ruling edges (page units), Tesseract's TSV rows."""
    angle = skew_angle(gray, s.max_skew_deg)
    # Straightened, and a 3x3 median against scanner noise and specks (Tesseract reads the
    # strokes of a noisy 200 dpi scan much better without them; clean renderings lose nothing).
    gray = deskew(gray, angle).filter(ImageFilter.MedianFilter(3))
    arr = np.asarray(gray)
    px_per_pt = 1.0 / scale
    min_len = max(8, round(s.rule_min_pt * px_per_pt))
    short_len = max(4, round(s.rule_short_pt * px_per_pt))
    hmask, vmask = ruling_masks(arr, min_len, max(2, round(s.rule_max_thick_pt * px_per_pt)),
                                short_len)
    h_edges, v_edges = edges_from_mask(hmask, vmask, scale, short_len)
    # One edge per rule instead of one per pixel row of it (the grid code snaps them too).
    h_edges = snap_and_join(h_edges, DEFAULT_SETTINGS)
    v_edges = snap_and_join(v_edges, DEFAULT_SETTINGS)
    clean = erase(arr, hmask | vmask)
    rows = _tesseract_tsv(Image.fromarray(clean), s)
    read_checkboxes(rows, clean)
    read_circles(rows, clean)
    read_lone_circles(rows, clean, scale)
    return {"angle": angle, "h": h_edges, "v": v_edges, "rows": rows}


@lru_cache(maxsize=1)
def _checkbox_pattern() -> regex.Pattern:
    cfg = _config()
    glyphs = "".join(regex.escape(g) for g in cfg["box_glyphs"])
    terms = "|".join(regex.escape(t) for t in cfg["checkbox_terms"])
    # the box glyph, then (in the same word or the next one) a checkbox term
    return regex.compile(rf"^[{glyphs}](?=(?:{terms})|$)")


def _box_is_ticked(img: np.ndarray, x0: int, top: int, w: int, h: int) -> bool:
    """Is the box glyph filled? Its ink is found inside Tesseract's word box (often taller or
    narrower than the glyph), then the inside of that ink box is looked at: dark for ■, white
    for □."""
    ink = _ink_box(img, x0, top, w, h)
    if ink is None:
        return False
    y0, y1, x0_, x1 = ink.int_bounds
    my, mx = max(1, (y1 - y0) // 4), max(1, (x1 - x0_) // 4)
    inner = ink.region[y0 + my:y1 - my + 1, x0_ + mx:x1 - mx + 1]
    return inner.size > 0 and float(inner.mean()) > 0.5


def _box_shape(img: np.ndarray, x0: int, top: int, w: int, h: int) -> Optional[str]:
    """"■" or "□" when the ink inside a word box is a square box (filled, or hollow: a dark
    border round a white inside), else None."""
    ink = _ink_box(img, x0, top, w, h, min_pixels=8)
    if ink is None:
        return None
    y0, y1, x0_, x1 = ink.int_bounds
    bh, bw = y1 - y0 + 1, x1 - x0_ + 1
    if not 0.75 <= bw / bh <= 1.33:
        return None
    box = ink.region[y0:y1 + 1, x0_:x1 + 1]
    my, mx = max(1, bh // 4), max(1, bw // 4)
    fill = float(box[my:bh - my, mx:bw - mx].mean())
    if fill > 0.7:   # a dense kanji stays well below
        return "■"
    b = max(1, min(bh, bw) // 8)
    border = np.concatenate([box[:b].ravel(), box[-b:].ravel(), box[:, :b].ravel(), box[:, -b:].ravel()])
    return "□" if fill < 0.12 and float(border.mean()) > 0.5 else None


def _line_of(r: dict) -> tuple:
    return (r.get("page_num"), r.get("block_num"), r.get("par_num"), r.get("line_num"))


def read_checkboxes(rows: list[dict], img: np.ndarray) -> None:
    """Box glyphs before a checkbox term become ■ (filled) or □ (empty), from the image: a
    listed box glyph (口, 画 ...) whatever its ink, any other single glyph when its ink is a box."""
    pattern = _checkbox_pattern()
    terms = tuple(_config()["checkbox_terms"])
    words = [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]
    for i, r in enumerate(words):
        text = r["text"].strip()
        listed = bool(pattern.match(text))
        if not listed and len(text) != 1:
            continue
        # Tesseract may split the term too (新 | 規): what follows on the same line, over the
        # next words
        line = [w for w in words[i + 1:i + 4] if _line_of(w) == _line_of(r)]
        following = text[1:] + "".join(w["text"].strip() for w in line)
        if not following.startswith(terms):
            continue
        box = [int(float(r[k])) for k in ("left", "top", "width", "height")]
        shape = _box_shape(img, *box)
        if shape is None and listed:
            shape = "■" if _box_is_ticked(img, *box) else "□"
        if shape is not None:
            r["text"] = shape + text[1:]


@dataclass(frozen=True)
class _Ink:
    """The ink inside a word box: its dark-pixel mask, and the bounds of the ink in it (2nd to
    98th percentile of the dark pixels: specks ignored)."""
    region: np.ndarray
    y0: float
    y1: float
    x0: float
    x1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0 + 1

    @property
    def height(self) -> float:
        return self.y1 - self.y0 + 1

    @property
    def int_bounds(self) -> tuple[int, int, int, int]:
        return int(self.y0), int(self.y1), int(self.x0), int(self.x1)


def _ink_box(img: np.ndarray, x0: int, top: int, w: int, h: int,
             min_pixels: int = 4) -> Optional[_Ink]:
    """The ink inside a word box (Tesseract's boxes are often taller or wider than the glyph);
    None with fewer than min_pixels dark pixels."""
    region = img[max(top, 0):top + h, max(x0, 0):x0 + w] < 128
    ys, xs = np.nonzero(region)
    if len(ys) < min_pixels:
        return None
    y0, y1 = np.percentile(ys, [2, 98])
    x0_, x1 = np.percentile(xs, [2, 98])
    return _Ink(region, float(y0), float(y1), float(x0_), float(x1))


def read_circles(rows: list[dict], img: np.ndarray) -> None:
    """Words Tesseract made of a circle mark (O, 0, 6 ...) whose ink is round become ○."""
    glyphs = set(_config()["circle_glyphs"])
    for r in rows:
        text = (r.get("text") or "").strip()
        if r.get("level") != "5" or text not in glyphs or text == "○":
            continue
        ink = _ink_box(img, *[int(float(r[k])) for k in ("left", "top", "width", "height")])
        if ink is not None and 0.85 <= ink.width / ink.height <= 1.2:
            r["text"] = "○"


def _components(rows: np.ndarray, starts: np.ndarray,
                ends: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """8-connected components of a sparse mask, given as its pixel runs (image_lines.runs), as
    lists of their runs: runs of adjacent rows that overlap are one component (union-find)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    by_row: dict[int, list[int]] = {}
    for i, r in enumerate(rows.tolist()):
        by_row.setdefault(r, []).append(i)
    for r, here in by_row.items():
        above = by_row.get(r - 1)
        if not above:
            continue
        j = 0
        for i in here:   # both lists run left to right
            while j < len(above) and ends[above[j]] < starts[i]:
                j += 1
            k = j
            while k < len(above) and starts[above[k]] <= ends[i]:
                parent[find(i)] = find(above[k])
                k += 1
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    return [(rows[g], starts[g], ends[g]) for g in (np.array(v) for v in groups.values())]


def _is_ring(box: np.ndarray) -> bool:
    """Is this ink (a component's mask, cut to its bounding box) a circle mark: about as wide
    as high, nothing in the middle or in the corners, ink in every direction round it?"""
    h, w = box.shape
    if not 0.8 <= w / h <= 1.25:
        return False
    cy, cx = (h - 1) / 2, (w - 1) / 2
    ys, xs = np.nonzero(box)
    d = np.hypot(ys - cy, xs - cx) / (min(h, w) / 2)
    if (d < 0.55).any() or (d > 1.25).any():     # ink in the middle, or in the corners
        return False
    sectors = ((np.arctan2(ys - cy, xs - cx) + np.pi) / (2 * np.pi) * 8).astype(int) % 8
    return len(set(sectors.tolist())) == 8


_MAX_MARK_RUNS = 50_000   # ink runs outside the words of a page of text: a few thousand (~3 s here)


def read_lone_circles(rows: list[dict], img: np.ndarray, scale: float) -> None:
    """Circle marks Tesseract did not read at all (a small ○ alone in a 導入済 or 達成 cell often
    gives no word): rings of ink outside every word box, the size of a glyph, are added as ○
    words of their own (confidence 90: read from the shape, not by Tesseract)."""
    ink = img < 128
    for r in rows:
        if r.get("level") == "5" and (r.get("text") or "").strip():
            x, y, w, h = (int(float(r[k])) for k in ("left", "top", "width", "height"))
            ink[max(y, 0):y + h, max(x, 0):x + w] = False
    lo, hi = 4.0 / scale, 20.0 / scale             # a mark 4 to 20 points across
    found = 0
    ink_runs = runs(ink, 1)
    if len(ink_runs[0]) > _MAX_MARK_RUNS:   # a photo or a dark page: no table of marks
        return
    for rr, ss, ee in _components(*ink_runs):
        top, bottom = int(rr.min()), int(rr.max()) + 1
        left, right = int(ss.min()), int(ee.max())
        if not (lo <= bottom - top <= hi and lo <= right - left <= hi):
            continue
        box = np.zeros((bottom - top, right - left), dtype=bool)
        for r_, s_, e_ in zip(rr.tolist(), ss.tolist(), ee.tolist()):
            box[r_ - top, s_ - left:e_ - left] = True
        if not _is_ring(box):
            continue
        found += 1
        rows.append({"level": "5", "page_num": "1", "block_num": f"mark{found}", "par_num": "1",
                     "line_num": "1", "word_num": "1", "left": str(left), "top": str(top),
                     "width": str(right - left), "height": str(bottom - top), "conf": "90",
                     "text": "○"})


# ----------------------------------------------------------------------------------------------
# cache: a page image already read is not read again (reruns of a batch, the test suite)

CACHE_ENV = "PLAN_EXTRACT_OCR_CACHE"   # a folder; "off" disables the cache
_READING_DATA = ("checkbox_terms", "box_glyphs", "circle_glyphs")   # ocr.toml keys read by _read_image


def cache_dir() -> Optional[Path]:
    where = os.environ.get(CACHE_ENV)
    if where == "off":
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "plan-extract" / "ocr"


@lru_cache(maxsize=1)
def _code_key() -> str:
    """The code that makes a cache entry, the data it reads and the Tesseract version: a change
    to any is a new cache (what is done with an entry afterwards may change freely: the repair
    vocabulary of ocr.toml is not part of the key; the settings are, through _cache_key)."""
    import inspect
    h = hashlib.sha256()
    for fn in (_read_image, _tesseract_tsv, read_checkboxes, _checkbox_pattern, _box_is_ticked,
               _box_shape, _line_of, read_circles, _Ink, _ink_box, _components, _is_ring,
               read_lone_circles):
        h.update(inspect.getsource(fn).encode())
    h.update((Path(__file__).resolve().parents[1] / "layout" / "image_lines.py").read_bytes())
    cfg = _config()
    h.update(json.dumps({k: cfg.get(k) for k in _READING_DATA}, ensure_ascii=False).encode())
    try:
        h.update(subprocess.run(["tesseract", "--version"], capture_output=True,
                                timeout=30).stdout)
    except (OSError, subprocess.TimeoutExpired):
        pass
    return h.hexdigest()


def _cache_key(gray: Image.Image, s: OcrSettings, scale: float) -> str:
    h = hashlib.sha256(_code_key().encode())
    h.update(repr((s, scale, gray.size)).encode())
    h.update(gray.tobytes())
    return h.hexdigest()


def _cached_read(gray: Image.Image, s: OcrSettings, scale: float) -> dict:
    folder = cache_dir()
    path = None
    if folder is not None:
        key = _cache_key(gray, s, scale)
        path = folder / key[:2] / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    got = _read_image(gray, s, scale)
    if path is not None:
        try:   # atomic: a half-written entry is never read
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass   # a read-only home: no cache, same result
    return got


def ocr_image(gray: Image.Image, s: OcrSettings, scale: float) -> OcrPage:
    """OCR of a grey page image; `scale` turns pixels into page units (72 / dpi for points)."""
    got = _cached_read(gray, s, scale)
    chars, low, dropped, n = words_to_chars(got["rows"], scale, got["v"], s)
    return OcrPage(chars, got["h"], got["v"], got["angle"], low, dropped, n)


def ocr_page(page, s: Optional[OcrSettings] = None) -> OcrPage:
    """OCR of one PyMuPDF page, in its points."""
    s = s or OcrSettings.from_data()
    return ocr_image(render_gray(page, s.dpi), s, 72.0 / s.dpi)
