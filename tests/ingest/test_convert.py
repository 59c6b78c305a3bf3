"""``drafting import`` of .doc/.wps/.rtf/.odt (through LibreOffice) and .pdf (its text layer).

The inputs are made here: a .docx from the fixture builder (tools/build_fixtures.py),
converted by soffice to each format. Each must import to the YAML the .docx imports to.
Without LibreOffice those tests are skipped, unless CI or DRAFTING_REQUIRE_PDF is set:
there they fail. The hostile inputs (no LibreOffice, a conversion that hangs, an
encrypted, broken, huge or scanned PDF, a decompression bomb) each end in a Chinese
message with a code, exit status 1 and no file written.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.ingest.convert import Row, _layout
from drafting.ingest.importer import import_file

from ..lint.test_cases import builder
from ..node_tools import required

SECTIONS = ("一、加强党的建设", "二、推进业务发展", "三、强化保障措施")
TASK = (
    "{n}.深化第{s}部分第{n}项工作。围绕中心工作，持续推进各项任务落实落细，加强统筹协调，"
    "确保按时保质完成全年目标任务，形成一批可复制可推广的经验做法。（责任单位：办公室、政工人事股）"
)
FORMATS = ("doc", "rtf", "odt", "pdf")


def _spec() -> dict[str, object]:
    body: list[dict[str, object]] = [
        {"text": "2025年工作要点", "style": "Title"},
        {"text": "为做好2025年工作，结合实际，制定本要点。"},
    ]
    for s, heading in enumerate(SECTIONS, 1):
        body.append({"text": heading, "style": "Heading1"})
        body += [{"text": TASK.format(s=s, n=n)} for n in range(1, 6)]
    return {"properties": {"title": "2025年工作要点"}, "body": body}


def _docx(path: Path) -> Path:
    """Write the plan of :func:`_spec` to ``path``: three pages and a bit, page numbers."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in builder().parts(_spec()):
            if name == "word/styles.xml":  # GB/T 9704: no punctuation hung past the margin
                blob = blob.replace(
                    b"<w:pPrDefault/>",
                    b'<w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/></w:pPr></w:pPrDefault>',
                )
            archive.writestr(name, blob)
    path.write_bytes(out.getvalue())
    return path


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if required():
            raise RuntimeError("LibreOffice is missing (CI or DRAFTING_REQUIRE_PDF is set)")
        pytest.skip("LibreOffice is not installed")
    return found


