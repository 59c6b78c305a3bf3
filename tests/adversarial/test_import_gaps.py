"""Import gaps (issue 17, cause 13): part encodings, Strict OOXML and altChunk content.

A part in UTF-16 (or any encoding) gets the same DTD refusal as one in UTF-8; a Strict
OOXML package reads as its transitional twin; the content of an ``altChunk`` is listed
in the report like a text box, never dropped in silence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ..test_import import _docx_with, _p, _r
from .test_import_input import _rewrite

BODY = _p(_r("2025年工作要点")) + _p(_r("一、加强党建")) + _p(_r("1.学习。"))
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DTD = '<!DOCTYPE w:document [<!ENTITY e "实体">]>'


def _document_xml(body: str) -> str:
    return f"<w:document {_W}><w:body>{body}</w:body></w:document>"


def _with_document(tmp_path: Path, blob: bytes, name: str = "doc.docx") -> Path:
    good = _docx_with(tmp_path, BODY, name="good.docx")
    return _rewrite(good, tmp_path / name, {"word/document.xml": blob})


_DECL16 = '<?xml version="1.0" encoding="UTF-16"?>'
_ENTITY_BODY = _p(_r("2025年工作要点")) + _p(_r("一、加强党建")) + _p(_r("1.学习&e;之后的文字。"))

# (case, the bytes of word/document.xml) -> refused as docx-dtd, by import and by lint
DTD_CASES = {
    "utf-16le with BOM": (_DECL16 + _DTD + _document_xml(_ENTITY_BODY)).encode("utf-16"),
    "utf-16be with BOM": b"\xfe\xff"
    + (_DECL16 + _DTD + _document_xml(_ENTITY_BODY)).encode("utf-16-be"),
    "utf-16le without BOM": (_DECL16 + _DTD + _document_xml(_ENTITY_BODY)).encode("utf-16-le"),
    "utf-16be without BOM": (_DECL16 + _DTD + _document_xml(_ENTITY_BODY)).encode("utf-16-be"),
    "doctype after a long comment": (
        "<!--"
        + " " * 5000
        + '--><!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd">'
        + _document_xml(BODY)
    ).encode(),
}


@pytest.mark.parametrize("case", list(DTD_CASES), ids=list(DTD_CASES))
def test_a_dtd_is_refused_in_every_encoding(case: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _with_document(tmp_path, DTD_CASES[case])
    out = tmp_path / "out.yaml"
    result = run("import", path, "-o", out)
    said = result.out + result.err
    assert result.code == 1, said
    assert f"{path}:1:1: 错误: " in said
    assert "word/document.xml 含有 DTD" in said and "[docx-dtd]" in said, said
    assert not out.exists()
    linted = run("lint", path)
    assert linted.code == 1
    assert "[docx-dtd]" in linted.out, linted.out


_PLAIN = _DECL16 + _document_xml(BODY + _p(_r("2.评估。")))
# (case, the bytes of word/document.xml) -> read exactly like the UTF-8 original
ENCODED_CASES = {
    "utf-16le with BOM": _PLAIN.encode("utf-16"),
    "utf-16be with BOM": b"\xfe\xff" + _PLAIN.encode("utf-16-be"),
    "utf-16le without BOM": _PLAIN.encode("utf-16-le"),
    "utf-8 with BOM": b"\xef\xbb\xbf" + _PLAIN.replace("UTF-16", "UTF-8").encode("utf-8"),
}


@pytest.mark.parametrize("case", list(ENCODED_CASES), ids=list(ENCODED_CASES))
def test_a_part_in_utf16_is_read_in_full(case: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _with_document(tmp_path, ENCODED_CASES[case])
    out = tmp_path / "out.yaml"
    result = run("import", path, "-o", out)
    assert result.code == 0, result.out + result.err
    data = yaml.safe_load(out.read_text("utf-8"))
    assert [t["title"] for t in data["sections"][0]["tasks"]] == ["学习。", "评估。"]


def _utf7_hidden(xml: str) -> bytes:
    """UTF-7 that spells every ``<`` and ``!`` in base64, as a hostile writer would."""
    return xml.encode("utf-7").replace(b"<", b"+ADw-").replace(b"!", b"+ACE-")


# a part in an encoding ECMA-376 does not name (it allows UTF-8 and UTF-16 only), that
# libxml2 would decode itself: read when the codec is known, the DTD refused in it as well
_GB = '<?xml version="1.0" encoding="GB2312"?>'
OTHER_CASES = {
    "gb2312 with a DTD": ((_GB + _DTD + _document_xml(_ENTITY_BODY)).encode("gb2312"), "docx-dtd"),
    "latin-1 with a DTD": (
        ('<?xml version="1.0" encoding="ISO-8859-1"?>' + _DTD + _document_xml(_ENTITY_BODY)).encode(
            "latin-1", "xmlcharrefreplace"
        ),
        "docx-dtd",
    ),
    "utf-7 hiding its DTD": (
        b'<?xml version="1.0" encoding="UTF-7"?>'
        + _utf7_hidden(_DTD)
        + _document_xml(_ENTITY_BODY).encode("utf-7"),
        "docx-dtd",
    ),
    "unknown encoding": (
        f'<?xml version="1.0" encoding="X-NOPE"?>{_document_xml(BODY)}'.encode(),
        "docx-encoding",
    ),
    "bytes not in the declared encoding": (
        b'<?xml version="1.0" encoding="US-ASCII"?>' + _document_xml(BODY).encode(),
        "docx-encoding",
    ),
    "odd length utf-16": (_PLAIN.encode("utf-16") + b"\x00", "docx-encoding"),
}


@pytest.mark.parametrize("case", list(OTHER_CASES), ids=list(OTHER_CASES))
def test_other_encodings_are_decoded_before_the_dtd_check(case: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    blob, code = OTHER_CASES[case]
    path = _with_document(tmp_path, blob)
    result = run("import", path, "-o", tmp_path / "out.yaml")
    said = result.out + result.err
    assert result.code == 1, said
    assert f"{path}:1:1: 错误: word/document.xml " in said
    assert f"[{code}]" in said, said
    if code == "docx-encoding":
        assert "OOXML 部件应为 UTF-8 或 UTF-16" in said
    assert not (tmp_path / "out.yaml").exists()
    assert f"[{code}]" in run("lint", path).out


def test_a_gb2312_part_is_read_in_full(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    blob = (_GB + _document_xml(BODY + _p(_r("2.评估。")))).encode("gb2312")
    path = _with_document(tmp_path, blob)
    out = tmp_path / "out.yaml"
    assert run("import", path, "-o", out).code == 0
    data = yaml.safe_load(out.read_text("utf-8"))
    assert [t["title"] for t in data["sections"][0]["tasks"]] == ["学习。", "评估。"]
