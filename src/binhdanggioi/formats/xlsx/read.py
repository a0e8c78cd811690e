"""The form's reader: an .xlsx file back into a :class:`~binhdanggioi.model.BaoCao`.

The container is checked first, to say what a wrong file really is (:mod:`._archive`);
then each sheet of the form is read into a grid of values (:mod:`._grid`, after the
streaming limits of :mod:`._scan`), the grids into plain data, and
the data is structured with the model's own rules. Every problem found, in a cell
or in the model, is reported at once with its sheet and cell (``Hoạt động!E7``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from binhdanggioi._files import read_input
from binhdanggioi.catalogue import Catalogue
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats.xlsx._archive import _not_a_form, _open_archive
from binhdanggioi.formats.xlsx._grid import _Grid, _openpyxl_needed, read_grids
from binhdanggioi.formats.xlsx.cells import (
    _OMIT,
    _catalogue,
    _CellProblem,
    _indicator_code,
    _percent_message,
    _text_of,
)
from binhdanggioi.formats.xlsx.layout import (
    _BUDGET,
    _BUDGET_SHEET,
    _FIELD_SHEETS,
    _KEY_ROW_SEARCH,
    _KINDS,
    _PLAN_SHEET,
    _READ_SHEETS,
    _REQUIRED_SHEETS,
    _ROW_SHEETS,
    _SECTIONS,
    _SOURCE_SHEET,
    _SUPPORT_SHEET,
    _TABLE_SHEETS,
    _TEXT,
    _UNIT,
    _UNIT_SHEET,
    SHEETS,
    _column_letter,
    _Field,
    _FieldSheet,
    _ref,
    _Section,
    _TableSheet,
)
from binhdanggioi.formats.xlsx.plan_layout import PLAN_FORM_MESSAGE, _looks_like_plan_form
from binhdanggioi.model import BaoCao
from binhdanggioi.serialization import _printable, structure
from binhdanggioi.vietnamese import parse_number
from binhdanggioi.vocabulary import fold

__all__ = ["load_form", "loads_form"]

_NUMERIC_KINDS = frozenset({"count", "money", "year"})
_CODE = "indicator_code"
_COPY = re.compile(r"\s*(?:\(\d+\)|\d+)$")  # "Hoạt động (2)", "HOẠT ĐỘNG1": a copied sheet
_PARENT = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Put ``value`` at the dotted ``path`` of nested dicts: ``don_vi.ten``."""
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


@attrs.frozen
class _Table:
    """One table sheet as found: where its columns are, and its merged cells."""

    grid: _Grid
    spec: _TableSheet
    fields: Mapping[str, _Field]
    columns: Mapping[str, int]
    filled: Mapping[tuple[int, int], Any]  # merged text, copied down
    broken: frozenset[tuple[int, int]]  # merged figures, already reported
    read: tuple[tuple[str, int, _Field], ...] = ()  # (key, column, field) of a row's cells
    # The same cells as read where nothing is marked: (column's index, cell reader,
    # dotted key split, whether it is the hidden indicator code, field).
    steps: tuple[tuple[int, Any, tuple[str, ...], bool, _Field], ...] = ()

    @classmethod
    def found(
        cls,
        grid: _Grid,
        spec: _TableSheet,
        columns: Mapping[str, int],
        merged: tuple[dict[tuple[int, int], Any], set[tuple[int, int]]],
    ) -> _Table:
        fields = {c.key: c for c in spec.columns}
        read = tuple(
            (key, column, fields[key])
            for key, column in columns.items()
            if fields[key].kind not in ("stt", "status")  # the form's own; status read first
        )
        filled, broken = merged
        steps = tuple(
            (column - 1, _KINDS[field.kind].read, tuple(key.split(".")), field.kind == _CODE, field)
            for key, column, field in read
        )
        return cls(grid, spec, fields, columns, filled, frozenset(broken), read, steps)


@attrs.define
class _Place:
    """Where a field of the report was read: a cell (or a whole sheet) and a label."""

    sheet: str
    label: str | None
    row: int = 0
    column: int = 0

    @property
    def ref(self) -> str:
        return _ref(self.sheet, self.row, self.column) if self.row else self.sheet


