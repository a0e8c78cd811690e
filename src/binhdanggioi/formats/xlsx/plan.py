"""The plan's Excel form: a workbook a unit fills in, read back into a plan.

:func:`write_plan_form` writes it, blank or filled with a plan; :func:`load_plan_form`
reads a filled one into a :class:`~binhdanggioi.ke_hoach.KeHoachTrienKhai`, with the
report form's strictness: every problem at once, each at its sheet and cell
(``Hoạt động!E7``), in Vietnamese, and the same checks of the file itself (size,
archive, damaged or hostile content). The sheets are :data:`.plan_layout.PLAN_SHEETS`.

The report form's writer and reader do the work: their classes are extended here
with what a plan has that a report has not (the parts of its purposes, a body's list
of tasks over several rows, the report table of each activity, a time range), and
nothing in them is changed.

>>> from binhdanggioi.ke_hoach_io import load_plan, plan_example_path
>>> plan = load_plan(plan_example_path())
>>> loads_plan_form(write_plan_form(None, plan=plan)) == plan
True
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from binhdanggioi._files import read_input, write_atomic
from binhdanggioi.errors import DataError, DataIssue

# The report form's reader, whose parts the plan form reuses: the checks of the file
# (archive, sizes, hostile XML), the grid of a sheet, and the reading of fields and
# tables. Every name taken from it is here, in one place.
from binhdanggioi.formats.xlsx._archive import _not_a_form, _open_archive
from binhdanggioi.formats.xlsx._grid import _Grid, _openpyxl_needed, read_grids
from binhdanggioi.formats.xlsx.cells import (
    _catalogue,
    _indicator_code,
    _indicator_text,
    _openpyxl,
    _text_of,
    _write_text_cell,
)
from binhdanggioi.formats.xlsx.layout import (
    _ACTIVITIES,
    _BUDGET,
    _FIRST_ROW,
    _GUIDE,
    _LISTS,
    _SPARE_ROWS_BLANK,
    _SPARE_ROWS_FILLED,
    _UNIT,
    _VALIDATED_ROWS,
    _column_letter,
    _Field,
    _TableSheet,
)
from binhdanggioi.formats.xlsx.plan_layout import (
    _ACTIVITIES_SHEET,
    _AIMS_SHEET,
    _BASES_SHEET,
    _BASES_TARGET,
    _CLOSING,
    _CLOSING_SHEET,
    _DOCUMENT,
    _DOCUMENT_SHEET,
    _DUTIES_SHEET,
    _NOTES,
    _PLAN_BUDGET_SHEET,
    _PLAN_FIELD_SHEETS,
    _PLAN_ONLY,
    _PLAN_TABLE_SHEETS,
    _READ_PLAN_SHEETS,
    _REQUIRED_CELLS,
    _REQUIRED_PLAN_SHEETS,
    _TABLE_LABELS,
    PLAN_SHEETS,
    _table_code,
    _table_label,
    _time_text,
    _time_value,
)
from binhdanggioi.formats.xlsx.read import (
    _PARENT,
    _FormReader,
    _Place,
    _Table,
    _year_hint,
)
from binhdanggioi.formats.xlsx.write import _FormWriter, _get_path, _Rules
from binhdanggioi.ke_hoach import LOAI_VAN_BAN, HoatDongKeHoach, KeHoachTrienKhai, ThoiGian
from binhdanggioi.ke_hoach_io import structure_plan
from binhdanggioi.vocabulary import fold

__all__ = ["load_plan_form", "loads_plan_form", "write_plan_form"]

_NEW_FORM = "binhdanggioi form --ke-hoach -o ke-hoach.xlsx"
_REPORT_FORM = "binhdanggioi form -o mau-nhap-lieu.xlsx"  # as the report form's messages say


@attrs.frozen
class _Line:
    """One row of the purposes sheet: a paragraph of ``muc_dich`` or ``yeu_cau``."""

    noi_dung: str


@attrs.frozen
class _Task:
    """One row of section IV: a task, with its body's name on the body's first row."""

    co_quan: str | None
    nhiem_vu: str | None


def _first_data_row(spec: _TableSheet) -> int:
    """The first row of data, as :meth:`_FormWriter._write_table` lays a table out."""
    grouped = any(c.group for c in spec.columns)
    return _FIRST_ROW + (3 if grouped else 2)


# --------------------------------------------------------------------------- writing


class _PlanWriter(_FormWriter):
    """The report form's writer, given the plan's sheets and rows."""

    def __init__(self, workbook: Any, *, nam: int | None, plan: KeHoachTrienKhai | None) -> None:
        super().__init__(
            workbook, nam=nam, don_vi=plan.don_vi if plan is not None else None, bao_cao=None
        )
        self.plan = plan
        self.spare = _SPARE_ROWS_FILLED if plan is not None else _SPARE_ROWS_BLANK

    def write(self) -> None:
        guide = self.wb.active
        guide.title = _GUIDE
        sheets = {name: self.wb.create_sheet(name) for name in PLAN_SHEETS[1:]}
        self._write_lists(sheets[_LISTS])
        self._write_guide(guide)
        self._write_fields(sheets[_DOCUMENT], _DOCUMENT_SHEET)
        for spec in _PLAN_TABLE_SHEETS:
            rows = self._plan_rows(spec)
            self._write_table(sheets[spec.name], spec, rows)
            sheets[spec.name]["A2"] = _NOTES[spec.name]
        self._activity_rules(sheets[_ACTIVITIES], len(self._plan_rows(_ACTIVITIES_SHEET)))
        self._write_fields(sheets[_BUDGET], _PLAN_BUDGET_SHEET)
        self._write_fields(sheets[_CLOSING], _CLOSING_SHEET)
        self.wb.active = 0
        props = self.wb.properties
        props.title = "Mẫu nhập liệu kế hoạch Tháng hành động vì bình đẳng giới"
        props.creator = "binhdanggioi"

    def _value(self, key: str) -> Any:
        if self.plan is not None:
            return _get_path(self.plan, key)
        return super()._value(key)

    def _plan_rows(self, spec: _TableSheet) -> list[tuple[str | None, Any]]:
        plan = self.plan
        if plan is None:
            return []
        if spec is _BASES_SHEET:
            return [(None, k) for k in plan.can_cu]
        if spec is _AIMS_SHEET:
            labels = dict(spec.statuses)
            return [
                (labels[part], _Line(text))
                for part in ("muc_dich", "yeu_cau")
                for text in getattr(plan, part)
            ]
        if spec is _DUTIES_SHEET:
            rows: list[tuple[str | None, Any]] = []
            for duty in plan.to_chuc_thuc_hien:
                tasks = duty.nhiem_vu or (None,)
                for k, task in enumerate(tasks):
                    rows.append((None, _Task(duty.co_quan if k == 0 else None, task)))
            return rows
        return [(None, h) for h in plan.hoat_dong]

    def _row_value(
        self, column: _Field, bang: str | None, number: int, row: tuple[str | None, Any]
    ) -> Any:
        item = row[1]
        if isinstance(item, HoatDongKeHoach):
            if column.key == "bang":
                return _table_label(item.bang)
            if column.kind == "indicator":
                code = item.chi_tieu
                return None if code is None else _indicator_text(self.catalogue, item.bang, code)
            if column.key == "thoi_gian":
                return None if item.thoi_gian is None else _time_text(item.thoi_gian)
        return super()._row_value(column, bang, number, row)

    def _write_lists(self, ws: Any) -> None:
        super()._write_lists(ws)
        names: dict[str, None] = {}
        if self.catalogue is not None:
            for ma in _TABLE_LABELS:
                names.update((e.ten, None) for e in self.catalogue.for_table(ma))
        extra = (
            ("tables", "Bảng báo cáo", list(_TABLE_LABELS.values())),
            ("indicators", "Chỉ tiêu (mọi bảng)", list(names)),
        )
        for j, (name, header, values) in enumerate(extra, start=ws.max_column + 1):
            ws.cell(1, j, header).font = self.f_bold
            for i, text in enumerate(values, start=2):
                _write_text_cell(ws.cell(i, j), text)
            letter = _column_letter(j)
            if values:
                self.lists[name] = f"'{_LISTS}'!${letter}$2:${letter}${len(values) + 1}"
            ws.column_dimensions[letter].width = 30

    def _activity_rules(self, ws: Any, count: int) -> None:
        """Drop-downs the report's table sheets choose per sheet: the table and indicator."""
        first = _first_data_row(_ACTIVITIES_SHEET)
        last = first + count + _VALIDATED_ROWS
        rules = _Rules(ws)
        for j, column in enumerate(_ACTIVITIES_SHEET.columns, start=1):
            letter = _column_letter(j)
            cells = f"{letter}{first}:{letter}{last}"
            if column.key == "bang":
                rules.add("tables", lambda: self._choice("tables", strict=True), cells)
            elif column.kind == "indicator":
                rules.add("indicators", lambda: self._choice("indicators", strict=False), cells)

    def _write_guide(self, ws: Any) -> None:
        year = f" NĂM {self.nam}" if self.nam is not None else ""
        lines = [
            f"MẪU NHẬP LIỆU KẾ HOẠCH TRIỂN KHAI THÁNG HÀNH ĐỘNG VÌ BÌNH ĐẲNG GIỚI{year}",
            "",
            "Cách điền",
            "1. Điền lần lượt các trang: Văn bản → Căn cứ → Mục đích yêu cầu → Hoạt động → "
            "Kinh phí → Tổ chức thực hiện → Nơi nhận, chữ ký.",
            "2. Trang Văn bản: Năm, Tên đơn vị và Cấp của đơn vị là bắt buộc; số, ký hiệu "
            "(KH-UBND), ngày ban hành ghi khi có.",
            "3. Trang Hoạt động: mỗi dòng một hoạt động dự kiến. Bảng báo cáo (Hoạt động, "
            "Truyền thông, Sản phẩm) và Chỉ tiêu danh mục: chọn trong danh sách thả xuống; "
            "đó là nơi hoạt động sẽ được báo cáo trong tháng 12.",
            "4. Chỉ tiêu số lượng, số người: chỉ ghi khi kế hoạch đặt chỉ tiêu. Ô BỎ TRỐNG "
            "nghĩa là KHÔNG ĐẶT CHỈ TIÊU, không phải 0.",
            "5. Thời gian: 15/11/2023, 11/2023, 15/11/2023 - 15/12/2023 hoặc đến 15/11/2023. "
            "Đơn vị phối hợp: mỗi đơn vị một dòng trong ô (Alt+Enter).",
            "6. Trang Tổ chức thực hiện: mỗi dòng một nhiệm vụ; tên cơ quan ghi ở dòng đầu, "
            "các dòng nhiệm vụ tiếp theo của cùng cơ quan để trống cột tên.",
            "",
            "Lưu ý",
            "- Không đổi tên, không xóa các trang; không xóa các dòng, cột tiêu đề và các "
            "dòng, cột ẩn.",
            "- Không gộp ô (Merge) ở các cột số liệu.",
            "- Các trang khác do đơn vị tự thêm vào sẽ được bỏ qua khi đọc.",
            "- Đọc lại tệp: binhdanggioi.load_plan('ke-hoach.xlsx') hoặc xuất văn bản: "
            "binhdanggioi render ke-hoach.yaml -o ke-hoach.docx",
        ]
        self._write_guide_lines(ws, lines)


