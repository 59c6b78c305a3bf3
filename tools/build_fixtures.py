"""Build the .docx fixtures of the lint and import case folders from their text specs.

Every ``NAME.docx.yaml`` under ``tests/lint/cases`` and ``tests/ingest/cases`` is the
spec of ``NAME.docx`` next to it. The bytes depend on the spec alone: parts in a fixed
order, every zip date 1980-01-01, entries stored (not deflated, so no zlib version can
change a byte), XML serialised by lxml. Both files are committed, and the case tests
rebuild each spec and compare, so a spec and its fixture never drift apart.

    python3 tools/build_fixtures.py            # rebuild every fixture
    python3 tools/build_fixtures.py --check    # exit 1 naming each stale or missing one
    python3 tools/build_fixtures.py FOLDER…    # only the specs under these folders

The spec (YAML; every key optional, the defaults give a clean GB/T 9704 page)::

    properties:            # docProps/core.xml
      title: 2025年工作要点   # also creator, category (任务清单: an excerpt for lint),
                             # last_modified_by, created (W3CDTF text)
    page:                  # the one section's w:sectPr, in twips
      width: 11906         # height 16838; top 2098, bottom 1984, left 1587, right 1474
      grid: 579            # w:docGrid linePitch (type lines); null: no grid
    settings:
      even_and_odd: true   # w:evenAndOddHeaders
      mirror: false        # w:mirrorMargins
    footer:                # null: no footer at all
      odd:  {text: "— {PAGE} —", align: right, indent: 280, font: 宋体, size: 28}
      even: {text: "— {PAGE} —", align: left, indent: 280, font: 宋体, size: 28}
                           # {PAGE} is a w:fldSimple PAGE field; keys given are merged
                           # into these defaults; even: null leaves that footer out
    styles:                # added to (or merged key by key into) the built-in styles
      MyBody: {name: 正文, based_on: Normal, font: 宋体, size: 32, bold: false,
               align: both, type: paragraph}   # or type: character; also line,
                           # first_line, left, right and spacing (character, twips)
    dtd: true              # prepend an entity-declaring DTD to word/document.xml
    body:                  # the paragraphs, in order ({} is an empty paragraph)
      - text: 一、加强党的建设      # one run; or runs: (below)
        style: Heading1            # a paragraph style id (built-in: Normal, Title,
                                   # Heading1–4, GwByline, GwSignature, GwDate)
        align: center              # left, right, both, center
        first_line: 0              # first-line indent, twips (negative: hanging)
        left: 0                    # left (and right) indent, twips
        line: 579                  # exact line spacing, twips
        page_break_before: true
        font: 黑体                 # run properties of the one run: font (eastAsia),
        size: 32                   # ascii_font, size (half-points), bold, spacing
      - runs:
          - {text: 旧文字, change: moveFrom}   # change: ins, del, moveFrom, moveTo
          - {text: 一、以政治建设为统领, font: 黑体, char_style: GwRunIn1Char}
                                               # built-in: GwRunIn1Char to GwRunIn3Char
          - {text: "", page_break: true}      # a w:br of type page after the text
      - table: [[序号, 任务], ["1", 学习]]     # rows of cells, one paragraph per cell
                                               # (a cell may be a paragraph mapping)
      - table:                                 # merged cells: a cell mapping with
          - [{text: 一、党的建设, span: 3}]      # span: N (w:gridSpan, N grid columns)
          - [{text: "1", vmerge: restart}, 学习, 办公室]   # vmerge: restart starts a
          - [{text: "", vmerge: continue}, 宣传, 办公室]   # vertical merge, continue
                                               # joins the cell above (w:vMerge)
      - {text: 加强党的建设, num: {id: 1, ilvl: 0}}  # Word numbering (w:numPr): the
                                               # w:num id of numbering: below (0: no
                                               # numbering) and the level (ilvl; left
                                               # out: no w:ilvl, so level 0, or in a
                                               # style the level whose style: names
                                               # it); also a key of a paragraph style
                                               # in styles:
    numbering:             # word/numbering.xml (no key: no numbering part)
      abstract:            # w:abstractNum by abstractNumId: its levels from ilvl 0
        1:
          - {format: chineseCounting, text: "%1、"}   # w:numFmt, w:lvlText
          - format: decimal       # decimal, chineseCounting, chineseCountingThousand,
            text: "%2."           # ideographTraditional, decimalFullWidth, upperLetter,
            start: 1              # lowerLetter, upperRoman, lowerRoman, bullet, none, …
            restart: 0            # w:lvlRestart (restart after this level; 0: never)
            legal: true           # w:isLgl (every number shown as decimal)
            style: Heading2       # w:pStyle (the style linked to this level)
            suffix: nothing       # w:suff (tab, space, nothing)
      num:                 # w:num by numId (from 1): its abstract id, or a mapping
        1: 1               # with start: {ilvl: N} (w:lvlOverride/w:startOverride)
        2: {abstract: 1, start: {0: 1}}
                           # no num: each abstract id is also a num id

The n-th ``moveFrom`` run and the n-th ``moveTo`` run form one move (the same name in
their range marks), as Word writes a move.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from lxml import etree  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (
    ROOT / "tests" / "lint" / "cases",
    ROOT / "tests" / "ingest" / "cases",
    ROOT / "tests" / "corpus" / "docx",
)
SUFFIX = ".docx.yaml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "{" + W_NS + "}"
R = "{" + R_NS + "}"
NSMAP = {"w": W_NS, "r": R_NS}
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument"

PAGE = {
    "width": 11906,
    "height": 16838,
    "top": 2098,
    "bottom": 1984,
    "left": 1587,
    "right": 1474,
    "grid": 579,
}
FOOTERS = {
    "odd": {"text": "— {PAGE} —", "align": "right", "indent": 280, "font": "宋体", "size": 28},
    "even": {"text": "— {PAGE} —", "align": "left", "indent": 280, "font": "宋体", "size": 28},
}
LATIN = "Times New Roman"
STYLES: dict[str, dict[str, Any]] = {
    "Normal": {
        "name": "Normal",
        "font": "仿宋_GB2312",
        "size": 32,
        "spacing": -5,
        "line": 579,
        "first_line": 640,
        "align": "both",
    },
    "Title": {
        "name": "Title",
        "based_on": "Normal",
        "font": "方正小标宋简体",
        "size": 44,
        "spacing": 0,
        "line": 720,
        "first_line": 0,
        "align": "center",
    },
    "Heading1": {"name": "heading 1", "based_on": "Normal", "font": "黑体"},
    "Heading2": {"name": "heading 2", "based_on": "Normal", "font": "楷体_GB2312"},
    "Heading3": {"name": "heading 3", "based_on": "Normal", "font": "仿宋_GB2312", "bold": True},
    "Heading4": {"name": "heading 4", "based_on": "Normal", "font": "仿宋_GB2312"},
    "GwByline": {
        "name": "GW 署名行(楷体)",
        "based_on": "Normal",
        "font": "楷体_GB2312",
        "first_line": 0,
        "align": "center",
    },
    "GwSignature": {
        "name": "GW 发文机关署名",
        "based_on": "Normal",
        "first_line": 0,
        "right": 640,
        "align": "right",
    },
    "GwDate": {
        "name": "GW 成文日期",
        "based_on": "Normal",
        "first_line": 0,
        "right": 640,
        "align": "right",
    },
    "GwRunIn1Char": {"type": "character", "name": "GW 一级标题(段首)", "font": "黑体"},
    "GwRunIn2Char": {"type": "character", "name": "GW 二级标题(段首)", "font": "楷体_GB2312"},
    "GwRunIn3Char": {"type": "character", "name": "GW 三级标题(段首)", "bold": True},
}
"""The built-in styles: a 公文 set (仿宋 3号 body on a 22 × 28 grid)."""

_DTD = b'<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'


def _el(tag: str, parent: Any = None, **attrs: Any) -> Any:
    """Return a new ``w:TAG`` element (under ``parent``) with ``w:`` attributes."""
    values = {W + key: str(value) for key, value in attrs.items()}
    if parent is None:
        return etree.Element(W + tag, values, nsmap=NSMAP)
    return etree.SubElement(parent, W + tag, values)


def _xml(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _run_properties(parent: Any, props: dict[str, Any]) -> None:
    """Add a ``w:rPr`` to ``parent`` for the run keys of ``props`` (none: no element)."""
    keys = ("char_style", "font", "ascii_font", "bold", "spacing", "size")
    if not any(props.get(k) is not None for k in keys):
        return
    rpr = _el("rPr", parent)
    if props.get("char_style"):
        _el("rStyle", rpr, val=props["char_style"])
    if props.get("font") or props.get("ascii_font"):
        fonts: dict[str, Any] = {}
        if props.get("ascii_font"):
            fonts.update(ascii=props["ascii_font"], hAnsi=props["ascii_font"])
        if props.get("font"):
            fonts["eastAsia"] = props["font"]
        _el("rFonts", rpr, **fonts)
    if props.get("bold") is not None:
        _el("b", rpr, val="1" if props["bold"] else "0")
    if props.get("spacing") is not None:
        _el("spacing", rpr, val=props["spacing"])
    if props.get("size") is not None:
        _el("sz", rpr, val=props["size"])
        _el("szCs", rpr, val=props["size"])


def _paragraph_properties(parent: Any, props: dict[str, Any]) -> None:
    """Add a ``w:pPr`` to ``parent`` for the paragraph keys of ``props`` (none: no element)."""
    ppr = _el("pPr", parent)
    if props.get("style"):
        _el("pStyle", ppr, val=props["style"])
    if props.get("page_break_before"):
        _el("pageBreakBefore", ppr)
    if props.get("num") is not None:
        numpr = _el("numPr", ppr)
        if props["num"].get("ilvl") is not None:  # none: level 0, or the style's level
            _el("ilvl", numpr, val=props["num"]["ilvl"])
        _el("numId", numpr, val=props["num"]["id"])
    if props.get("line") is not None:
        _el("spacing", ppr, before=0, after=0, line=props["line"], lineRule="exact")
    indent: dict[str, Any] = {}
    for key, attr in (("left", "left"), ("right", "right")):
        if props.get(key) is not None:
            indent[attr] = props[key]
    first = props.get("first_line")
    if first is not None and first >= 0:
        indent["firstLine"] = first
    elif first is not None:
        indent["hanging"] = -first
    if indent:
        _el("ind", ppr, **indent)
    if props.get("align"):
        _el("jc", ppr, val=props["align"])
    if len(ppr) == 0:
        parent.remove(ppr)


class _Revisions:
    """Numbers tracked changes and pairs the n-th moveFrom with the n-th moveTo."""

    def __init__(self) -> None:
        self.next_id = 1
        self.moves = {"moveFrom": 0, "moveTo": 0}

    def take(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def _text(run: Any, text: str, deleted: bool) -> None:
    node = _el("delText" if deleted else "t", run)
    node.text = text
    if text != text.strip():
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _run(parent: Any, spec: dict[str, Any], revisions: _Revisions) -> None:
    """Add one run (inside its tracked change, when it has one) to ``parent``."""
    change = spec.get("change")
    if change not in (None, "ins", "del", "moveFrom", "moveTo"):
        raise ValueError(f"unknown change {change!r}")
    holder = parent
    range_id = 0
    if change in ("moveFrom", "moveTo"):
        revisions.moves[change] += 1
        range_id = revisions.take()
        name = f"move{revisions.moves[change]}"
        _el(f"{change}RangeStart", parent, id=range_id, author="drafting", name=name)
    if change:
        holder = _el(change, parent, id=revisions.take(), author="drafting")
    run = _el("r", holder)
    _run_properties(run, spec)
    if spec.get("text"):
        _text(run, str(spec["text"]), change == "del")
    if spec.get("page_break"):
        _el("br", run, type="page")
    if range_id:
        _el(f"{change}RangeEnd", parent, id=range_id)


def _paragraph(parent: Any, spec: dict[str, Any], revisions: _Revisions) -> None:
    para = _el("p", parent)
    _paragraph_properties(para, spec)
    runs = spec.get("runs")
    if runs is None:
        runs = [spec] if spec.get("text") else []
    for run in runs:
        _run(para, run, revisions)


def _span(cell: Any) -> int:
    return int(cell.get("span", 1)) if isinstance(cell, dict) else 1


def _table(parent: Any, rows: list[list[Any]], revisions: _Revisions) -> None:
    table = _el("tbl", parent)
    tpr = _el("tblPr", table)
    _el("tblW", tpr, w=0, type="auto")
    columns = max(sum(_span(cell) for cell in row) for row in rows)
    grid = _el("tblGrid", table)
    for _ in range(columns):
        _el("gridCol", grid, w=8845 // columns)
    for row in rows:
        tr = _el("tr", table)
        for cell in row:
            tc = _el("tc", tr)
            tcpr = _el("tcPr", tc)
            _el("tcW", tcpr, w=8845 // columns * _span(cell), type="dxa")
            spec = dict(cell) if isinstance(cell, dict) else {"text": str(cell)}
            if spec.pop("span", 1) != 1:
                _el("gridSpan", tcpr, val=_span(cell))
            merge = spec.pop("vmerge", None)
            if merge not in (None, "restart", "continue"):
                raise ValueError(f"unknown vmerge {merge!r}")
            if merge is not None:  # continue: no w:val, as Word writes it
                _el("vMerge", tcpr, **({"val": "restart"} if merge == "restart" else {}))
            _paragraph(tc, {"first_line": 0, **spec}, revisions)


def _level(parent: Any, ilvl: int, spec: dict[str, Any]) -> None:
    """Add one ``w:lvl`` (children in schema order) to the abstract numbering ``parent``."""
    lvl = _el("lvl", parent, ilvl=ilvl)
    _el("start", lvl, val=spec.get("start", 1))
    _el("numFmt", lvl, val=spec.get("format", "decimal"))
    if spec.get("restart") is not None:
        _el("lvlRestart", lvl, val=spec["restart"])
    if spec.get("style"):
        _el("pStyle", lvl, val=spec["style"])
    if spec.get("legal"):
        _el("isLgl", lvl)
    if spec.get("suffix"):
        _el("suff", lvl, val=spec["suffix"])
    _el("lvlText", lvl, val=spec.get("text", f"%{ilvl + 1}."))
    _el("lvlJc", lvl, val="left")


def numbering(spec: dict[str, Any]) -> bytes:
    """Return word/numbering.xml of the ``numbering:`` mapping of a spec."""
    root = _el("numbering")
    abstracts = spec.get("abstract") or {}
    for abstract_id, levels in abstracts.items():
        node = _el("abstractNum", root, abstractNumId=abstract_id)
        _el("multiLevelType", node, val="multilevel" if len(levels) > 1 else "singleLevel")
        for ilvl, level in enumerate(levels):
            _level(node, ilvl, level)
    nums = spec.get("num") or {key: key for key in abstracts}
    for num_id, value in nums.items():
        value = value if isinstance(value, dict) else {"abstract": value}
        num = _el("num", root, numId=num_id)
        _el("abstractNumId", num, val=value["abstract"])
        for ilvl, start in (value.get("start") or {}).items():
            _el("startOverride", _el("lvlOverride", num, ilvl=ilvl), val=start)
    return _xml(root)


def document(spec: dict[str, Any]) -> bytes:
    """Return word/document.xml of ``spec``."""
    root = _el("document")
    body = _el("body", root)
    revisions = _Revisions()
    for block in spec.get("body") or []:
        if "table" in block:
            _table(body, block["table"], revisions)
        else:
            _paragraph(body, block, revisions)
    page = {**PAGE, **(spec.get("page") or {})}
    sect = _el("sectPr", body)
    footers = _footer_parts(spec)
    for kind, rid in (("default", "rIdFooterOdd"), ("even", "rIdFooterEven")):
        if rid in footers:
            _el("footerReference", sect, type=kind).set(R + "id", rid)
    _el("pgSz", sect, w=page["width"], h=page["height"])
    margins = {k: page[k] for k in ("top", "right", "bottom", "left")}
    _el("pgMar", sect, **margins, header=851, footer=1417, gutter=0)
    _el("cols", sect, space=425)
    if page["grid"] is not None:
        _el("docGrid", sect, type="lines", linePitch=page["grid"])
    blob = _xml(root)
    if spec.get("dtd"):
        declaration, rest = blob.split(b"?>", 1)
        blob = declaration + b"?>\n" + _DTD + rest.lstrip(b"\n")
    return blob


def _footer_parts(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return relationship id → footer spec of the footers ``spec`` has."""
    if spec.get("footer", {}) is None:
        return {}
    given = spec.get("footer") or {}
    found = {}
    for side, rid in (("odd", "rIdFooterOdd"), ("even", "rIdFooterEven")):
        value = given.get(side, FOOTERS[side])
        if value is not None:
            found[rid] = {**FOOTERS[side], **value}
    return found


