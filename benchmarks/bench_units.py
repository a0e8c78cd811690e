"""Resolve every official commune by name within its province, against a linear scan.

Three measures, in one run:

1. building the index of the official list (importing ``vietnam_provinces`` included:
   the first call of :func:`official_registry` in a process pays all of it);
2. resolving all 3,321 official names, each written as the list writes it
   ("Xã Thượng Quan") and looked up within its province by code, against a naive
   linear scan of the package's own list: the same key for the query, compared with
   keys computed beforehand for every ward (the scan's preparation is not timed);
3. suggestions for misspelt names (``closest``) with rapidfuzz, against the same
   scoring done with the standard library's difflib, on one typo per name.

Run: ``.venv/bin/python benchmarks/bench_units.py`` (or ``make bench``).
"""

from __future__ import annotations

import difflib
import gc
import random
import sys
import time
from collections.abc import Callable

from binhdanggioi._unit_names import strip_accents
from binhdanggioi.units import Unit, official_registry, unit_key
from binhdanggioi.units._index import UnitIndex

REPEAT = 5
TYPOS = 400


def _best(run: Callable[[], object], repeat: int = REPEAT) -> float:
    spent = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return min(spent)


def _typo(key: str, rnd: random.Random) -> str:
    """One slip: accents dropped, a letter lost, two letters swapped or one mistyped."""
    at = rnd.randrange(len(key) - 1)
    return rnd.choice(
        [
            strip_accents(key),
            key[:at] + key[at + 1 :],
            key[:at] + key[at + 1] + key[at] + key[at + 2 :],
            key[:at] + rnd.choice("abcdeghiklmnopqrstuvxy") + key[at + 1 :],
        ]
    )


def _difflib_closest(query: str, candidates: list[str], n: int = 3) -> list[int]:
    """The same two-level score as ``closest`` (without accents, then with), by difflib."""
    plain = difflib.SequenceMatcher()
    plain.set_seq2(strip_accents(query))
    scored = []
    for i, key in enumerate(candidates):
        plain.set_seq1(strip_accents(key))
        first = plain.ratio()
        if first >= 0.6:
            scored.append((-first, -difflib.SequenceMatcher(None, query, key).ratio(), i))
    return [i for *_, i in sorted(scored)[:n]]


def main() -> None:
    start = time.perf_counter()
    registry = official_registry()
    t_build = time.perf_counter() - start
    start = time.perf_counter()
    UnitIndex(list(_all_units(registry)))
    t_index_only = time.perf_counter() - start

    from vietnam_provinces import Ward  # already imported by official_registry

    wards = [(w.name, f"{int(w.province_code):02d}") for w in Ward.iter_all()]
    scan = [(province, unit_key(name), name) for name, province in wards]

    def ours() -> None:
        for name, province in wards:
            if len(registry.find(name, province=province)) != 1:
                raise AssertionError(name)

    def naive() -> None:
        for name, province in wards:
            key = unit_key(name)
            if sum(1 for p, k, _ in scan if p == province and k == key) != 1:
                raise AssertionError(name)

    t_ours = _best(ours)
    t_naive = _best(naive, repeat=1)

    rnd = random.Random(2025)
    queries = []
    for unit in rnd.sample(list(_all_units(registry)), TYPOS):
        if unit.ma_tinh is not None:
            queries.append((_typo(unit_key(unit.ten_day_du), rnd), unit.ma_tinh, unit))
    keys = {
        p.ma: [unit_key(c.ten_day_du) for c in registry.children(p.ma)]
        for p in registry.provinces()
    }
    hits = {"rapidfuzz": 0, "difflib": 0}

    def with_rapidfuzz() -> None:
        hits["rapidfuzz"] = sum(registry.closest(q, province=p)[:1] == [u] for q, p, u in queries)

    def with_difflib() -> None:
        hits["difflib"] = sum(
            [registry.children(p)[i] for i in _difflib_closest(q, keys[p])][:1] == [u]
            for q, p, u in queries
        )

    t_fuzz = _best(with_rapidfuzz, repeat=3)
    t_difflib = _best(with_difflib, repeat=1)

    n = len(wards)
    print(f"{registry.source}: {len(registry.provinces())} provinces, {n} communes")
    print(
        f"official_registry() first call: {t_build * 1000:8.1f} ms"
        f"  (index alone {t_index_only * 1000:.1f} ms)"
    )
    print(
        f"resolve {n} names, index:       {t_ours * 1000:8.1f} ms  ({t_ours / n * 1e6:.1f} µs each)"
    )
    print(
        f"resolve {n} names, linear scan: {t_naive * 1000:8.1f} ms"
        f"  ({t_naive / n * 1e6:.1f} µs each)"
    )
    print(f"ratio={t_naive / t_ours:.1f}")
    m = len(queries)
    print(
        f"closest, {m} typos in-province: rapidfuzz {t_fuzz / m * 1000:.3f} ms each, "
        f"top-1 {hits['rapidfuzz'] / m:.3f}; difflib {t_difflib / m * 1000:.3f} ms each, "
        f"top-1 {hits['difflib'] / m:.3f}; ratio={t_difflib / t_fuzz:.0f}"
    )
    if t_ours >= 1.0:
        sys.exit("resolving the official list took a second or more")


def _all_units(registry: UnitIndex) -> list[Unit]:
    return [u for p in registry.provinces() for u in (p, *registry.children(p.ma))]


if __name__ == "__main__":
    main()
