"""YAML, read safely: no aliases, no duplicate keys, numbers as a Vietnamese writes them.

The reader is PyYAML's safe loader with four changes: an alias (``*tên``) is refused,
which rules out entity expansion; a key written twice is refused; an integer is
always decimal (``010`` is ten, ``0x10`` and ``1:30`` stay text) and remembers how it
was written, as does a decimal (``10.450``), so that error messages can quote it; and
a comma in a flow mapping's plain text is put back (``{ten: Băng rôn, khẩu hiệu}``).

>>> parse("so_luong: 010\\nngay: 2023-02-30")
{'so_luong': 10, 'ngay': '2023-02-30'}
>>> parse("a: &x 1\\nb: *x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
binhdanggioi.errors.DataError: dòng 2, cột 4: YAML không hợp lệ: không dùng bí danh YAML ...
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs
import yaml

from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats._text import max_digits, too_long
from binhdanggioi.model import (
    BaoCao,
    ChuKy,
    DanhGia,
    DonVi,
    HoatDong,
    KeHoach,
    KinhPhi,
    NoiNhan,
    SoNguoi,
    VanBan,
)

__all__ = ["NAME", "emit", "parse", "parse_pure"]

NAME = "yaml"


class _FloatText(float):
    """A YAML float that remembers how it was written (``10.450`` stays ``10.450``)."""

    source: str


_DECIMAL = re.compile(r"[-+]?[0-9]+")


class _IntText(int):
    """A YAML integer that remembers how it was written (``05`` stays ``05``)."""

    source: str


class _Rules(yaml.constructor.SafeConstructor):
    """The library's constructor rules, shared by the pure and the libyaml loader."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if node.flow_style:
            node.value = _rejoin_commas(node.value)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                raise yaml.MarkedYAMLError(
                    None,
                    None,
                    f"khóa '{key}' lặp lại: mỗi khóa chỉ được ghi một lần",
                    key_node.start_mark,
                )
            if isinstance(key, str):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node: Any) -> float:
        value = _FloatText(super().construct_yaml_float(node))
        value.source = str(node.value)
        return value

    def construct_yaml_int(self, node: Any) -> int | str:  # type: ignore[override]
        # YAML 1.1 reads 010 as octal 8, 1:30 as 90 and 0x10 as 16: a count written
        # with a leading zero (01, 06) must stay decimal, and the other notations are
        # kept as text, so a number field refuses them and a text field keeps them.
        source = str(node.value)
        if not _DECIMAL.fullmatch(source):
            return source
        digits = len(source.lstrip("+-"))
        if digits > max_digits():
            raise yaml.MarkedYAMLError(None, None, too_long(digits, max_digits()), node.start_mark)
        value = _IntText(int(source, 10))
        value.source = source
        return value

    def construct_yaml_timestamp(self, node: Any) -> Any:
        # An impossible date (2023-02-30) stays text so the error can name its field.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)


