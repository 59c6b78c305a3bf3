"""Import gaps (issue 17, cause 13): part encodings, Strict OOXML and altChunk content.

A part in UTF-16 (or any encoding) gets the same DTD refusal as one in UTF-8; a Strict
OOXML package reads as its transitional twin; the content of an ``altChunk`` is listed
in the report like a text box, never dropped in silence.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from drafting.gbt9704 import PAGE_PROFILES

from ..ingest.test_import import _docx_with, _p, _r
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


def test_a_note_part_in_utf16_gets_the_same_refusal(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    from .test_import_input import _with_notes

    comments = (
        _DECL16
        + '<!DOCTYPE w:comments [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + f'<w:comments {_W}><w:comment w:id="0"><w:p>{_r("批注&e;")}</w:p></w:comment></w:comments>'
    ).encode("utf-16")
    path = _with_notes(tmp_path, {"comments": "comments.xml"}, {"word/comments.xml": comments})
    result = run("import", path, "-o", tmp_path / "out.yaml")
    said = result.out + result.err
    assert result.code == 1, said
    assert f"{path}:1:1: 错误: word/comments.xml 含有 DTD" in said and "[docx-dtd]" in said
    assert not (tmp_path / "out.yaml").exists()


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
    "an encoding name with NUL in it (found by fuzzing)": (
        b'<?xml version="1.0" encoding="UTF\x008"?>' + _document_xml(BODY).encode(),
        "docx-encoding",
    ),
    "a bytes-to-bytes codec's name": (
        f'<?xml version="1.0" encoding="hex"?>{_document_xml(BODY)}'.encode(),
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


# --- Strict OOXML ------------------------------------------------------------------------

_T = "http://schemas.openxmlformats.org/"
_S = "http://purl.oclc.org/ooxml/"
_TO_STRICT = [
    (_T + "wordprocessingml/2006/main", _S + "wordprocessingml/main"),
    (_T + "officeDocument/2006/relationships", _S + "officeDocument/relationships"),
    (_T + "officeDocument/2006/math", _S + "officeDocument/math"),
    (_T + "drawingml/2006/main", _S + "drawingml/main"),
    (_T + "drawingml/2006/wordprocessingDrawing", _S + "drawingml/wordprocessingDrawing"),
    (_T + "drawingml/2006/picture", _S + "drawingml/picture"),
]


def _strict_twin(path: Path, target: Path) -> Path:
    """Copy the transitional package at ``path`` as Strict OOXML, as Word saves it: every
    part and relationship type in the purl.oclc.org names, ``w:conformance="strict"``."""
    change: dict[str, bytes | None] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            blob = archive.read(name)
            for old, new in _TO_STRICT:
                blob = blob.replace(old.encode(), new.encode())
            if name == "word/document.xml":
                blob = blob.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
            change[name] = blob
    return _rewrite(path, target, change)


# case -> (source, a change to its document.xml that lint must find in both twins)
STRICT_CASES: dict[str, tuple[str, tuple[bytes, bytes] | None]] = {
    "plan with a table and attachment": ("four-levels.yaml", None),
    "speech": ("speech-2024-guanwei.yaml", None),
    "summary": ("summary-2021-city.yaml", None),
    "speech with a wrong top margin": (
        "speech-2024-guanwei.yaml",
        (f'w:top="{PAGE_PROFILES["standard"]["top"]}"'.encode(), b'w:top="1000"'),
    ),
}


def _rendered(name: str, folder: Path) -> Path:
    from drafting.check import check_paths
    from drafting.model import from_data
    from drafting.render.docx import render
    from drafting.render.package import package

    from ..conftest import EXAMPLES, ROOT

    source = EXAMPLES / name
    if not source.exists():
        source = ROOT / "tests" / "lint" / name
    checked = check_paths([str(source)]).files[0]
    assert checked.ok and checked.kind is not None
    out = folder / (source.stem + ".docx")
    out.write_bytes(package(render(from_data(checked.kind, checked.data))))
    return out


@pytest.mark.parametrize("case", list(STRICT_CASES), ids=list(STRICT_CASES))
def test_strict_ooxml_reads_as_its_transitional_twin(case: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    name, damage = STRICT_CASES[case]
    transitional = _rendered(name, tmp_path)
    if damage is not None:
        with zipfile.ZipFile(transitional) as archive:
            xml = archive.read("word/document.xml")
        assert damage[0] in xml
        changed = {"word/document.xml": xml.replace(*damage)}
        transitional = _rewrite(transitional, tmp_path / "damaged.docx", changed)
    strict = _strict_twin(transitional, tmp_path / "strict.docx")
    with zipfile.ZipFile(strict) as archive:
        assert _T.encode() + b"wordprocessingml" not in archive.read("word/document.xml")
    result = run("import", strict, "-o", tmp_path / "strict.yaml")
    assert result.code == 0, result.out + result.err
    assert run("import", transitional, "-o", tmp_path / "transitional.yaml").code == 0
    ours = (tmp_path / "strict.yaml").read_text("utf-8").replace("strict.docx", "X")
    theirs = (tmp_path / "transitional.yaml").read_text("utf-8")
    assert ours == theirs.replace(transitional.name, "X")
    strict_lint, transitional_lint = run("lint", strict), run("lint", transitional)
    assert strict_lint.code == transitional_lint.code
    assert ("[page-margin]" in transitional_lint.out) == (damage is not None)
    assert strict_lint.out.replace(str(strict), "X") == transitional_lint.out.replace(
        str(transitional), "X"
    )


def test_libreoffice_reads_the_strict_twin_as_we_do(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """The Strict fixture is one a real reader takes as Strict OOXML: LibreOffice (whose
    DOCX import maps the purl.oclc.org names) gives the same text for both twins."""
    from ..lint.test_lint import _libreoffice

    transitional = _rendered("speech-2024-guanwei.yaml", tmp_path)
    strict = _strict_twin(transitional, tmp_path / "strict.docx")
    folder = tmp_path / "txt"
    theirs, ours = _libreoffice([transitional, strict], "txt:Text", folder, ".txt")
    text = ours.read_text("utf-8-sig")
    assert "同志们：" in text and text == theirs.read_text("utf-8-sig")
    assert run("import", strict, "-o", tmp_path / "strict.yaml").code == 0
    assert "新年之始" in (tmp_path / "strict.yaml").read_text("utf-8")


# --- altChunk ----------------------------------------------------------------------------

_AF = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_HTML = (
    '<html><head><meta charset="utf-8"><title>标题栏</title><style>p {color: red}</style>'
    "<script>var x = '脚本';</script></head><body><p>嵌入的第一段。</p><div>第二段&amp;附件。</div>"
    "</body></html>"
)
_MHT = (
    'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
    'Content-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
    + "".join(f"={b:02X}" for b in "<p>网页存档的文字。</p>".encode("gb2312"))
    + "\r\n--B--\r\n"
).encode("ascii")


def _with_chunks(
    tmp_path: Path,
    chunks: list[tuple[str, str, bytes | None, str]],
    *,
    in_box: bool = False,
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """The good document with an ``altChunk`` after paragraph 2 for each (part name,
    content type, bytes or None for a missing part, target mode) in ``chunks``."""
    rels, overrides, parts = [], [], {}
    for i, (name, content_type, data, mode) in enumerate(chunks):
        target = name if mode != "External" else "https://example.invalid/" + name
        rels.append(
            f'<Relationship Id="c{i}" Type="{_AF}" Target="{target}"'
            + (' TargetMode="External"' if mode == "External" else "")
            + "/>"
        )
        overrides.append(f'<Override PartName="/word/{name}" ContentType="{content_type}"/>')
        if data is not None:
            parts[f"word/{name}"] = data
    altchunks = "".join(f'<w:altChunk r:id="c{i}"/>' for i in range(len(chunks)))
    if in_box:  # a text box anchored in a run of paragraph 2
        altchunks = _p(
            '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
            f"<w:txbxContent>{_p(_r('框里的字'))}{altchunks}</w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        )
    body = _p(_r("2025年工作要点")) + _p(_r("一、加强党建")) + altchunks + _p(_r("1.学习。"))
    good = _docx_with(tmp_path, BODY, name="good.docx")
    change: dict[str, bytes | None] = {
        "word/document.xml": (
            f"<w:document {_W} {_R}><w:body>{body}</w:body></w:document>".encode()
        ),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>"
        ).encode(),
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(overrides)
            + "</Types>"
        ).encode(),
        **parts,
    }
    return _rewrite(good, tmp_path / "chunks.docx", change, method)


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _nested_docx(tmp_path: Path, body: str) -> bytes:
    return _docx_with(tmp_path, body, name="nested.docx").read_bytes()


_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# case -> (part name, content type, bytes or a builder of them, what the report must say)
CHUNK_CASES = {
    "html": (
        "a.htm",
        "text/html",
        _HTML.encode(),
        "嵌入内容（第 2 段后）：嵌入的第一段。 第二段&附件。",
    ),
    "xhtml": (
        "a.xhtml",
        "application/xhtml+xml",
        b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
        b"<body><p>\xe4\xb8\x80\xe6\xae\xb5\xe3\x80\x82</p></body></html>",  # 一段。
        "嵌入内容（第 2 段后）：一段。",
    ),
    "plain text in GB18030": (
        "a.txt",
        "text/plain",
        "纯文本的内容。".encode("gb18030"),
        "嵌入内容（第 2 段后）：纯文本的内容。",
    ),
    "web archive (mht)": (
        "a.mht",
        "message/rfc822",
        _MHT,
        "嵌入内容（第 2 段后）：网页存档的文字。",
    ),
    "word document": (
        "a.docx",
        _DOCX_TYPE,
        lambda t: _nested_docx(t, _p(_r("嵌套文档第一段。")) + _p(_r("第二段。"))),
        "嵌入内容（第 2 段后）：嵌套文档第一段。 第二段。",
    ),
    "rtf": (
        "a.rtf",
        "application/rtf",
        rb"{\rtf1\ansi RTF \u25991?\u23383? text}",
        "嵌入内容（第 2 段后）：RTF 格式，未能读取其文字",
    ),
    "word document with a DTD": (
        "a.docx",
        _DOCX_TYPE,
        lambda t: _rewrite(
            Path(_docx_with(t, BODY, name="n.docx")),
            t / "nested-dtd.docx",
            {"word/document.xml": (_DECL16 + _DTD + _document_xml(_ENTITY_BODY)).encode("utf-16")},
        ).read_bytes(),
        "嵌入内容（第 2 段后）：未能读取 [docx-dtd]：",
    ),
    "xhtml declaring an external entity": (
        "a.xhtml",
        "application/xhtml+xml",
        b'<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]><html><body><p>\xe7\x94\xb2&e;'
        b"\xe4\xb9\x99</p></body></html>",  # 甲&e;乙: the entity is never read
        "嵌入内容（第 2 段后）：]> 甲&e;乙",  # the HTML parser shows the subset as text
    ),
    "word document holding a chunk of its own": (
        "a.docx",
        _DOCX_TYPE,
        lambda t: _with_chunks(
            _folder(t / "inner"), [("x.htm", "text/html", "<p>最里层。</p>".encode(), "")]
        ).read_bytes(),
        "嵌入内容（第 2 段后）：2025年工作要点 一、加强党建 1.学习。 嵌入内容…",
    ),
    "html zip bomb": (
        "a.htm",
        "text/html",
        b"<p>" + b" " * (8 * 2**20) + b"</p>",
        "嵌入内容（第 2 段后）：未能读取 [docx-zip-bomb]：",
    ),
    "missing part": (
        "gone.htm",
        "text/html",
        None,
        "嵌入内容（第 2 段后）：引用的部件不在文件中",
    ),
}


@pytest.mark.parametrize("case", list(CHUNK_CASES), ids=list(CHUNK_CASES))
def test_altchunk_content_is_listed_not_lost(case: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    name, content_type, data, said = CHUNK_CASES[case]
    blob = data(tmp_path) if callable(data) else data
    # A bomb needs more than deflate's ceiling (about 1032:1, below MAX_RATIO): bzip2.
    method = zipfile.ZIP_BZIP2 if case == "html zip bomb" else zipfile.ZIP_DEFLATED
    path = _with_chunks(tmp_path, [(name, content_type, blob, "")], method=method)
    out = tmp_path / "out.yaml"
    result = run("import", path, "-o", out)
    assert result.code == 0, result.out + result.err
    report = result.out + result.err
    assert f"{path}:1:1: 警告: 未导入正文的内容（请手工处理）——{said}" in report, report
    for never in ("标题栏", "脚本", "color", "root:"):  # furniture, and never a local file
        assert never not in report
    data_back = yaml.safe_load(out.read_text("utf-8"))
    assert [t["title"] for t in data_back["sections"][0]["tasks"]] == ["学习。"]


def test_several_and_external_altchunks_are_each_listed(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _with_chunks(
        tmp_path,
        [
            ("a.htm", "text/html", "<p>甲。</p>".encode(), ""),
            ("b.htm", "text/html", None, "External"),
            ("c.txt", "text/plain", "乙。".encode(), ""),
        ],
    )
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 0, result.out + result.err
    report = result.out + result.err
    found = [line for line in report.splitlines() if "嵌入内容" in line]
    assert [line.split("——", 1)[1].removesuffix(" [import-unread]") for line in found] == [
        "嵌入内容（第 2 段后）：甲。",
        "嵌入内容（第 2 段后）：引用的是外部内容，未读取",
        "嵌入内容（第 2 段后）：乙。",
    ]


def test_a_chunk_inside_an_embedded_document_is_named_not_opened(tmp_path: Path) -> None:
    from drafting.ingest.extract import extract

    inner = _with_chunks(_folder(tmp_path / "inner"), [("x.htm", "text/html", b"<p>x</p>", "")])
    path = _with_chunks(tmp_path, [("a.docx", _DOCX_TYPE, inner.read_bytes(), "")])
    (extra,) = extract(path).extras
    assert extra == (
        "嵌入内容（第 2 段后）：2025年工作要点 一、加强党建 1.学习。 "
        "嵌入内容（第 2 段后）：嵌入文档内的嵌入内容，未读取"
    )


def test_an_altchunk_in_a_text_box_is_listed(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _with_chunks(
        tmp_path, [("a.htm", "text/html", "<p>框中嵌入。</p>".encode(), "")], in_box=True
    )
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 0, result.out + result.err
    report = result.out + result.err
    assert "——文本框：框里的字" in report
    assert "——嵌入内容（第 3 段后）：框中嵌入。" in report, report


def test_an_embedded_document_reads_against_the_outer_total(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """An embedded .docx has no fresh budget: 5,000 of them cannot each unpack 256 MB."""
    import drafting.ooxml.package

    padding = "<!--" + " " * 50_000 + "-->"
    stored = _docx_with(_folder(tmp_path / "inner"), BODY + padding, name="inner.docx")
    inner = _rewrite(stored, tmp_path / "inner" / "deflated.docx", {})  # ~1 KB packed
    path = _with_chunks(tmp_path, [("a.docx", _DOCX_TYPE, inner.read_bytes(), "")])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml")
    path = _rewrite(
        path,
        tmp_path / "padded.docx",
        {"word/document.xml": xml.replace(b"</w:body>", padding.encode() + b"</w:body>")},
    )
    monkeypatch.setattr(drafting.ooxml.package, "MAX_TOTAL_BYTES", 80_000)  # each alone fits
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 0, result.out + result.err
    assert "——嵌入内容（第 2 段后）：未能读取 [docx-too-large]" in result.out + result.err


def _noise(size: int) -> str:
    """``size`` CJK characters that do not compress far (no zip-ratio refusal)."""
    import random

    pick = random.Random(17).choice
    return "".join(
        pick("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动")
        for _ in range(size)
    )


def test_a_long_embedded_document_is_read_in_full(tmp_path: Path) -> None:
    from drafting.ingest.extract import extract

    stored = _docx_with(_folder(tmp_path / "inner"), _p(_r(_noise(750_000) + "末尾。")))
    path = _with_chunks(tmp_path, [("a.docx", _DOCX_TYPE, stored.read_bytes(), "")])
    (extra,) = extract(path).extras
    assert extra.endswith("末尾。") and "只读取了开头" not in extra


@pytest.mark.parametrize(
    ("markup", "said"),
    [
        (
            lambda: f"<p>开头的字。</p><p>{_noise(750_000)}</p>",
            "嵌入内容（第 2 段后）：开头的字。",
        ),
        (
            lambda: f"<style>{_noise(750_000)}</style><p>在 2 MB 之后。</p>",
            "嵌入内容（第 2 段后）：共 2,250,0",
        ),
    ],
    ids=["text first", "no text in the head"],
)
def test_a_long_chunk_is_read_from_its_head_and_says_so(
    markup, said: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    from drafting.ingest.extract import extract

    path = _with_chunks(tmp_path, [("a.htm", "text/html", markup().encode(), "")])
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 0, result.out + result.err
    assert f"——{said}" in result.out + result.err, result.out + result.err
    (extra,) = extract(path).extras
    assert extra.endswith(
        ("只读取了开头 2.0 MB）", "只读取了开头 2.0 MB，其中没有文字，请在 Word 中打开核对")
    )


def test_all_chunks_together_are_read_up_to_a_total(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """128 chunks of 2 MB fit the package limits; parsing them all would look like a hang."""
    import drafting.ooxml.chunks

    monkeypatch.setattr(drafting.ooxml.chunks, "MAX_CHUNKS_BYTES", 1_000)
    chunks = [(f"{n}.txt", "text/plain", f"{n}{'字' * 199}".encode(), "") for n in "甲乙"]
    path = _with_chunks(tmp_path, [*chunks, ("丙.txt", "text/plain", "丙。".encode(), "")])
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 0, result.out + result.err
    found = [
        line.split("——", 1)[1] for line in (result.out + result.err).splitlines() if "嵌入" in line
    ]
    assert found[0].startswith("嵌入内容（第 2 段后）：甲字字")
    assert found[1].startswith("嵌入内容（第 2 段后）：乙字字")
    assert found[2].startswith(
        "嵌入内容（第 2 段后）：嵌入内容过多，未读取（合计只读取 1,000 字节）"
    )
