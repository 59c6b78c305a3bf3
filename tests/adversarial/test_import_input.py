"""Hostile .docx files for ``drafting import`` (and ``lint``): refused with a place, no output."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from ..test_import import _docx_with, _p, _r

BODY = _p(_r("2025年工作要点")) + _p(_r("一、加强党建")) + _p(_r("1.学习。"))


def _rewrite(path: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy the package at ``path`` to ``target`` with parts replaced (or dropped: None)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
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


def _zip_bomb(tmp_path: Path, size: int) -> Path:
    good = _good(tmp_path)
    with zipfile.ZipFile(good) as archive:
        xml = archive.read("word/document.xml")
    padded = xml.replace(b"</w:body>", b"<!--" + b" " * size + b"--></w:body>")
    return _rewrite(good, tmp_path / "bomb.docx", {"word/document.xml": padded})


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
    out = tmp_path / "v64.docx"
    out.write_bytes(bytes(data))
    return out


CASES = {
    "zip version 6.4": (_future_version, "docx-corrupt"),
    "external entity": (
        lambda t: _document(t, b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
        "docx-dtd",
    ),
    "entity bomb": (lambda t: _document(t, _laughs()), "docx-dtd"),
    "zip bomb (size)": (lambda t: _zip_bomb(t, 70 * 2**20), "docx-too-large"),
    "zip bomb (ratio)": (lambda t: _zip_bomb(t, 4 * 2**20), "docx-zip-bomb"),
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
    assert f"{path}:" in linted.out + linted.err


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".pdf", ".odt"])
def test_other_formats_are_refused_by_name(suffix: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / f"x{suffix}", b"whatever")
    result = run("import", path)
    assert result.code == 2
    assert "只能导入 .docx、.txt 和 .md 文件" in result.err