def write_plan_form(
    path: str | os.PathLike[str] | None = None,
    *,
    plan: KeHoachTrienKhai | None = None,
    nam: int | None = None,
) -> bytes:
    """Write the plan's Excel form and return its bytes; also to ``path`` when given.

    Blank by default (``nam`` fills in the year, which also chooses the indicators
    offered); with ``plan`` the form is filled, and :func:`loads_plan_form` gives the
    plan back unchanged.

    >>> write_plan_form(None, nam=2023)[:2]
    b'PK'
    """
    if plan is not None:
        if not isinstance(plan, KeHoachTrienKhai):
            raise TypeError(f"plan phải là KeHoachTrienKhai, nhận {type(plan).__name__}")
        if nam is not None and nam != plan.nam:
            raise ValueError(f"nam={nam} khác năm của kế hoạch ({plan.nam})")
        nam = plan.nam
    workbook = _openpyxl().Workbook()
    _PlanWriter(workbook, nam=nam, plan=plan).write()
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        write_atomic(path, data)
    return data


# --------------------------------------------------------------------------- reading


def _is_empty(value: Any) -> bool:
    if isinstance(value, Mapping):
        return all(_is_empty(v) for v in value.values())
    return isinstance(value, list) and not value


class _PlanReader(_FormReader):
    """The report form's reader, given the plan's sheets; its data becomes a plan."""

    def __init__(
        self, grids: Mapping[str, _Grid], source: str | None, missing: Sequence[DataIssue] = ()
    ) -> None:
        super().__init__(grids, source, missing)
        self.hidden_codes: dict[int, str] = {}  # activity index → the hidden indicator code

    def _order(self, sheet: str, row: int = 0, column: int = 0) -> tuple[int, int, int]:
        return (PLAN_SHEETS.index(sheet) if sheet in PLAN_SHEETS else 99, row, column)

    def read_plan(self) -> KeHoachTrienKhai:
        data: dict[str, Any] = {"don_vi": {}}
        for spec in _PLAN_FIELD_SHEETS:
            # A field whose row was deleted is still reported, on its sheet.
            for field in spec.fields:
                self.places[field.key] = _Place(spec.name, field.label)
        if _DOCUMENT in self.grids:
            self._read_fields(_DOCUMENT_SHEET, data)
        self.catalogue = _catalogue(_year_hint(data.get("nam")))
        for table in _PLAN_TABLE_SHEETS:
            self.places[table.target] = _Place(table.name, None)
            if table.name in self.grids:
                self._read_table(table, data)
        for spec in (_PLAN_BUDGET_SHEET, _CLOSING_SHEET):
            if spec.name in self.grids:
                self._read_fields(spec, data)
        self._move(data, _BASES_SHEET.target, _BASES_TARGET)
        self._paragraphs(data)
        self._activities(data)
        self._duties(data)
        if _is_empty(data) and not self.problems:
            self._blank()
        plan = None
        try:
            plan = structure_plan({"loai_van_ban": LOAI_VAN_BAN, **data})
        except DataError as err:
            self._locate(err.issues)
        if self.problems or plan is None:
            self.problems.sort(key=lambda p: p[0])
            raise DataError([issue for _, issue in self.problems], source=self.source)
        return plan

    def _read_row(self, table: _Table, row: int, target: str, index: int) -> dict[str, Any]:
        item = super()._read_row(table, row, target, index)
        column = table.columns.get("chi_tieu#ma")
        if table.spec is _ACTIVITIES_SHEET and column is not None:
            raw = table.grid.get(row, column)
            if raw is not None and not table.grid.flagged(row, column):
                self.hidden_codes[index] = _text_of(raw)
        return item

    def _blank(self) -> None:
        """Every required cell of a form left blank: say so, naming each one."""
        for key in _REQUIRED_CELLS:
            place = self.places[key]
            self._problem(
                place.ref,
                self._order_of(place),
                f"mẫu kế hoạch chưa điền: chưa ghi '{place.label}' (ô bắt buộc)",
            )
        self.problems.sort(key=lambda p: p[0])
        raise DataError([issue for _, issue in self.problems], source=self.source)

    # ------------------------------------------------------------------ rows into plan data

    def _move(self, data: dict[str, Any], old: str, new: str) -> None:
        """Rows read as field ``old`` belong to ``new``; their places move with them."""
        if old in data:
            data[new] = data.pop(old)
        for key in [k for k in self.places if k == old or k.startswith(f"{old}[")]:
            self.places[new + key.removeprefix(old)] = self.places.pop(key)

    def _paragraphs(self, data: dict[str, Any]) -> None:
        """Rows of the purposes sheet into the texts of ``muc_dich`` and ``yeu_cau``."""
        for target in _AIMS_SHEET.targets:
            rows = data.get(target)
            if rows is None:
                continue
            texts = []
            for k, item in enumerate(rows):
                place = self.places[f"{target}[{k}].noi_dung"]
                self.places[f"{target}[{k}]"] = place
                text = item.get("noi_dung")
                if text is None:
                    self._problem(
                        place.ref,
                        self._order_of(place),
                        "chưa ghi nội dung; ghi nội dung hoặc xóa dòng này",
                    )
                texts.append(text or "")
            data[target] = texts

    def _activities(self, data: dict[str, Any]) -> None:
        """The table of each activity from its label, its indicator's code, its time."""
        for k, item in enumerate(data.get("hoat_dong", ())):
            base = f"hoat_dong[{k}]"
            if "bang" in item:
                code = _table_code(item["bang"])
                if code is None:
                    place = self.places[f"{base}.bang"]
                    labels = ", ".join(_TABLE_LABELS.values())
                    self._problem(
                        place.ref,
                        self._order_of(place),
                        f"{place.label}: không có bảng '{item['bang']}'; chọn {labels}",
                    )
                    del item["bang"]
                else:
                    item["bang"] = code
            if isinstance(item.get("chi_tieu"), str):
                item["chi_tieu"] = _indicator_code(
                    self.catalogue,
                    item.get("bang", "hoat_dong"),
                    item["chi_tieu"],
                    self.hidden_codes.get(k),
                )
            if "thoi_gian" in item:
                self._time(item, f"{base}.thoi_gian")

    def _time(self, item: dict[str, Any], path: str) -> None:
        """The time as the data writes it; a cell that is no time at all is named here."""
        value = _time_value(item["thoi_gian"])
        try:
            ThoiGian.parse(value)
        except ValueError as err:
            if str(err).startswith("ngày"):  # not a date: the form's wording, not the data's
                place = self.places[path]
                self._problem(
                    place.ref,
                    self._order_of(place),
                    f"{place.label}: không hiểu '{item['thoi_gian']}'; ghi 15/11/2023, "
                    "11/2023, 15/11/2023 - 15/12/2023 hoặc đến 15/11/2023",
                )
                del item["thoi_gian"]
                return
        item["thoi_gian"] = value

    def _duties(self, data: dict[str, Any]) -> None:
        """Rows of tasks into bodies: a row naming a new body starts it; others add to it."""
        rows = data.pop("to_chuc_thuc_hien", None)
        if rows is None:
            return
        target = "to_chuc_thuc_hien"
        old = {k: v for k, v in self.places.items() if k.startswith(f"{target}[")}
        for key in old:
            del self.places[key]
        bodies: list[dict[str, Any]] = []
        for k, item in enumerate(rows):
            name, task = item.get("co_quan"), item.get("nhiem_vu")
            name_place = old[f"{target}[{k}].co_quan"]
            same = (
                bool(bodies) and name is not None and name.strip() == bodies[-1]["co_quan"].strip()
            )
            if name is not None and not same:
                bodies.append({"co_quan": name, "nhiem_vu": []})
                self.places[f"{target}[{len(bodies) - 1}]"] = name_place
                self.places[f"{target}[{len(bodies) - 1}].co_quan"] = name_place
            elif not bodies:
                self._problem(
                    name_place.ref,
                    self._order_of(name_place),
                    f"chưa ghi '{name_place.label}' của nhiệm vụ này; ghi tên cơ quan ở dòng "
                    "đầu của mỗi cơ quan",
                )
                continue
            if task is not None:
                tasks = bodies[-1]["nhiem_vu"]
                place = old[f"{target}[{k}].nhiem_vu"]
                self.places[f"{target}[{len(bodies) - 1}].nhiem_vu[{len(tasks)}]"] = place
                tasks.append(task)
        data[target] = bodies

    # ------------------------------------------------------------------ structure issues

    def _locate(self, issues: Iterable[DataIssue]) -> None:
        placed: list[DataIssue] = []
        unplaced: list[DataIssue] = []
        for issue in issues:
            (placed if self._placed(issue.path) else unplaced).append(issue)
        super()._locate(placed)
        for issue in unplaced:
            sheet = _static_sheet(issue.path)
            if sheet in self.missing:
                continue  # already reported: the whole sheet is missing
            text = f"{issue.message} ({issue.path})" if issue.path else issue.message
            self._problem(sheet, self._order(sheet), text)

    def _placed(self, path: str) -> bool:
        probe = path
        while probe and probe not in self.places:
            parent = _PARENT.sub("", probe)
            probe = "" if parent == probe else parent
        return bool(probe)


