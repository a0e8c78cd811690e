"""The form's writer: a workbook built from the layout, blank or filled with a report."""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from binhdanggioi import _years
from binhdanggioi._files import write_atomic
from binhdanggioi.formats.xlsx.cells import (
    _CAP_LABELS,
    _YES,
    _caps_label,
    _catalogue,
    _indicator_text,
    _openpyxl,
    _write_text_cell,
)
from binhdanggioi.formats.xlsx.layout import (
    _AGGREGATE,
    _BUDGET,
    _BUDGET_SHEET,
    _FIRST_ROW,
    _GUIDE,
    _KINDS,
    _LISTS,
    _PLAN_KINDS,
    _PLAN_SHEET,
    _PLANS,
    _ROW_LEVELS,
    _ROW_SHEETS,
    _SECTIONS,
    _SOURCE_SHEET,
    _SOURCES,
    _SPARE_ROWS_BLANK,
    _SPARE_ROWS_FILLED,
    _SUPPORT,
    _SUPPORT_SHEET,
    _TEXT,
    _UNIT,
    _UNIT_KINDS,
    _UNIT_SHEET,
    _VALIDATED_ROWS,
    SHEETS,
    _Choice,
    _column_letter,
    _Field,
    _FieldSheet,
    _KindName,
    _TableSheet,
    _WholeNumbers,
)
from binhdanggioi.model import BaoCao, Cap, DonVi, HinhThuc, LoaiCoQuan, SoNguoi

__all__ = ["write_form"]


def _get_path(obj: Any, path: str) -> Any:
    return functools.reduce(getattr, path.split("."), obj)


def _qualified(item: Any, key: str, value: int) -> int | str:
    """A count with its qualifier ("hơn 100") where the data format writes one."""
    if key == "so_luong":
        qualifier = item.so_luong_uoc_tinh
    else:
        people: SoNguoi = item.nguoi
        part = key.removeprefix("nguoi.")
        qualifier = people.uoc_tinh if part in people.phan_uoc_tinh else None
    return value if qualifier is None else f"{qualifier.nhan} {value}"


def write_form(
    path: str | os.PathLike[str] | None = None,
    *,
    nam: int | None = None,
    don_vi: DonVi | None = None,
    bao_cao: BaoCao | None = None,
    tinh: str | None = None,
    danh_sach_ten: Sequence[str] = (),
) -> bytes:
    """Write the Excel input form and return its bytes; also to ``path`` when given.

    Blank by default; ``nam`` and ``don_vi`` fill in the year (which also chooses the
    indicator catalogue and the levels offered) and the unit. With ``bao_cao`` the
    form is filled with that report, and ``load_form`` gives it back unchanged.
    ``tinh`` fills in the province the unit belongs to, when ``don_vi`` does not;
    ``danh_sach_ten`` (a province's official commune names, say) is offered as a
    drop-down for the unit's name, which still accepts any other name.

    >>> data = write_form(None, nam=2023)
    >>> data[:2]
    b'PK'
    """
    if bao_cao is not None:
        if nam is not None and nam != bao_cao.nam:
            raise ValueError(f"nam={nam} khác năm của báo cáo ({bao_cao.nam})")
        if don_vi is not None and don_vi != bao_cao.don_vi:
            raise ValueError("don_vi khác đơn vị của báo cáo; bỏ don_vi khi đã có bao_cao")
        nam = bao_cao.nam
        if tinh is not None:
            raise ValueError("tinh chỉ dùng cho mẫu trống; tỉnh của báo cáo ở don_vi.tinh")
    xl = _openpyxl()
    workbook = xl.Workbook()
    writer = _FormWriter(workbook, nam=nam, don_vi=don_vi, bao_cao=bao_cao)
    writer.tinh = tinh
    writer.names = list(dict.fromkeys(danh_sach_ten))
    writer.write()
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        write_atomic(path, data)
    return data