_Rules.add_constructor("tag:yaml.org,2002:float", _Rules.construct_yaml_float)  # type: ignore[type-var]
_Rules.add_constructor("tag:yaml.org,2002:int", _Rules.construct_yaml_int)  # type: ignore[type-var]
_Rules.add_constructor("tag:yaml.org,2002:timestamp", _Rules.construct_yaml_timestamp)  # type: ignore[type-var]


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _Rules,
    yaml.resolver.Resolver,
):
    """The reference: PyYAML's pure-Python safe loader that also refuses aliases."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Rules.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None,
                None,
                "không dùng bí danh YAML (*tên): chép nội dung ra thay vì tham chiếu",
                event.start_mark,
            )
        return super().compose_node(parent, index)


_MAX_FAST_DEPTH = 64

_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp")
)
"""Deeper documents go to the pure loader, whose recursion limit gives the message."""


def _fast_loader() -> type | None:
    """libyaml's parser with the library's rules, or ``None`` when PyYAML was built without it."""
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:
        return None

    class _FastLoader(CParser, _Rules, yaml.resolver.Resolver):
        """libyaml's parser and composer; the library's rules, in one pass a mapping.

        Whatever it refuses, the pure loader reads again for its message, so it only
        has to refuse at least what the reference refuses, and give the same data.
        """

        _resolved: ClassVar[dict[str, str]] = {}

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Rules.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def resolve(
            self, kind: Any, value: Any, implicit: Any, _scalar: Any = yaml.ScalarNode
        ) -> Any:
            # Called for every node. Without path resolvers (none is added) a tag
            # depends on the kind and a plain scalar's text alone, as Resolver.resolve
            # says; a quoted or tagged scalar is text. Reports repeat words and numbers.
            if kind is not _scalar:
                return _SEQ if kind is yaml.SequenceNode else _MAP
            if not implicit[0]:
                return _STR
            tag = self._resolved.get(value)
            if tag is None:
                if len(self._resolved) > 50_000:
                    self._resolved.clear()
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                self._resolved[value] = tag
            return tag

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            # The reference checks every key for a repeat, then constructs the mapping
            # (merging ``<<`` keys, which its key check has already refused): here
            # both at once, and a ``<<`` key fails as it does there.
            if not isinstance(node, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "expected a mapping node", node.start_mark
                )
            if node.flow_style:
                node.value = _rejoin_commas(node.value)
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, str) and key in mapping:
                    raise yaml.constructor.ConstructorError(
                        None, None, "repeated key", key_node.start_mark
                    )
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    return _FastLoader


_FAST = _fast_loader()


def _plain_tree(root: Any, *, aliases: bool) -> bool:
    """Whether the nesting stays shallow and, when the text may hold an alias, no node
    is reached twice (libyaml resolves an alias to its anchor's node): what the fast
    path may construct on its own.
    """
    seen: set[int] = set()
    stack = [(root, 0)]
    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_FAST_DEPTH:
            return False
        if aliases:
            if id(node) in seen:
                return False
            seen.add(id(node))
        if isinstance(node, mapping):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, sequence):
            children = node.value
        else:
            continue
        # Without aliases a text leaf needs no visit: it neither nests nor repeats.
        stack.extend(
            (child, depth + 1)
            for child in children
            if aliases or isinstance(child, mapping | sequence)
        )
    return True


def _build(loader: Any, node: Any, depth: int) -> Any:
    """The data of ``node``, as ``construct_document`` gives it, in one direct walk.

    A mapping or a sequence of the usual tags, and a scalar by its constructor, are
    built here without the bookkeeping that aliases need (the tree has none); any
    other node by the loader. Text, the most common leaf, is taken inline.
    """
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    kind = type(node)
    if kind is scalar_node:
        tag = node.tag
        if tag == _STR:
            return node.value
        scalar = _SCALARS.get(tag)
        return scalar(loader, node) if scalar else loader.construct_object(node, deep=True)
    if depth > _MAX_FAST_DEPTH:
        raise RecursionError("nesting deeper than the fast path takes")
    depth += 1
    if kind is mapping_node and node.tag == _MAP:
        if node.flow_style:
            node.value = _rejoin_commas(node.value)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is scalar_node and key_node.tag == _STR:
                key = key_node.value
            else:
                key = _build(loader, key_node, depth)
            if isinstance(key, str) and key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, "repeated key", key_node.start_mark
                )
            if type(value_node) is scalar_node and value_node.tag == _STR:
                mapping[key] = value_node.value
            else:
                mapping[key] = _build(loader, value_node, depth)
        return mapping
    if kind is sequence_node and node.tag == _SEQ:
        return [
            child.value
            if type(child) is scalar_node and child.tag == _STR
            else _build(loader, child, depth)
            for child in node.value
        ]
    return loader.construct_object(node, deep=True)


_INTS: dict[str, Any] = {}


def _short_int(loader: Any, node: Any) -> Any:
    """``construct_yaml_int``, remembered for short numbers: reports repeat the same
    counts, and an integer that remembers its written form is never changed."""
    text = node.value
    found = _INTS.get(text)
    if found is None:
        found = _Rules.construct_yaml_int(loader, node)
        if len(text) <= 20 and len(_INTS) < 20_000:
            _INTS[text] = found
    return found


# The constructors of the scalars that are plain functions (not generators).
_SCALARS: dict[str, Any] = {
    tag: _Rules.yaml_constructors[tag] for tag in (_NULL, _BOOL, _FLOAT, _TIMESTAMP)
}
_SCALARS[_INT] = _short_int

_REFUSED = object()

_PURE_ONLY = ("\t", "\ufeff")
"""Characters around which libyaml and the pure scanner disagree: libyaml takes a tab
or a byte-order mark where the pure scanner refuses them."""


_GLUED_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _for_the_reference(text: str) -> bool:
    """Whether ``text`` is one libyaml may read otherwise than the reference.

    Besides :data:`_PURE_ONLY`: a ``?`` in a flow collection ends a plain text for the
    pure scanner (YAML 1.1), not for libyaml; a block scalar's header with a comment
    glued to it (``|#``) is refused by the pure scanner only.
    """
    if any(c in text for c in _PURE_ONLY) or _GLUED_COMMENT.search(text):
        return True
    return "?" in text and ("{" in text or "[" in text)


def _parse_fast(text: str) -> Any:
    """The data by libyaml with the library's rules, or ``_REFUSED`` for the pure loader.

    Anything unusual (an error, an alias, deep nesting) is left to the pure loader,
    which is the reference: its result or its message, with line and column, is the
    answer.
    """
    if _FAST is None or _for_the_reference(text):
        return _REFUSED
    try:
        loader = _FAST(text)
    except Exception:  # text libyaml cannot take (lone surrogates)
        return _REFUSED
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text and not _plain_tree(node, aliases=True):
            return _REFUSED
        return _build(loader, node, 0)
    except Exception:
        return _REFUSED
    finally:
        loader.dispose()


_FIELD_NAMES = frozenset(
    a.name
    for cls in (BaoCao, DonVi, VanBan, KeHoach, HoatDong, SoNguoi, KinhPhi, DanhGia, NoiNhan, ChuKy)
    for a in attrs.fields(cls)
)


def _rejoin_commas(pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Put back a comma that a flow mapping took for a separator.

    In ``{ten: Băng rôn, khẩu hiệu, so_luong: 9}`` YAML reads ``khẩu hiệu`` as a key
    with no value. A plain word with no colon after a plain text value, that is not
    a field name, is the rest of that text: ``ten: "Băng rôn, khẩu hiệu"``.
    """
    out: list[tuple[Any, Any]] = []
    for key, value in pairs:
        no_colon = (
            isinstance(key, yaml.ScalarNode)
            and not key.style  # plain: None from PyYAML, "" from libyaml
            and key.tag == "tag:yaml.org,2002:str"
            and isinstance(value, yaml.ScalarNode)
            and value.tag == "tag:yaml.org,2002:null"
            and value.value == ""
            and value.start_mark.index == key.end_mark.index
            and key.value not in _FIELD_NAMES
        )
        previous = out[-1][1] if out else None
        if (
            no_colon
            and isinstance(previous, yaml.ScalarNode)
            and previous.tag == "tag:yaml.org,2002:str"
            and not previous.style
        ):
            previous.value = f"{previous.value}, {key.value}"
            continue
        out.append((key, value))
    return out


class _Dumper(yaml.SafeDumper):
    """Safe YAML writer that quotes text YAML would otherwise read back changed."""

    def represent_str(self, data: str) -> Any:
        # NEL and the Unicode line separators are line breaks to a YAML reader; in
        # double quotes they are escaped (\N, \L, \P) and come back unchanged.
        if any(c in data for c in "\x85\u2028\u2029"):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def parse(text: str) -> Any:
    """Plain data (dicts, lists, text, numbers, dates) from YAML ``text``.

    libyaml reads it when PyYAML has it; the pure-Python loader, the reference, reads
    what libyaml refuses, to give the same data or the same message.
    """
    data = _parse_fast(text)
    return parse_pure(text) if data is _REFUSED else data


def parse_pure(text: str) -> Any:
    """:func:`parse` by the pure-Python loader only: the reference, and the slow path."""
    try:
        loader = _Loader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        raise DataError([DataIssue(where, f"YAML không hợp lệ: {err.problem}")]) from err
    except (yaml.YAMLError, ValueError, TypeError) as err:
        raise DataError([DataIssue("", f"YAML không hợp lệ: {err}")]) from err


def emit(data: Any) -> str:
    """YAML text for plain ``data``, keys in their order, Vietnamese letters as they are."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
