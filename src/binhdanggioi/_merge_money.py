"""The budget summed, named sources of funding merged by name, and support lines
kept with their sources.

Part of :mod:`binhdanggioi._merge`, the private half of
:func:`binhdanggioi.aggregation.aggregate`.
"""

from __future__ import annotations

from collections.abc import Sequence

from binhdanggioi._merge_details import _join_notes, _note
from binhdanggioi._merge_text import _narrative_items
from binhdanggioi.catalogue import name_key
from binhdanggioi.model import (
    Cap,
    HoTro,
    KinhPhi,
    NguonKinhPhi,
    _opt_sum,
)
from binhdanggioi.roster import _Input
from binhdanggioi.vocabulary import name_order


def _budget(inputs: Sequence[_Input]) -> KinhPhi:
    """Budget lines summed; marked when a line is given by some inputs only, or an input
    was marked (a line absent everywhere stays absent and unmarked). Notes are merged
    as the narrative is (:func:`_narrative_items`), joined with ``"; "``."""
    parts = [inp.report.kinh_phi for inp in inputs]
    state = [k.ngan_sach_nha_nuoc for k in parts]
    mobilised = [k.van_dong for k in parts]
    gaps = any(None in line and any(v is not None for v in line) for line in (state, mobilised))
    return KinhPhi(
        ngan_sach_nha_nuoc=_opt_sum(state),
        van_dong=_opt_sum(mobilised),
        ghi_chu="; ".join(_narrative_items(inputs, "kinh_phi.ghi_chu")) or None,
        chua_day_du=gaps or any(k.chua_day_du for k in parts),
        nguon_khac=_funding(parts),
    )


# --------------------------------------------------------------------------- support


def _funding(parts: Sequence[KinhPhi]) -> tuple[NguonKinhPhi, ...]:
    """Named sources summed by name (case, accents form and spacing ignored)."""
    by_name: dict[str, list[NguonKinhPhi]] = {}
    for kp in parts:
        for source in kp.nguon_khac:
            by_name.setdefault(name_key(source.ten), []).append(source)
    out = []
    for items in by_name.values():
        given = [s.so_tien for s in items if s.so_tien is not None]
        # Notes as a set of parts, so that the order and grouping of inputs do not
        # matter (two steps give what one step gives).
        notes = sorted({p for s in items if s.ghi_chu for p in s.ghi_chu.split("; ")})
        out.append(
            NguonKinhPhi(
                min((s.ten for s in items), key=name_order),
                sum(given) if given else None,
                "; ".join(notes) if notes else None,
                chua_day_du=any(s.chua_day_du for s in items) or 0 < len(given) < len(items),
            )
        )
    return tuple(sorted(out, key=lambda s: name_order(s.ten)))


def _support(inputs: Sequence[_Input]) -> tuple[HoTro, ...]:
    """Support lines summed by what, for whom and level; portions and value conserved."""
    by_key: dict[tuple[str, str, tuple[Cap, ...]], list[tuple[_Input, HoTro]]] = {}
    for inp in inputs:
        for line in inp.report.ho_tro:
            key = (name_key(line.ten), name_key(line.doi_tuong or ""), line.cap)
            by_key.setdefault(key, []).append((inp, line))
    out = []
    for items in by_key.values():
        lines = [line for _, line in items]
        if len(items) == 1 and items[0][0].own:
            out.append(lines[0])
            continue
        portions = [x.so_suat for x in lines]
        values = [x.gia_tri for x in lines]
        gaps = any(None in v and any(x is not None for x in v) for v in (portions, values))
        names = {n for inp, line in items for n in (line.nguon or (inp.label,))}
        out.append(
            HoTro(
                ten=min((x.ten for x in lines), key=name_order),
                so_suat=_opt_sum(portions),
                gia_tri=_opt_sum(values),
                doi_tuong=min(
                    (x.doi_tuong for x in lines if x.doi_tuong), key=name_order, default=None
                ),
                cap=lines[0].cap,
                ghi_chu=_join_notes(_note(inp, line.ghi_chu) for inp, line in items),
                nguon=tuple(sorted(names, key=name_order)),
                chua_day_du=gaps or any(x.chua_day_du for x in lines),
            )
        )
    return tuple(sorted(out, key=lambda x: (name_order(x.ten), name_order(x.doi_tuong or ""))))