class _Rules:
    """The data validations of one sheet: one rule per kind, over all its cells."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.rules: dict[str, Any] = {}

    def add(self, name: str, make: Callable[[], Any], cells: str) -> None:
        if name not in self.rules:
            rule = make()
            self.rules[name] = rule
            if rule is not None:
                self.ws.add_data_validation(rule)
        if self.rules[name] is not None:
            self.rules[name].add(cells)


class _FormWriter:
    """Builds the workbook; one method per kind of sheet."""

    def __init__(
        self,
        workbook: Any,
        *,
        nam: int | None,
        don_vi: DonVi | None,
        bao_cao: BaoCao | None,
    ) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.worksheet.datavalidation import DataValidation

        self.wb = workbook
        self.nam = nam
        self.bao_cao = bao_cao
        self.don_vi = bao_cao.don_vi if bao_cao is not None else don_vi
        lists_year = nam if nam is not None else date.today().year
        self.catalogue = _catalogue(lists_year)
        self.two_tiers = _years.tiers(lists_year) == 2
        self.spare = _SPARE_ROWS_FILLED if bao_cao is not None else _SPARE_ROWS_BLANK
        self.DataValidation = DataValidation
        font = "Times New Roman"
        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.f_title = Font(name=font, size=14, bold=True)
        self.f_bold = Font(name=font, size=12, bold=True)
        self.f_body = Font(name=font, size=12)
        self.f_note = Font(name=font, size=11, italic=True, color="595959")
        self.fill_head = PatternFill("solid", fgColor="DDEBF7")
        self.fill_section = PatternFill("solid", fgColor="F2F2F2")
        self.fill_aggregate = PatternFill("solid", fgColor="EDEDED")
        self.a_wrap = Alignment(wrap_text=True, vertical="top")
        self.a_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.a_number = Alignment(horizontal="right", vertical="top")
        self.lists: dict[str, str] = {}
        self.tinh: str | None = None
        self.names: list[str] = []

    # ------------------------------------------------------------------ driver

    def write(self) -> None:
        guide = self.wb.active
        guide.title = _GUIDE
        sheets = {name: self.wb.create_sheet(name) for name in SHEETS[1:]}
        self._write_lists(sheets[_LISTS])
        self._write_guide(guide)
        self._write_fields(sheets[_UNIT], _UNIT_SHEET)
        for spec in _ROW_SHEETS:
            self._write_table(sheets[spec.name], spec, self._rows(spec))
        self._write_table(sheets[_SUPPORT], _SUPPORT_SHEET, self._rows(_SUPPORT_SHEET))
        self._write_fields(sheets[_BUDGET], _BUDGET_SHEET)
        self._write_text(sheets[_TEXT])
        self._write_table(sheets[_PLANS], _PLAN_SHEET, self._rows(_PLAN_SHEET))
        self._write_table(sheets[_SOURCES], _SOURCE_SHEET, self._rows(_SOURCE_SHEET))
        self.wb.active = 0
        props = self.wb.properties
        props.title = "Mẫu nhập liệu báo cáo Tháng hành động vì bình đẳng giới"
        props.creator = "binhdanggioi"

    def _rows(self, spec: _TableSheet) -> list[tuple[str | None, Any]]:
        """The rows of ``spec``, each with its status label (``None`` without statuses)."""
        if self.bao_cao is None:
            return []
        if not spec.statuses:
            return [(None, item) for item in getattr(self.bao_cao, spec.target)]
        return [
            (label, item)
            for target, label in spec.statuses
            for item in getattr(self.bao_cao, target)
        ]

    def _value(self, key: str) -> Any:
        if self.bao_cao is not None:
            return _get_path(self.bao_cao, key)
        if key == "nam":
            return self.nam
        value = None
        if key.startswith("don_vi.") and self.don_vi is not None:
            value = _get_path(self.don_vi, key.removeprefix("don_vi."))
        if key == "don_vi.tinh" and value is None:
            return self.tinh
        return value

    # ------------------------------------------------------------------ cells

    @staticmethod
    def _write_value(cell: Any, kind: _KindName, value: Any) -> None:
        """Write ``value`` of field kind ``kind`` so that the reader gets it back exactly."""
        spec = _KINDS[kind]
        if spec.cell_format is not None:
            cell.number_format = spec.cell_format
        if value is None or value == ():
            return
        spec.write(cell, value)

    def _style(self, cell: Any, field: _Field | None, *, bordered: bool = True) -> None:
        cell.font = self.f_body
        if bordered:
            cell.border = self.border
        numeric = field is not None and _KINDS[field.kind].numeric
        cell.alignment = self.a_number if numeric else self.a_wrap

    def _title(self, ws: Any, title: str, note: str, width: int) -> None:
        ws["A1"] = title
        ws["A1"].font = self.f_title
        ws["A2"] = note
        ws["A2"].font = self.f_note
        ws["A2"].alignment = self.a_wrap
        if width > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.row_dimensions[2].height = 32

    def _head(self, cell: Any, text: str, fill: Any = None) -> None:
        cell.value = text
        cell.font = self.f_bold
        cell.alignment = self.a_center
        cell.border = self.border
        cell.fill = fill or self.fill_head

    def _print_setup(self, ws: Any, title_rows: str | None, *, landscape: bool = True) -> None:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            ws.print_title_rows = title_rows
        ws.page_margins.left = ws.page_margins.right = 0.5

    # ------------------------------------------------------------------ validation

    def _validation(
        self, rules: _Rules, kind: _KindName, cells: str, bang: str | None = None
    ) -> None:
        rule = _KINDS[kind].validation
        if isinstance(rule, _WholeNumbers):
            rules.add(kind, functools.partial(self._whole_numbers, rule), cells)
        elif isinstance(rule, _Choice):
            if rule.per_table and bang is None:
                return
            name = f"{rule.list_name}:{bang}" if rule.per_table else rule.list_name
            rules.add(name, functools.partial(self._choice, name, strict=rule.strict), cells)

    def _whole_numbers(self, rule: _WholeNumbers) -> Any:
        bounds: dict[str, Any] = (
            {"operator": "greaterThanOrEqual", "formula1": str(rule.low)}
            if rule.high is None
            else {"operator": "between", "formula1": str(rule.low), "formula2": str(rule.high)}
        )
        return self.DataValidation(
            type="whole",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning" if rule.warn_only else "stop",
            errorTitle=rule.title,
            error=rule.error,
            **bounds,
        )

    def _choice(self, name: str, *, strict: bool) -> Any:
        if name not in self.lists:
            return None
        return self.DataValidation(
            type="list",
            formula1=self.lists[name],
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle="Giá trị ngoài danh sách",
            error="Chọn trong danh sách thả xuống, hoặc bỏ trống."
            if strict
            else "Nên chọn trong danh sách thả xuống. Vẫn giữ giá trị đã gõ?",
        )

    def _suggestions(self, rules: _Rules, name: str, cells: str) -> None:
        """A drop-down of suggestions that still accepts any text."""
        if name in self.lists:
            formula = self.lists[name]
            rules.add(
                name,
                lambda: self.DataValidation(
                    type="list", formula1=formula, allow_blank=True, showErrorMessage=False
                ),
                cells,
            )

    def _status_rule(self, spec: _TableSheet) -> Any:
        labels = ",".join(label for _, label in spec.statuses)
        return self.DataValidation(
            type="list",
            formula1=f'"{labels}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tình trạng",
            error="Chọn trong danh sách thả xuống; bỏ trống là đã tổng hợp.",
        )

    def _column_style(self, ws: Any, letter: str, field: _Field | None) -> None:
        """The look of the cells a person will type into, set once for the column."""
        spec = _KINDS[field.kind if field is not None else "text"]
        dim = ws.column_dimensions[letter]
        dim.font = self.f_body
        dim.alignment = self.a_number if spec.numeric else self.a_wrap
        if spec.column_format is not None:
            dim.number_format = spec.column_format

    def _grid_lines(self, ws: Any, cells: str) -> None:
        """Borders over the area to fill, drawn by one rule instead of empty cells."""
        from openpyxl.formatting.rule import FormulaRule

        ws.conditional_formatting.add(cells, FormulaRule(formula=["TRUE"], border=self.border))

    # ------------------------------------------------------------------ sheets

    @property
    def unit_levels(self) -> list[Cap]:
        """Levels a reporting unit may have in this year's form: no district from 2025."""
        return [c for c in Cap if not (self.two_tiers and c is Cap.HUYEN)]

    def _hint(self, field: _Field) -> str:
        """The hint of ``field``, with this year's list of unit levels put in."""
        if "{unit_levels}" not in field.hint:
            return field.hint
        labels = [_CAP_LABELS[c] for c in self.unit_levels]
        shown = ", ".join(labels[:-1]) + " hoặc " + labels[-1]
        return field.hint.replace("{unit_levels}", shown)

    def _write_lists(self, ws: Any) -> None:
        levels = [lv for lv in _ROW_LEVELS if not (self.two_tiers and Cap.HUYEN in lv)]
        columns: list[tuple[str, str, list[str]]] = [
            ("row_levels", "Cấp triển khai", [_caps_label(lv) for lv in levels]),
            ("unit_levels", "Cấp đơn vị", [_CAP_LABELS[c] for c in self.unit_levels]),
            ("unit_kinds", "Loại đơn vị", list(_UNIT_KINDS)),
            ("plan_kinds", "Loại văn bản", list(_PLAN_KINDS)),
            ("yes", "Số liệu chưa đủ", [_YES]),
        ]
        for spec in _ROW_SHEETS:
            assert spec.bang is not None
            names = [e.ten for e in self.catalogue.for_table(spec.bang)] if self.catalogue else []
            columns.append((f"indicator:{spec.bang}", f"Chỉ tiêu: {spec.name}", names))
        if self.names:
            columns.append(("unit_names", "Tên đơn vị", self.names))
        # Lists added in 2025 come last, so that the columns above keep their letters.
        columns.append(("forms", "Hình thức", [f.nhan for f in HinhThuc]))
        columns.append(("body_kinds", "Loại cơ quan", [k.nhan for k in LoaiCoQuan]))
        for j, (name, header, values) in enumerate(columns, start=1):
            ws.cell(1, j, header).font = self.f_bold
            for i, text in enumerate(values, start=2):
                _write_text_cell(ws.cell(i, j), text)
            if values:
                letter = _column_letter(j)
                self.lists[name] = f"'{_LISTS}'!${letter}$2:${letter}${len(values) + 1}"
            ws.column_dimensions[_column_letter(j)].width = 30
        ws.sheet_state = "hidden"

    def _write_guide(self, ws: Any) -> None:
        year = f" NĂM {self.nam}" if self.nam is not None else ""
        lines = [
            f"MẪU NHẬP LIỆU BÁO CÁO THÁNG HÀNH ĐỘNG VÌ BÌNH ĐẲNG GIỚI{year}",
            "",
            "Cách điền",
            "1. Điền lần lượt các trang: Đơn vị → Hoạt động → Truyền thông → Sản phẩm → "
            "Kinh phí → Nội dung (và Kế hoạch nếu có).",
            "2. Trong các bảng, mỗi dòng là một hoạt động, một nội dung truyền thông hoặc một "
            "loại sản phẩm. Cần thêm dòng thì gõ tiếp xuống dưới hoặc chèn dòng (Insert).",
            "3. Số người: ghi Nam và Nữ khi tách được theo giới. Ô BỎ TRỐNG nghĩa là CHƯA CÓ "
            "SỐ LIỆU; số 0 nghĩa là đã có số liệu và bằng không.",
            "4. Cột Tổng: chỉ ghi khi không tách được theo giới (ví dụ 10.450 lượt học sinh) "
            "hoặc khi tổng lớn hơn Nam + Nữ.",
            "5. Các ô số chỉ nhận số nguyên từ 0 trở lên: gõ 10450 hoặc 10.450; không ghi số "
            "thập phân. Số ước tính ở ô số lượng, số người thì ghi kèm chữ: hơn 100, trên 50, "
            "gần 30, khoảng 200 (Excel hỏi lại: chọn Yes để giữ).",
            "6. Cấp triển khai và Chỉ tiêu: chọn trong danh sách thả xuống. Có thể chọn nhiều "
            "cấp, ví dụ 'Huyện, Xã'.",
            "7. Trang Nội dung: mỗi ý một ô ở cột B, ngay dưới mục của nó; thêm dòng khi cần.",
            "",
            "Lưu ý",
            "- Không đổi tên, không xóa các trang; không xóa các dòng, cột tiêu đề và các "
            "dòng, cột ẩn.",
            "- Không gộp ô (Merge) ở các cột số liệu.",
            "- Nếu dùng công thức, hãy mở và lưu tệp trong Excel trước khi gửi, để các ô có "
            "giá trị.",
            "- Các trang khác do đơn vị tự thêm vào sẽ được bỏ qua khi đọc.",
            "- Kiểm tra tệp trước khi gửi: binhdanggioi validate ten-tep.xlsx",
        ]
        self._write_guide_lines(ws, lines)

    def _write_guide_lines(self, ws: Any, lines: Sequence[str]) -> None:
        """The guide sheet: a title, then one line a row, the sub-headings in bold."""
        for i, text in enumerate(lines, start=1):
            cell = ws.cell(i, 1, text or None)
            cell.alignment = self.a_wrap
            bold = i == 1 or text in ("Cách điền", "Lưu ý")
            cell.font = self.f_title if i == 1 else (self.f_bold if bold else self.f_body)
        ws.column_dimensions["A"].width = 110
        self._print_setup(ws, None, landscape=False)

    def _write_fields(self, ws: Any, spec: _FieldSheet) -> None:
        self._title(
            ws,
            spec.title,
            "Ghi vào cột B. Không xóa dòng, không đổi tên trang.",
            3,
        )
        for j, text in enumerate(("Thông tin", "Nội dung ghi", "Hướng dẫn"), start=1):
            self._head(ws.cell(_FIRST_ROW - 1, j), text)
        ws.cell(_FIRST_ROW - 1, 4, "khoa")
        rules = _Rules(ws)
        row = _FIRST_ROW
        for section, fields in spec.sections:
            cell = ws.cell(row, 1, section)
            cell.font = self.f_bold
            for j in (1, 2, 3):
                ws.cell(row, j).fill = self.fill_section
                ws.cell(row, j).border = self.border
            row += 1
            for field in fields:
                label = ws.cell(row, 1, field.label)
                label.font = self.f_bold
                label.border = self.border
                label.alignment = self.a_wrap
                value = ws.cell(row, 2)
                self._style(value, field)
                value.alignment = self.a_wrap
                self._write_value(value, field.kind, self._value(field.key))
                hint = ws.cell(row, 3, self._hint(field) or None)
                hint.font = self.f_note
                hint.border = self.border
                hint.alignment = self.a_wrap
                if field.group == _AGGREGATE:
                    label.fill = value.fill = hint.fill = self.fill_aggregate
                ws.cell(row, 4, field.key)
                ref = f"B{row}"
                if field.key == "don_vi.loai":
                    self._suggestions(rules, "unit_kinds", ref)
                elif field.key == "don_vi.ten":
                    self._suggestions(rules, "unit_names", ref)
                else:
                    self._validation(rules, field.kind, ref)
                row += 1
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 60
        ws.column_dimensions["C"].width = 62
        ws.column_dimensions["D"].hidden = True
        ws.freeze_panes = f"A{_FIRST_ROW}"
        self._print_setup(ws, f"{_FIRST_ROW - 1}:{_FIRST_ROW - 1}", landscape=False)

    def _write_table(
        self, ws: Any, spec: _TableSheet, rows: Sequence[tuple[str | None, Any]]
    ) -> None:
        width = max(j for j, c in enumerate(spec.columns, start=1) if not c.hidden)
        notes = {
            "hoat_dong": "Mỗi dòng một hoạt động. Ô Nam/Nữ bỏ trống = chưa có số liệu; "
            "0 = không có người. Chỉ ghi Tổng khi không tách được theo giới.",
            "ke_hoach": "Các văn bản của cấp trên mà báo cáo này thực hiện (dòng “Thực hiện "
            "Kế hoạch số ...”). Ngày ghi dạng ngày/tháng/năm.",
            "nguon": "Trang này do phần mềm điền khi tổng hợp; đơn vị cơ sở để trống.",
            "ho_tro": "Mỗi dòng một loại hỗ trợ: suất quà, học bổng, trang thiết bị... Trị "
            "giá ghi bằng đồng, là tổng trị giá mọi suất. Bỏ trống trang nếu không có.",
        }
        note = notes.get(spec.target, notes["hoat_dong"] if spec.bang else "")
        self._title(ws, spec.title, note, width)
        grouped = any(c.group for c in spec.columns)
        top = _FIRST_ROW
        bottom = top + 1 if grouped else top
        key_row = bottom + 1
        first = key_row + 1
        for j, column in enumerate(spec.columns, start=1):
            letter = _column_letter(j)
            fill = self.fill_aggregate if column.group == _AGGREGATE else None
            if column.group:
                self._head(ws.cell(bottom, j), column.label, fill)
                self._head(ws.cell(top, j), column.group, fill)
            else:
                self._head(ws.cell(top, j), column.label, fill)
                if grouped:
                    self._head(ws.cell(bottom, j), "", fill)
                    ws.merge_cells(start_row=top, start_column=j, end_row=bottom, end_column=j)
            ws.cell(key_row, j, column.key)
            ws.column_dimensions[letter].width = column.width
            if column.hidden:
                ws.column_dimensions[letter].hidden = True
        if grouped:
            self._merge_groups(ws, spec.columns, top)
        ws.row_dimensions[key_row].hidden = True
        bang = spec.bang
        for j, column in enumerate(spec.columns, start=1):
            self._column_style(ws, _column_letter(j), column)
        for i, (status, item) in enumerate(rows):
            r = first + i
            for j, column in enumerate(spec.columns, start=1):
                value = self._row_value(column, bang, i + 1, (status, item))
                if value is not None and value != ():
                    # Only cells with a value exist: empty ones take the column's style,
                    # and cost nothing to read back.
                    cell = ws.cell(r, j)
                    self._style(cell, column, bordered=False)
                    self._write_value(cell, column.kind, value)
        last_styled = first + len(rows) + self.spare - 1
        # Borders over the columns before the hidden code column: the optional details
        # after it are left plain.
        core = next((j - 1 for j, c in enumerate(spec.columns, start=1) if c.hidden), width)
        self._grid_lines(ws, f"A{first}:{_column_letter(core)}{last_styled}")
        last = first + len(rows) + _VALIDATED_ROWS
        rules = _Rules(ws)
        for j, column in enumerate(spec.columns, start=1):
            cells = f"{_column_letter(j)}{first}:{_column_letter(j)}{last}"
            if column.key == "loai":
                name = "plan_kinds" if spec.target == "ke_hoach" else "unit_kinds"
                self._suggestions(rules, name, cells)
            elif column.kind == "status":
                rules.add("status", functools.partial(self._status_rule, spec), cells)
            else:
                self._validation(rules, column.kind, cells, bang)
        ws.freeze_panes = f"C{first}"
        self._print_setup(ws, f"{top}:{bottom}")

    def _row_value(
        self, column: _Field, bang: str | None, number: int, row: tuple[str | None, Any]
    ) -> Any:
        """What column ``column`` shows for row ``number`` (its status label and item).

        Most columns show a field of the item; the form adds the row number, the
        status, and the indicator twice: by name for people, by code (hidden) for
        the reader.
        """
        status, item = row
        if column.kind == "stt":
            return number
        if column.kind == "status":
            return status
        if column.kind == "indicator_code":
            return item.chi_tieu
        if column.kind == "indicator":
            code = item.chi_tieu
            return None if code is None else _indicator_text(self.catalogue, bang or "", code)
        value = _get_path(item, column.key)
        if column.kind == "count" and value is not None and column.also:
            return _qualified(item, column.key, value)
        return value

    def _merge_groups(self, ws: Any, columns: Sequence[_Field], row: int) -> None:
        start = 1
        while start <= len(columns):
            group = columns[start - 1].group
            end = start
            while end < len(columns) and group and columns[end].group == group:
                end += 1
            if group and end > start:
                ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
            start = end + 1

    def _write_text(self, ws: Any) -> None:
        self._title(
            ws,
            "NỘI DUNG BÁO CÁO (PHẦN LỜI VĂN)",
            "Mỗi ý ghi vào một ô ở cột B, ngay dưới mục của nó; cần thêm ý thì chèn dòng "
            "ngay dưới. Mục có một ô (lời dẫn, câu kết, người ký) chỉ ghi một ô.",
            2,
        )
        self._head(ws.cell(_FIRST_ROW - 1, 1), "Mục")
        self._head(ws.cell(_FIRST_ROW - 1, 2), "Nội dung")
        ws.cell(_FIRST_ROW - 1, 3, "khoa")
        row = _FIRST_ROW
        for section in _SECTIONS:
            value = self._value(section.key)
            if section.many:
                items: list[str | None] = list(value or ())
                extra = 2 if self.bao_cao is None else 0
            else:
                items = [] if value is None else [value]
                extra = 0
            for k, text in enumerate([*(items or [None]), *([None] * extra)]):
                label = ws.cell(row, 1, section.label if k == 0 else None)
                label.font = self.f_bold
                label.alignment = self.a_wrap
                label.border = self.border
                if k == 0:
                    label.fill = self.fill_section
                if text is not None:
                    cell = ws.cell(row, 2)
                    self._style(cell, None, bordered=False)
                    self._write_value(cell, "text", text)
                ws.cell(row, 3, section.key)
                row += 1
        self._column_style(ws, "B", None)
        self._grid_lines(ws, f"B{_FIRST_ROW}:B{row - 1}")
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 110
        ws.column_dimensions["C"].hidden = True
        ws.freeze_panes = f"A{_FIRST_ROW}"
        self._print_setup(ws, f"{_FIRST_ROW - 1}:{_FIRST_ROW - 1}")
