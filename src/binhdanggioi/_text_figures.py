"""Figures stated in narrative text, and which table rows a sentence names.

Used by the rule ``loi-van-lech-bang`` of :mod:`binhdanggioi.rules`. Everything here
leans towards silence: a number counts only when a word after it says it is a
number of people ("200 đại biểu", "10.450 lượt học sinh") or a count ("01 hội
nghị", "21 buổi"); numbers that compare ("tăng 3", "gấp 2 lần"), that are vague
("hàng trăm") or that could be a year ("năm học") are left alone.

>>> [(f.value, f.kind, f.qualifier) for f in figures_in("có hơn 10.450 lượt học sinh")]
[(10450, 'nguoi', 'hon')]
>>> [(f.value, f.kind) for f in figures_in("tổ chức 01 hội nghị với hai trăm đại biểu")]
[(1, 'so_luong'), (200, 'nguoi')]
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

import attrs

from binhdanggioi.vietnamese import NUMBER_WORDS, parse_number, parse_number_words

__all__ = [
    "Figure",
    "Kind",
    "PhraseFinder",
    "Qualifier",
    "agrees",
    "clauses",
    "figures_in",
    "found_phrases",
    "has_number",
    "phrase_pattern",
    "words",
]

Kind = Literal["nguoi", "so_luong"]
"""What a number in text counts: people, or events / products (the row's count)."""

Qualifier = Literal["dung", "hon", "khoang", "duoi", "it_nhat"]
"""How exact a number is: exact, "hơn/trên", "khoảng/gần", "dưới", "ít nhất"."""

# Words (NFC, lower case) that say the number before them counts people.
_PEOPLE: tuple[str, ...] = (
    "đại biểu",
    "người",
    "người dân",
    "học sinh",
    "hội viên",
    "đoàn viên",
    "cán bộ",
    "công chức",
    "viên chức",
    "giáo viên",
    "thành viên",
    "sinh viên",
    "thanh niên",
    "trẻ em",
    "em",
    "phụ nữ",
    "khán giả",
    "học viên",
    "người lao động",
    "lượt người",
    "đồng chí",
)
# Words that say the number before them is a count of events or products.
_COUNTS: tuple[str, ...] = (
    "buổi",
    "cuộc",
    "lần",
    "lớp",
    "đợt",
    "phiên",
    "hội nghị",
    "hội thảo",
    "chiến dịch",
    "tin",
    "bài",
    "tin bài",
    "phóng sự",
    "cái",
    "tờ",
    "chiếc",
    "sản phẩm",
    "lượt phát",
    "lượt phát sóng",
)
# Before a number: how exact it is, or that it is not a figure of the row at all.
_QUALIFIERS: dict[str, Qualifier | None] = {
    "hơn": "hon",
    "trên": "hon",
    "gần": "khoang",
    "khoảng": "khoang",
    "chừng": "khoang",
    "xấp xỉ": "khoang",
    "ước": "khoang",
    "ước tính": "khoang",
    "dưới": "duoi",
    "chưa đến": "duoi",
    "ít nhất": "it_nhat",
    "tối thiểu": "it_nhat",
    # A change, a rank or a vague size: never the row's figure.
    "tăng": None,
    "giảm": None,
    "gấp": None,
    "thêm": None,
    "thứ": None,
    "hàng": None,
    "số": None,
}
# A lone word of these is too often not a number ("năm học", "tư pháp", "không có").
_AMBIGUOUS_ALONE = frozenset({"năm", "tư", "không", "linh", "lẻ", "mốt", "lăm", "nhăm", "ba"})

_SCALE_WORDS = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6}
# A number in words starts with a digit or "mười"; "trăm người", "nghìn người" are vague.
_NOT_FIRST = frozenset({"mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"})

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|%")
# A clause ends at a full stop, semicolon, colon or line break (not inside "10.450").
_CLAUSE_END = re.compile(r"(?<!\d)[.;:!?](?!\d)|[.;:!?](?=\s)|\n")


def words(text: str) -> list[str]:
    """The words and numbers of ``text``, NFC and lower case; punctuation dropped.

    >>> words("Có 10.450 lượt HỌC SINH, 58%")
    ['có', '10.450', 'lượt', 'học', 'sinh', '58', '%']
    """
    return _TOKEN.findall(unicodedata.normalize("NFC", text).casefold())


