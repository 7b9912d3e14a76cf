"""The national priority list of procedures (extract/data/procedure_catalog.tsv) and name matching.

    cat = load_catalog()
    cat.match("粗大ゴミ収集申込み")          # -> CatalogEntry(id="often-10", ...)
    cat.is_prefix("自動車税の賦課徴収に関する事項の")   # a wrapped name's first line -> True

Names are compared by a key that ignores what plans vary without meaning something else:
spaces, brackets, ・ 、 / and the okurigana of 手続き / 申込み / 申し込み, ゴミ / ごみ.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import regex

from normalize.text import clean_text

CATALOG_PATH = Path(__file__).resolve().parents[1] / "data" / "procedure_catalog.tsv"
COLUMNS = ("id", "group", "name", "variants", "handled_by", "source")
HANDLED_BY = ("city", "prefecture", "police", "port", "national_via_city")
# Procedures an ordinary city receives itself (the others are 手続無し in its table).
CITY_HANDLED = frozenset({"city", "national_via_city"})

_IGNORED = regex.compile(r"[\s()\[\]{}「」『』【】・、,，/／]+")
_FOLDS = (("手続き", "手続"), ("申し込み", "申込"), ("申込み", "申込"), ("ゴミ", "ごみ"),
          ("届け出", "届出"))


def name_key(text: str) -> str:
    s = clean_text(text or "")
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return _IGNORED.sub("", s)


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    group: str
    name: str
    variants: tuple[str, ...]
    handled_by: str
    source: str

    @property
    def city_handled(self) -> bool:
        return self.handled_by in CITY_HANDLED


class Catalog:
    def __init__(self, entries: list[CatalogEntry]):
        self.entries = entries
        self._by_key: dict[str, CatalogEntry] = {}
        for e in entries:
            for n in (e.name, *e.variants):
                self._by_key.setdefault(name_key(n), e)
        self._keys = sorted(self._by_key)

    def match(self, name: str) -> Optional[CatalogEntry]:
        return self._by_key.get(name_key(name))

    def is_prefix(self, text: str) -> bool:
        """True when text is the start (not the whole) of some catalog name: a wrapped cell."""
        k = name_key(text)
        return bool(k) and any(key.startswith(k) and key != k for key in self._keys)


def parse_catalog(text: str, where: str = "procedure_catalog.tsv") -> Catalog:
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if not header_seen:
            if tuple(p.strip() for p in parts) != COLUMNS:
                raise ValueError(f"{where}: line {n}: header must be {' '.join(COLUMNS)}")
            header_seen = True
            continue
        if len(parts) != len(COLUMNS):
            raise ValueError(f"{where}: line {n}: expected {len(COLUMNS)} tab-separated columns, "
                             f"got {len(parts)}")
        id_, group, name, variants, handled_by, source = (p.strip() for p in parts)
        if not id_ or not name:
            raise ValueError(f"{where}: line {n}: id and name are required")
        if id_ in seen:
            raise ValueError(f"{where}: line {n}: duplicate id {id_!r}")
        if handled_by not in HANDLED_BY:
            raise ValueError(f"{where}: line {n}: handled_by {handled_by!r} is not one of "
                             f"{', '.join(HANDLED_BY)}")
        seen.add(id_)
        entries.append(CatalogEntry(id_, group, clean_text(name),
                                    tuple(clean_text(v) for v in variants.split("|") if v.strip()),
                                    handled_by, source))
    return Catalog(entries)


@lru_cache(maxsize=None)
def load_catalog(path: Optional[Path] = None) -> Catalog:
    p = Path(path) if path else CATALOG_PATH
    return parse_catalog(p.read_text(encoding="utf-8-sig"), p.name)
