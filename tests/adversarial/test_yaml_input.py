"""Hostile and awkward YAML: every rejection is positioned, nothing is guessed or expanded."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from .conftest import PLAN

_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else 'x, x, x, x, x, x, x, x, x'}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=True)
)

# (case, file bytes, exit code, "line:col [code]" expected in the output)
CASES: list[tuple[str, bytes, int, str]] = [
    (
        "python tag",
        PLAN.replace("2025年工作要点", "!!python/object/apply:os.system ['echo x']").encode(),
        1,
        "2:8: 错误: 不支持 YAML 标签",
    ),
    (
        "custom tag",
        PLAN.replace("year: 2025", "year: !int 2025").encode(),
        1,
        "3:7: 错误: 不支持 YAML 标签",
    ),
    ("alias bomb", _BOMB.encode(), 1, "1:4: 错误: 不支持 YAML 锚点“&a”"),
    ("alias", (PLAN + "closing: *x\n").encode(), 1, "[alias]"),
    ("duplicate top key", (PLAN + "year: 2026\n").encode(), 1, "9:1: 错误: 键“year”重复"),
    (
        "duplicate deep key",
        (PLAN + "        units: [人事股]\n").encode(),
        1,
        "9:9: 错误: 键“units”重复",
    ),
    (
        "duplicate key in item",
        PLAN.replace(
            "      - title: 认真学习。\n", "      - title: 认真学习。\n        title: 又一次。\n"
        ).encode(),
        1,
        "8:9: 错误: 键“title”重复",
    ),
    ("GBK", PLAN.encode("gbk"), 1, "2:12: 错误: 文件不是 UTF-8 编码，看起来是 GBK/GB18030"),
    ("GB18030", PLAN.encode("gb18030"), 1, "看起来是 GBK/GB18030"),
    (
        "Big5",
        PLAN.replace("要点", "要點")
        .replace("加强党的建设", "加強黨的建設")
        .replace("认真学习", "認真學習")
        .replace("办公室", "辦公室")
        .encode("big5"),
        1,
        "2:12: 错误: 文件不是 UTF-8 编码，看起来是 Big5",
    ),
    ("UTF-16 with BOM", PLAN.encode("utf-16"), 1, "1:1: 错误: 文件是 UTF-16/UTF-32 编码"),
    ("UTF-16 without BOM", PLAN.encode("utf-16-le"), 1, "[binary]"),
    (
        "tab indent",
        PLAN.replace("  - title: 加强", "\t- title: 加强").encode(),
        1,
        "5:1: 错误: 这里用了制表符",
    ),
    ("empty file", b"", 1, "1:1: 错误: 文件是空的"),
    ("only a comment", b"# nothing\n", 1, "[empty-file]"),
    ("two documents", (PLAN + "---\n" + PLAN).encode(), 1, "9:1: 错误: 一个文件只能有一个文档"),
    ("500-deep nesting", ("closing: " + "[" * 500 + "]" * 500 + "\n").encode(), 1, "[too-deep]"),
    # libyaml 0.2.5 (PyYAML 6.0.4 wheels) refuses past 1000 levels itself: still too-deep
    ("5000-deep nesting", ("closing: " + "[" * 5000 + "]" * 5000 + "\n").encode(), 1, "[too-deep]"),
    (
        "raw BEL",
        PLAN.replace("认真学习", "认真\x07学习").encode(),
        1,
        "7:18: 错误: 含有不可见的控制字符 U+0007",
    ),
    ("raw ESC", PLAN.replace("认真学习", "认真\x1b学习").encode(), 1, "[control-char]"),
    (
        "escaped VT",
        PLAN.replace("认真学习。", '"认真\\v学习。"').encode(),
        1,
        "7:16: 错误: 值中含有控制字符 U+000B",
    ),
    (
        "full-width colon",
        PLAN.replace("year: 2025", "year：2025").encode(),
        1,
        "3:5: 错误: 键名后用了全角冒号",
    ),
    (
        "unknown key",
        PLAN.replace("year:", "yaer:").encode(),
        1,
        "3:1: 错误: 未知的键“yaer”，是不是“year”？",
    ),
    (
        "hash in value",
        PLAN.replace("认真学习。", "认真学习 #3 号文件。").encode(),
        0,
        "7:16: 警告: “认真学习”后面的“#3 号文件。”被当作注释丢掉了",
    ),
    (
        "zero-width space",
        PLAN.replace("认真学习", "认真\u200b学习").encode(),
        0,
        "7:16: 警告: 含有看不见的字符 U+200B（零宽字符）",
    ),
    (
        "bidi override in title",
        PLAN.replace("2025年工作要点", "\u202e2025年工作要点").encode(),
        0,
        "[invisible-char]",
    ),
]


@pytest.mark.parametrize(("case", "data", "code", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_yaml(
    case: str, data: bytes, code: int, expected: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "doc.yaml"
    path.write_bytes(data)
    result = run("check", path)
    assert result.code == code, result.out
    assert expected in result.out, result.out
    if code:  # every error line names the place: file:line:col
        for line in result.out.splitlines():
            assert line.startswith(f"{path}:"), line


def test_a_50_mb_file_is_rejected_before_it_is_read(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(PLAN.encode())
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    reads: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or original(self))
    result = run("check", path)
    assert result.code == 1
    assert f"{path}:1:1: 错误: 文件过大（50.0 MB）" in result.out
    assert path not in reads


def test_bom_crlf_and_cr_files_read_like_lf(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    variants = {
        "lf": PLAN.encode(),
        "bom": PLAN.encode("utf-8-sig"),
        "crlf": PLAN.replace("\n", "\r\n").encode(),
        "cr": PLAN.replace("\n", "\r").encode(),
    }
    texts = {}
    for name, data in variants.items():
        (tmp_path / f"{name}.yaml").write_bytes(data)
        assert run("check", "--strict", tmp_path / f"{name}.yaml").code == 0
        assert run("render", tmp_path / f"{name}.yaml", "-o", tmp_path / "out").code == 0
        texts[name] = [
            p.text for p in docx.Document(str(tmp_path / "out" / f"{name}.docx")).paragraphs
        ]
    assert texts["bom"] == texts["crlf"] == texts["cr"] == texts["lf"]


TRAPS = [
    "NO",
    "on",
    "010",
    "0571",
    "12:30",
    "3.10",
    "2024-01-05",
    "1e3",
    "0x1F",
    ".inf",
    "+1",
    "yes",
]


def test_implicit_typing_traps_stay_exactly_as_typed(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    tasks = "".join(f"      - title: {value}\n        deadline: {value}\n" for value in TRAPS)
    text = PLAN.replace("      - title: 认真学习。\n        units: [办公室]\n", tasks)
    (tmp_path / "traps.yaml").write_text(text, encoding="utf-8")
    result = run("render", tmp_path / "traps.yaml", "-o", tmp_path)
    assert result.code == 0, result.out + result.err
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "traps.docx")).paragraphs]
    for number, value in enumerate(TRAPS, 1):
        assert f"{number}.{value}（完成时限：{value}）" in paragraphs
