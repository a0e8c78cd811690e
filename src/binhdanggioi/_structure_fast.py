"""The fast way from well-formed plain data to attrs records, for the common case.

:mod:`binhdanggioi.serialization` structures data with cattrs, which tracks every
field of every record to collect all problems with their paths. Most files have no
problem: :class:`FastStructurer` builds, once per class, a function that reads a
mapping with the same hooks as the converter (so the same values come out), calls
the class (so its own checks run), and raises on anything unusual (an unknown key,
a value of an unexpected kind, a check that fails). The caller then does it again
the careful way, which gives the message. Text already in plain ASCII, the most
common case, is taken as it is: no hook would change it.

>>> import attrs, cattrs
>>> @attrs.frozen
... class P:
...     ten: str
...     ghi_chu: str | None = None
>>> fast = FastStructurer(cattrs.Converter(), overrides=lambda c: {}, prepare=None)
>>> fast.structure({"ten": "A"}, P)
P(ten='A', ghi_chu=None)
>>> fast.structure({"tem": "A"}, P)
Traceback (most recent call last):
...
KeyError: 'tem'
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any, get_args, get_origin

import attrs
import cattrs

__all__ = ["FastStructurer", "Hook", "RecordHook"]

Hook = Callable[[Any, Any], Any]
"""A cattrs structure hook: ``hook(value, type)``."""

_Reader = Callable[[Any], Any]


class RecordHook:
    """A converter's hook that reads the attrs record ``cls`` (``rows``: a tuple of
    them) field by field: where the converter has one, :class:`FastStructurer` reads
    the record itself. A class with a hook of its own (a date written as text) is
    read by that hook."""

    def __init__(self, cls: type, hook: Hook, *, rows: bool = False) -> None:
        self.cls = cls
        self.rows = rows
        self._hook = hook

    def __call__(self, value: Any, t: Any) -> Any:
        return self._hook(value, t)


class FastStructurer:
    """Per-class reading functions equal to ``conv``'s hooks on well-formed data.

    ``overrides(cls)`` gives the field hooks that replace the converter's for
    ``cls`` (by field name); ``prepare(cls, mapping)`` rewrites a mapping before it
    is read, as the converter's record hook does.
    """

    def __init__(
        self,
        conv: cattrs.Converter,
        *,
        overrides: Callable[[type], Mapping[str, Hook]],
        prepare: Callable[[type, Mapping[str, Any]], Mapping[str, Any]] | None,
    ) -> None:
        self._conv = conv
        self._overrides = overrides
        self._prepare = prepare
        self._records: dict[type, _Reader] = {}

    def structure(self, value: Any, cls: type) -> Any:
        """``value`` as a ``cls``; any exception means: ask the careful converter."""
        return self._record(cls)(value)

    def _record(self, cls: type) -> _Reader:
        found = self._records.get(cls)
        if found is None:
            # Late binding while the class is being built (a record that holds itself).
            self._records[cls] = lambda value: self._records[cls](value)
            found = self._records[cls] = self._build(cls)
        return found

    def _build(self, cls: type) -> _Reader:
        attrs.resolve_types(cls)
        fields = [a for a in attrs.fields(cls) if a.init]
        hooks = self._overrides(cls)
        readers: dict[str, _Reader] = {}
        aliases: dict[str, str] = {}
        for field in fields:
            readers[field.name] = self._field(field.type, hooks.get(field.name))
            aliases[field.name] = field.alias or field.name
        prepare = self._prepare

        def read_record(value: Any) -> Any:
            if type(value) is not dict:
                raise TypeError("not a plain mapping")
            if prepare is not None:
                value = prepare(cls, value)
            # An unknown key raises KeyError here; a missing one TypeError in cls().
            return cls(**{aliases[key]: readers[key](item) for key, item in value.items()})

        return read_record

    def _field(self, hint: Any, override: Hook | None) -> _Reader:
        if override is not None:
            return lambda value: override(value, hint)
        args = get_args(hint)
        if get_origin(hint) is types.UnionType and len(args) == 2 and type(None) in args:
            inner = self._field(next(a for a in args if a is not type(None)), None)
            return lambda value: None if value is None else inner(value)
        hook = self._conv.get_structure_hook(hint)
        if hint is str:
            return _ascii_or(hook, hint)
        if hint == tuple[str, ...]:
            return _ascii_items_or(hook, hint)
        if isinstance(hook, RecordHook) and self._reads(hook.cls):
            return self._rows(hook.cls) if hook.rows else self._record(hook.cls)
        return lambda value: hook(value, hint)

    def _reads(self, cls: type) -> bool:
        """Whether the converter reads ``cls`` as a record (not by a hook of its own)."""
        hook = self._conv.get_structure_hook(cls)
        return isinstance(hook, RecordHook) and hook.cls is cls and not hook.rows

    def _rows(self, cls: type) -> _Reader:
        record = self._record(cls)

        def read_rows(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise TypeError("not a plain list")
            return tuple([record(item) for item in value])

        return read_rows


def _ascii_or(hook: Hook, hint: Any) -> _Reader:
    """Plain ASCII text as it is (no hook changes it), anything else by ``hook``."""

    def read_text(value: Any) -> Any:
        if type(value) is str and value.isascii():
            return value
        return hook(value, hint)

    return read_text


def _ascii_items_or(hook: Hook, hint: Any) -> _Reader:
    """A list of plain ASCII texts as a tuple, anything else by ``hook``."""

    def read_texts(value: Any) -> Any:
        if type(value) is list and all(type(v) is str and v.isascii() for v in value):
            return tuple(value)
        return hook(value, hint)

    return read_texts