def _static_sheet(path: str) -> str:
    """The sheet of a plan field that has no cell: by the field's first part."""
    head = path.split(".")[0].split("[")[0]
    for spec in _PLAN_FIELD_SHEETS:
        if any(f.key.split(".")[0] == head for f in spec.fields):
            return spec.name
    for table in _PLAN_TABLE_SHEETS:
        if head in (*table.targets, _BASES_TARGET):
            return table.name
    return _DOCUMENT


def _match_sheets(
    names: Sequence[str], source: str | None
) -> tuple[dict[str, str], list[DataIssue]]:
    """Map each sheet of the plan form to the workbook's (case and accents forgiven)."""
    by_fold: dict[str, list[str]] = {}
    for name in names:
        by_fold.setdefault(fold(name), []).append(name)
    if not _PLAN_ONLY & set(by_fold):
        if fold(_UNIT) in by_fold:
            raise _not_a_form(
                "tệp này là mẫu nhập liệu báo cáo, không phải mẫu kế hoạch: đọc bằng load()",
                source,
            )
        shown = ", ".join(f"'{n}'" for n in names) or "(không có trang nào)"
        raise _not_a_form(
            f"tệp không phải mẫu nhập liệu kế hoạch: không có trang nào của mẫu (tệp có: "
            f"{shown}); tạo mẫu bằng: {_NEW_FORM}",
            source,
        )
    found: dict[str, str] = {}
    issues: list[DataIssue] = []
    for sheet in _READ_PLAN_SHEETS:
        candidates = by_fold.get(fold(sheet), [])
        if len(candidates) > 1:
            listed = " và ".join(f"'{n}'" for n in candidates)
            issues.append(
                DataIssue(
                    sheet,
                    f"có {len(candidates)} trang cùng là trang '{sheet}' của mẫu: {listed}; "
                    "giữ một trang, chép số liệu của trang kia sang rồi xóa nó",
                )
            )
        elif candidates:
            found[sheet] = candidates[0]
        elif sheet in _REQUIRED_PLAN_SHEETS:
            issues.append(DataIssue(sheet, f"thiếu trang '{sheet}' của mẫu nhập liệu kế hoạch"))
    return found, issues