def footer(spec: dict[str, Any]) -> bytes:
    """Return a footer part: one paragraph, ``{PAGE}`` as a simple PAGE field."""
    root = _el("ftr")
    para = _el("p", root)
    ppr = _el("pPr", para)
    indent = spec.get("indent")
    if indent:
        _el("ind", ppr, **{"right" if spec["align"] == "right" else "left": indent})
    _el("jc", ppr, val=spec["align"])
    run_spec = {"font": spec.get("font"), "ascii_font": spec.get("font"), "size": spec.get("size")}
    before, page, after = str(spec["text"]).partition("{PAGE}")
    for piece in (before, page, after):
        if not piece:
            continue
        holder = para
        if piece == "{PAGE}":
            holder = _el("fldSimple", para, instr=" PAGE ")
            piece = "1"
        run = _el("r", holder)
        _run_properties(run, run_spec)
        _text(run, piece, False)
    return _xml(root)


def _style(parent: Any, style_id: str, spec: dict[str, Any]) -> None:
    kind = spec.get("type", "paragraph")
    style = _el("style", parent, type=kind, styleId=style_id)
    if style_id == "Normal":
        style.set(W + "default", "1")
    _el("name", style, val=spec.get("name", style_id))
    if spec.get("based_on"):
        _el("basedOn", style, val=spec["based_on"])
    if kind == "paragraph":
        _paragraph_properties(style, {k: v for k, v in spec.items() if k != "style"})
    _run_properties(style, {k: v for k, v in spec.items() if k != "char_style"})


