"""Department lists -> list of names, as printed (NFKC, spaces inside a name removed).

    split_departments("情報推進課、財政課、関係所属")         -> ["情報推進課", "財政課", "関係所属"]
    split_departments("危機管理室・福祉政策課")              -> ["危機管理室", "福祉政策課"]
    split_departments("子育て支援課、保育課、\\n\\n高齢者支援課") -> [..., "高齢者支援課"]
Rules and vocabulary: data/departments.toml.
"""
from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import regex

from normalize.text import clean_text

_DATA = Path(__file__).resolve().parent / "data"
_CONF = tomllib.loads((_DATA / "departments.toml").read_text(encoding="utf-8"))
_SUFFIX = "|".join(regex.escape(s) for s in sorted(_CONF["suffixes"], key=len, reverse=True))
_COLLECTIVE = frozenset(_CONF["collective"])
_KINDS = frozenset(_CONF["kinds"])
_ROLE_TITLE = "|".join(regex.escape(s) for s in sorted(_CONF["role_titles"], key=len, reverse=True))
_GLUED_ROLE = regex.compile(rf"(?<=(?:{_ROLE_TITLE}))(?=[\p{{Han}}\p{{Katakana}}])")

_BULLET = regex.compile(r"^[\s・･●○◯◎■□◆◇▪•\-*※]+")
_ALWAYS = regex.compile(r"[、,，/／;；]")
# ・ or spaces after a department suffix separate two names.
_AFTER_SUFFIX = regex.compile(rf"(?<=(?:{_SUFFIX}))(?:[ \t\u3000]*[・･][ \t\u3000]*|[ \t\u3000]+)(?=\S)")
_LINE_END_SPLITS = regex.compile(rf"(?:{_SUFFIX}|[、,，/／;；])$")


def _join_wrapped(text: str) -> list[str]:
    """Lines -> chunks: a line break ends a chunk only after a suffix or a separator."""
    chunks, cur = [], ""
    for line in text.split("\n"):
        line = _BULLET.sub("", line.strip(" \t\u3000")) if not cur else line.strip(" \t\u3000")
        if not line:
            continue
        cur += line
        if _LINE_END_SPLITS.search(cur):
            chunks.append(cur)
            cur = ""
    if cur:
        chunks.append(cur)
    return chunks


def split_departments(text: str) -> list[str]:
    if not text:
        return []
    s = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for chunk in _join_wrapped(s):
        for part in _ALWAYS.split(chunk):
            for name in _AFTER_SUFFIX.split(part):
                name = clean_text(_BULLET.sub("", name))
                if name and name not in out:
                    out.append(name)
    return out


def split_glued_roles(name: str) -> list[str]:
    """総務課長所属長職員 -> [総務課長, 所属長, 職員]: role titles whose line breaks were lost."""
    return [piece for piece in _GLUED_ROLE.split(name) if piece]


def looks_like_department(name: str) -> bool:
    """A name that ends as department names do (情報政策課, 総務部, 関係各課): used to tell a
    department list in brackets from other bracketed text ((仮称), (再掲))."""
    name = clean_text(name)
    if _COUNT.search(name):          # のべ55箇所, 5個所: a count in brackets, not an owner
        return False
    if name in _KINDS:               # 学校（小中学校・高等学校）: kinds of school, not owners
        return False
    return bool(name) and (is_collective(name) or regex.search(rf"(?:{_SUFFIX})$", name) is not None)


# Department names carry no figures; a bracket holding one counts places or items.
_COUNT = regex.compile(r"\d|[箇個ヶか]所$")


def is_collective(name: str) -> bool:
    """全所属, 関係所属, 各課 ...: entries that stand for several departments."""
    return clean_text(name) in _COLLECTIVE
