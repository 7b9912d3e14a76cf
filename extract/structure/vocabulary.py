"""The vocabulary: roles, their printed forms, and what each role means in each context.

Data: extract/structure/vocabulary.toml (its header says how to edit it).

API:
    vocabulary() -> Vocabulary              loaded once
    Vocabulary.forms(role) -> tuple[str]    printed forms of a role
    Vocabulary.context(name) -> dict[field, tuple[role]]
    Vocabulary.field_forms(name) -> dict[field, tuple[form]]   forms per field of a context
    Vocabulary.values(section) -> dict      non-label vocabularies (marks, arrows, ...)
    label_key(text) -> str                  how table cells are compared with forms
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.toml"


@lru_cache(maxsize=1 << 16)
def label_key(text: str) -> str:
    """A cell or form as compared with the vocabulary: NFKC, no spaces. Runs on every cell for
    every context a parser tries, on the same few thousand texts: cached."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass(frozen=True)
class Role:
    name: str
    forms: tuple[str, ...]
    glue_number: bool = False       # No.1-1: the label may be glued to a number
    bracketed_only: bool = False    # on a text line only inside brackets


class Vocabulary:
    def __init__(self, data: dict) -> None:
        self.roles: dict[str, Role] = {
            name: Role(name, tuple(spec["forms"]), bool(spec.get("glue_number")),
                       bool(spec.get("bracketed_only")))
            for name, spec in data["roles"].items()}
        self.contexts: dict[str, dict[str, tuple[str, ...]]] = {
            name: {f: tuple(rs) for f, rs in fields.items()}
            for name, fields in data["contexts"].items()}
        self._values = data.get("values", {})
        self.recipes: dict = data.get("recipes", {})    # what a table of a kind needs (header.py)
        self._column_keys: dict[str, Mapping[str, str]] = {}
        for ctx, fields in self.contexts.items():
            for f, rs in fields.items():
                for r in rs:
                    if r not in self.roles:
                        raise ValueError(f"{VOCABULARY_FILE.name}: context {ctx}.{f} names "
                                         f"unknown role {r!r}")

    def forms(self, role: str) -> tuple[str, ...]:
        return self.roles[role].forms

    def context(self, name: str) -> dict[str, tuple[str, ...]]:
        return self.contexts[name]

    def field_forms(self, name: str) -> dict[str, tuple[str, ...]]:
        """field -> printed forms, for one context (roles expanded, order kept)."""
        return {f: tuple(form for r in rs for form in self.roles[r].forms)
                for f, rs in self.contexts[name].items()}

    def column_keys(self, name: str) -> Mapping[str, str]:
        """label_key(form) -> field for a table context; a form serving two fields maps to the
        first (see field_keys for all). Built once per context: header readers ask per row."""
        cached = self._column_keys.get(name)
        if cached is None:
            out: dict[str, str] = {}
            for f, forms in self.field_forms(name).items():
                for form in forms:
                    out.setdefault(label_key(form), f)
            cached = self._column_keys[name] = MappingProxyType(out)
        return cached

    def field_keys(self, name: str, field: str) -> frozenset[str]:
        return frozenset(label_key(f) for f in self.field_forms(name)[field])

    def values(self, section: str) -> dict:
        return self._values[section]

    def duplicates(self) -> list[str]:
        """Forms listed under more than one role (should be none)."""
        seen: dict[str, str] = {}
        dup = []
        for role in self.roles.values():
            for form in role.forms:
                k = label_key(form)
                if k in seen:
                    dup.append(f"{form} ({seen[k]}, {role.name})")
                seen[k] = role.name
        return dup


@lru_cache(maxsize=None)
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    return Vocabulary(tomllib.loads(path.read_text(encoding="utf-8")))
