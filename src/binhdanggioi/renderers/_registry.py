"""The renderer contract (protocols) and the :class:`Registry` that finds renderers.

A renderer describes itself: its class carries ``name``, ``suffixes``,
``media_type``, ``default_template`` and, as the first line of its docstring, its
description. Built-ins are listed in the registry as dotted paths only and imported
on first use; plugins come from an entry-point group and are loaded on first use
too, never when the package is imported.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from binhdanggioi.errors import RendererError

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.model import BaoCao

__all__ = [
    "BatchingTemplate",
    "Builtin",
    "CheckableRenderer",
    "PreparedTemplate",
    "PreparingRenderer",
    "Registry",
    "Renderer",
    "RendererInfo",
    "TemplateArg",
    "TemplateSource",
]

TemplateArg = str | os.PathLike[str] | None
"""A template as callers give it: a path, a name in the package's ``templates/``, or None."""


# --------------------------------------------------------------------------- contract


@runtime_checkable
class Renderer(Protocol):
    """What every renderer provides: a name, file suffixes, a media type, and ``render``.

    ``default_template`` names a file in the package's ``templates/`` (or is
    ``None`` for a renderer without templates). ``render`` returns the finished
    file's bytes; ``template`` is a path, or ``None`` for the default. The first
    line of the class's docstring is the description :func:`available_renderers`
    shows. A renderer that needs a program outside Python may also have a
    ``problem`` attribute: why it cannot be used on this machine now, or ``None``;
    :func:`available_renderers` lists it with that problem.

    A renderer that renders other kinds of documents than reports names their default
    templates in an optional ``kind_templates`` mapping (``{"ke_hoach": "ke-hoach.docx"}``):
    given a plan, :func:`render` uses that template (or the one it is given), prepares it
    and calls its prepared template's ``render_context`` with the plan's context. Such a
    renderer is a :class:`PreparingRenderer` whose prepared templates have
    ``render_context(context) -> bytes``.
    """

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    default_template: str | None

    def render(self, bao_cao: BaoCao, *, template: TemplateArg = None) -> bytes:
        """The rendered document of ``bao_cao``."""
        ...


class PreparedTemplate(Protocol):
    """A template read, checked and compiled once; renders any number of reports."""

    def render(self, bao_cao: BaoCao) -> bytes:
        """The rendered document of ``bao_cao``."""
        ...


@runtime_checkable
class BatchingTemplate(PreparedTemplate, Protocol):
    """A prepared template that renders many reports faster together than one by one.

    ``render_batch(reports)`` yields one document per report, in order, equal to
    what ``render`` gives; it takes the reports lazily, a bounded number at a time,
    so that memory stays flat. :func:`render_many` uses it when it is there.
    """

    def render_batch(self, reports: Iterable[BaoCao]) -> Iterator[bytes]:
        """The rendered documents of ``reports``, in their order."""
        ...


@runtime_checkable
class PreparingRenderer(Renderer, Protocol):
    """A renderer that prepares a template once for many reports.

    ``prepare(t).render(r)`` must equal ``render(r, template=t)``. :func:`render`
    and :func:`render_many` hand ``prepare`` the template file they found (an
    absolute path), so the template is looked up once per call.
    """

    def prepare(self, template: TemplateArg = None) -> PreparedTemplate:
        """The template prepared for rendering (``None``: the default template)."""
        ...


class TemplateSource(Protocol):
    """One piece of Jinja text of a template, as ``check-template`` reads it."""

    @property
    def name(self) -> str:
        """The name errors give the piece: ``mau.docx:word/document.xml``."""
        ...

    @property
    def source(self) -> str:
        """The Jinja text."""
        ...

    def describe(self, lineno: int) -> str:
        """Where line ``lineno`` is, for people: ``dòng 3``, a Word paragraph's text."""
        ...


@runtime_checkable
class CheckableRenderer(Renderer, Protocol):
    """A renderer whose templates ``check-template`` can read.

    ``template_suffixes`` are the endings of the template files it takes
    (``.html.j2``, ``.dotx``); ``template_sources`` reads one into its Jinja pieces.
    """

    template_suffixes: tuple[str, ...]

    def template_sources(self, template: TemplateArg = None) -> Sequence[TemplateSource]:
        """The Jinja pieces of ``template``, in the order of the document."""
        ...