def _convert(soffice: str, docx: Path, target: str, outdir: Path) -> Path:
    """Convert ``docx`` with soffice to ``target`` (a format, with filter options) in ``outdir``."""
    from drafting.render.lo_input import for_libreoffice

    copy = for_libreoffice(docx, outdir / "lo")  # as render --pdf hands a .docx to soffice
    profile = (outdir / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(copy),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / (docx.stem + "." + target.split(":")[0])


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return the .docx and its conversions by suffix (and ``wps``: the .doc so named)."""
    soffice = _soffice()
    folder = tmp_path_factory.mktemp("convert")
    docx = _docx(folder / "plan.docx")
    found = {"docx": docx}
    for suffix in FORMATS:
        found[suffix] = _convert(soffice, docx, suffix, folder)
    found["wps"] = folder / "plan.wps"  # WPS writes its .wps in the Word 97 format
    shutil.copyfile(found["doc"], found["wps"])
    secret = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":'
    secret += '{"type":"string","value":"secret"}}'
    encrypted = folder / "encrypted"
    encrypted.mkdir()
    found["encrypted"] = _convert(soffice, docx, f"pdf:writer_pdf_Export:{secret}", encrypted)
    return found


def _body(text: str) -> str:
    """Return the YAML without its first comment (it names the source file)."""
    return text.split("\n", 1)[1]


@pytest.mark.parametrize("suffix", [*FORMATS, "wps"])
def test_each_format_imports_as_the_docx(
    suffix: str, made: dict[str, Path], tmp_path: Path
) -> None:
    expected = import_file(made["docx"], tmp_path / "docx.yaml")
    imported = import_file(made[suffix], tmp_path / f"{suffix}.yaml")
    assert imported.recognised.count("tasks") == 15
    assert _body(imported.text) == _body(expected.text)
    assert all(note.path == str(made[suffix]) for note in imported.recognised.notes)


def test_pdf_page_numbers_are_dropped_and_reported(made: dict[str, Path], tmp_path: Path) -> None:
    imported = import_file(made["pdf"], tmp_path / "out.yaml")
    dropped = [n for n in imported.recognised.notes if "页码" in n.message]
    assert len(dropped) >= 3, [n.message for n in imported.recognised.notes]
    first = dropped[0]
    assert first.path == str(made["pdf"]) and first.code == "import-page-furniture"
    assert first.message.startswith("已删除 PDF 的页码“— 1 —”（第 1 页第 ")
    assert "— 1 —" not in imported.text


def _refused(path: Path, code: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``drafting import path``; assert exit 1, ``code`` at path:1:1, no file; return stderr."""
    target = path.with_suffix(".yaml")
    status = main(["import", str(path), "-o", str(target)])
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert f"{path}:1:1: 错误: " in err and f"[{code}]" in err, err
    assert "Traceback" not in out + err and "内部错误" not in err
    assert not target.exists()
    return err


def test_encrypted_pdf_is_refused(
    made: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert "已加密" in _refused(made["encrypted"], "import-pdf-encrypted", capsys)


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".rtf", ".odt"])
def test_without_libreoffice_the_message_says_how_to_get_it(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    err = _refused(path, "import-no-soffice", capsys)
    assert "需要 LibreOffice" in err and "另存为 .docx" in err


def _fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Put a ``soffice`` that runs the shell ``script`` first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_conversion_that_hangs_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_soffice(tmp_path, monkeypatch, f"echo $$ > {tmp_path / 'pid'}\nexec sleep 60")
    monkeypatch.setenv("DRAFTING_PDF_TIMEOUT", "1")
    path = tmp_path / "slow.doc"
    path.write_bytes(b"whatever")
    assert "超过 1 秒仍未完成" in _refused(path, "import-convert-timeout", capsys)
    pid = int((tmp_path / "pid").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_failed_conversion_says_what_libreoffice_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded'; exit 1")
    path = tmp_path / "broken.rtf"
    path.write_bytes(b"{\\rtf1 ")
    err = _refused(path, "import-convert", capsys)
    assert (
        "LibreOffice 无法转换这个文件（退出码 1：Error: source file could not be loaded）；" in err
    )


# --- hostile PDFs, made by hand ----------------------------------------------------------


def _pdf(content: bytes, flate: bool = False) -> bytes:
    """Return a one-page PDF whose page draws ``content`` (a FlateDecode stream if ``flate``)."""
    length = b"<< /Length %d%s >>\nstream\n" % (len(content), b" /Filter /FlateDecode" * flate)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        length + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _bomb(chunks: int = 96, size: int = 1 << 24) -> bytes:
    """Return a zlib stream of ``chunks`` × ``size`` spaces (1.5 GiB in 1.5 MB) made quickly.

    After a full flush the compressor's output for the same input repeats, so one
    chunk's bytes are repeated; the checksum is computed over the whole.
    """
    import zlib

    compressor = zlib.compressobj(9)
    spaces = b" " * size
    first = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()[:-4]
    checksum = 1
    for _ in range(chunks):
        checksum = zlib.adler32(spaces, checksum)
    return first + again * (chunks - 1) + tail + struct.pack(">I", checksum)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_scanned_pdf_gets_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "scan.pdf", _pdf(b"q 100 0 0 100 0 0 cm Q"))
    assert "没有文字层（可能是扫描件" in _refused(path, "import-pdf-scanned", capsys)


def test_a_broken_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "cut.pdf", _pdf(b"BT ET")[:60])
    _refused(path, "import-pdf-corrupt", capsys)
    _refused(_write(tmp_path / "notpdf.pdf", b"hello"), "import-pdf-corrupt", capsys)


