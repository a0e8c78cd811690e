"""The renderer registry: Word, HTML, Markdown, Excel and installed plugins.

Built-in renderers are registered by dotted path and imported on first use, so
docxtpl and Jinja2 load only when their format is asked for. Third-party renderers
come from the entry-point group ``binhdanggioi.renderers`` and are loaded when asked
for, never at import time. Two renderers under one name are an error, never a
silent override.

>>> sorted(renderers())
['docx', 'html', 'markdown', 'xlsx']
>>> renderers()["docx"].suffixes
('.docx',)
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import re
import sys
import types
import unicodedata
from collections.abc import Iterable, Sized
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from binhdanggioi.errors import RendererError, TemplateError

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.model import BaoCao

__all__ = [
    "ENTRY_POINT_GROUP",
    "Renderer",
    "RendererInfo",
    "get_renderer",
    "output_name",
    "register",
    "render",
    "render_many",
    "renderers",
    "template_path",
    "unregister",
]

ENTRY_POINT_GROUP = "binhdanggioi.renderers"
"""Entry-point group where other distributions register renderers."""

TemplateArg = str | os.PathLike[str] | None


@runtime_checkable
class Renderer(Protocol):
    """What a renderer provides: a name, file suffixes, a media type, and ``render``.

    ``default_template`` names a file in the package's ``templates/`` (or is
    ``None`` for a renderer without templates). ``render`` returns the finished
    file's bytes; ``template`` is a path, or ``None`` for the default.
    """

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    default_template: str | None

    def render(self, bao_cao: BaoCao, *, template: TemplateArg = None) -> bytes:
        """The rendered document of ``bao_cao``."""
        ...


@attrs.frozen
class RendererInfo:
    """A renderer as :func:`renderers` lists it, without importing its module.

    ``origin`` is ``"có sẵn"`` (built in), ``"plugin <distribution> <version>"`` or
    ``"đăng ký"`` (registered at run time); ``problem`` says why it cannot be used.
    """

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    default_template: str | None
    description: str
    origin: str
    target: str
    problem: str | None = None

    @property
    def available(self) -> bool:
        """The renderer can be used."""
        return self.problem is None


_BUILTINS: tuple[RendererInfo, ...] = (
    RendererInfo(
        name="docx",
        suffixes=(".docx",),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        default_template="bao-cao.docx",
        description="Văn bản Word theo thể thức Nghị định 30/2020/NĐ-CP (docxtpl)",
        origin="có sẵn",
        target="binhdanggioi.renderers.docx:DocxRenderer",
    ),
    RendererInfo(
        name="html",
        suffixes=(".html", ".htm"),
        media_type="text/html; charset=utf-8",
        default_template="bao-cao.html.j2",
        description="Trang HTML độc lập, in được trên khổ A4",
        origin="có sẵn",
        target="binhdanggioi.renderers.html:HtmlRenderer",
    ),
    RendererInfo(
        name="markdown",
        suffixes=(".md", ".markdown"),
        media_type="text/markdown; charset=utf-8",
        default_template="bao-cao.md.j2",
        description="Văn bản Markdown với các bảng số liệu",
        origin="có sẵn",
        target="binhdanggioi.renderers.markdown:MarkdownRenderer",
    ),
    RendererInfo(
        name="xlsx",
        suffixes=(".xlsx",),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        default_template=None,
        description="Bảng tính Excel (mẫu nhập liệu có số liệu của báo cáo)",
        origin="có sẵn",
        target="binhdanggioi.renderers.xlsx:XlsxRenderer",
    ),
)

_builtin_instances: dict[str, Renderer] = {}
_registered: dict[str, Renderer] = {}
_plugin_instances: dict[tuple[str, str, str], Renderer] = {}


# --------------------------------------------------------------------------- discovery


@attrs.frozen
class _Plugin:
    name: str
    value: str
    distribution: str
    version: str

    @property
    def origin(self) -> str:
        return f"plugin {self.distribution} {self.version}".strip()


_scanned: tuple[tuple[object, ...], list[tuple[_Plugin, metadata.EntryPoint]]] | None = None


def _path_stamp() -> tuple[object, ...]:
    """What decides which distributions are installed: the path and its folders' stamps."""
    stamps: list[object] = []
    for entry in sys.path:
        try:
            stamps.append((entry, Path(entry or ".").stat().st_mtime_ns))
        except OSError:
            stamps.append((entry, None))
    return tuple(stamps)