@attrs.frozen
class RendererInfo:
    """A renderer as :func:`available_renderers` lists it.

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


@attrs.frozen
class Builtin:
    """A built-in renderer: its name and where its class is (``module:Class``)."""

    name: str
    target: str


# --------------------------------------------------------------------------- checks


def normalise(name: str) -> str:
    """A renderer's name as looked up: NFC, stripped, lower case."""
    return unicodedata.normalize("NFC", name).strip().lower()


def _check(obj: Any, origin: str) -> None:
    missing = [a for a in ("name", "suffixes", "media_type", "render") if not hasattr(obj, a)]
    if missing:
        raise RendererError(
            f"{origin}: không phải một bộ xuất (thiếu {', '.join(missing)}); "
            "bộ xuất cần name, suffixes, media_type, default_template và render()"
        )
    name = obj.name
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", normalise(name)):
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


def _instantiate(obj: Any, name: str, origin: str) -> Renderer:
    """A class is instantiated, a factory called; the result must be a renderer named ``name``."""
    if isinstance(obj, type) or (callable(obj) and not hasattr(obj, "render")):
        try:
            obj = obj()
        except Exception as err:
            raise RendererError(f"không tạo được bộ xuất '{name}' ({origin}): {err}") from err
    _check(obj, origin)
    if normalise(obj.name) != name:
        raise RendererError(
            f"bộ xuất của {origin} tên là '{obj.name}' nhưng được đăng ký với tên '{name}'"
        )
    renderer: Renderer = obj
    return renderer


def _info(r: Renderer, origin: str, target: str) -> RendererInfo:
    doc = (type(r).__doc__ or "").strip().splitlines()
    return RendererInfo(
        name=normalise(r.name),
        suffixes=tuple(r.suffixes),
        media_type=r.media_type,
        default_template=getattr(r, "default_template", None),
        description=doc[0] if doc else "",
        origin=origin,
        target=target,
        problem=_own_problem(r),
    )


def _own_problem(r: Renderer) -> str | None:
    """What the renderer says keeps it from working here (a program missing), if anything."""
    try:
        problem = getattr(r, "problem", None)
    except Exception as err:  # a plugin's check must not break the listing
        return f"{type(err).__name__}: {err}"
    return problem if isinstance(problem, str) and problem else None


def _missing_module(target: str) -> str | None:
    """Why the module of ``target`` cannot be imported, or ``None`` when it is there."""
    module = target.partition(":")[0]
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    return None if found else f"chưa có mô-đun {module} trong bản cài đặt này"


# --------------------------------------------------------------------------- plugins


@attrs.frozen
class _Plugin:
    name: str
    value: str
    distribution: str
    version: str

    @property
    def origin(self) -> str:
        return f"plugin {self.distribution} {self.version}".strip()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.name, self.value, self.distribution)


_Found = list[tuple[_Plugin, metadata.EntryPoint]]
_PluginMap = dict[str, tuple[_Plugin, metadata.EntryPoint]]


def _path_stamp() -> tuple[object, ...]:
    """What decides which distributions are installed: the path and its folders' stamps."""
    stamps: list[object] = []
    for entry in sys.path:
        try:
            stamps.append((entry, Path(entry or ".").stat().st_mtime_ns))
        except OSError:
            stamps.append((entry, None))
    return tuple(stamps)


def _scan_entry_points(group: str) -> _Found:
    """Installed plugins of ``group``; the same entry point seen twice on the path counts once."""
    found: dict[tuple[str, str, str], tuple[_Plugin, metadata.EntryPoint]] = {}
    for ep in metadata.entry_points(group=group):
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else "?"
        version = dist.version if dist is not None else ""
        plugin = _Plugin(normalise(ep.name), ep.value, dist_name or "?", version or "")
        found.setdefault(plugin.key, (plugin, ep))
    return list(found.values())


def _clash_message(name: str, sources: list[str]) -> str:
    return (
        f"bộ xuất '{name}' bị đăng ký {'hai' if len(sources) == 2 else 'nhiều'} lần: "
        f"{' và '.join(sources)}; gỡ bớt gói hoặc đổi tên bộ xuất"
    )


# --------------------------------------------------------------------------- registry