def test_a_huge_pdf_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(51 * 2**20)  # sparse: costs no disk
    _refused(path, "import-too-large", capsys)


@pytest.mark.skipif(sys.platform == "win32", reason="the memory limit is POSIX's RLIMIT_AS")
def test_a_pdf_bomb_ends_in_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "bomb.pdf", _pdf(_bomb(), flate=True))
    assert path.stat().st_size < 2 * 2**20
    assert "疑似压缩炸弹" in _refused(path, "import-pdf-memory", capsys)


def test_a_pdf_reader_that_stalls_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTING_PDF_READ_TIMEOUT", "0.01")
    path = _write(tmp_path / "slow.pdf", _pdf(b"BT ET"))
    _refused(path, "import-pdf-timeout", capsys)


# --- the page: wrapping and furniture, from rows -----------------------------------------


def _row(number: int, x0: float, x1: float, y: float, text: str, page: int = 1) -> Row:
    return Row(number, page, number, x0, x1, y, y + 16, text)


def test_wrapped_lines_are_joined_and_paragraphs_kept() -> None:
    rows = [
        _row(1, 200, 380, 700, "2025 年工作要点"),  # centred title: short, kept alone
        _row(2, 112, 520, 660, "为做好全年工作，结合实际，制定本要点。各单位要认真"),
        _row(3, 80, 520, 630, "贯彻落实，确保各项任务按时完成。各单位要加强统筹协调，"),
        _row(4, 80, 300, 600, "形成工作合力。"),
        _row(5, 112, 240, 570, "一、总体要求"),
        _row(6, 112, 520, 540, "1.加强学习。深入学习贯彻党的二十大精神和 Python"),
        _row(7, 80, 200, 510, "language 文件。"),
        _row(8, 112, 520, 480, "（一）重点任务要求全面落实到位并按期完成各项指标任务要求"),
        _row(9, 80, 300, 450, "2.第二项。"),
    ]
    found = _layout(Path("x.pdf"), rows, {})
    assert found.paragraphs == [
        (1, "2025年工作要点"),
        (
            2,
            "为做好全年工作，结合实际，制定本要点。各单位要认真贯彻落实，确保各项任务按时完成。"
            "各单位要加强统筹协调，形成工作合力。",
        ),
        (5, "一、总体要求"),
        (6, "1.加强学习。深入学习贯彻党的二十大精神和Python language文件。"),
        (8, "（一）重点任务要求全面落实到位并按期完成各项指标任务要求"),
        (9, "2.第二项。"),
    ]
    assert found.dropped == []


def test_page_numbers_and_running_headers_are_dropped_with_their_place() -> None:
    rows: list[Row] = []
    for page in (1, 2, 3):
        base = len(rows)
        rows.append(Row(base + 1, page, 1, 80, 300, 790, 800, "某某县教育局文件"))
        for line in range(4):
            rows.append(
                Row(
                    base + 2 + line,
                    page,
                    2 + line,
                    112,
                    300,
                    700 - 29 * line,
                    716 - 29 * line,
                    f"第{page}页第{line + 1}段。",
                )
            )
        rows.append(Row(base + 6, page, 6, 460, 505, 76, 90, f"— {page} —"))
    found = _layout(Path("x.pdf"), rows, {})
    assert [text for _, text in found.paragraphs][:2] == ["第1页第1段。", "第1页第2段。"]
    assert len(found.paragraphs) == 12
    assert found.dropped[0] == (1, "已删除 PDF 每页重复的页眉“某某县教育局文件”（第 1 页第 1 行）")
    assert found.dropped[1] == (6, "已删除 PDF 的页码“— 1 —”（第 1 页第 6 行）")
    assert len(found.dropped) == 6
