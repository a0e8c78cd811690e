"""Template safety: the sandbox, strict undefined names, escaping, DOCTYPE refusal,
strict XML checks and never overwriting an input."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

import binhdanggioi as bdg
from binhdanggioi.errors import RendererError, TemplateError, TemplateSecurityError
from binhdanggioi.renderers import render

MARKER = "bdg-pwned-marker"

PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ namespace.__init__.__globals__['os'].popen('touch MARKER') }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ (()|attr('__class__')).__base__.__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{{ dict.mro() }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(cycler) }}",
    "{{ van_ban.clear() }}",
    "{% set _ = chi_dao.append('x') %}",
    "{{ range(10**9)|list }}",
    "{{ 'a' * 10**9 }}",
    "{{ 2**99999999 }}",
]


def _text_template(tmp_path: Path, body: str, name: str = "mau.html.j2") -> Path:
    path = tmp_path / name
    path.write_text(body.replace("MARKER", str(tmp_path / MARKER)), encoding="utf-8")
    return path


def _docx_template(tmp_path: Path, *paragraphs: str, name: str = "mau.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text.replace("MARKER", str(tmp_path / MARKER)))
    path = tmp_path / name
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def report() -> bdg.BaoCao:
    return bdg.load(bdg.example_path())


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("fmt", ["html", "markdown", "docx"])
def test_injection_payloads_are_refused(
    tmp_path: Path, report: bdg.BaoCao, payload: str, fmt: str
) -> None:
    if fmt == "docx":
        template = _docx_template(tmp_path, "Mở đầu", payload, "Kết thúc")
    else:
        template = _text_template(tmp_path, f"<p>{payload}</p>", f"mau.{fmt}.j2")
    with pytest.raises(TemplateSecurityError) as info:
        render(report, fmt, template=template)
    assert "an toàn" in str(info.value) or "tài nguyên" in str(info.value)
    assert info.value.template
    assert not (tmp_path / MARKER).exists()


def test_security_error_names_the_word_paragraph(tmp_path: Path, report: bdg.BaoCao) -> None:
    template = _docx_template(tmp_path, "Trước", f"Chèn: {PAYLOADS[0]}", "Sau")
    with pytest.raises(TemplateSecurityError, match=r"mau\.docx:word/document\.xml") as info:
        render(report, "docx", template=template)
    assert "Chèn:" in str(info.value)


def test_payload_runs_nothing_in_a_fresh_process(tmp_path: Path) -> None:
    template = _text_template(tmp_path, PAYLOADS[0])
    code = (
        "import binhdanggioi as b\n"
        "from binhdanggioi.errors import TemplateSecurityError\n"
        f"try:\n    b.render(b.load(b.example_path()), 'html', template={str(template)!r})\n"
        "except TemplateSecurityError:\n    print('chặn')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "chặn"
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_undefined_variable_names_variable_and_template(
    tmp_path: Path, report: bdg.BaoCao, fmt: str
) -> None:
    if fmt == "docx":
        template = _docx_template(tmp_path, "Năm {{ nam_bao_cao }}")
    else:
        template = _text_template(tmp_path, "Năm {{ nam_bao_cao }}")
    with pytest.raises(TemplateError) as info:
        render(report, fmt, template=template)
    message = str(info.value)
    assert "nam_bao_cao" in message and template.name in message
    assert not isinstance(info.value, TemplateSecurityError)


def test_undefined_field_suggests_the_intended_one(tmp_path: Path, report: bdg.BaoCao) -> None:
    template = _text_template(tmp_path, "{{ van_ban.trich_yue }}")
    with pytest.raises(TemplateError, match=r"trich_yue.*có phải ý là 'trich_yeu'"):
        render(report, "html", template=template)


def test_syntax_error_names_the_paragraph(tmp_path: Path, report: bdg.BaoCao) -> None:
    template = _docx_template(tmp_path, "Đoạn một", "{% if nam %} chưa đóng", "Đoạn ba")
    with pytest.raises(TemplateError, match="lỗi cú pháp") as info:
        render(report, "docx", template=template)
    assert "mau.docx" in str(info.value)


def test_doctype_in_a_template_part_is_refused(tmp_path: Path, report: bdg.BaoCao) -> None:
    source = _docx_template(tmp_path, "{{ nam }}", name="goc.docx")
    evil = tmp_path / "xxe.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(evil, "w") as zout:
        for item in zin.infolist():
            blob = zin.read(item)
            if item.filename == "word/document.xml":
                head, _, rest = blob.partition(b"?>")
                blob = (
                    head
                    + b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    + rest.replace(b"{{ nam }}", b"&x;")
                )
            zout.writestr(item, blob)
    with pytest.raises(TemplateSecurityError, match="DOCTYPE"):
        render(report, "docx", template=evil)


def test_not_a_word_file(tmp_path: Path, report: bdg.BaoCao) -> None:
    fake = tmp_path / "gia.docx"
    fake.write_text("không phải zip", encoding="utf-8")
    with pytest.raises(TemplateError, match="không phải tệp Word"):
        render(report, "docx", template=fake)


def test_rendered_xml_is_checked_strictly(tmp_path: Path, report: bdg.BaoCao) -> None:
    template = _docx_template(tmp_path, "{{ '<w:p>'|safe }}")
    with pytest.raises(TemplateError, match="không còn là XML hợp lệ"):
        render(report, "docx", template=template)


def test_data_is_escaped_for_xml_and_html(report: bdg.BaoCao) -> None:
    import attrs

    name = "A & B <C> \"D\" 'E'"
    hostile = attrs.evolve(report, chu_ky=attrs.evolve(report.chu_ky, ho_ten=name))
    document = docx.Document(io.BytesIO(render(hostile, "docx")))
    cells = [c.text for c in document.tables[-1].rows[0].cells]
    assert name in cells[1]
    page = render(hostile, "html").decode()
    assert "A &amp; B &lt;C&gt; &#34;D&#34; &#39;E&#39;" in page


def test_output_never_overwrites_the_template(tmp_path: Path, report: bdg.BaoCao) -> None:
    template = _docx_template(tmp_path, "{{ nam }}")
    before = template.read_bytes()
    with pytest.raises(RendererError, match="trùng với tệp đầu vào"):
        render(report, "docx", template=template, out=template)
    assert template.read_bytes() == before


def test_cli_refuses_output_equal_to_input(tmp_path: Path) -> None:
    from binhdanggioi.cli import main

    source = tmp_path / "bc.yaml"
    source.write_bytes(bdg.example_path().read_bytes())
    assert main(["render", str(source), "-o", str(source), "--format", "markdown"]) == 2
    assert source.read_bytes() == bdg.example_path().read_bytes()


def test_failed_render_leaves_no_file(tmp_path: Path, report: bdg.BaoCao) -> None:
    template = _text_template(tmp_path, "{{ khong_co }}")
    out = tmp_path / "ra.html"
    with pytest.raises(TemplateError):
        render(report, "html", template=template, out=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau.html.j2"]


# --------------------------------------------------------------------------- resources

# Each asks for a little more than the sandbox allows (so that, unguarded, it would
# still only take a few MB here); the same calls with 10**10 would take gigabytes.
RESOURCE_PAYLOADS = [
    "{{ 'a'.ljust(200000) }}",
    "{{ 'a'.center(200000) }}",
    "{{ 'a'.zfill(200000) }}",
    "{{ 'a'|center(200000) }}",
    "{{ '{:>200000}'.format(1) }}",
    "{{ '{:{}}'.format(1, 200000) }}",
    "{{ '{x:>200000}'.format_map({'x': 1}) }}",
    "{{ '%0200000d'|format(1) }}",
    "{{ '%*d'|format(200000, 1) }}",
    "{{ '%0200000d' % 1 }}",
    "{{ 'a'|indent(200000, true) }}",
    "{{ 'a b'|wordwrap(200000) }}",
    "{{ 'a'|truncate(200000) }}",
    "{{ [1]|batch(200000)|list|length }}",
    "{{ chi_dao|tojson(200000) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% set a = 'a' * 9000000 %}{{ (a ~ a ~ a ~ a ~ a ~ a)|length }}",
    "{% set a = 'a' * 9000000 %}{{ [a, a, a, a, a, a] }}",
    "{% set a = 'a' * 9000000 %}{{ (a + a + a + a + a + a)|length }}",
    "{% set a = 'a' * 9000000 %}{{ [a, a, a, a, a, a]|join|length }}",
    "{% set a = 'a' * 9000000 %}{{ a|replace('a', 'bbbbbb')|length }}",
    "{% set a = 'a' * 9000000 %}{% set b %}{% for i in range(6) %}{{ a }}{% endfor %}"
    "{% endset %}{{ b|length }}",
    "{% for i in range(60) %}{{ 'a' * 1000000 }}{% endfor %}",
]


@pytest.mark.parametrize("payload", RESOURCE_PAYLOADS)
def test_resource_hungry_templates_are_refused(
    tmp_path: Path, report: bdg.BaoCao, payload: str
) -> None:
    template = _text_template(tmp_path, f"<p>{payload}</p>", "mau.markdown")
    with pytest.raises(TemplateSecurityError, match="tài nguyên") as info:
        render(report, "markdown", template=template)
    assert "mau.markdown" in str(info.value) and info.value.template


@pytest.mark.parametrize(
    "payload", ["{{ 'a'.ljust(200000) }}", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"]
)
def test_resource_errors_name_the_word_paragraph(
    tmp_path: Path, report: bdg.BaoCao, payload: str
) -> None:
    template = _docx_template(tmp_path, "Trước", f"Quá lớn: {payload}", "Sau")
    with pytest.raises(TemplateSecurityError, match="tài nguyên") as info:
        render(report, "docx", template=template)
    assert "mau.docx" in str(info.value) and "Quá lớn:" in str(info.value)


def test_sane_sizes_and_large_data_numbers_still_render(tmp_path: Path, report: bdg.BaoCao) -> None:
    body = (
        "{{ 'a'.ljust(5) }}|{{ '{:>6}'.format(7) }}|{{ '%05d'|format(42) }}|{{ 'x'|center(3) }}|"
        "{{ '{:,}'.format(30000000) }}|{{ '%d'|format(30000000) }}|{{ 30000000|format_number }}|"
        "{% macro m(n) %}{{ n }}{% endmacro %}{{ m(30000000) }}|{{ {'a': 1}.get('b', 30000000) }}|"
        "{% set ns = namespace(t=30000000) %}{{ ns.t }}|{{ 'ab' * 3 }}|{{ '5%%' % () }}"
    )
    template = _text_template(tmp_path, body, "mau.md")
    assert render(report, "markdown", template=template).decode() == (
        "a    |     7|00042| x |30,000,000|30000000|30.000.000|30000000|30000000|30000000|ababab|5%"
    )


def test_giant_requests_stay_small_in_a_fresh_process(tmp_path: Path) -> None:
    """The reviewer's own payloads (10**10 wide), in a process limited to 2 GB."""
    payloads = [
        "{{ 'a'.ljust(10**10) }}",
        "{{ 'a'.center(10**10) }}",
        "{{ 'a'|center(10**10) }}",
        "{{ '{:>9999999999}'.format(1) }}",
        "{{ '%09999999999d'|format(1) }}",
        "{{ 'a'|indent(10**10) }}",
        "{{ 'a b'|wordwrap(10**10) }}",
        "{{ 'a'|truncate(10**10) }}",
        "{{ [1]|batch(10**10)|list }}",
        "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('a') }}",
        "{% set a = ['a' * 10000000] %}{{ a * 1000 }}",
        "{{ lipsum(100000, max=100000) }}",
    ]
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))\n"
        "import binhdanggioi as b\n"
        "from binhdanggioi.errors import TemplateSecurityError\n"
        "from pathlib import Path\n"
        "report = b.load(b.example_path())\n"
        f"for i, p in enumerate({payloads!r}):\n"
        f"    t = Path({str(tmp_path)!r}) / f'm{{i}}.md'\n"
        "    t.write_text(p, encoding='utf-8')\n"
        "    try:\n"
        "        b.render(report, 'markdown', template=t)\n"
        "        print('rendered', p)\n"
        "    except TemplateSecurityError:\n"
        "        print('chặn')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["chặn"] * len(payloads)


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("tag", "target"),
    [
        ("{% include '/etc/passwd' %}", "/etc/passwd"),
        ("{% import 'os' as x %}", "os"),
        ("{% extends 'a' %}", "a"),
        ("{% from 'x' import y %}{{ y }}", "x"),
        ("{% include ['/etc/hosts', '/etc/passwd'] %}", "/etc/hosts"),
    ],
)
@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_include_import_extends_are_refused_in_vietnamese(
    tmp_path: Path, report: bdg.BaoCao, tag: str, target: str, fmt: str
) -> None:
    if fmt == "docx":
        template = _docx_template(tmp_path, "Đầu", f"Chèn: {tag}", "Cuối")
    else:
        template = _text_template(tmp_path, f"<p>{tag}</p>")
    with pytest.raises(TemplateSecurityError) as info:
        render(report, fmt, template=template)
    message = str(info.value)
    assert "mẫu không được chèn/nạp mẫu khác hay tệp" in message and target in message
    assert template.name in message and "no loader" not in message
    if fmt == "docx":
        assert "Chèn:" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ 1/0 }}", "phép chia cho 0"),
        ("{{ 'a' - 1 }}", "sai kiểu dữ liệu"),
        ("{{ '{5}'.format(1) }}", "chỉ số nằm ngoài danh sách"),
        ("{{ '{:d}'.format('a') }}", "giá trị không hợp lệ"),
        ("{{ 'a'|format(1, b=2) }}", "lỗi khi điền dữ liệu vào mẫu"),
    ],
)
@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_runtime_errors_are_vietnamese_and_name_the_place(
    tmp_path: Path, report: bdg.BaoCao, body: str, expected: str, fmt: str
) -> None:
    if fmt == "docx":
        template = _docx_template(tmp_path, "Đầu", f"Tính: {body}", "Cuối")
    else:
        template = _text_template(tmp_path, f"<p>\n{body}</p>")
    with pytest.raises(TemplateError) as info:
        render(report, fmt, template=template)
    message = str(info.value)
    assert expected in message and template.name in message
    assert not isinstance(info.value, TemplateSecurityError)
    assert "division by zero" not in message.split("(")[0]
    if fmt == "docx":
        assert "Tính:" in message
    else:
        assert "dòng 2" in message