def styles(spec: dict[str, Any]) -> bytes:
    """Return word/styles.xml: document defaults, the built-in styles and the spec's."""
    root = _el("styles")
    defaults = _el("docDefaults", root)
    rpr = _el("rPr", _el("rPrDefault", defaults))
    _el("rFonts", rpr, ascii=LATIN, hAnsi=LATIN, eastAsia="仿宋_GB2312", cs=LATIN)
    _el("sz", rpr, val=32)
    _el("szCs", rpr, val=32)
    _el("pPrDefault", defaults)
    merged = {key: dict(values) for key, values in STYLES.items()}
    for style_id, values in (spec.get("styles") or {}).items():
        merged.setdefault(style_id, {}).update(values)
    for style_id, values in merged.items():
        _style(root, style_id, values)
    return _xml(root)


def settings(spec: dict[str, Any]) -> bytes:
    values = {"even_and_odd": True, "mirror": False, **(spec.get("settings") or {})}
    root = _el("settings")
    if values["mirror"]:
        _el("mirrorMargins", root)
    _el("defaultTabStop", root, val=420)
    if values["even_and_odd"]:
        _el("evenAndOddHeaders", root)
    return _xml(root)


def core(spec: dict[str, Any]) -> bytes:
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    terms = "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(
        f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc, "dcterms": terms, "xsi": xsi}
    )
    props = spec.get("properties") or {}
    for key, tag in (
        ("title", f"{{{dc}}}title"),
        ("creator", f"{{{dc}}}creator"),
        ("category", f"{{{cp}}}category"),
        ("last_modified_by", f"{{{cp}}}lastModifiedBy"),
        ("created", f"{{{terms}}}created"),
    ):
        if props.get(key) is not None:
            node = etree.SubElement(root, tag)
            node.text = str(props[key])
            if key == "created":
                node.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
    return _xml(root)