def clauses(text: str) -> list[str]:
    """``text`` cut into sentences and clauses at ``.``, ``;``, ``:`` and line ends.

    >>> clauses("Có 10.450 học sinh; tổ chức 01 hội nghị. Xong")
    ['Có 10.450 học sinh', ' tổ chức 01 hội nghị', ' Xong']
    """
    return [c for c in _CLAUSE_END.split(text) if c.strip()]


def has_number(tokens: Iterable[str]) -> bool:
    """Some word of ``tokens`` (from :func:`words`) is a digit or a number word."""
    return any(t[0].isdigit() or t in NUMBER_WORDS for t in tokens)


@attrs.frozen
class Figure:
    """A number in text: its ``value``, what it counts, how exact it is, where it ends."""

    value: int
    kind: Kind
    qualifier: Qualifier
    start: int  # index of its first word in :func:`words`
    end: int  # index just after its last word


def _starts_with(tokens: Sequence[str], at: int, phrases: Iterable[str]) -> int:
    """Length in words of the longest of ``phrases`` at ``tokens[at:]`` (0: none)."""
    best = 0
    for phrase in phrases:
        parts = phrase.split()
        if tuple(tokens[at : at + len(parts)]) == tuple(parts):
            best = max(best, len(parts))
    return best


def _number_at(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """The whole number starting at ``tokens[i]`` and the index after it, if one starts there."""
    token = tokens[i]
    if token[0].isdigit():
        if "," in token:
            return None  # a decimal: never a count
        try:
            value = parse_number(token)
        except ValueError:
            return None
        if i + 1 < len(tokens) and tokens[i + 1] in _SCALE_WORDS:  # "10 nghìn"
            return value * _SCALE_WORDS[tokens[i + 1]], i + 2
        return value, i + 1
    if token not in NUMBER_WORDS or token in _NOT_FIRST:
        return None
    j = i
    while j < len(tokens) and tokens[j] in NUMBER_WORDS:
        j += 1
    run = tokens[i:j]
    if len(run) == 1 and run[0] in _AMBIGUOUS_ALONE:
        return None
    try:
        return parse_number_words(" ".join(run)), j
    except ValueError:
        return None


def _qualifier(tokens: Sequence[str], i: int) -> Qualifier | Literal[False]:
    """The qualifier just before ``tokens[i]``; ``False`` when the number is not a figure."""
    for size in (2, 1):
        if i - size >= 0:
            before = " ".join(tokens[i - size : i])
            if before in _QUALIFIERS:
                found = _QUALIFIERS[before]
                return False if found is None else found
    return "dung"


def figures_in(text: str, *, count_words: Iterable[str] = ()) -> list[Figure]:
    """The numbers of people and the counts ``text`` states, in order.

    ``count_words`` are more words that mark a count (a row's own name or unit).
    """
    tokens = words(text)
    counts = (*_COUNTS, *count_words)
    found: list[Figure] = []
    i = 0
    while i < len(tokens):
        number = _number_at(tokens, i)
        if number is None:
            i += 1
            continue
        value, after = number
        qualifier = _qualifier(tokens, i)
        kind = _kind_after(tokens, after, counts)
        if qualifier is not False and kind is not None:
            found.append(Figure(value, kind, qualifier, i, after))
        i = after
    return found


def _kind_after(tokens: Sequence[str], at: int, counts: Sequence[str]) -> Kind | None:
    if at < len(tokens) and tokens[at] in ("%", "phần"):
        return None
    if at < len(tokens) and tokens[at] == "lượt":
        # "10.450 lượt học sinh" counts people; a bare "lượt" may count broadcasts.
        if _starts_with(tokens, at + 1, _PEOPLE):
            return "nguoi"
        return "so_luong" if _starts_with(tokens, at, counts) else None
    people = _starts_with(tokens, at, _PEOPLE)
    count = _starts_with(tokens, at, counts)
    if people == count:  # neither, or a word that could be both
        return None
    return "nguoi" if people > count else "so_luong"


def agrees(figure: Figure, values: Iterable[int]) -> bool:
    """The number in text is consistent with one of ``values`` (the row's figures).

    Approximate numbers disagree only clearly: "hơn 100" with 80, "khoảng 100" with
    60, never "hơn 100" with 100 (writers use "hơn" loosely).
    """
    x = figure.value
    for v in values:
        if figure.qualifier == "dung" and v == x:
            return True
        if figure.qualifier == "hon" and v >= 0.9 * x:
            return True
        if figure.qualifier == "it_nhat" and v >= x:
            return True
        if figure.qualifier == "khoang" and 0.75 * x <= v <= 1.25 * x:
            return True
        if figure.qualifier == "duoi" and v <= 1.1 * x:
            return True
    return False


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """A regex finding any of ``phrases`` (as word sequences) in a text of :func:`words`."""
    keys = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")


def found_phrases(pattern: re.Pattern[str] | None, tokens: Sequence[str]) -> Iterator[str]:
    """Every phrase of ``pattern`` in the word list ``tokens``."""
    if pattern is None:
        return
    text = " ".join(tokens)
    for match in pattern.finditer(text):
        yield match.group(0)


class PhraseFinder:
    """Finds phrases in a word list as :func:`phrase_pattern` and :func:`found_phrases`
    do (leftmost, then longest, without overlap), without compiling a regex per set of
    phrases: compiling one of a report's few hundred names costs milliseconds.

    Matches fall on word boundaries, except that the regex may also start or end a
    phrase inside a number such as ``10.450``; only a phrase beginning or ending with
    a digit can, and for a text holding such a number the regex is used.

    >>> finder = PhraseFinder(["hội nghị", "hội nghị tuyên truyền", "tờ rơi"])
    >>> list(finder.find(words("02 hội nghị tuyên truyền, 500 tờ rơi")))
    ['hội nghị tuyên truyền', 'tờ rơi']
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._phrases = frozenset(p for p in phrases if p)
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self._phrases:
            parts = tuple(phrase.split(" "))
            by_first.setdefault(parts[0], []).append(parts)
        for candidates in by_first.values():
            candidates.sort(key=len, reverse=True)
        self._by_first = by_first
        self._digit_edged = any(p[0].isdecimal() or p[-1].isdecimal() for p in self._phrases)
        self._pattern: re.Pattern[str] | None = None

    def extended(self, phrases: Iterable[str]) -> PhraseFinder:
        """This finder with ``phrases`` too, built on this one's index (a report's row names
        on its catalogue's names) rather than from the start.

        >>> base = PhraseFinder(["hội nghị"])
        >>> list(base.extended(["hội nghị tuyên truyền"]).find(words("hội nghị tuyên truyền")))
        ['hội nghị tuyên truyền']
        """
        added = {p for p in phrases if p and p not in self._phrases}
        if not added:
            return self
        finder = copy.copy(self)
        finder._phrases = self._phrases | added
        by_first = dict(self._by_first)
        copied: set[str] = set()
        for phrase in added:
            parts = tuple(phrase.split(" "))
            if parts[0] not in copied:  # a list of ours is copied before it changes
                copied.add(parts[0])
                by_first[parts[0]] = list(by_first.get(parts[0], ()))
            by_first[parts[0]].append(parts)
        for first in copied:
            by_first[first].sort(key=len, reverse=True)
        finder._by_first = by_first
        finder._digit_edged = self._digit_edged or any(
            p[0].isdecimal() or p[-1].isdecimal() for p in added
        )
        finder._pattern = None
        return finder

    def find(self, tokens: Sequence[str]) -> Iterator[str]:
        """Every phrase in ``tokens`` (a list of :func:`words`), in order."""
        if self._digit_edged and any("." in t or "," in t for t in tokens):
            if self._pattern is None:
                self._pattern = phrase_pattern(self._phrases)
            yield from found_phrases(self._pattern, tokens)
            return
        i, end = 0, len(tokens)
        while i < end:
            for parts in self._by_first.get(tokens[i], ()):
                if tuple(tokens[i : i + len(parts)]) == parts:
                    yield " ".join(parts)
                    i += len(parts)
                    break
            else:
                i += 1