def _few_keys(keys: set[str], cells: tuple[Any, ...]) -> bool:
    """Fewer than two of ``keys`` among ``cells``: not the key row, said at C speed."""
    try:
        return len(keys.intersection(cells)) < 2
    except TypeError:  # a value that cannot be hashed: look at each cell
        return False


def _order(sheet: str, row: int = 0, column: int = 0) -> tuple[int, int, int]:
    return (SHEETS.index(sheet) if sheet in SHEETS else 99, row, column)


class _FormReader:
    """Reads the sheets into plain data, then structures it with the model's own rules."""

    def __init__(
        self, grids: Mapping[str, _Grid], source: str | None, missing: Sequence[DataIssue] = ()
    ) -> None:
        self.grids = grids
        self.source = source
        self._places: dict[str, _Place] = {}
        self._pending: list[tuple[_Table, int, str]] = []  # rows whose places are not written
        self.problems: list[tuple[tuple[int, int, int], DataIssue]] = []
        self.catalogue: Catalogue | None = None
        self.missing = {issue.path for issue in missing}
        for issue in missing:
            self._problem(issue.path, self._order(issue.path), issue.message)

    # ------------------------------------------------------------------ bookkeeping

    @property
    def places(self) -> dict[str, _Place]:
        """Where each field was read. A table row's cells are written down here only when
        asked for (a form read without a problem never is): one place a cell is most of
        the reading time otherwise."""
        if self._pending:
            pending, self._pending = self._pending, []
            for table, row, base in pending:
                self._row_places(table, row, base)
        return self._places

    def _row_places(self, table: _Table, row: int, base: str) -> None:
        name = table.spec.name
        self._places[base] = _Place(name, f"dòng {row}", row, 1)
        for key, column, field in table.read:
            if field.kind != "indicator_code" and (row, column) not in table.broken:
                self._places[f"{base}.{key}"] = _Place(name, field.label, row, column)

    _order = staticmethod(_order)

    def _order_of(self, place: _Place) -> tuple[int, int, int]:
        return self._order(place.sheet, place.row, place.column)

    def _cell(self, sheet: str, row: int, column: int) -> tuple[str, tuple[int, int, int]]:
        return _ref(sheet, row, column), self._order(sheet, row, column)

    def _problem(self, ref: str, order: tuple[int, int, int], message: str) -> None:
        # A cell may quote text with a lone surrogate (_xD800_): keep it printable.
        self.problems.append((order, DataIssue(_printable(ref), _printable(message))))

    def _read_cell(
        self, grid: _Grid, sheet: str, row: int, column: int, field: _Field, value: Any
    ) -> Any:
        """Convert one cell, recording a problem (and returning ``_OMIT``) when it is bad."""
        if not grid.marked:  # most sheets: nothing to say before the cell's own reader
            try:
                return _OMIT if value is None else _KINDS[field.kind].read(value)
            except _CellProblem as err:
                ref, order = self._cell(sheet, row, column)
                self._problem(ref, order, f"{field.label}: {err}")
                return _OMIT
        ref, order = self._cell(sheet, row, column)
        if (row, column) in grid.errors:
            self._problem(
                ref,
                order,
                f"{field.label}: ô báo lỗi công thức {grid.errors[(row, column)]}; "
                "sửa công thức hoặc gõ giá trị",
            )
            return _OMIT
        if (row, column) in grid.uncalculated:
            self._problem(
                ref,
                order,
                f"{field.label}: ô có công thức nhưng chưa có giá trị đã tính; mở tệp và "
                "lưu tệp trong Excel trước (hoặc LibreOffice), rồi đọc lại",
            )
            return _OMIT
        if (row, column) in grid.refused:
            self._problem(ref, order, f"{field.label}: {grid.refused[(row, column)]}")
            return _OMIT
        if (row, column) in grid.percent and field.kind in _NUMERIC_KINDS:
            self._problem(ref, order, f"{field.label}: {_percent_message(value, field.kind)}")
            return _OMIT
        try:
            return _OMIT if value is None else _KINDS[field.kind].read(value)
        except _CellProblem as err:
            self._problem(ref, order, f"{field.label}: {err}")
            return _OMIT

    # ------------------------------------------------------------------ sheets

    def read(self) -> BaoCao:
        data: dict[str, Any] = {"don_vi": {}}
        if _UNIT in self.grids:
            self._read_fields(_UNIT_SHEET, data)
        self.catalogue = _catalogue(_year_hint(data.get("nam")))
        for spec in (*_ROW_SHEETS, _SUPPORT_SHEET, _PLAN_SHEET, _SOURCE_SHEET):
            if spec.name in self.grids:
                self._read_table(spec, data)
        if _BUDGET in self.grids:
            self._read_fields(_BUDGET_SHEET, data)
        if _TEXT in self.grids:
            self._read_text(data)
        try:
            result = structure(data)
        except DataError as err:
            self._locate(err.issues)
            result = None
        if self.problems or result is None:
            self.problems.sort(key=lambda p: p[0])
            raise DataError([issue for _, issue in self.problems], source=self.source)
        return result

    def _read_fields(self, spec: _FieldSheet, data: dict[str, Any]) -> None:
        grid = self.grids[spec.name]
        fields = {f.key: f for f in spec.fields}
        by_label = {fold(f.label): f for f in spec.fields}
        seen: dict[str, str] = {}
        for row in range(1, len(grid.values) + 1):
            key = grid.get(row, 4)
            label = grid.get(row, 1)
            field = fields.get(key) if isinstance(key, str) else None
            if field is None and isinstance(label, str):
                field = by_label.get(fold(label))
            if field is None:
                continue
            ref, order = self._cell(spec.name, row, 2)
            if field.key in seen:
                self._problem(
                    ref, order, f"dòng '{field.label}' lặp lại (đã có ở {seen[field.key]})"
                )
                continue
            seen[field.key] = ref
            self._places[field.key] = _Place(spec.name, field.label, row, 2)
            value = self._read_cell(grid, spec.name, row, 2, field, grid.get(row, 2))
            if value is not _OMIT:
                _set_path(data, field.key, value)

    def _key_row(self, grid: _Grid, spec: _TableSheet) -> dict[str, int] | None:
        keys = {c.key for c in spec.columns}
        for row in range(1, min(len(grid.values), _KEY_ROW_SEARCH) + 1):
            if _few_keys(keys, grid.values[row - 1]):
                continue
            found = {
                value: column
                for column, value in enumerate(grid.values[row - 1], start=1)
                if isinstance(value, str) and value in keys
            }
            if len(found) >= 2:
                found["#row"] = row
                return found
        return None

    def _read_table(self, spec: _TableSheet, data: dict[str, Any]) -> None:
        grid = self.grids[spec.name]
        columns = self._key_row(grid, spec)
        if columns is None:
            self._problem(
                spec.name,
                self._order(spec.name),
                "không tìm thấy dòng tiêu đề của mẫu (dòng ẩn ghi mã các cột ngay trên dòng "
                "số liệu đầu tiên); đừng xóa dòng, cột tiêu đề. Chép số liệu sang mẫu mới "
                "tạo bằng: binhdanggioi form -o mau-nhap-lieu.xlsx",
            )
            return
        first = columns.pop("#row") + 1
        missing = [
            c.label
            for c in spec.columns
            if c.key not in columns and _KINDS[c.kind].in_report and not c.optional
        ]
        if missing:
            self._problem(
                spec.name,
                self._order(spec.name),
                f"thiếu cột {', '.join(repr(m) for m in missing)}; đừng xóa cột của mẫu",
            )
            return
        fields = {c.key: c for c in spec.columns}
        table = _Table.found(
            grid, spec, columns, self._merged(grid, spec.name, fields, columns, first)
        )
        found: dict[str, list[dict[str, Any]]] = {target: [] for target in spec.targets}
        own = [c for key, c in columns.items() if key not in ("stt", "chi_tieu#ma")]
        marked = grid.marked
        for row in range(first, len(grid.values) + 1):
            cells = grid.values[row - 1]
            width = len(cells)
            if all(c > width or cells[c - 1] is None for c in own) and not (
                marked and any(grid.flagged(row, c) for c in columns.values())
            ):
                continue
            target = self._status(grid, spec, columns, row)
            if target is None:
                continue
            rows = found[target]
            rows.append(self._read_row(table, row, target, len(rows)))
        for target, rows in found.items():
            data[target] = rows
            self._places[target] = _Place(spec.name, None)

    def _status(
        self, grid: _Grid, spec: _TableSheet, columns: Mapping[str, int], row: int
    ) -> str | None:
        """The report field a row belongs to, from its status cell (``None``: unreadable)."""
        column = columns.get("#tinh_trang")
        if not spec.statuses or column is None:
            return spec.targets[0]
        value = grid.get(row, column)
        text = fold(_text_of(value)) if value is not None else ""
        if not text:
            return spec.targets[0]
        for target, label in spec.statuses:
            if fold(label) == text:
                return target
        ref, order = self._cell(spec.name, row, column)
        labels = " hoặc ".join(f"'{label}'" for _, label in spec.statuses)
        self._problem(ref, order, f"Tình trạng: ghi {labels}, không phải '{_text_of(value)}'")
        return None

    def _merged(
        self,
        grid: _Grid,
        sheet: str,
        fields: Mapping[str, _Field],
        columns: Mapping[str, int],
        first: int,
    ) -> tuple[dict[tuple[int, int], Any], set[tuple[int, int]]]:
        """Merged cells in the data: text is copied down; merged figures are refused."""
        merging = {column: _KINDS[fields[key].kind].merged for key, column in columns.items()}
        filled: dict[tuple[int, int], Any] = {}
        broken: set[tuple[int, int]] = set()
        for origin, left, bottom, right in grid.merges:
            if bottom < first or (origin == bottom and left == right):
                continue
            top = max(origin, first)
            numbers = [c for c in range(left, right + 1) if merging.get(c) == "refuse"]
            if numbers:
                span = f"{_column_letter(left)}{top}:{_column_letter(right)}{bottom}"
                self._problem(
                    f"{sheet}!{span}",
                    self._order(sheet, top, left),
                    "ô số liệu bị gộp (Merge); bỏ gộp ô (Unmerge) và ghi số riêng cho từng dòng",
                )
                broken.update((r, c) for r in range(top, bottom + 1) for c in numbers)
            if merging.get(left) == "copy" and origin >= first:
                value = grid.get(top, left)
                for r in range(top + 1, bottom + 1):
                    filled[(r, left)] = value
        return filled, broken

    def _read_row(self, table: _Table, row: int, target: str, index: int) -> dict[str, Any]:
        """Row ``row`` of a table, as item ``index`` of the report field ``target``."""
        grid, spec, filled, broken = table.grid, table.spec, table.filled, table.broken
        self._pending.append((table, row, f"{target}[{index}]"))
        item: dict[str, Any] = {}
        hidden_code: str | None = None
        cells = grid.values[row - 1] if row <= len(grid.values) else ()
        width, marked = len(cells), grid.marked
        if not (marked or filled or broken):
            hidden_code = self._read_plain_row(table, row, cells, item)
            if spec.bang is not None and isinstance(item.get("chi_tieu"), str):
                item["chi_tieu"] = _indicator_code(
                    self.catalogue, spec.bang, item["chi_tieu"], hidden_code
                )
            return item
        for key, column, field in table.read:
            if broken and (row, column) in broken:
                continue  # a merged figure, reported already
            raw = cells[column - 1] if column <= width else None
            if raw is None and filled:
                raw = filled.get((row, column))
            if raw is None and not marked:
                value = _OMIT  # an empty cell, nothing to say: most cells of a row
            else:
                value = self._read_cell(grid, spec.name, row, column, field, raw)
            if field.kind == "indicator_code":
                hidden_code = value if isinstance(value, str) else None
            elif value is not _OMIT:
                _set_path(item, key, value)
        if spec.bang is not None and isinstance(item.get("chi_tieu"), str):
            item["chi_tieu"] = _indicator_code(
                self.catalogue, spec.bang, item["chi_tieu"], hidden_code
            )
        return item

    def _read_plain_row(
        self, table: _Table, row: int, cells: tuple[Any, ...], item: dict[str, Any]
    ) -> str | None:
        """:meth:`_read_row` on a sheet where no cell is marked, merged or copied down:
        the same values and messages, each cell's kind and key looked up beforehand.
        Returns the hidden indicator code."""
        hidden_code: str | None = None
        width = len(cells)
        for index, read, path, is_code, field in table.steps:
            raw = cells[index] if index < width else None
            if raw is None:
                continue  # an empty cell, nothing to say: most cells of a row
            try:
                value = read(raw)
            except _CellProblem as err:
                ref, order = self._cell(table.spec.name, row, index + 1)
                self._problem(ref, order, f"{field.label}: {err}")
                value = _OMIT
            if is_code:
                hidden_code = value if isinstance(value, str) else None
            elif value is not _OMIT:
                if len(path) == 1:
                    item[path[0]] = value
                else:
                    parent = item
                    for part in path[:-1]:
                        parent = parent.setdefault(part, {})
                    parent[path[-1]] = value
        return hidden_code

    def _read_text(self, data: dict[str, Any]) -> None:
        grid = self.grids[_TEXT]
        sections = {s.key: s for s in _SECTIONS}
        by_label = {fold(s.label): s for s in _SECTIONS}
        found: dict[str, list[tuple[int, str]]] = {}
        current: _Section | None = None
        for row in range(1, len(grid.values) + 1):
            key, label, value = grid.get(row, 3), grid.get(row, 1), grid.get(row, 2)
            section = sections.get(key) if isinstance(key, str) else None
            if section is None and isinstance(label, str) and label.strip():
                section = by_label.get(fold(label))
                if section is None and current is not None and value is not None:
                    ref, order = self._cell(_TEXT, row, 1)
                    self._problem(
                        ref, order, f"không hiểu mục '{label}'; ghi ý này dưới một mục của mẫu"
                    )
                    continue
            section = section or current
            if section is None:
                continue
            current = section
            field = _Field(section.key, section.label)
            if grid.flagged(row, 2) or value is not None:
                text = self._read_cell(grid, _TEXT, row, 2, field, value)
                if text is not _OMIT:
                    found.setdefault(section.key, []).append((row, text))
        for section in _SECTIONS:
            items = found.get(section.key, [])
            if section.many:
                for k, (row, _text) in enumerate(items):
                    self._places[f"{section.key}[{k}]"] = _Place(_TEXT, section.label, row, 2)
                if items:
                    _set_path(data, section.key, [text for _, text in items])
                continue
            if len(items) > 1:
                ref, order = self._cell(_TEXT, items[1][0], 2)
                self._problem(
                    ref,
                    order,
                    f"mục '{section.label}' chỉ ghi một ô; gộp nội dung vào ô "
                    f"B{items[0][0]} (xuống dòng trong ô bằng Alt+Enter)",
                )
            if items:
                self._places[section.key] = _Place(_TEXT, section.label, items[0][0], 2)
                _set_path(data, section.key, items[0][1])

    # ------------------------------------------------------------------ structure issues

    def _locate(self, issues: Iterable[DataIssue]) -> None:
        """Put the model's issues (``hoat_dong[2].nguoi.nu``) back on their cells."""
        taken = {issue.path for _, issue in self.problems}
        for issue in issues:
            path = issue.path
            probe = path
            while probe and probe not in self.places:
                parent = _PARENT.sub("", probe)
                probe = "" if parent == probe else parent
            place = self.places.get(probe) if probe else None
            message = issue.message
            if place is None:
                sheet, label = _static_place(path)
                if sheet in self.missing:
                    continue  # already reported: the whole sheet is missing
                missing = message.startswith("thiếu trường bắt buộc")
                text = f"thiếu dòng '{label}'; đừng xóa dòng của mẫu" if missing else message
                self._problem(sheet, self._order(sheet), f"{text} ({path})" if path else text)
                continue
            if place.ref in taken:
                continue
            if probe != path:
                message = f"{message} ({path})"
            elif message.startswith("thiếu trường bắt buộc"):
                message = f"chưa ghi '{place.label}' (ô bắt buộc)"
            elif place.label:
                message = f"{place.label}: {message}"
            self._problem(place.ref, self._order_of(place), message)


