"""Identity of a unit's name: one key however a file spells it.

Pure functions, no registry: :func:`remove_invisible`, :func:`clean_text`,
:func:`fold_lookalikes`, :func:`split_kind`, :func:`take_kind`, :func:`parse_kind`
and :func:`unit_key`. A private helper of :mod:`binhdanggioi.vocabulary`, which
re-exports them (the model needs them and must not import the registry package).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "KINDS",
    "clean_text",
    "fold_lookalikes",
    "key_of_bare",
    "keys_of",
    "parse_kind",
    "remove_invisible",
    "split_kind",
    "strip_accents",
    "take_kind",
    "unit_key",
]

#: Unit kinds, Vietnamese lower case, two tiers since 1/7/2025 and three before.
KINDS: tuple[str, ...] = (
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
)

# Abbreviations seen in headers and tables; only these three, because a one-letter
# abbreviation ("P.", "X.") could be an initial inside a real name.
_ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn"}

# Spellings accepted where the kind stands alone (a `loai` field): without accents too.
_KIND_SPELLINGS: dict[str, str] = {
    **{k: k for k in KINDS},
    **_ABBREVIATIONS,
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
    "thành phố trung ương": "thành phố",
    "thành phố trực thuộc trung ương": "thành phố",
    "thành phố thuộc tỉnh": "thành phố",
    "huyen": "huyện",
    "quan": "quận",
    "thi xa": "thị xã",
    "xa": "xã",
    "phuong": "phường",
    "thi tran": "thị trấn",
    "dac khu": "đặc khu",
}

# Longest first, so that a kind never hides a longer one that starts with it.
_PREFIX = re.compile(
    r"(?P<kind>"
    + "|".join(re.escape(k) for k in sorted(KINDS, key=len, reverse=True))
    + r")(?:\s+|$)"
    + r"|(?P<abbr>tp|tx|tt)(?:\.\s*|\s+)",
    re.IGNORECASE,
)

_LOOKALIKES = str.maketrans(
    {
        # Icelandic eth and African D look exactly like the Vietnamese đ / Đ.
        "Ð": "Đ",
        "ð": "đ",
        "Ɖ": "Đ",
        "ɖ": "đ",
        # Cyrillic letters drawn like Latin ones.
        "а": "a",
        "в": "b",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "ԛ": "q",
        "ԝ": "w",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "У": "Y",
        "Х": "X",
        "І": "I",
        "Ј": "J",
        "Ѕ": "S",
        # Greek capitals and the lower-case letters drawn like Latin ones.
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "ο": "o",
        "ι": "i",
        "ν": "v",
        "κ": "k",
        "υ": "u",
    }
)

# Dashes count as spaces and apostrophes as nothing, so "Chân Mây – Lăng Cô" meets
# "Chân Mây-Lăng Cô" and "Ea H’leo" meets "Ea H'Leo" and "Ea Hleo".
_DASHES = dict.fromkeys("-‐‑‒–—―−﹣－", " ")
_APOSTROPHES = dict.fromkeys("'’‘ʼʹ`´′＇", "")

# Unicode category Cf (format characters), as of Unicode 15; a test checks it against
# the running Python's unicodedata. A regex is ten times faster than asking per character.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
# Any Cyrillic or Greek letter (precomposed ones too) or a look-alike of Đ: only then fold.
_FOREIGN = re.compile("[\u0370-\u03ff\u0400-\u052f\u1f00-\u1fffÐðƉɖ]")
_KEY_TABLE = str.maketrans({**_DASHES, **_APOSTROPHES})

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED = frozenset("ăâêôơư")


def remove_invisible(text: str) -> str:
    """Text without invisible format characters (Unicode category Cf), in NFC.

    What every text read from a file becomes; spacing and line breaks are kept.

    >>> remove_invisible("Dương\\u200b  Qu\\u00adang\\ufeff") == "Dương  Quang"
    True
    >>> remove_invisible("Ba\\u0300\\u200d Ri\\u0323a") == "Bà Rịa"
    True
    """
    if text.isascii():
        return text  # no format character is ASCII, and ASCII is always NFC
    return unicodedata.normalize("NFC", _FORMAT.sub("", text))


def clean_text(text: str) -> str:
    """Text without invisible format characters, in NFC, with single spaces.

    Removes every character of Unicode category Cf (zero-width space and joiners,
    soft hyphen, byte-order mark, directional marks) before composing, so that a
    mark split from its letter by one of them still composes.

    >>> clean_text("Dương\\u200b  Quang\\u00ad ") == "Dương Quang"
    True
    >>> clean_text("Ba\\u0300 Ri\\u0323a") == "Bà Rịa"
    True
    """
    return " ".join(remove_invisible(text).split())


def fold_lookalikes(text: str) -> str:
    """Replace letters that look like Vietnamese/Latin ones by those letters.

    ``Ð`` (U+00D0, Icelandic eth) becomes ``Đ`` (U+0110); Cyrillic and Greek letters
    drawn like Latin ones become Latin. Marks are kept and recomposed.

    >>> fold_lookalikes("\\u00d0ồng Tháp") == "Đồng Tháp"
    True
    >>> fold_lookalikes("Tân L\\u0430p") == "Tân Lap"
    True
    """
    if _FOREIGN.search(text) is None:
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", decomposed.translate(_LOOKALIKES))


@functools.lru_cache(maxsize=1024)
def parse_kind(value: str) -> str | None:
    """The canonical kind for a kind as written alone (a ``loai`` field), or None.

    >>> parse_kind("Thị Trấn"), parse_kind("TP."), parse_kind("xa"), parse_kind("làng")
    ('thị trấn', 'thành phố', 'xã', None)
    """
    folded = " ".join(fold_lookalikes(clean_text(value)).casefold().rstrip(".").split())
    return _KIND_SPELLINGS.get(folded)


def split_kind(name: str) -> tuple[str | None, str]:
    """Split one leading kind off a name: ``(kind, bare_name)``.

    The kind is canonical lower case; the bare name is cleaned and keeps its case.
    Only one kind is taken off ("Phường Phường Đúc" is the ward "Phường Đúc"). A
    name that is only a kind word stays a name.

    >>> split_kind("Xã Dương Quang")
    ('xã', 'Dương Quang')
    >>> split_kind("Thành phố Hồ Chí Minh")
    ('thành phố', 'Hồ Chí Minh')
    >>> split_kind("TP.Hồ Chí Minh"), split_kind("TX. Sơn Tây")
    (('thành phố', 'Hồ Chí Minh'), ('thị xã', 'Sơn Tây'))
    >>> split_kind("Phường 1"), split_kind("Thị xã"), split_kind("Dương Quang")
    (('phường', '1'), (None, 'Thị xã'), (None, 'Dương Quang'))
    """
    return _split(fold_lookalikes(clean_text(name)))


def take_kind(name: str) -> tuple[str | None, str]:
    """Split one leading kind off a name as written: ``(kind, rest)``.

    Unlike :func:`split_kind`, the rest keeps its letters and inner spacing as
    typed (look-alikes are not folded): this is for stored text, not for keys.
    The kind is canonical lower case; outer spaces and invisible characters go.

    >>> take_kind("  Xã  Dương Quang ")
    ('xã', 'Dương Quang')
    >>> take_kind("TT. Chợ  Rã"), take_kind("Dương Quang")
    (('thị trấn', 'Chợ  Rã'), (None, 'Dương Quang'))
    """
    return _split(remove_invisible(name).strip())


def _split(text: str) -> tuple[str | None, str]:
    """:func:`split_kind` of a text already cleaned and folded."""
    match = _PREFIX.match(text)
    if match is None or match.end() == len(text):
        return None, text
    if match["kind"] is not None:
        return match["kind"].casefold(), text[match.end() :]
    return _ABBREVIATIONS[match["abbr"].casefold()], text[match.end() :]


def unit_key(name: str, kind: str | None = None) -> str:
    """The canonical key of a unit's name, equal for every spelling of one name.

    The key is the bare name (see :func:`split_kind`), cleaned, look-alikes folded,
    case-folded, dashes read as spaces, apostrophes dropped, single-spaced, and the tone mark moved
    to one place in each syllable ("Hoà" and "Hòa", "Thuỷ" and "Thủy" are one name:
    the official list itself writes both ways).

    Diacritics are **kept**: distinct units of one province differ only by them
    (Thái Nguyên has both "Xã Văn Lang" and "Xã Văn Lăng", "Xã Cẩm Giang" and
    "Xã Cẩm Giàng"; nine more such pairs exist across the country), so folding
    accents would merge two real communes. Suggestions for a name typed without
    accents come from :meth:`Registry.closest`, never from the key.

    ``kind`` is the kind stated elsewhere (a ``loai`` field). A leading kind word
    that contradicts it is part of the name.

    >>> spellings = ("Xã Dương Quang", "dương  QUANG", "Dương\u200b Qu\u00adang", "xã dương quang")
    >>> {unit_key(s) for s in spellings}
    {'dương quang'}
    >>> unit_key("\u00d0ồng Tâm") == unit_key("Xã Đồng Tâm") == unit_key("Đồng Tâm", kind="xã")
    True
    >>> unit_key("Xã Hoà An"), unit_key("Hòa  An", kind="Xã")
    ('hòa an', 'hòa an')
    >>> unit_key("Thành phố Hồ Chí Minh"), unit_key("TP. Hồ Chí Minh")
    ('hồ chí minh', 'hồ chí minh')
    >>> unit_key("Quận Sơn Tây", kind="xã"), unit_key("Xã Văn Lang") == unit_key("Xã Văn Lăng")
    ('quận sơn tây', False)
    """
    text = fold_lookalikes(clean_text(name))
    stated = parse_kind(kind) if kind is not None else None
    found, bare = _split(text)
    if stated is not None and found is not None and found != stated:
        bare = text
    return _key(bare)


def key_of_bare(bare: str) -> str:
    """:func:`unit_key` of a name known to carry no kind ("Phường Đúc" of "Phường Phường Đúc").

    >>> key_of_bare("Phường Đúc")
    'phường đúc'
    """
    return _key(fold_lookalikes(clean_text(bare)))


@functools.lru_cache(maxsize=16384)  # names repeat: a province, then the nation
def keys_of(name: str) -> tuple[str | None, str, str]:
    """``(kind, key of the bare name, key of the whole name)`` in one pass, for lookups.

    >>> keys_of("Phường Phường Đúc")
    ('phường', 'phường đúc', 'phường phường đúc')
    """
    text = fold_lookalikes(clean_text(name))
    kind, bare = _split(text)
    return kind, _key(bare), _key(text) if kind is not None else _key(bare)


def _key(text: str) -> str:
    """:func:`key_of_bare` of a text already cleaned and folded.

    Folding to lower case can make a look-alike (U+0345 becomes Greek iota), so the
    look-alikes are folded again after it: a key is its own key.
    """
    lowered = fold_lookalikes(text.casefold()).casefold()
    return " ".join(map(_place_tone, lowered.translate(_KEY_TABLE).split()))


def strip_accents(key: str) -> str:
    """A key without any diacritic (đ → d), for similarity scores only.

    >>> strip_accents("đặc khu côn đảo")
    'dac khu con dao'
    """
    decomposed = unicodedata.normalize("NFD", key.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=16384)
def _place_tone(word: str) -> str:
    """Put a lower-case syllable's tone mark on one vowel by the traditional rule.

    >>> [_place_tone(w) for w in ("hoà", "thuỷ", "quý", "người", "khoái", "giữa")]
    ['hòa', 'thủy', 'quý', 'người', 'khoái', 'giữa']
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", decomposed)  # no tone, or not one syllable
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    at = _tone_position(bare)
    if at is None:
        return unicodedata.normalize("NFC", decomposed)
    return unicodedata.normalize("NFC", bare[: at + 1] + tones[0] + bare[at + 1 :])


def _tone_position(bare: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless syllable, or None."""
    vowels = [i for i, c in enumerate(bare) if c in _VOWELS]
    # "qu" and "gi" before another vowel are consonants: quý, giữa.
    if len(vowels) > 1 and vowels[0] > 0:
        onset = bare[vowels[0] - 1 : vowels[0] + 1]
        if onset in ("qu", "gi") and vowels[1] == vowels[0] + 1:
            vowels = vowels[1:]
    if not vowels:
        return None
    cluster = [vowels[0]]
    for i in vowels[1:]:
        if i != cluster[-1] + 1:
            break
        cluster.append(i)
    marked = [i for i in cluster if bare[i] in _MARKED]
    if marked:
        return marked[-1]
    if cluster[-1] + 1 < len(bare) and bare[cluster[-1] + 1].isalpha():
        return cluster[-1]  # closed syllable: hoàng, toán
    if len(cluster) == 3:
        return cluster[1]  # khoái, khuỷu
    return cluster[0]  # open syllable: hòa, thủy, mía, múa
