"""Card label recognition, driven by extract/data/labels.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import regex

LABELS_FILE = Path(__file__).resolve().parent.parent / "data" / "labels.toml"


@dataclass(frozen=True)
class LabelMatch:
    field: str      # start, name, department, goal, ...
    label: str      # the variant as listed in labels.toml
    rest: str       # text after the label (in the same cell / line)


def _variant_pattern(variant: str) -> str:
    # Spaces inside a printed label are justification: allow them between any two characters.
    return r"\s*".join(regex.escape(ch) for ch in variant if not ch.isspace())


@dataclass
class LabelTable:
    fields: dict[str, list[str]]
    bracketed_only: frozenset[str]

    def __post_init__(self) -> None:
        pairs = [(v, f) for f, vs in self.fields.items() for v in vs]
        pairs.sort(key=lambda p: -len(p[0]))           # longest variant wins
        alternation = "|".join(f"(?P<g{i}>{_variant_pattern(v)})" for i, (v, _) in enumerate(pairs))
        self._pairs = pairs
        # A label ends at whitespace, a colon, or the end of the text.
        self._start = regex.compile(rf"^\s*(?:{alternation})(?=[\s:：]|$)[\s:：]*")

    def match_start(self, text: str, *, in_cell: bool) -> Optional[LabelMatch]:
        """The label a cell or line starts with, if any."""
        m = self._start.match(text)
        if not m:
            return None
        i = int(m.lastgroup[1:])
        variant, field = self._pairs[i]
        if variant in self.bracketed_only and not in_cell and not text.lstrip().startswith("("):
            return None
        return LabelMatch(field, variant, text[m.end():].strip())

    def match_exact(self, text: str) -> Optional[LabelMatch]:
        """A cell that holds nothing but a label."""
        m = self.match_start(text, in_cell=True)
        return m if m and not m.rest else None


@lru_cache(maxsize=None)
def load_labels(path: Path = LABELS_FILE) -> LabelTable:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return LabelTable(fields={k: list(v) for k, v in data["fields"].items()},
                      bracketed_only=frozenset(data.get("bracketed_only", {}).get("labels", [])))
