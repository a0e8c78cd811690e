"""PDF renderer: the Word document, converted to PDF by LibreOffice.

Reports are sent as PDF. This renderer renders the Word document with the docx
renderer (the same Word template) and converts it with LibreOffice, which must be
installed on the machine: no Python package lays out a Word document faithfully.
The program is ``soffice`` (or ``libreoffice``) on the ``PATH``, in LibreOffice's
usual folder on Windows and macOS, or wherever ``BINHDANGGIOI_SOFFICE`` points.

Each LibreOffice run works in a throw-away folder with a profile of its own, so
runs in parallel never meet (LibreOffice hands a file to an instance already
running on the same profile); at its time limit the run is killed with every
process it started, and the folder is always removed. Starting LibreOffice costs
far more than converting one report, so a batch (:meth:`PreparedPdf.render_batch`,
which :func:`~binhdanggioi.renderers.render_many` uses) converts up to
:data:`BATCH_SIZE` documents in one run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from binhdanggioi.errors import RendererError
from binhdanggioi.renderers import TemplateArg
from binhdanggioi.renderers.docx import DocxRenderer, PreparedDocx

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.model import BaoCao

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_TIMEOUT",
    "SOFFICE_ENV",
    "TIMEOUT_ENV",
    "PdfRenderer",
    "PreparedPdf",
    "find_soffice",
]

SOFFICE_ENV = "BINHDANGGIOI_SOFFICE"
"""Environment variable naming the LibreOffice program, when it is not on the ``PATH``."""
TIMEOUT_ENV = "BINHDANGGIOI_PDF_TIMEOUT"
"""Environment variable with the time limit of a LibreOffice run, in seconds."""
DEFAULT_TIMEOUT = 120.0
"""Seconds one LibreOffice run may take; a batch gets a tenth more per further document."""
BATCH_SIZE = 50
"""Documents converted in one LibreOffice run by :meth:`PreparedPdf.render_batch`."""

_PROGRAMS = ("soffice", "libreoffice")
_USUAL_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_INSTALL = (
    "cài LibreOffice (Ubuntu/Debian: sudo apt install libreoffice-writer; "
    "Windows, macOS: tải từ https://www.libreoffice.org)"
)
_HOW_TO_INSTALL = f"{_INSTALL} hoặc đặt biến môi trường {SOFFICE_ENV} là đường dẫn tới soffice"


def find_soffice() -> Path:
    """The LibreOffice program to run; a Vietnamese :class:`RendererError` when there is none.

    ``BINHDANGGIOI_SOFFICE`` wins when set; then ``soffice`` and ``libreoffice`` on
    the ``PATH``; then LibreOffice's usual folder on macOS and Windows.
    """
    named = os.environ.get(SOFFICE_ENV, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise RendererError(
                f"cần LibreOffice để chuyển sang PDF nhưng biến môi trường {SOFFICE_ENV} chỉ tới "
                f"'{named}', không phải một chương trình chạy được; cho biến này đường dẫn tới "
                f"soffice của LibreOffice (nếu chưa có thì {_INSTALL})"
            )
        return Path(found)
    for program in _PROGRAMS:
        found = shutil.which(program)
        if found is not None:
            return Path(found)
    for place in _USUAL_PLACES:
        if Path(place).is_file():
            return Path(place)
    raise RendererError(
        "cần cài LibreOffice (soffice) để chuyển văn bản Word sang PDF nhưng không tìm thấy "
        f"chương trình soffice; {_HOW_TO_INSTALL}"
    )


def _timeout_from_environment() -> float:
    text = os.environ.get(TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise RendererError(f"biến môi trường {TIMEOUT_ENV} phải là số giây dương, nhận '{text}'")
    return seconds


@attrs.frozen
class _LibreOffice:
    """One LibreOffice program and its time limit; converts Word files in a folder."""

    program: Path
    timeout: float

    def limit(self, documents: int) -> float:
        """Seconds a run converting ``documents`` files may take."""
        return self.timeout * (1 + max(documents - 1, 0) / 10)

    def convert(self, sources: Sequence[Path], work: Path) -> list[Path]:
        """Convert ``sources`` (.docx files in ``work``) in one run; their PDFs, in order."""
        out_dir, profile, tmp = work / "pdf", work / "profile", work / "tmp"
        for folder in (out_dir, profile, tmp):
            folder.mkdir()
        command = [
            str(self.program),
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        # LibreOffice's own temporary files go into the throw-away folder too.
        env = {**os.environ, "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}
        stderr = self._run(command, env, self.limit(len(sources)))
        pdfs = [out_dir / f"{source.stem}.pdf" for source in sources]
        missing = [p for p in pdfs if not p.is_file()]
        if missing:
            said = " ".join(stderr.split())[-300:]
            raise RendererError(
                f"LibreOffice ({self.program}) không tạo ra được tệp PDF "
                f"({len(missing)}/{len(pdfs)} tài liệu)" + (f": {said}" if said else "")
            )
        return pdfs

    def _run(self, command: list[str], env: dict[str, str], limit: float) -> str:
        """Run ``command`` in a session of its own; kill the whole session at ``limit``."""
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
        except OSError as err:
            raise RendererError(
                f"không chạy được LibreOffice ({self.program}): {err.strerror or err}; "
                f"{_HOW_TO_INSTALL}"
            ) from err
        try:
            _, stderr = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_session(proc)
            proc.communicate()
            raise RendererError(
                f"LibreOffice ({self.program}) không chuyển xong sang PDF trong {limit:g} giây "
                f"nên đã bị dừng; tăng thời hạn bằng biến môi trường {TIMEOUT_ENV} (số giây) "
                "nếu máy chậm"
            ) from None
        finally:
            # Whatever happened (an interrupt too), nothing LibreOffice started outlives the run.
            _kill_session(proc)
        return stderr.decode("utf-8", "replace")


def _kill_session(proc: subprocess.Popen[bytes]) -> None:
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):  # ended already
            os.killpg(proc.pid, signal.SIGKILL)
    elif proc.poll() is None:  # Windows: no sessions; end the process itself
        proc.kill()
    if proc.poll() is None:
        proc.wait()


class PreparedPdf:
    """A Word template prepared once and a LibreOffice found once; renders many reports."""

    def __init__(self, docx: PreparedDocx, libreoffice: _LibreOffice) -> None:
        self.docx = docx
        self._libreoffice = libreoffice

    def render(self, bao_cao: BaoCao) -> bytes:
        """The PDF of ``bao_cao``."""
        return next(self.render_batch([bao_cao]))

    def render_batch(self, reports: Iterable[BaoCao]) -> Iterator[bytes]:
        """The PDFs of ``reports``, in order; :data:`BATCH_SIZE` per LibreOffice run."""
        it = iter(reports)
        while chunk := list(itertools.islice(it, BATCH_SIZE)):
            yield from self._convert(chunk)

    def render_context(self, context: Mapping[str, Any]) -> bytes:
        """The PDF for a context (a report's with its plan, or a plan's)."""
        return next(self._convert_documents([self.docx.render_context(context)]))

    def _convert(self, reports: Sequence[BaoCao]) -> Iterator[bytes]:
        return self._convert_documents(self.docx.render(r) for r in reports)

    def _convert_documents(self, documents: Iterable[bytes]) -> Iterator[bytes]:
        with tempfile.TemporaryDirectory(prefix="binhdanggioi-pdf-") as name:
            work = Path(name)
            sources = []
            for number, document in enumerate(documents, start=1):
                source = work / f"{number:04d}.docx"
                source.write_bytes(document)
                sources.append(source)
            for pdf in self._libreoffice.convert(sources, work):
                yield pdf.read_bytes()
                pdf.unlink()


class PdfRenderer:
    """Tệp PDF để gửi: văn bản Word chuyển sang PDF bằng LibreOffice."""

    name = "pdf"
    suffixes: tuple[str, ...] = (".pdf",)
    media_type = "application/pdf"
    default_template: str | None = DocxRenderer.default_template
    kind_templates: Mapping[str, str] = DocxRenderer.kind_templates

    def __init__(self, *, timeout: float | None = None) -> None:
        """``timeout``: seconds one LibreOffice run may take (default: ``BINHDANGGIOI_PDF_TIMEOUT``
        or :data:`DEFAULT_TIMEOUT`).
        """
        if timeout is not None and not 0 < timeout < float("inf"):
            raise RendererError(f"thời hạn chuyển sang PDF phải là số giây dương, nhận {timeout!r}")
        self.timeout = timeout

    @property
    def problem(self) -> str | None:
        """Why PDFs cannot be made on this machine now (LibreOffice missing), or ``None``."""
        try:
            find_soffice()
        except RendererError as err:
            return str(err)
        return None

    def prepare(self, template: TemplateArg = None) -> PreparedPdf:
        """The Word template prepared (as the docx renderer does) and LibreOffice found."""
        libreoffice = _LibreOffice(find_soffice(), self.timeout or _timeout_from_environment())
        return PreparedPdf(DocxRenderer().prepare(template), libreoffice)

    def render(self, bao_cao: BaoCao, *, template: TemplateArg = None) -> bytes:
        """The PDF of ``bao_cao`` from the Word template ``template`` (default: the docx one)."""
        return self.prepare(template).render(bao_cao)
