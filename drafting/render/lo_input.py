"""The copy of a .docx that LibreOffice converts: corrections for how soffice reads it.

LibreOffice's DOCX import reads ``w:overflowPunct`` inverted (writerfilter's
DomainMapper sets ``ParaIsHangingPunctuation`` to ``val == 0``, while its own DOCX
export writes the property's value as it is, so even a LibreOffice round trip flips
it). Our templates say ``w:overflowPunct w:val="0"`` -- no punctuation past the 版心,
as ECMA-376 §17.3.1.21 and Word read it -- so soffice hung every 。，； that did not fit
a full line into the margin, and dropped it altogether from lines of exactly 28
characters. The copy handed to soffice carries the value LibreOffice needs to do what
the document says; the user's .docx is not changed.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from drafting.ooxml.ns import W
from drafting.ooxml.package import parse_xml

_OFF = {"0", "false", "off"}


def _flipped(blob: bytes, where: str) -> bytes | None:
    """Return ``blob`` with every ``w:overflowPunct`` inverted, or None if it has none."""
    if b"overflowPunct" not in blob:
        return None
    root = parse_xml(blob, where)
    found = list(root.iter(f"{W}overflowPunct"))
    if not found:
        return None
    for element in found:
        value = element.get(f"{W}val", "1")
        element.set(f"{W}val", "1" if value.lower() in _OFF else "0")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def for_libreoffice(docx: Path, folder: Path) -> Path:
    """Write the copy of ``docx`` that soffice should convert into ``folder``; return it.

    The copy has the same file name, so the PDF soffice writes is named as for ``docx``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / docx.name
    copy_for_libreoffice(docx, target)
    return target


def copy_for_libreoffice(docx: Path, target: Path) -> None:
    """Write to ``target`` the copy of ``docx`` that soffice should convert; return nothing.

    Raises OSError (or :class:`zipfile.BadZipFile`) when ``docx`` cannot be read.
    """
    with zipfile.ZipFile(docx) as source:
        changed: dict[str, bytes] = {}
        for info in source.infolist():
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                blob = _flipped(source.read(info), f"{docx.name}:{info.filename}")
                if blob is not None:
                    changed[info.filename] = blob
        if not changed:
            shutil.copyfile(docx, target)
            return
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in source.infolist():
                copy.writestr(info, changed.get(info.filename) or source.read(info))