class Registry:
    """Renderers by name: built-ins (dotted paths), registered instances, plugins.

    Nothing is imported until asked for: a built-in's module on first use, the
    plugins of ``group`` on the first lookup or listing. Two renderers under one
    name are an error for that name, never a silent override.
    """

    def __init__(self, builtins: Iterable[Builtin], *, group: str) -> None:
        self.builtins: tuple[Builtin, ...] = tuple(builtins)
        self.group = group
        self._builtin_instances: dict[Builtin, Renderer] = {}
        self._registered: dict[str, Renderer] = {}
        self._plugin_instances: dict[tuple[str, str, str], Renderer] = {}
        self._scanned: tuple[tuple[object, ...], _Found] | None = None

    # -- registering at run time

    def register(self, renderer: Renderer) -> None:
        """Add ``renderer`` under its name; a name already taken is refused."""
        _check(renderer, f"register({type(renderer).__name__})")
        name = normalise(renderer.name)
        owners = self._owners()
        if name in owners:
            raise RendererError(f"bộ xuất '{name}' đã có ({owners[name]}); chọn tên khác")
        plugins = {p.name: p for p, _ in self._entry_points()}
        if name in plugins:
            raise RendererError(f"bộ xuất '{name}' đã có ({plugins[name].origin}); chọn tên khác")
        self._registered[name] = renderer

    def unregister(self, name: str) -> None:
        """Remove a renderer added with :meth:`register` (built-ins and plugins stay)."""
        key = normalise(name)
        if key not in self._registered:
            raise RendererError(f"không có bộ xuất '{name}' nào được đăng ký bằng register()")
        del self._registered[key]

    def registered_names(self) -> frozenset[str]:
        """The names added with :meth:`register` in this process (a worker does not have them)."""
        return frozenset(self._registered)

    # -- listing

    def available(self) -> dict[str, RendererInfo]:
        """Every renderer by name, sorted; one that cannot be used says why (``problem``)."""
        out: dict[str, RendererInfo] = {}
        for builtin in self.builtins:
            try:
                out[builtin.name] = _info(self._load_builtin(builtin), "có sẵn", builtin.target)
            except RendererError as err:
                problem = _missing_module(builtin.target) or str(err)
                out[builtin.name] = self._broken(builtin.name, "có sẵn", builtin.target, problem)
        for name, r in self._registered.items():
            out[name] = _info(r, "đăng ký", f"{type(r).__module__}:{type(r).__qualname__}")
        plugins, conflicts = self._plugins()
        for name, (plugin, ep) in plugins.items():
            try:
                out[name] = _info(self._load_plugin(plugin, ep), plugin.origin, plugin.value)
            except RendererError as err:
                out[name] = self._broken(name, plugin.origin, plugin.value, str(err))
        # A name taken twice is listed once, with the conflict as its problem.
        for name, problem in conflicts.items():
            base = out.get(name) or self._broken(name, "plugin", "", problem)
            out[name] = attrs.evolve(base, problem=problem)
        return dict(sorted(out.items()))

    @staticmethod
    def _broken(name: str, origin: str, target: str, problem: str) -> RendererInfo:
        return RendererInfo(name, (), "", None, "", origin, target, problem=problem)

    # -- lookup

    def get(self, name: str) -> Renderer:
        """The renderer called ``name``, or handling the file suffix ``name`` (``.docx``)."""
        if not isinstance(name, str):
            raise RendererError(f"tên bộ xuất phải là văn bản (docx, html, ...), nhận {name!r}")
        key = normalise(name)
        plugins, conflicts = self._plugins()
        if key.startswith("."):
            key = self._by_suffix(key, plugins)
        if key in conflicts:
            raise RendererError(conflicts[key])
        if key in self._registered:
            return self._registered[key]
        builtin = next((b for b in self.builtins if b.name == key), None)
        if builtin is not None:
            return self._load_builtin(builtin)
        if key in plugins:
            return self._load_plugin(*plugins[key])
        known = sorted({*(b.name for b in self.builtins), *self._registered, *plugins, *conflicts})
        guess = difflib.get_close_matches(key, known, n=1)
        hint = f" Có phải ý là '{guess[0]}'?" if guess else ""
        raise RendererError(f"không có bộ xuất '{name}'.{hint} Các bộ xuất có: {', '.join(known)}")

    def for_template(self, path: str | os.PathLike[str]) -> CheckableRenderer | None:
        """The renderer whose ``template_suffixes`` end the file name (longest ending wins).

        Built-ins and registered renderers are asked first; plugins only when none
        of them takes the file.
        """
        file_name = Path(path).name.lower()
        found = self._longest_ending(file_name, self._local_renderers())
        if found is None:
            plugins, _ = self._plugins()
            found = self._longest_ending(
                file_name, (self._load_plugin(*pair) for pair in plugins.values())
            )
        return found

    @staticmethod
    def _longest_ending(file_name: str, candidates: Iterable[Renderer]) -> CheckableRenderer | None:
        best: tuple[int, CheckableRenderer] | None = None
        for r in candidates:
            if not isinstance(r, CheckableRenderer):
                continue
            for ending in r.template_suffixes:
                longer = best is None or len(ending) > best[0]
                if file_name.endswith(ending.lower()) and longer:
                    best = (len(ending), r)
        return best[1] if best else None

    def _local_renderers(self) -> Iterable[Renderer]:
        for builtin in self.builtins:
            if _missing_module(builtin.target) is None:
                yield self._load_builtin(builtin)
        yield from self._registered.values()

    def _by_suffix(self, suffix: str, plugins: _PluginMap) -> str:
        for r in self._local_renderers():
            if suffix in r.suffixes:
                return normalise(r.name)
        for name, pair in plugins.items():
            if suffix in self._load_plugin(*pair).suffixes:
                return name
        known = sorted({s for r in self._local_renderers() for s in r.suffixes})
        raise RendererError(
            f"không có bộ xuất nào cho đuôi tệp '{suffix}'; dùng {', '.join(known)} "
            "hoặc chỉ rõ định dạng (--format)"
        )

    # -- loading

    def _load_builtin(self, builtin: Builtin) -> Renderer:
        if builtin in self._builtin_instances:
            return self._builtin_instances[builtin]
        module_name, _, attr = builtin.target.partition(":")
        try:
            # One of the two places allowed to import by string: built-ins load lazily.
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name == module_name:
                raise RendererError(
                    f"bộ xuất '{builtin.name}' chưa dùng được: chưa có mô-đun {module_name} "
                    "trong bản cài đặt này; cập nhật binhdanggioi lên bản mới hơn"
                ) from err
            raise
        renderer = _instantiate(getattr(module, attr), builtin.name, "có sẵn")
        self._builtin_instances[builtin] = renderer
        return renderer

    def _entry_points(self) -> _Found:
        """Installed plugins, scanned again only when ``sys.path`` or its folders change.

        Scanning installed distributions takes milliseconds, more than rendering a
        small report; installing or removing a distribution changes its folder.
        """
        stamp = _path_stamp()
        if self._scanned is None or self._scanned[0] != stamp:
            self._scanned = (stamp, _scan_entry_points(self.group))
        return list(self._scanned[1])

    def _owners(self) -> dict[str, str]:
        """Name → where it comes from, for the names that are not plugins."""
        owners = {b.name: "bộ xuất có sẵn" for b in self.builtins}
        owners.update(dict.fromkeys(self._registered, "bộ xuất đã đăng ký bằng register()"))
        return owners

    def _plugins(self) -> tuple[_PluginMap, dict[str, str]]:
        """Plugins by name, and the names taken more than once with why, naming every source.

        A name taken twice is an error for that name only: the other renderers work.
        """
        owners = self._owners()
        out: _PluginMap = {}
        clashes: dict[str, list[str]] = {}
        for plugin, ep in self._entry_points():
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
        conflicts = {name: _clash_message(name, sources) for name, sources in clashes.items()}
        return out, conflicts

    def _load_plugin(self, plugin: _Plugin, ep: metadata.EntryPoint) -> Renderer:
        if plugin.key in self._plugin_instances:
            return self._plugin_instances[plugin.key]
        try:
            obj = ep.load()
        except Exception as err:  # a broken plugin must not look like ours
            raise RendererError(
                f"không nạp được bộ xuất '{plugin.name}' từ {plugin.origin} ({plugin.value}): "
                f"{type(err).__name__}: {err}"
            ) from err
        renderer = _instantiate(obj, plugin.name, plugin.origin)
        self._plugin_instances[plugin.key] = renderer
        return renderer
