"""PDF through LibreOffice (optional): soffice --headless with our font mapping."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from drafting.errors import DraftingError, UsageError
from drafting.lo_input import for_libreoffice
from drafting.resources import data_dir
from drafting.write import atomic_write

TIMEOUT = 180


class PdfFailed(DraftingError):
    """LibreOffice did not produce a usable PDF."""


def soffice() -> str:
    """Return the LibreOffice executable, or raise a usage error saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise UsageError(
            "生成 PDF 需要 LibreOffice，但没有找到 soffice 命令。请安装 LibreOffice"
            "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）后重试，"
            "或去掉 --pdf 只生成 Word 文档",
            code="no-soffice",
        )
    return found


def convert(docx: Path, target: Path) -> None:
    """Convert ``docx`` to the PDF ``target`` (atomic); check it is a non-empty PDF."""
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="drafting-pdf-") as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(data_dir("templates").joinpath("fonts.conf"))
        command = [
            binary,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(for_libreoffice(docx, work / "in")),
        ]
        try:
            result = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed(
                f"LibreOffice 转换 {docx.name} 超时（{TIMEOUT} 秒）", code="pdf"
            ) from exc
        produced = work / (docx.stem + ".pdf")
        data = produced.read_bytes() if produced.is_file() else b""
        if not data.startswith(b"%PDF") or len(data) < 1000:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["没有输出"]
            raise PdfFailed(
                f"LibreOffice 没有生成有效的 PDF（{docx.name}）：{detail[0]}", code="pdf"
            )
        atomic_write(target, data)
