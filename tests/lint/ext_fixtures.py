"""Build the lint case fixtures that need OOXML the fixture spec has no key for.

A ``NAME.docx.ext.yaml`` is a ``tools/build_fixtures.py`` spec whose body blocks may
also carry raw WordprocessingML: ``ppr_xml`` (put into the paragraph's ``w:pPr``:
borders, tab stops), ``rpr_xml`` (into each run's ``w:rPr``: a colour) and, on a table
block, ``tbl_xml`` (into ``w:tblPr``: borders, cell margins). The red 发文机关标志, the
red line and the 版记 lines of the 红头 cases are written so. The bytes depend on the
spec alone, as build_fixtures' do, and ``test_cases`` rebuilds and compares them.

    python3 tests/lint/ext_fixtures.py           # rebuild every NAME.docx
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml
from lxml import etree  # type: ignore[import-untyped]

HERE = Path(__file__).resolve().parent
SUFFIX = ".docx.ext.yaml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
_AFTER = ("spacing", "ind", "jc", "rPr")  # w:pPr children a border or tab goes before


def _fragment(xml: str) -> list[Any]:
    root = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{xml}</w:x>')
    return list(root)


def _into_ppr(para: Any, xml: str) -> None:
    ppr = para.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.SubElement(para, f"{W}pPr")
        para.remove(ppr)
        para.insert(0, ppr)
    for node in _fragment(xml):
        later = next((c for c in ppr if c.tag in {W + t for t in _AFTER}), None)
        if later is None:
            ppr.append(node)
        else:
            later.addprevious(node)


def _into_runs(para: Any, xml: str) -> None:
    for run in para.iter(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(run, f"{W}rPr")
            run.remove(rpr)
            run.insert(0, rpr)
        for node in _fragment(xml):
            rpr.append(node)


def _patch(document: bytes, blocks: list[dict[str, Any]]) -> bytes:
    root = etree.fromstring(document)
    body = root.find(f"{W}body")
    elements = [e for e in body if e.tag in (f"{W}p", f"{W}tbl")]
    for element, block in zip(elements, blocks, strict=True):
        if element.tag == f"{W}tbl":
            if block.get("tbl_xml"):
                element.find(f"{W}tblPr").extend(_fragment(block["tbl_xml"]))
            cells = [c for row in block["table"] for c in row]
            for para, cell in zip(element.iter(f"{W}p"), cells, strict=True):
                if isinstance(cell, dict):
                    _extras(para, cell)
            continue
        _extras(element, block)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _extras(para: Any, block: dict[str, Any]) -> None:
    if block.get("ppr_xml"):
        _into_ppr(para, block["ppr_xml"])
    if block.get("rpr_xml"):
        _into_runs(para, block["rpr_xml"])


def build(spec_path: Path, builder: Any) -> bytes:
    """Return the .docx bytes of the extended spec at ``spec_path`` (``builder`` is
    tools/build_fixtures.py as a module)."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, blob in builder.parts(spec):
            if name == "word/document.xml":
                blob = _patch(blob, spec.get("body") or [])
            info = zipfile.ZipInfo(name, date_time=builder.ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, blob)
    return out.getvalue()


def target_of(spec_path: Path) -> Path:
    """Return the .docx an extended spec builds (``NAME.docx.ext.yaml`` → ``NAME.docx``)."""
    return spec_path.with_name(spec_path.name.removesuffix(".ext.yaml"))


def specs() -> list[Path]:
    """Return every extended spec under the case folders, sorted."""
    return sorted((HERE / "cases").rglob("*" + SUFFIX))


def main() -> int:
    """Rebuild every fixture of an extended spec; return the exit status."""
    import importlib.util

    spec_ = importlib.util.spec_from_file_location(
        "build_fixtures", HERE.parent.parent / "tools" / "build_fixtures.py"
    )
    assert spec_ is not None and spec_.loader is not None
    tool = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(tool)
    for spec in specs():
        blob = build(spec, tool)
        target = target_of(spec)
        if not target.is_file() or target.read_bytes() != blob:
            target.write_bytes(blob)
            print(f"built {target.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
