"""A "scanned" rendition of a PDF: every page rendered to a grey image at 200 dpi, turned by a
small angle, with sensor noise and a few specks, and written back as a PDF of images only (no
text layer), the way a plan printed and scanned by a city office looks.

    python tests/ocr/scan.py samples/hibarino_infoplan.pdf -o /tmp/scan.pdf
    scan_pdf(src, dst, pages=[0, 2])   # from tests and bench/ocr.py

Deterministic: the angle and the noise come from a generator seeded by the page number, so the
same input gives the same scan (and the same extraction) every time.
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import pymupdf
from PIL import Image

DPI = 200
MAX_ANGLE = 0.8        # degrees, either way
NOISE_SIGMA = 12.0     # grey levels of Gaussian sensor noise
SPECKS = 300           # dark specks per page (dust on the glass)


def scan_page(page: pymupdf.Page, seed: int, dpi: int = DPI) -> Image.Image:
    """One page as a scanner would give it back: grey, slightly turned, noisy."""
    rng = np.random.default_rng(seed)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    angle = float(rng.uniform(-MAX_ANGLE, MAX_ANGLE))
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    arr = np.asarray(img).astype(np.float32)
    arr += rng.normal(0.0, NOISE_SIGMA, arr.shape)
    ys = rng.integers(0, arr.shape[0], SPECKS)
    xs = rng.integers(0, arr.shape[1], SPECKS)
    arr[ys, xs] = rng.uniform(0, 120, SPECKS)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def scan_pdf(src: Path, dst: Path, pages: Optional[Sequence[int]] = None) -> Path:
    """Write the scanned rendition of src (all pages, or the given 0-based ones) to dst."""
    with pymupdf.open(src) as doc, pymupdf.open() as out:
        for i in (range(len(doc)) if pages is None else pages):
            page = doc[i]
            img = scan_page(page, seed=1000 + i)
            buf = io.BytesIO()
            img.save(buf, format="PNG", optimize=False)
            new = out.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, stream=buf.getvalue())
        out.save(dst, garbage=3, deflate=True, no_new_id=True)
    return dst


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--pages", type=int, nargs="*", help="0-based pages (default: all)")
    args = ap.parse_args(argv)
    scan_pdf(args.pdf, args.output, args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