def _read_grids(data: bytes, source: str | None) -> tuple[dict[str, _Grid], list[DataIssue]]:
    """The sheets of the plan form as grids, the file checked as the report form's is."""
    _openpyxl_needed()
    archive = _open_archive(data, source)
    try:
        return read_grids(data, archive, source, _match_sheets)
    finally:
        archive.close()


def _in_plan_words(err: DataError) -> DataError:
    """The report form's messages, told of the plan form: how to make a new plan form."""
    issues = [
        attrs.evolve(i, message=i.message.replace(_REPORT_FORM, _NEW_FORM)) for i in err.issues
    ]
    return DataError(issues, source=err.source)


def loads_plan_form(data: bytes, *, source: str | None = None) -> KeHoachTrienKhai:
    """Read a filled plan form from the bytes of an .xlsx file (see :func:`load_plan_form`)."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"loads_plan_form() cần bytes của tệp .xlsx, nhận {type(data).__name__}")
    try:
        grids, missing = _read_grids(bytes(data), source)
        return _PlanReader(grids, source, missing).read_plan()
    except DataError as err:
        raise _in_plan_words(err) from None


def load_plan_form(path: str | os.PathLike[str]) -> KeHoachTrienKhai:
    """Read a filled Excel plan form into a :class:`KeHoachTrienKhai`.

    Every problem is collected into one :class:`DataError` whose issues name their
    sheet and cell (``Hoạt động!E7``).
    """
    path = Path(path)
    return loads_plan_form(read_input(path), source=str(path))
