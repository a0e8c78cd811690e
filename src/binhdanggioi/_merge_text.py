"""The units' narrative merged: items that say the same thing (folded, fuzzy-matched)
kept once with the units that said them, the rest counted.

Part of :mod:`binhdanggioi._merge`, the private half of
:func:`binhdanggioi.aggregation.aggregate`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence

from binhdanggioi.drafting import generated_items
from binhdanggioi.roster import _Input
from binhdanggioi.vietnamese import format_number
from binhdanggioi.vocabulary import fold

# --------------------------------------------------------------------------- narrative

KEEP_PER_SECTION = 12
"""Items of the units kept in each section of the parent; the rest are counted."""
_CUTOFF = 88  # rapidfuzz ratio (0-100) from which two folded items say the same thing
_LEADERS_PER_BLOCK = 64  # fuzzy comparisons bounded: the rest merge only when equal
_NON_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"\d+")
_ASCII_PUNCT = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~", " "))
_COUNTED = re.compile(r"\s*\((\d+ [^()\d]+)\)(?=[.;:]?\s*$)")
_NAMED = re.compile(r"\s*\(([^()]+)\)(?=[.;:]?\s*$)")


def _folded(text: str) -> str:
    """Accent-, case- and punctuation-free words: what two items are compared on.

    >>> _folded("Kinh phí  còn hạn chế.") == _folded("KINH PHI con han che")
    True
    """
    folded = fold(text)
    if folded.isascii():  # the usual case, many times faster than the regular expression
        return " ".join(folded.translate(_ASCII_PUNCT).split())
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _strip_attribution(text: str, names: frozenset[str]) -> str:
    """An aggregate's item without the attribution a merge added: ``"... (12 xã)."``."""
    m = _COUNTED.search(text) or _NAMED.search(text)
    if m is None:
        return text
    inner = m.group(1)
    if m.re is _NAMED and not all(n.strip() in names for n in inner.split(",")):
        return text  # the person's own parentheses
    return text[: m.start()] + text[m.end() :]


class _Said:
    """One folded item and who said it: ``(rank, position, input, text, core)`` each."""

    __slots__ = ("first", "key", "said", "units")

    def __init__(self, key: str) -> None:
        self.key = key
        self.said: list[tuple[int, int, _Input, str, str]] = []
        self.units: set[int] = set()
        self.first = (1 << 62, 0)


def _kinds(units: Sequence[_Input]) -> str:
    """``"12 xã, 3 phường"``: the units counted by kind, kinds in order of first use."""
    counts: dict[str, int] = {}
    for dv in (inp.report.don_vi for inp in units):
        kind = dv.loai or dv.cap.nhan
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{format_number(n)} {kind}" for kind, n in counts.items())


def _attributed(core: str, units: Sequence[_Input]) -> str:
    who = ", ".join(u.label for u in units) if len(units) <= 3 else _kinds(units)
    body = core.rstrip()
    end = body[-1] if body and body[-1] in ".;:" else ""
    body = body.rstrip(".;:").rstrip()
    return f"{body} ({who}){end or '.'}"


def _cluster(pooled: dict[str, _Said]) -> list[list[_Said]]:
    """Near-duplicate items grouped, most shared first, whatever the order of the inputs.

    Items are taken by support (units), then by their first place; each joins the most
    similar earlier leader of its block (first two words and the numbers) when the score reaches
    :data:`_CUTOFF`, else leads a group of its own.
    """
    from rapidfuzz import fuzz, process

    order = sorted(pooled, key=lambda k: (-len(pooled[k].units), pooled[k].first, k))
    groups: list[list[_Said]] = []
    blocks: dict[str, tuple[list[str], list[int]]] = {}
    for key in order:
        said = pooled[key]
        # Items that give different numbers never say the same thing.
        block = " ".join([*key.split(" ", 2)[:2], *_DIGITS.findall(key)])
        leaders, where = blocks.setdefault(block, ([], []))
        found = None
        if leaders:
            found = process.extractOne(
                key, leaders, scorer=fuzz.ratio, score_cutoff=_CUTOFF, processor=None
            )
        if found is not None:
            groups[where[found[2]]].append(said)
            continue
        if len(leaders) < _LEADERS_PER_BLOCK:
            leaders.append(key)
            where.append(len(groups))
        groups.append([said])
    return groups


def _wording(said: Sequence[tuple[int, int, _Input, str, str]]) -> str:
    """The words a group is printed with: its most common, accents preferred, then first."""
    counts: dict[str, int] = {}
    for s in said:
        counts[s[4]] = counts.get(s[4], 0) + 1
    return max(counts, key=lambda core: (counts[core], not core.isascii()))


def _merged(pooled: dict[str, _Said]) -> list[str]:
    """The parent's items from the units' items: one per group, at most
    :data:`KEEP_PER_SECTION` groups, the rest counted in a last item.

    A group said by one unit keeps each of its items, prefixed with the unit's name
    (``"Xã A: ..."``); a group said by several becomes one item naming them, or
    counting them by kind past three (``"... (12 xã)."``).
    """
    if not pooled:
        return []
    # (sort key, the item printed, the units behind it). Items of one unit only stay
    # each in its own place, so that one report aggregated alone keeps its order.
    ranked: list[tuple[tuple[int, tuple[int, int], str], str, set[int]]] = []
    for group in _cluster(pooled):
        units = set().union(*(g.units for g in group))
        said = sorted((s for g in group for s in g.said), key=lambda s: (s[0], s[1]))
        if len(units) == 1:
            ranked.extend(((-1, (s[0], s[1]), ""), f"{s[2].label}: {s[3]}", units) for s in said)
            continue
        who = {s[0]: s[2] for s in said}
        first = min(g.first for g in group)
        item = _attributed(_wording(said), [who[r] for r in sorted(who)])
        ranked.append(((-len(units), first, group[0].key), item, units))
    ranked.sort(key=lambda r: r[0])
    out = [item for _, item, _ in ranked[:KEEP_PER_SECTION]]
    rest = ranked[KEEP_PER_SECTION:]
    if rest:
        speakers = len(set().union(*(units for _, _, units in rest)))
        out.append(
            f"Và {format_number(len(rest))} ý kiến khác của {format_number(speakers)} đơn vị "
            "(xem báo cáo của từng đơn vị)."
        )
    return out


def _narrative_items(inputs: Sequence[_Input], field: str) -> tuple[str, ...]:
    """The parent's items of ``field``: its own first, as written, then the units' merged.

    Items an input's software drafted (``tu_dong``) are left out: the parent drafts
    its own from its figures.
    """
    get = operator.attrgetter(field)
    out: list[str] = []
    pooled: dict[str, _Said] = {}
    keys: dict[str, str] = {}  # many units write the very same words
    for inp in inputs:
        value = get(inp.report)
        items: tuple[str, ...] = (value,) if isinstance(value, str) else value or ()
        if not items:
            continue
        if inp.report.tu_dong:
            drafted = generated_items(inp.report).get(field, frozenset())
            items = tuple(i for i in items if i not in drafted)
        if inp.own:
            out.extend(items)
            continue
        names = frozenset(u.nhan for u in inp.report.nguon)
        for pos, item in enumerate(items):
            core = _strip_attribution(item, names) if names else item
            key = keys.get(core)
            if key is None:
                key = keys[core] = _folded(core)
            said = pooled.get(key)
            if said is None:
                said = pooled[key] = _Said(key)
            said.said.append((inp.rank, pos, inp, item, core))
            said.units.add(inp.rank)
            if inp.rank < said.first[0]:
                said.first = (inp.rank, pos)
    out.extend(_merged(pooled))
    return tuple(out)
