"""Schedule / review status terms -> canonical codes, vocabulary in data/status.toml.

    vocab = StatusVocabulary.load(user_map)      # user_map: --status-map FILE (TOML or TSV), optional
    vocab.map(" 一 部 実 施")                     # -> ("partial", "一部実施")
    vocab.warnings()                             # one {"code", "message"} per distinct unmapped text

Reading rule (documented in the data file): first term from the left, longest at a position.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import regex

from normalize.text import clean_text

_DATA = Path(__file__).resolve().parent / "data"
STATUS_FILE = _DATA / "status.toml"     # shown by `plan-extract status-map --dump`
OTHER = "other"
# Bullets and marks printed before a status (・実施, ●運用); stripped from the raw form too.
_LEADING_MARKS = regex.compile(r"^[・･\-‐*•●○◯◎■□▪▫◆◇►▶>\s]+")
_SPACES = regex.compile(r"\s+")
_SPACED_WORDS = regex.compile(r"[A-Za-z] [A-Za-z]")   # English words keep their spaces


def _read_map(path: Path) -> dict[str, str]:
    """term -> code from a TOML [codes] table (code = [terms]) or a TSV of term<TAB>code lines."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".toml":
        terms: dict[str, str] = {}
        for code, words in tomllib.loads(text).get("codes", {}).items():
            for w in words:
                terms[clean_text(w)] = code
        return terms
    terms = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"{path.name} {n}行目: 「語<TAB>状態コード」の形ではありません（{line}）")
        terms[clean_text(parts[0])] = parts[1]
    return terms


class StatusVocabulary:
    def __init__(self, terms: dict[str, str]):
        self.terms = dict(terms)
        alternatives = sorted(self.terms, key=len, reverse=True)  # longest first at one position
        self._pattern = regex.compile("|".join(regex.escape(t) for t in alternatives)) if alternatives else None
        self._unmapped: dict[str, int] = {}

    @classmethod
    def load(cls, user_map: Path | None = None) -> "StatusVocabulary":
        terms = _read_map(STATUS_FILE)
        if user_map is not None:
            terms.update(_read_map(Path(user_map)))
        return cls(terms)

    @staticmethod
    def clean(raw: str) -> str:
        """The printed form kept as status_raw: NFKC, spaces removed, leading bullet stripped."""
        s = clean_text(raw or "")
        s = _LEADING_MARKS.sub("", s)
        return _SPACES.sub("", s) if not _SPACED_WORDS.search(s) else s

    def map(self, raw: str) -> tuple[str, str]:
        cleaned = self.clean(raw)
        if not cleaned:
            return OTHER, cleaned
        m = self._pattern.search(cleaned) if self._pattern else None
        if m is None:
            self._unmapped[cleaned] = self._unmapped.get(cleaned, 0) + 1
            return OTHER, cleaned
        return self.terms[m.group(0)], cleaned

    def warnings(self) -> list[dict]:
        return [{"code": "status_unmapped",
                 "message": f"状態「{term}」は状態の語彙にないため other としました（{n} か所）。"
                            f"--status-map で追加できます"}
                for term, n in self._unmapped.items()]
