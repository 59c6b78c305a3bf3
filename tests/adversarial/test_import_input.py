"""Hostile .docx files for ``drafting import`` (and ``lint``): refused with a place, no output."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
import yaml

from ..ingest.test_import import _docx_with, _p, _r

BODY = _p(_r("2025年工作要点")) + _p(_r("一、加强党建")) + _p(_r("1.学习。"))


def _rewrite(
    path: Path, target: Path, change: dict[str, bytes | None], method: int = zipfile.ZIP_DEFLATED
) -> Path:
    """Copy the package at ``path`` to ``target`` with parts replaced (or dropped: None)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w", method) as dst:
        for item in src.namelist():
            if item in change:
                if change[item] is not None:
                    dst.writestr(item, change[item])  # type: ignore[arg-type]
                continue
            dst.writestr(item, src.read(item))
        for item, data in change.items():
            if item not in src.namelist() and data is not None:
                dst.writestr(item, data)
    return target


def _good(tmp_path: Path) -> Path:
    return _docx_with(tmp_path, BODY, name="good.docx")


def _document(tmp_path: Path, prefix: bytes) -> Path:
    good = _good(tmp_path)
    with zipfile.ZipFile(good) as archive:
        xml = archive.read("word/document.xml")
    return _rewrite(good, tmp_path / "bad.docx", {"word/document.xml": prefix + xml})


def _laughs() -> bytes:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return f"<!DOCTYPE w:document [{entities}]>".encode()