def _relationships(rows: Sequence[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
    for rid, kind, target in rows:
        etree.SubElement(root, f"{{{PKG_REL}}}Relationship", Id=rid, Type=kind, Target=target)
    return _xml(root)


def _content_types(parts: Sequence[tuple[str, str]]) -> bytes:
    root = etree.Element(f"{{{CT}}}Types", nsmap={None: CT})
    for ext, kind in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),):
        etree.SubElement(root, f"{{{CT}}}Default", Extension=ext, ContentType=kind)
    etree.SubElement(root, f"{{{CT}}}Default", Extension="xml", ContentType="application/xml")
    for name, kind in parts:
        etree.SubElement(root, f"{{{CT}}}Override", PartName=name, ContentType=kind)
    return _xml(root)


def parts(spec: dict[str, Any]) -> list[tuple[str, bytes]]:
    """Return the (name, bytes) of every part of the package of ``spec``, in zip order."""
    footers = _footer_parts(spec)
    rel = R_NS + "/"
    wml = f"{OFFICE}.wordprocessingml"
    overrides = [
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/word/document.xml", f"{wml}.document.main+xml"),
        ("/word/styles.xml", f"{wml}.styles+xml"),
        ("/word/settings.xml", f"{wml}.settings+xml"),
    ]
    doc_rels = [
        ("rIdStyles", rel + "styles", "styles.xml"),
        ("rIdSettings", rel + "settings", "settings.xml"),
    ]
    more_parts = []
    if spec.get("numbering") is not None:
        overrides.append(("/word/numbering.xml", f"{wml}.numbering+xml"))
        doc_rels.append(("rIdNumbering", rel + "numbering", "numbering.xml"))
        more_parts.append(("word/numbering.xml", numbering(spec["numbering"])))
    for number, (rid, values) in enumerate(footers.items(), 1):
        name = f"footer{number}.xml"
        overrides.append((f"/word/{name}", f"{wml}.footer+xml"))
        doc_rels.append((rid, rel + "footer", name))
        more_parts.append((f"word/{name}", footer(values)))
    core_rel = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    return [
        ("[Content_Types].xml", _content_types(overrides)),
        (
            "_rels/.rels",
            _relationships(
                [
                    ("rId1", rel + "officeDocument", "word/document.xml"),
                    ("rId2", core_rel + "core-properties", "docProps/core.xml"),
                ]
            ),
        ),
        ("docProps/core.xml", core(spec)),
        ("word/_rels/document.xml.rels", _relationships(doc_rels)),
        ("word/document.xml", document(spec)),
        ("word/styles.xml", styles(spec)),
        ("word/settings.xml", settings(spec)),
        *more_parts,
    ]


