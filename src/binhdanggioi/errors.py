"""One error hierarchy under :class:`BinhDangGioiError`.

Each error also subclasses the fitting builtin, carries its data as attributes
and says, in Vietnamese, what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "AggregationError",
    "BinhDangGioiError",
    "DataError",
    "DataIssue",
    "MissingDependencyError",
    "RendererError",
    "TemplateError",
    "TemplateSecurityError",
]


class BinhDangGioiError(Exception):
    """Root of every error raised on purpose by binhdanggioi."""


@attrs.frozen
class DataIssue:
    """One problem found in input data: where it is and what is wrong.

    ``path`` is a field path such as ``hoat_dong[2].nguoi.nu`` or, for Excel,
    a sheet and cell such as ``Hoạt động!E7``; ``source`` names the file.
    """

    path: str
    message: str
    source: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        place = f"{self.path}: " if self.path else ""
        return f"{where}{place}{self.message}"


class DataError(BinhDangGioiError, ValueError):
    """Input data that cannot be read; ``issues`` lists every problem found."""

    def __init__(self, issues: Iterable[DataIssue], *, source: str | None = None) -> None:
        collected = tuple(
            attrs.evolve(i, source=i.source or source) if source else i for i in issues
        )
        self.issues: tuple[DataIssue, ...] = collected
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        lines = [str(i) for i in self.issues]
        if len(lines) == 1:
            return lines[0]
        head = f"Có {len(lines)} lỗi trong dữ liệu:"
        return "\n".join([head, *(f"  - {line}" for line in lines)])

    def with_source(self, source: str) -> DataError:
        """The same error with every issue attributed to ``source`` (a file name)."""
        return DataError(self.issues, source=source)

    @property
    def lines(self) -> Sequence[str]:
        """One printable line per issue, each naming its location."""
        return [str(i) for i in self.issues]


class AggregationError(BinhDangGioiError, ValueError):
    """Reports that cannot be aggregated together (different years, a unit twice, ...)."""

    def __init__(self, message: str, *, issues: Iterable[DataIssue] = ()) -> None:
        self.issues: tuple[DataIssue, ...] = tuple(issues)
        super().__init__(message)


class TemplateError(BinhDangGioiError, ValueError):
    """A template that cannot be compiled or rendered; names the template and the place."""

    def __init__(self, message: str, *, template: str | None = None) -> None:
        self.template = template
        super().__init__(message)


class TemplateSecurityError(TemplateError):
    """A template tried to reach something the sandbox forbids."""


class RendererError(BinhDangGioiError, LookupError):
    """An unknown renderer, or two renderers registered under one name."""


class MissingDependencyError(BinhDangGioiError, ImportError):
    """An optional dependency is missing; the message gives the ``pip install`` that fixes it."""

    def __init__(self, package: str, *, feature: str) -> None:
        self.package = package
        self.feature = feature
        super().__init__(
            f"Cần gói '{package}' để dùng {feature}. Cài đặt bằng: pip install {package}"
        )