def _zip_bomb(tmp_path: Path, size: int, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A document part padded with ``size`` spaces; bzip2 packs them 80,000:1 (deflate 1026:1)."""
    good = _good(tmp_path)
    with zipfile.ZipFile(good) as archive:
        xml = archive.read("word/document.xml")
    padded = xml.replace(b"</w:body>", b"<!--" + b" " * size + b"--></w:body>")
    return _rewrite(good, tmp_path / "bomb.docx", {"word/document.xml": padded}, method)


def _overlapping(tmp_path: Path) -> Path:
    """Two central-directory entries pointing at the same local file (a zip-bomb trick)."""
    good = _good(tmp_path)
    data = bytearray(good.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", data[end + 10 : end + 20])
    directory = bytes(data[cd_offset : cd_offset + cd_size])
    first = directory.index(b"PK\x01\x02", directory.index(b"word/document.xml") - 46)
    entry_end = directory.find(b"PK\x01\x02", first + 4)
    entry = bytearray(directory[first : entry_end if entry_end > 0 else len(directory)])
    name_len = struct.unpack("<H", entry[28:30])[0]
    entry[46 : 46 + name_len] = b"word/document.xmm"  # same length, same offset
    new_dir = directory + bytes(entry)
    tail = bytearray(data[end:])
    struct.pack_into("<HHII", tail, 8, count + 1, count + 1, len(new_dir), cd_offset)
    out = tmp_path / "overlap.docx"
    out.write_bytes(bytes(data[:cd_offset]) + new_dir + bytes(tail))
    return out


def _encrypted(tmp_path: Path) -> Path:
    good = _good(tmp_path)
    data = bytearray(good.read_bytes())
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:  # set the "encrypted" flag everywhere
        data[at + 6] |= 1
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        data[at + 8] |= 1
        at += 4
    out = tmp_path / "locked.docx"
    out.write_bytes(bytes(data))
    return out


def _future_version(tmp_path: Path) -> Path:
    """A central directory that asks for zip version 6.4 (found by the fuzzer)."""
    data = bytearray(_good(tmp_path).read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6] = 64
    return _write(tmp_path / "v64.docx", bytes(data))


def _undecodable_local_name(tmp_path: Path) -> Path:
    """A local header whose name is not UTF-8 though the entry says so (found by atheris)."""
    data = bytearray(_good(tmp_path).read_bytes())
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 41] != b"_rels/.rels":
        local = data.find(b"PK\x03\x04", local + 4)
    data[local + 30] = 0x96  # first byte of the local header's copy of the name
    flags = struct.unpack_from("<H", data, local + 6)[0]
    struct.pack_into("<H", data, local + 6, flags | 0x800)  # "this name is UTF-8"
    return _write(tmp_path / "name.docx", bytes(data))


CASES = {
    "zip version 6.4": (_future_version, "docx-corrupt"),
    "undecodable local name": (_undecodable_local_name, "docx-corrupt"),
    "external entity": (
        lambda t: _document(t, b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
        "docx-dtd",
    ),
    "entity bomb": (lambda t: _document(t, _laughs()), "docx-dtd"),
    "zip bomb (size)": (lambda t: _zip_bomb(t, 70 * 2**20), "docx-too-large"),
    "zip bomb (ratio)": (lambda t: _zip_bomb(t, 4 * 2**20, zipfile.ZIP_BZIP2), "docx-zip-bomb"),
    "overlapping entries": (_overlapping, "docx-zip-bomb"),
    "encrypted zip": (_encrypted, "docx-encrypted"),
    "missing document part": (
        lambda t: _rewrite(_good(t), t / "bad.docx", {"word/document.xml": None}),
        "docx-corrupt",
    ),
    "not XML": (
        lambda t: _rewrite(_good(t), t / "bad.docx", {"word/document.xml": b"\x00\xff"}),
        "docx-xml",
    ),
    ".wps saved as .docx": (
        lambda t: _write(t / "x.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        "docx-legacy",
    ),
    "truncated": (lambda t: _write(t / "x.docx", _good(t).read_bytes()[:300]), "docx-corrupt"),
    "empty": (lambda t: _write(t / "x.docx", b""), "docx-empty"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_docx_is_refused_with_a_place(case: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    make, code = CASES[case]
    path = make(tmp_path)
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 1, result.out + result.err
    assert f"{path}:1:1: 错误: " in result.err + result.out
    assert f"[{code}]" in result.err + result.out, result.err + result.out
    assert not (tmp_path / "out.yaml").exists()
    linted = run("lint", path)
    assert linted.code == 1
    assert f"{path}:1:1: 错误: " in linted.out + linted.err
    assert f"错误: {path}：" not in linted.out  # the place is said once
    assert f"[{code}]" in linted.out


@pytest.mark.parametrize("suffix", [".xlsx", ".pages", ".html", ".wpt"])
def test_other_formats_are_refused_by_name(suffix: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    # .doc/.wps/.rtf/.odt (LibreOffice) and .pdf are read: tests/ingest/test_convert.py
    path = _write(tmp_path / f"x{suffix}", b"whatever")
    result = run("import", path)
    assert result.code == 2
    assert "只能导入 .docx、.doc、.wps、.rtf、.odt、.pdf、.txt 和 .md 文件" in result.err


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _with_notes(tmp_path: Path, targets: dict[str, str], parts: dict[str, bytes]) -> Path:
    """The good document with relationships of each kind in ``targets`` and ``parts`` added."""
    rels = "".join(
        f'<Relationship Id="n{i}" Type="{_OFFICE_REL}{kind}" Target="{target}"'
        + (' TargetMode="External"' if target.startswith("http") else "")
        + "/>"
        for i, (kind, target) in enumerate(targets.items())
    )
    change: dict[str, bytes | None] = {
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>"
        ).encode(),
        **parts,
    }
    with zipfile.ZipFile(_good(tmp_path)) as archive:
        xml = archive.read("word/document.xml")
    reference = (
        b"<w:p><w:r><w:t>2.\xe8\xaf\x84\xe4\xbc\xb0\xe3\x80\x82</w:t></w:r>"  # "2.评估。"
        b'<w:commentRangeStart w:id="0"/><w:r><w:footnoteReference w:id="1"/></w:r>'
        b'<w:r><w:endnoteReference w:id="1"/></w:r><w:commentRangeEnd w:id="0"/>'
        b'<w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )
    change["word/document.xml"] = xml.replace(b"</w:body>", reference + b"</w:body>")
    return _rewrite(_good(tmp_path), tmp_path / "notes.docx", change)


def _notes_part(root: str, child: str, text: str, *, separators: bool = True) -> bytes:
    lines = []
    if separators:
        lines = [
            f'<w:{child} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{child}>',
            f'<w:{child} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>－</w:t></w:r></w:p></w:{child}>',
        ]
    lines.append(f'<w:{child} w:id="1"><w:p>{_r(text)}</w:p></w:{child}>')
    return f"<w:{root} {_W}>{''.join(lines)}</w:{root}>".encode()


NOTES = {
    "footnotes": ("footnotes.xml", _notes_part("footnotes", "footnote", "脚注：见省厅文件。")),
    "endnotes": ("endnotes.xml", _notes_part("endnotes", "endnote", "尾注的话。")),
    "comments": (
        "comments.xml",
        _notes_part("comments", "comment", "批注：此条再议。", separators=False),
    ),
}


def test_footnotes_endnotes_and_comments_are_listed_not_lost(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _with_notes(
        tmp_path,
        {kind: name for kind, (name, _) in NOTES.items()},
        {f"word/{name}": data for name, data in NOTES.values()},
    )
    out = tmp_path / "out.yaml"
    result = run("import", path, "-o", out)
    assert result.code == 0, result.out + result.err
    said = result.out + result.err
    for line in ("脚注：脚注：见省厅文件。", "尾注：尾注的话。", "批注：批注：此条再议。"):
        assert line in said, said
    assert "－" not in said  # separators are page furniture, not content
    data = yaml.safe_load(out.read_text("utf-8"))
    assert [t["title"] for t in data["sections"][0]["tasks"]] == ["学习。", "评估。"]
    assert "见省厅文件" not in out.read_text("utf-8")  # listed for the user, not merged


@pytest.mark.parametrize(
    "target",
    [
        "../../../../etc/passwd",  # a relationship leading out of the package
        "/word/../../secret.xml",
        "https://example.invalid/notes.xml",  # an external target is never fetched
        "footnotes.xml",  # a relationship to a part that is missing
    ],
    ids=["parent-escape", "absolute-escape", "external", "missing"],
)
def test_note_relationships_outside_the_package_are_ignored(
    target: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    path = _with_notes(tmp_path, {"footnotes": target}, {})
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 0, result.out + result.err
    assert "脚注" not in result.out + result.err
    assert (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("kind", list(NOTES))
def test_hostile_note_parts_are_refused_with_a_place(kind: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    name, data = NOTES[kind]
    path = _with_notes(tmp_path, {kind: name}, {f"word/{name}": _laughs() + data})
    result = run("import", path, "-o", tmp_path / "out.yaml")
    assert result.code == 1
    assert f"{path}:1:1: 错误: " in result.err + result.out
    assert f"word/{name} 含有 DTD" in result.err + result.out
    assert "[docx-dtd]" in result.err + result.out
    assert not (tmp_path / "out.yaml").exists()