def _entry_points() -> list[tuple[_Plugin, metadata.EntryPoint]]:
    """Installed renderer plugins; the same entry point seen twice on the path counts once.

    Scanning installed distributions takes milliseconds, more than rendering a small
    report, so the scan is reused until ``sys.path`` or one of its folders changes
    (installing or removing a distribution changes its folder).
    """
    global _scanned
    stamp = _path_stamp()
    if _scanned is None or _scanned[0] != stamp:
        _scanned = (stamp, _scan_entry_points())
    return list(_scanned[1])


def _scan_entry_points() -> list[tuple[_Plugin, metadata.EntryPoint]]:
    found: dict[tuple[str, str, str], tuple[_Plugin, metadata.EntryPoint]] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else "?"
        version = dist.version if dist is not None else ""
        plugin = _Plugin(_normalise(ep.name), ep.value, dist_name or "?", version or "")
        found.setdefault((plugin.name, plugin.value, plugin.distribution), (plugin, ep))
    return list(found.values())


def _normalise(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().lower()


def _builtin(name: str) -> RendererInfo | None:
    return next((b for b in _BUILTINS if b.name == name), None)


def _owners() -> dict[str, str]:
    """Name → where it comes from, for the names that are not plugins."""
    owners = {b.name: "bộ xuất có sẵn" for b in _BUILTINS}
    owners.update(dict.fromkeys(_registered, "bộ xuất đã đăng ký bằng register()"))
    return owners


_PluginMap = dict[str, tuple[_Plugin, metadata.EntryPoint]]


def _plugins() -> tuple[_PluginMap, dict[str, str]]:
    """Plugins by name, and the names taken more than once with why, naming every source.

    A name taken twice is an error for that name only: the other renderers work.
    """
    owners = _owners()
    out: _PluginMap = {}
    clashes: dict[str, list[str]] = {}
    for plugin, ep in _entry_points():
        source = f"{plugin.origin} ({plugin.value})"
        if plugin.name in clashes:
            clashes[plugin.name].append(source)
        elif plugin.name in owners:
            clashes[plugin.name] = [owners[plugin.name], source]
        elif plugin.name in out:
            other = out.pop(plugin.name)[0]
            clashes[plugin.name] = [f"{other.origin} ({other.value})", source]
        else:
            out[plugin.name] = (plugin, ep)
    conflicts = {
        name: (
            f"bộ xuất '{name}' bị đăng ký {'hai' if len(sources) == 2 else 'nhiều'} lần: "
            f"{' và '.join(sources)}; gỡ bớt gói hoặc đổi tên bộ xuất"
        )
        for name, sources in clashes.items()
    }
    return out, conflicts


def _load_plugin(plugin: _Plugin, ep: metadata.EntryPoint) -> Renderer:
    key = (plugin.name, plugin.value, plugin.distribution)
    if key in _plugin_instances:
        return _plugin_instances[key]
    try:
        obj = ep.load()
    except Exception as err:  # a broken plugin must not look like ours
        raise RendererError(
            f"không nạp được bộ xuất '{plugin.name}' từ {plugin.origin} ({plugin.value}): "
            f"{type(err).__name__}: {err}"
        ) from err
    renderer = _instantiate(obj, plugin.name, plugin.origin)
    _plugin_instances[key] = renderer
    return renderer


def _instantiate(obj: Any, name: str, origin: str) -> Renderer:
    """A class is instantiated, a factory called; the result must be a renderer named ``name``."""
    if isinstance(obj, type) or (callable(obj) and not hasattr(obj, "render")):
        try:
            obj = obj()
        except Exception as err:
            raise RendererError(f"không tạo được bộ xuất '{name}' ({origin}): {err}") from err
    _check(obj, origin)
    if _normalise(obj.name) != name:
        raise RendererError(
            f"bộ xuất của {origin} tên là '{obj.name}' nhưng được đăng ký với tên '{name}'"
        )
    renderer: Renderer = obj
    return renderer


def _check(obj: Any, origin: str) -> None:
    missing = [a for a in ("name", "suffixes", "media_type", "render") if not hasattr(obj, a)]
    if missing:
        raise RendererError(
            f"{origin}: không phải một bộ xuất (thiếu {', '.join(missing)}); "
            "bộ xuất cần name, suffixes, media_type, default_template và render()"
        )
    name = obj.name
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", _normalise(name)):
        raise RendererError(f"{origin}: tên bộ xuất '{name}' không hợp lệ; dùng chữ thường, số, -")
    suffixes = obj.suffixes
    if isinstance(suffixes, str) or not all(
        isinstance(s, str) and s.startswith(".") for s in suffixes
    ):
        raise RendererError(
            f"{origin}: suffixes của bộ xuất '{name}' phải là một tuple các đuôi như ('.txt',)"
        )
    if not callable(obj.render):
        raise RendererError(f"{origin}: render của bộ xuất '{name}' không gọi được")


# --------------------------------------------------------------------------- public


def register(renderer: Renderer) -> None:
    """Register ``renderer`` (an instance) under its ``name``; a name already taken is refused.

    >>> class Dem:
    ...     name, suffixes, media_type, default_template = "dem", (".dem",), "text/plain", None
    ...     def render(self, bao_cao, *, template=None):
    ...         return b"x"
    >>> register(Dem()); "dem" in renderers()
    True
    >>> register(Dem())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    binhdanggioi.errors.RendererError: bộ xuất 'dem' đã có (...); chọn tên khác
    >>> unregister("dem")
    """
    _check(renderer, f"register({type(renderer).__name__})")
    name = _normalise(renderer.name)
    owners = _owners()
    if name in owners:
        raise RendererError(f"bộ xuất '{name}' đã có ({owners[name]}); chọn tên khác")
    plugins = {p.name: p for p, _ in _entry_points()}
    if name in plugins:
        raise RendererError(f"bộ xuất '{name}' đã có ({plugins[name].origin}); chọn tên khác")
    _registered[name] = renderer


def unregister(name: str) -> None:
    """Remove a renderer added with :func:`register` (built-ins and plugins stay)."""
    key = _normalise(name)
    if key not in _registered:
        raise RendererError(f"không có bộ xuất '{name}' nào được đăng ký bằng register()")
    del _registered[key]


def renderers() -> dict[str, RendererInfo]:
    """Every available renderer by name: built-in, registered and installed plugins.

    Built-ins are listed without importing them. Plugins are loaded to read their
    suffixes; one that fails to load is listed with its ``problem``.
    """
    out: dict[str, RendererInfo] = {}
    for info in _BUILTINS:
        module = info.target.partition(":")[0]
        problem = None
        if importlib.util.find_spec(module) is None:
            problem = f"chưa có mô-đun {module} trong bản cài đặt này"
        out[info.name] = attrs.evolve(info, problem=problem)
    for name, r in _registered.items():
        out[name] = _info(r, "đăng ký", f"{type(r).__module__}:{type(r).__qualname__}")
    plugins, conflicts = _plugins()
    for name, (plugin, ep) in plugins.items():
        try:
            out[name] = _info(_load_plugin(plugin, ep), plugin.origin, plugin.value)
        except RendererError as err:
            out[name] = RendererInfo(
                name, (), "", None, "", plugin.origin, plugin.value, problem=str(err)
            )
    # A name taken twice is listed once, with the conflict as its problem.
    for name, problem in conflicts.items():
        base = out.get(name) or RendererInfo(name, (), "", None, "", "plugin", "")
        out[name] = attrs.evolve(base, problem=problem)
    return dict(sorted(out.items()))


def _info(r: Renderer, origin: str, target: str) -> RendererInfo:
    doc = (type(r).__doc__ or "").strip().splitlines()
    return RendererInfo(
        name=_normalise(r.name),
        suffixes=tuple(r.suffixes),
        media_type=r.media_type,
        default_template=getattr(r, "default_template", None),
        description=doc[0] if doc else "",
        origin=origin,
        target=target,
    )


def get_renderer(name: str) -> Renderer:
    """The renderer called ``name`` (or handling the file suffix ``name``, e.g. ``.docx``).

    >>> get_renderer(".md").name
    'markdown'
    """
    if not isinstance(name, str):
        raise RendererError(f"tên bộ xuất phải là văn bản (docx, html, ...), nhận {name!r}")
    key = _normalise(name)
    plugins, conflicts = _plugins()
    if key.startswith("."):
        key = _by_suffix(key, plugins)
    if key in conflicts:
        raise RendererError(conflicts[key])
    if key in _registered:
        return _registered[key]
    info = _builtin(key)
    if info is not None:
        return _load_builtin(info)
    if key in plugins:
        return _load_plugin(*plugins[key])
    known = sorted({*(b.name for b in _BUILTINS), *_registered, *plugins, *conflicts})
    guess = difflib.get_close_matches(key, known, n=1)
    hint = f" Có phải ý là '{guess[0]}'?" if guess else ""
    raise RendererError(f"không có bộ xuất '{name}'.{hint} Các bộ xuất có: {', '.join(known)}")


def _by_suffix(suffix: str, plugins: _PluginMap) -> str:
    for info in _BUILTINS:
        if suffix in info.suffixes:
            return info.name
    for name, r in _registered.items():
        if suffix in r.suffixes:
            return name
    for name, pair in plugins.items():
        if suffix in _load_plugin(*pair).suffixes:
            return name
    known = sorted({s for b in _BUILTINS for s in b.suffixes})
    raise RendererError(
        f"không có bộ xuất nào cho đuôi tệp '{suffix}'; dùng {', '.join(known)} "
        "hoặc chỉ rõ định dạng (--format)"
    )


def _load_builtin(info: RendererInfo) -> Renderer:
    if info.name in _builtin_instances:
        return _builtin_instances[info.name]
    module_name, _, attr = info.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name == module_name:
            raise RendererError(
                f"bộ xuất '{info.name}' chưa dùng được: chưa có mô-đun {module_name} trong "
                "bản cài đặt này; cập nhật binhdanggioi lên bản mới hơn"
            ) from err
        raise
    renderer = _instantiate(getattr(module, attr), info.name, info.origin)
    _builtin_instances[info.name] = renderer
    return renderer


def template_path(template: TemplateArg, default: str | None) -> Path:
    """The template file to use: ``template`` as a path, a name in the package's
    ``templates/``, or ``default`` from there when ``template`` is ``None``.
    """
    packaged = Path(str(resources.files("binhdanggioi") / "templates"))
    if template is None:
        if default is None:
            raise TemplateError("bộ xuất này không dùng mẫu và không có mẫu mặc định")
        return packaged / default
    path = Path(template)
    if path.is_file():
        return path
    if path.name == str(template) and (packaged / path.name).is_file():
        return packaged / path.name
    raise TemplateError(f"không tìm thấy mẫu '{template}'", template=str(template))


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _refuse_overwrite(out: Path, inputs: Iterable[Path]) -> None:
    for path in inputs:
        if _same_file(out, path):
            raise RendererError(
                f"tệp kết quả {out} trùng với tệp đầu vào {path}; chọn tên khác để không ghi đè"
            )


def _template_of(renderer: Renderer, template: TemplateArg) -> Path | None:
    default = getattr(renderer, "default_template", None)
    if template is None and default is None:
        return None
    try:
        return template_path(template, default)
    except TemplateError:
        return Path(template) if template is not None else None


def render(
    bao_cao: BaoCao,
    format: str = "docx",
    *,
    template: TemplateArg = None,
    out: str | os.PathLike[str] | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> bytes:
    """Render ``bao_cao`` with the renderer ``format``; write ``out`` atomically when given.

    ``out`` may not be the template or one of ``inputs`` (the files the report came
    from): an input is never overwritten.
    """
    from binhdanggioi._files import source_paths, write_atomic

    renderer = get_renderer(format)
    target = Path(out) if out is not None else None
    if target is not None:
        if target.is_dir():
            raise RendererError(f"{target} là một thư mục; cần đường dẫn của tệp kết quả")
        used = _template_of(renderer, template)
        sources = [*(Path(p) for p in inputs), *source_paths(bao_cao)]
        _refuse_overwrite(target, [*sources, *([used] if used else [])])
    data = _render_one(renderer, bao_cao, template)
    if target is not None:
        try:
            write_atomic(target, data)
        except OSError as err:
            raise RendererError(
                f"không ghi được tệp kết quả {target}: {err.strerror or err}"
            ) from err
    return data


def _render_one(renderer: Renderer, bao_cao: BaoCao, template: TemplateArg) -> bytes:
    from binhdanggioi.model import BaoCao

    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"render() cần một BaoCao, nhận {type(bao_cao).__name__}")
    data = renderer.render(bao_cao, template=template)
    if not isinstance(data, bytes):
        raise RendererError(f"bộ xuất '{renderer.name}' trả về {type(data).__name__}, cần bytes")
    return data


def _slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-") or "bao-cao"


def output_name(bao_cao: BaoCao, suffix: str) -> str:
    """The file name :func:`render_many` gives a report: ``bac-kan-2023.docx``.

    >>> from binhdanggioi.model import BaoCao, DonVi
    >>> output_name(BaoCao(2023, DonVi("Bắc Kạn", "huyen")), ".docx")
    'bac-kan-2023.docx'
    """
    return f"{_slug(bao_cao.don_vi.ten)}-{bao_cao.nam}{suffix}"


def render_many(
    reports: Iterable[BaoCao],
    format: str,
    *,
    template: TemplateArg = None,
    out_dir: str | os.PathLike[str],
    progress: bool | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> list[Path]:
    """Render every report into ``out_dir``; returns the files written, in order.

    The template is prepared once (read, checked, compiled) and reused for every
    report; each output is written atomically as soon as it is rendered, so memory
    stays flat however many reports there are (``reports`` may be a generator).
    Names come from :func:`output_name`; two reports with one name get ``-2``,
    ``-3``, ... ``progress``: draw a progress bar and a closing summary on stderr
    (``None``: only when stderr is a terminal). No output may be the template or
    one of ``inputs`` (the files the reports came from).
    """
    from binhdanggioi._files import source_paths, write_atomic
    from binhdanggioi._progress import Progress

    renderer = get_renderer(format)
    folder = Path(out_dir)
    suffix = renderer.suffixes[0] if renderer.suffixes else ""
    used_template = _template_of(renderer, template)
    protected = [*(Path(p) for p in inputs), *([used_template] if used_template else [])]
    render_fn = _prepared(renderer, template)
    total = len(reports) if isinstance(reports, Sized) else None
    written: list[Path] = []
    taken: set[str] = set()
    with Progress(total, label="Xuất báo cáo", unit="tệp", enabled=progress) as bar:
        for bao_cao in reports:
            name = output_name(bao_cao, suffix)
            stem, n = name[: len(name) - len(suffix)] if suffix else name, 2
            while name in taken:
                name, n = f"{stem}-{n}{suffix}", n + 1
            taken.add(name)
            target = folder / name
            _refuse_overwrite(target, [*protected, *source_paths(bao_cao)])
            write_atomic(target, render_fn(bao_cao))
            written.append(target)
            bar.advance()
    return written


def _prepared(renderer: Renderer, template: TemplateArg) -> Any:
    prepare = getattr(renderer, "prepare", None)
    if prepare is None:
        return lambda bc: _render_one(renderer, bc, template)
    prepared = prepare(template)
    return prepared.render


class _CallableModule(types.ModuleType):
    """This package, callable: ``binhdanggioi.renderers()`` lists the renderers.

    The public function ``binhdanggioi.renderers()`` and this subpackage share a
    name; once the subpackage is imported, Python binds the name to the module, so
    the module itself answers the call.
    """

    def __call__(self) -> dict[str, RendererInfo]:
        return renderers()


sys.modules[__name__].__class__ = _CallableModule