def _static_place(path: str) -> tuple[str, str]:
    """The sheet and label of a field whose row is missing from the form."""
    head = re.sub(r"\[\d+\].*$", "", path)
    for spec in _FIELD_SHEETS:
        for field in spec.fields:
            if field.key == head or field.key.startswith(head + "."):
                return spec.name, field.label
    for section in _SECTIONS:
        if section.key == head:
            return _TEXT, section.label
    for table in _TABLE_SHEETS:
        if head in table.targets:
            return table.name, table.title
    return _UNIT, path


def _year_hint(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- entry points


def _match_sheets(
    names: Sequence[str], source: str | None
) -> tuple[dict[str, str], list[DataIssue]]:
    """Map each sheet of the form to the workbook's sheet (case and accents forgiven).

    Also returns one issue per required sheet that is missing; a workbook without
    any sheet of the form is refused at once.
    """
    if _looks_like_plan_form(names):
        raise _not_a_form(PLAN_FORM_MESSAGE, source)
    by_fold: dict[str, list[str]] = {}
    copies: dict[str, list[str]] = {}
    for name in names:
        by_fold.setdefault(fold(name), []).append(name)
        copied = _COPY.sub("", fold(name))
        if copied != fold(name):
            copies.setdefault(copied, []).append(name)
    found: dict[str, str] = {}
    twins: list[DataIssue] = []
    for sheet in _READ_SHEETS:
        candidates = by_fold.get(fold(sheet), [])
        if candidates and copies.get(fold(sheet)):
            candidates = candidates + copies[fold(sheet)]
        if len(candidates) > 1:
            # Reading one and dropping the other would lose what was typed there.
            listed = " và ".join(f"'{n}'" for n in candidates)
            twins.append(
                DataIssue(
                    sheet,
                    f"có {len(candidates)} trang cùng là trang '{sheet}' của mẫu: {listed} "
                    "(tên chỉ khác chữ hoa, dấu hoặc khoảng trắng); giữ một trang, chép số "
                    "liệu của trang kia sang rồi xóa nó",
                )
            )
        elif candidates:
            found[sheet] = candidates[0]
    missing = [s for s in _REQUIRED_SHEETS if fold(s) not in by_fold]
    if missing and len(missing) == len(_REQUIRED_SHEETS):
        shown = ", ".join(f"'{n}'" for n in names) or "(không có trang nào)"
        raise _not_a_form(
            f"tệp không phải mẫu nhập liệu báo cáo: không có trang nào của mẫu (tệp có: "
            f"{shown}); tạo mẫu bằng: binhdanggioi form -o mau-nhap-lieu.xlsx",
            source,
        )
    known = {fold(s) for s in SHEETS}
    strangers = [n for n in names if fold(n) not in known]
    issues = []
    for sheet in missing:
        hint = ""
        if strangers:
            listed = ", ".join(f"'{n}'" for n in strangers)
            hint = f"; nếu đã đổi tên trang (tệp có {listed}), đặt lại tên đúng là '{sheet}'"
        issues.append(DataIssue(sheet, f"thiếu trang '{sheet}' của mẫu nhập liệu{hint}"))
    return found, issues + twins


def loads_form(data: bytes, *, source: str | None = None) -> BaoCao:
    """Read a filled form from the bytes of an .xlsx file (see :func:`load_form`)."""
    _openpyxl_needed()
    archive = _open_archive(data, source)
    try:
        grids, missing = read_grids(data, archive, source, _match_sheets)
    finally:
        archive.close()
    return _FormReader(grids, source, missing).read()


def load_form(path: str | os.PathLike[str]) -> BaoCao:
    """Read a filled Excel input form into a :class:`BaoCao`.

    Every problem is collected into one :class:`DataError` whose issues name their
    sheet and cell (``Hoạt động!E7``).
    """
    path = Path(path)
    data = read_input(path)
    return loads_form(data, source=str(path))