def build(spec_path: Path) -> bytes:
    """Return the .docx bytes that the spec at ``spec_path`` describes."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, blob in parts(spec):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, blob)
    return out.getvalue()


def target_of(spec_path: Path) -> Path:
    """Return the .docx a spec builds (``NAME.docx.yaml`` → ``NAME.docx``)."""
    return spec_path.with_name(spec_path.name.removesuffix(".yaml"))


def specs(folders: Sequence[Path] = FOLDERS) -> Iterator[Path]:
    """Yield every spec under ``folders``, sorted."""
    for folder in folders:
        yield from sorted(folder.rglob("*" + SUFFIX))


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild (or with ``--check`` compare) every fixture; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 when stale")
    parser.add_argument("folders", nargs="*", type=Path, help="folders to scan (default: all)")
    args = parser.parse_args(argv)
    stale = []
    count = 0
    for spec in specs(args.folders or FOLDERS):
        count += 1
        blob = build(spec)
        target = target_of(spec)
        if target.is_file() and target.read_bytes() == blob:
            continue
        if args.check:
            stale.append(target)
            continue
        target.write_bytes(blob)
        print(f"built {_shown(target)}")
    for target in stale:
        state = "stale" if target.exists() else "missing"
        print(f"{state}: {_shown(target)}", file=sys.stderr)
    if stale:
        print("run: python3 tools/build_fixtures.py", file=sys.stderr)
        return 1
    if args.check:
        print(f"{count} fixtures up to date")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
