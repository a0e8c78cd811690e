"""Pickling of the model's records: their values in field order, put back by straight code.

Reports cross between processes (``load_many`` and ``render_many`` with workers), and
the parent unpickles every one of them. attrs pickles a slotted record as a dict and
restores it in a loop over the names; :func:`fast_pickling` gives a class a state that
is the tuple of its values and a ``__setstate__`` written out field by field (as attrs
writes ``__init__``): half the bytes and about half the time to unpickle. A state that
is a dict (a pickle written before) is still read, a field added since taking its
default, and so is a tuple of another length (attrs before 22.2). A cached hash
(``cache_hash=True``) is never carried over: it is reset, as attrs does, since each
process hashes text its own way.

>>> import pickle
>>> from binhdanggioi.model import HoatDong, SoNguoi
>>> row = HoatDong("Tập huấn", so_luong=2, nguoi=SoNguoi(nu=3))
>>> pickle.loads(pickle.dumps(row)) == row, type(row.__getstate__()).__name__
(True, 'tuple')
"""

from __future__ import annotations

import operator
from typing import Any, TypeVar

import attrs

__all__ = ["fast_pickling"]

_C = TypeVar("_C", bound=type)
_HASH_CACHE = "_attrs_cached_hash"  # the slot attrs keeps a cached hash in


def _setter(cls: type, name: str) -> Any:
    """The slot's own setter, past the frozen class's ``__setattr__``."""
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if slot is not None and hasattr(slot, "__set__"):
            return slot.__set__
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


def _from_old(cls: type, names: tuple[str, ...], state: Any) -> tuple[Any, ...]:
    """The values of a state ``fast_pickling`` did not write: a dict by name (attrs'),
    or a tuple of another length (by position, as attrs reads it); a field it lacks
    (added since it was written) takes its default, converted as ``__init__`` would."""
    if isinstance(state, tuple):
        state = dict(zip(names, state, strict=False))
    values = []
    for field in attrs.fields(cls):
        if field.name in state:
            values.append(state[field.name])
            continue
        default = field.default
        if default is attrs.NOTHING:
            raise TypeError(
                f"{cls.__name__}: dữ liệu pickle thiếu trường '{field.name}' (không có giá trị "
                "mặc định); tệp được ghi bởi một phiên bản khác, hãy đọc lại báo cáo từ tệp gốc"
            )
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()  # the model's factories never take self
        if callable(field.converter):
            default = field.converter(default)
        values.append(default)
    return tuple(values)


def fast_pickling(cls: _C) -> _C:
    """Give the slotted attrs class ``cls`` the pickling described above; returns ``cls``."""
    names = tuple(a.name for a in attrs.fields(cls))
    values = operator.attrgetter(*names)
    cached = any(_HASH_CACHE in k.__dict__ for k in cls.__mro__)
    scope: dict[str, Any] = {f"_set{i}": _setter(cls, name) for i, name in enumerate(names)}
    scope["_names"] = names
    scope["_from_old"] = _from_old
    scope["_cls"] = cls
    scope["_set_hash"] = _setter(cls, _HASH_CACHE) if cached else None
    unpacked = "".join(f"v{i}, " for i in range(len(names)))
    lines = [
        "def __setstate__(self, state):",
        f"    if type(state) is not tuple or len(state) != {len(names)}:",
        "        state = _from_old(_cls, _names, state)",
        f"    {unpacked}= state",
        *(f"    _set{i}(self, v{i})" for i in range(len(names))),
        *(["    _set_hash(self, None)"] if cached else []),
    ]
    exec("\n".join(lines), scope)
    if len(names) == 1:

        def getstate(self: Any) -> tuple[Any, ...]:
            return (values(self),)

    else:

        def getstate(self: Any) -> tuple[Any, ...]:
            result: tuple[Any, ...] = values(self)
            return result

    setstate = scope["__setstate__"]
    setstate.__qualname__ = f"{cls.__qualname__}.__setstate__"
    getstate.__qualname__ = f"{cls.__qualname__}.__getstate__"
    setattr(cls, "__getstate__", getstate)  # noqa: B010 - mypy refuses a method assigned
    setattr(cls, "__setstate__", setstate)  # noqa: B010
    return cls
