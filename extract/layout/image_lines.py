"""Ruling lines and skew of a page image (a scan, or a page rendered for OCR).

The vector path of a PDF tells ruling lines directly (ruling.py); an image must be looked at.
Camelot's lattice mode does it with OpenCV morphology (an opening with a long thin kernel keeps
only long straight runs of dark pixels); here the same is done with numpy run lengths, which is
all that opening amounts to for a one-row or one-column kernel:

    dark pixels -> horizontal (vertical) runs at least `min_len` long -> thin ones only (a filled
    box is shading, not ruling) -> edges in the [position, start, end] form ruling.py reads.

Deskew: a scan is rarely straight. The angle is the one whose horizontal projection of dark
pixels is sharpest (text lines and rules fall on as few rows as possible), searched on a
reduced image.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

DARK = 160                 # grey level below which a pixel is ink (0 black .. 255 white)


def dark_mask(gray: np.ndarray) -> np.ndarray:
    return gray < DARK


def runs(mask: np.ndarray, min_len: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True along each row at least min_len long: (row, start, end) arrays, end
    exclusive, in row-major order."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded, axis=1)
    sr, sc = np.nonzero(d == 1)
    er, ec = np.nonzero(d == -1)   # pairs with the starts: both are in row-major order
    keep = (ec - sc) >= min_len
    return sr[keep], sc[keep], ec[keep]


def _run_mask(shape: tuple[int, int], rows, starts, ends) -> np.ndarray:
    """A mask with the given runs set (a cumulative sum of +1/-1 marks per row)."""
    h, w = shape
    marks = np.zeros((h, w + 1), dtype=np.int32)
    np.add.at(marks, (rows, starts), 1)
    np.add.at(marks, (rows, ends), -1)
    return np.cumsum(marks, axis=1)[:, :w] > 0


def _line_mask(mask: np.ndarray, min_len: int, max_thick: int) -> np.ndarray:
    """Pixels of long thin horizontal lines: long runs along rows, then only where the run
    stack is at most max_thick pixels thick (a thicker stack is a filled box)."""
    long_ = _run_mask(mask.shape, *runs(mask, min_len))
    thick = _run_mask(long_.T.shape, *runs(long_.T, max_thick + 1)).T
    return long_ & ~thick


def _grow(mask: np.ndarray, reach: int) -> np.ndarray:
    """The mask widened by `reach` pixels every way (a square dilation)."""
    out = mask.copy()
    for _ in range(reach):
        step = out.copy()
        step[1:, :] |= out[:-1, :]
        step[:-1, :] |= out[1:, :]
        step[:, 1:] |= out[:, :-1]
        step[:, :-1] |= out[:, 1:]
        out = step
    return out


def _anchored(candidates: np.ndarray, cross: np.ndarray, min_len: int, reach: int) -> np.ndarray:
    """Runs of `candidates` along rows at least min_len long whose two ends both lie on a
    line of `cross` (the rules of the other direction): the short rule between two rules."""
    rows, starts, ends = runs(candidates, min_len)
    near = _grow(cross, reach)
    keep = near[rows, starts] & near[rows, ends - 1]
    return _run_mask(candidates.shape, rows[keep], starts[keep], ends[keep])


def ruling_masks(gray: np.ndarray, min_len: int, max_thick: int,
                 short_len: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the horizontal and of the vertical ruling lines of a grey image.

    Rules at least min_len long, and with short_len, shorter ones (at least short_len) that run
    from one rule of the other direction to another: the column rule of a one-line header row
    (令和8年度 | 令和9年度), which no length threshold tells from a glyph's stroke, but a stroke
    never reaches from one rule to the next."""
    ink = dark_mask(gray)
    h, v = _line_mask(ink, min_len, max_thick), _line_mask(ink.T, min_len, max_thick).T
    if short_len is None or short_len >= min_len:
        return h, v
    reach = max(1, max_thick // 2)
    h_short = _anchored(_line_mask(ink, short_len, max_thick) & ~h, v, short_len, reach)
    v_short = _anchored((_line_mask(ink.T, short_len, max_thick) & ~v.T), h.T, short_len, reach).T
    return h | h_short, v | v_short


def edges_from_mask(hmask: np.ndarray, vmask: np.ndarray, scale: float,
                    min_len: int) -> tuple[list[list[float]], list[list[float]]]:
    """Ruling edges in page units (pixels * scale): horizontal [y, x0, x1], vertical [x, y0, y1].
    Each pixel row of a line gives a segment; ruling.snap_and_join merges them."""
    h = [[(r + 0.5) * scale, s * scale, e * scale] for r, s, e in zip(*runs(hmask, min_len))]
    v = [[(r + 0.5) * scale, s * scale, e * scale] for r, s, e in zip(*runs(vmask.T, min_len))]
    return h, v


def erase(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The image with the masked pixels (and their neighbours: anti-aliased edges) white, so the
    OCR engine does not read a rule as ー, 一 or |."""
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    out = gray.copy()
    out[grown] = 255
    return out


def _sharpness(img: Image.Image) -> float:
    rows = (np.asarray(img) < DARK).sum(axis=1).astype(np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: Image.Image, max_deg: float = 3.0, step: float = 0.1,
               work_width: int = 600) -> float:
    """The angle (degrees, counter-clockwise) by which the page content is turned; rotating the
    image by minus it straightens it. 0.0 for a page without ink."""
    scale = work_width / gray.width
    small = gray.resize((work_width, max(1, round(gray.height * scale))), Image.BILINEAR) \
        if scale < 1 else gray
    if not (np.asarray(small) < DARK).any():
        return 0.0
    n = int(round(max_deg / step))
    best, best_score = 0.0, -1.0
    for k in range(-n, n + 1):
        a = k * step
        score = _sharpness(small.rotate(-a, resample=Image.BILINEAR, fillcolor=255))
        if score > best_score + 1e-9:
            best, best_score = a, score
    return round(best, 2)


def deskew(gray: Image.Image, angle: float) -> Image.Image:
    """The page turned straight (white where the corners come in)."""
    if abs(angle) < 0.05:
        return gray
    return gray.rotate(-angle, resample=Image.BICUBIC, fillcolor=255)
