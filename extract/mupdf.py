"""PyMuPDF as the readers use it: imported without its layout model.

PyMuPDF 2.0 imports pymupdf.layout at its own import whenever the pymupdf_layout package is
installed (a dependency of pymupdf itself), and that loads ONNX models: seconds and ~55 MB per
process, for Page.get_layout(), which plan-extract never calls. Marking the module as absent
before the first import makes PyMuPDF skip it (its import is guarded by `except ImportError`).
A process that imported pymupdf.layout (or pymupdf) before us keeps it.

Every module of the extractor imports pymupdf from here: `from extract.mupdf import pymupdf`.
"""
from __future__ import annotations

import sys

if "pymupdf" not in sys.modules:
    sys.modules.setdefault("pymupdf.layout", None)   # type: ignore[assignment]

import pymupdf  # noqa: E402

__all__ = ["pymupdf"]
