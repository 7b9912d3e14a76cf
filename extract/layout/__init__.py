"""PDF page geometry: characters, lines, ruling grids, running headers, text quality.

Small functions over plain records (x0, top, x1, bottom in PDF points); every tolerance lives in
``settings.LayoutSettings``. ``extract.readers.pdf`` chains them into a Document.
"""
from .settings import DEFAULT_SETTINGS, LayoutSettings

__all__ = ["DEFAULT_SETTINGS", "LayoutSettings"]
