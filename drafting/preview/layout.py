"""Layout: a rendered .docx turned into one HTML document of A4 pages (the live preview).

Every ``w:p`` of the body (in tables and text boxes too) becomes one ``div.p`` whose text
is :func:`drafting.ooxml.text.paragraph_text` of it: a tab a ``span.tab`` holding ``\\t``,
a line break a ``<br>``. Formatting is the effective one, read through the style chain
(document defaults → paragraph style → character style → direct, ECMA-376 §17.7.2) and
written as CSS classes: fonts per slot with fallback lists (the names Word would use
first, then the free fonts LibreOffice is mapped to), sizes, bold, colour, character
spacing, indents, alignment, exact line spacing, paragraph borders (the red line), table
borders, merged cells, anchored text boxes (版记) and each section's page size, margins
and footers. Pages are made in the browser by the inline script of
:mod:`drafting.preview.assets`: it moves blocks (splitting paragraphs between lines and
tables between rows) to the next page box when the 版心 overflows, and writes the page
numbers; it never changes a character of the text.

All text and attribute values are escaped; nothing outside the document is referenced.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from drafting.ooxml.ns import R, W
from drafting.preview.assets import SCRIPT, STYLE

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_V = "{urn:schemas-microsoft-com:vml}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SKIPPED = frozenset(
    f"{W}{name}" for name in ("pPr", "rPr", "del", "moveFrom", "proofErr", "bookmarkStart")
)
"""What holds no shown text of a paragraph: properties, tracked deletions, the old place
of a move (:func:`drafting.ooxml.text.removed_by_revision`), marks."""

CJK_FALLBACKS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": (
        "方正小标宋简体",
        "方正小标宋_GBK",
        "FZXiaoBiaoSong-B05S",
        "FZXiaoBiaoSong-B05",
        "dr-xbs",
        "Noto Serif CJK SC",
        "serif",
    ),
    "黑体": ("黑体", "SimHei", "FandolHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "sans-serif"),
    "楷体": (
        "楷体_GB2312",
        "楷体",
        "KaiTi_GB2312",
        "KaiTi",
        "FandolKai",
        "AR PL UKai CN",
        "LXGW WenKai",
        "serif",
    ),
    "仿宋": (
        "仿宋_GB2312",
        "仿宋",
        "FangSong_GB2312",
        "FangSong",
        "FandolFang",
        "Noto Serif CJK SC",
        "serif",
    ),
    "宋体": ("宋体", "SimSun", "FandolSong", "Noto Serif CJK SC", "serif"),
}
"""The CSS font list of each font family our templates name (GB/T 9704 §3, the fonts.conf
of drafting/resources/templates): the Windows names first, then the free substitutes."""

_ALIASES = {
    "方正小标宋_GBK": "方正小标宋简体",
    "FZXiaoBiaoSong-B05S": "方正小标宋简体",
    "FZXiaoBiaoSong-B05": "方正小标宋简体",
    "小标宋": "方正小标宋简体",
    "SimHei": "黑体",
    "楷体_GB2312": "楷体",
    "KaiTi": "楷体",
    "KaiTi_GB2312": "楷体",
    "仿宋_GB2312": "仿宋",
    "FangSong": "仿宋",
    "FangSong_GB2312": "仿宋",
    "SimSun": "宋体",
}
_LATIN_FALLBACKS = {
    "Times New Roman": ("Times New Roman", "Liberation Serif", "Tinos", "serif"),
    "Arial": ("Arial", "Liberation Sans", "Arimo", "sans-serif"),
}


def cjk_families(name: str | None) -> tuple[str, ...]:
    """Return the CSS font list for the East Asian font ``name`` (our names, then others)."""
    if not name:
        return CJK_FALLBACKS["仿宋"]
    known = CJK_FALLBACKS.get(_ALIASES.get(name, name))
    if known is None:
        return (name, "Noto Serif CJK SC", "serif")
    return known if known[0] == name else (name, *(f for f in known if f != name))


def latin_families(name: str | None) -> tuple[str, ...]:
    """Return the CSS font list for the Latin (``w:ascii``) font ``name``."""
    if not name:
        return _LATIN_FALLBACKS["Times New Roman"]
    if name in _ALIASES or name in CJK_FALLBACKS:  # 宋体 digits of the page number
        return cjk_families(name)
    return _LATIN_FALLBACKS.get(name, (name, "serif"))


def css_families(names: tuple[str, ...]) -> str:
    """Return ``names`` as a CSS ``font-family`` value (generic families unquoted)."""
    generic = {"serif", "sans-serif", "monospace"}
    return ", ".join(n if n in generic else '"' + n.replace('"', "") + '"' for n in names)


# ---------------------------------------------------------------- effective properties


def _merge(into: dict[str, dict[str, str]], props: Any) -> None:
    """Merge the children of a ``w:pPr``/``w:rPr`` into ``into``: tag → attributes, a later
    element's attributes overriding an earlier one's (borders and tabs are kept whole)."""
    if props is None:
        return
    for child in props:
        if not isinstance(child.tag, str) or not child.tag.startswith(W):
            continue
        tag = child.tag[len(W) :]
        if tag in ("rPr", "sectPr", "pPrChange", "rPrChange"):
            continue
        attrs = {k[len(W) :] if k.startswith(W) else k: v for k, v in child.attrib.items()}
        if tag in ("pBdr", "tabs"):
            merged = dict(into.get(tag, {}))
            for item in child:
                if isinstance(item.tag, str) and item.tag.startswith(W):
                    key = item.tag[len(W) :]
                    if tag == "tabs":
                        key = item.get(f"{W}pos", "")
                    merged[key] = etree.tostring(item, encoding="unicode")
            into[tag] = merged
        elif tag in ("ind", "spacing", "rFonts"):
            current = dict(into.get(tag, {}))
            if tag == "ind":  # a char-based value is overridden by a later twip-based one
                if "firstLine" in attrs or "hanging" in attrs:
                    for key in ("firstLine", "hanging", "firstLineChars", "hangingChars"):
                        current.pop(key, None)
                if "left" in attrs:
                    current.pop("leftChars", None)
            current.update(attrs)
            into[tag] = current
        else:
            into[tag] = attrs


def _on(props: dict[str, dict[str, str]], tag: str) -> bool:
    attrs = props.get(tag)
    return attrs is not None and attrs.get("val", "true") not in ("0", "false", "off")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


def _pt(twips: float) -> str:
    return f"{twips / 20:.2f}".rstrip("0").rstrip(".") + "pt"


@dataclass
class _Style:
    kind: str
    based_on: str | None
    ppr: Any
    rpr: Any


class _Styles:
    """The style chains of styles.xml, merged into tag → attribute maps (memoised)."""

    def __init__(self, root: Any | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_ppr: Any = None
        self.default_rpr: Any = None
        self.default_para: str | None = None
        self.default_char: str | None = None
        self._memo: dict[tuple[str, str | None, str | None], dict[str, dict[str, str]]] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults")
        if defaults is not None:
            self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
            self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId")
            if not sid:
                continue
            based = style.find(f"{W}basedOn")
            kind = style.get(f"{W}type", "paragraph")
            self.styles[sid] = _Style(
                kind,
                based.get(f"{W}val") if based is not None else None,
                style.find(f"{W}pPr"),
                style.find(f"{W}rPr"),
            )
            if style.get(f"{W}default") in ("1", "true", "on"):
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "character":
                    self.default_char = sid

    def chain(self, sid: str | None) -> list[_Style]:
        found: list[_Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            found.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return found[::-1]

    def para_id(self, sid: str | None) -> str | None:
        return sid if sid in self.styles else self.default_para

    def paragraph(self, sid: str | None) -> dict[str, dict[str, str]]:
        """Return the paragraph properties of style ``sid`` (defaults included)."""
        key = ("p", sid, None)
        if key not in self._memo:
            merged: dict[str, dict[str, str]] = {}
            _merge(merged, self.default_ppr)
            for style in self.chain(self.para_id(sid)):
                _merge(merged, style.ppr)
            self._memo[key] = merged
        return self._memo[key]

    def run(self, para: str | None, char: str | None) -> dict[str, dict[str, str]]:
        """Return the run properties of a run of character style ``char`` in ``para``."""
        key = ("r", para, char)
        if key not in self._memo:
            merged: dict[str, dict[str, str]] = {}
            _merge(merged, self.default_rpr)
            for style in self.chain(self.para_id(para)):
                _merge(merged, style.rpr)
            for style in self.chain(char or self.default_char):
                _merge(merged, style.rpr)
            self._memo[key] = merged
        return self._memo[key]


# ---------------------------------------------------------------- CSS classes


class _Classes:
    """CSS declarations given short class names, so that 1000 tasks stay small."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.names: dict[str, str] = {}

    def name(self, css: str) -> str:
        if css not in self.names:
            self.names[css] = f"{self.prefix}{len(self.names)}"
        return self.names[css]

    def rules(self) -> str:
        return "".join(f".{name}{{{css}}}\n" for css, name in self.names.items())


def _run_css(props: dict[str, dict[str, str]]) -> str:
    fonts = props.get("rFonts", {})
    east = fonts.get("eastAsia") or fonts.get("ascii")
    latin = fonts.get("ascii") or fonts.get("hAnsi") or east
    size = _int(props.get("sz", {}).get("val"), 21) / 2
    parts = [
        f"font-family:{css_families(cjk_families(east))}",
        f"--latin:{css_families((*latin_families(latin), *cjk_families(east)))}",
        f"font-size:{size:g}pt",
        f"font-weight:{'bold' if _on(props, 'b') else 'normal'}",
    ]
    if _on(props, "i"):
        parts.append("font-style:italic")
    color = props.get("color", {}).get("val")
    if color and re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        parts.append(f"color:#{color}")
    spacing = _int(props.get("spacing", {}).get("val"))
    if spacing:
        parts.append(f"letter-spacing:{_pt(spacing)}")
    underline = props.get("u", {}).get("val")
    if underline and underline != "none":
        parts.append("text-decoration:underline")
    if _on(props, "strike"):
        parts.append("text-decoration:line-through")
    if _on(props, "vanish"):
        parts.append("display:none")
    vertical = props.get("vertAlign", {}).get("val")
    if vertical in ("superscript", "subscript"):
        parts.append(f"vertical-align:{'super' if vertical == 'superscript' else 'sub'}")
        parts.append("font-size:smaller")
    return ";".join(parts)


_JC = {"both": "justify", "distribute": "justify", "start": "left", "end": "right"}


def _border_css(xml: str | None) -> str | None:
    """Return a CSS border for a ``w:top``/``w:bottom``/… border element (None for none)."""
    if xml is None:
        return None
    element = etree.fromstring(xml)
    value = element.get(f"{W}val", "nil")
    if value in ("nil", "none"):
        return "none"
    width = max(_int(element.get(f"{W}sz"), 4) / 8, 0.25)
    color = element.get(f"{W}color", "000000")
    color = f"#{color}" if re.fullmatch(r"[0-9A-Fa-f]{6}", color) else "#000"
    style = "double" if value == "double" else "dashed" if "dash" in value else "solid"
    return f"{width:g}pt {style} {color}"


def _para_css(props: dict[str, dict[str, str]], mark: dict[str, dict[str, str]]) -> str:
    """Return the CSS of a paragraph of properties ``props`` whose mark's run is ``mark``
    (its font gives the line's strut and the unit of indents in characters)."""
    font_size = _int(mark.get("sz", {}).get("val"), 21) / 2
    fonts = mark.get("rFonts", {})
    east = fonts.get("eastAsia") or fonts.get("ascii")
    parts: list[str] = [f"font-family:{css_families(cjk_families(east))}"]
    jc = props.get("jc", {}).get("val", "left")
    parts.append(f"text-align:{_JC.get(jc, jc if jc in ('left', 'center', 'right') else 'left')}")
    if jc == "distribute":  # every line spread to both edges, the last one too (联合行文)
        parts.append("text-align-last:justify;text-justify:inter-character")
    ind = props.get("ind", {})
    left = _int(ind.get("left", ind.get("start")))
    right = _int(ind.get("right", ind.get("end")))
    if left:
        parts.append(f"margin-left:{_pt(left)}")
    if right:
        parts.append(f"margin-right:{_pt(right)}")
    first: str | None = None
    if ind.get("hangingChars") not in (None, "0"):
        first = f"{-_int(ind.get('hangingChars')) / 100:g}em"
    elif ind.get("firstLineChars") not in (None, "0"):
        first = f"{_int(ind.get('firstLineChars')) / 100:g}em"
    elif ind.get("hanging") is not None:
        first = _pt(-_int(ind.get("hanging")))
    elif ind.get("firstLine") is not None:
        first = _pt(_int(ind.get("firstLine")))
    if first and first not in ("0pt", "0em"):
        parts.append(f"text-indent:{first}")
    spacing = props.get("spacing", {})
    line = spacing.get("line")
    rule = spacing.get("lineRule", "auto")
    if line is not None:
        if rule == "exact":
            parts.append(f"line-height:{_pt(_int(line))}")
        elif rule == "atLeast":
            parts.append(f"line-height:max({_pt(_int(line))},{font_size * 1.3:g}pt)")
        else:
            parts.append(f"line-height:{_int(line) / 240 * 1.3:.3g}")
    before = _int(spacing.get("before"))
    after = _int(spacing.get("after"))
    if before:
        parts.append(f"padding-top:{_pt(before)}")
    if after:
        parts.append(f"padding-bottom:{_pt(after)}")
    borders = props.get("pBdr", {})
    for side in ("top", "bottom", "left", "right"):
        css = _border_css(borders.get(side))
        if css and css != "none":
            element = etree.fromstring(borders[side])
            parts.append(f"border-{side}:{css}")
            space = _int(element.get(f"{W}space"))
            if space:
                parts.append(f"padding-{side}:{space}pt")
    autospace = props.get("autoSpaceDE")  # on unless turned off: gaps around Latin text
    if autospace is not None and autospace.get("val", "true") in ("0", "false", "off"):
        parts.append("text-autospace:no-autospace")
    parts.append(f"font-size:{font_size:g}pt")
    return ";".join(parts)


# ---------------------------------------------------------------- sections


@dataclass
class Section:
    """One ``w:sectPr``: page size, margins and footers, all in twips."""

    width: int = 11906
    height: int = 16838
    top: int = 1440
    right: int = 1800
    bottom: int = 1440
    left: int = 1800
    footer: int = 992
    kind: str = "nextPage"
    start: int | None = None
    title_page: bool = False
    footers: dict[str, str] = field(default_factory=dict)  # type → rId


def read_section(sect: Any, previous: Section | None) -> Section:
    """Return the section ``sect`` describes; footers not referenced are ``previous``'s."""
    section = Section(footers=dict(previous.footers) if previous else {})
    size = sect.find(f"{W}pgSz")
    if size is not None:
        section.width = _int(size.get(f"{W}w"), section.width)
        section.height = _int(size.get(f"{W}h"), section.height)
    margins = sect.find(f"{W}pgMar")
    if margins is not None:
        for name in ("top", "right", "bottom", "left", "footer"):
            setattr(section, name, abs(_int(margins.get(f"{W}{name}"), getattr(section, name))))
    kind = sect.find(f"{W}type")
    if kind is not None:
        section.kind = kind.get(f"{W}val", "nextPage")
    numbers = sect.find(f"{W}pgNumType")
    if numbers is not None and numbers.get(f"{W}start") is not None:
        section.start = _int(numbers.get(f"{W}start"), 1)
    title = sect.find(f"{W}titlePg")
    section.title_page = title is not None and title.get(f"{W}val", "1") not in ("0", "false")
    for ref in sect.findall(f"{W}footerReference"):
        section.footers[ref.get(f"{W}type", "default")] = ref.get(f"{R}id", "")
    return section


# ---------------------------------------------------------------- the converter


class _Converter:
    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        styles = parts.get("word/styles.xml")
        self.styles = _Styles(etree.fromstring(styles, _PARSER) if styles else None)
        self.runs = _Classes("r")
        self._run_classes: dict[tuple[str | None, bytes], str] = {}
        self._para_classes: dict[tuple[str | None, bytes], tuple[str, str]] = {}
        self.paras = _Classes("p")
        self.rels = self._rels("word/_rels/document.xml.rels")
        settings = parts.get("word/settings.xml")
        root = etree.fromstring(settings, _PARSER) if settings else None
        self.mirror = root is not None and root.find(f"{W}mirrorMargins") is not None
        tab = root.find(f"{W}defaultTabStop") if root is not None else None
        self.default_tab = _int(tab.get(f"{W}val"), 420) if tab is not None else 420

    def _rels(self, name: str) -> dict[str, str]:
        data = self.parts.get(name)
        if not data:
            return {}
        found = {}
        for rel in etree.fromstring(data, _PARSER).iter(f"{_REL_NS}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                found[rel.get("Id", "")] = posixpath.normpath(posixpath.join("word", target))
        return found

    # -- blocks

    def blocks(self, parent: Any, section: Section | None = None) -> Iterator[str]:
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                yield self.paragraph(child, section)
            elif tag == f"{W}tbl":
                yield self.table(child, section)
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
                if content is not None:
                    yield from self.blocks(content, section)

    def paragraph(self, para: Any, section: Section | None) -> str:
        ppr = para.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        sid = style_el.get(f"{W}val") if style_el is not None else None
        memo = (sid, etree.tostring(ppr) if ppr is not None else b"")
        found = self._para_classes.get(memo)
        if found is None:
            props = {k: dict(v) for k, v in self.styles.paragraph(sid).items()}
            _merge(props, ppr)
            mark = {k: dict(v) for k, v in self.styles.run(sid, None).items()}
            _merge(mark, ppr.find(f"{W}rPr") if ppr is not None else None)
            attrs = ""
            if _on(props, "pageBreakBefore"):
                attrs += ' data-break="page"'
            if _on(props, "keepNext"):
                attrs += ' data-keep="1"'
            tabs = self._tab_stops(props)
            if tabs:
                attrs += f' data-tabs="{escape(tabs)}"'
            ind = props.get("ind", {})
            if ind.get("hanging") or ind.get("hangingChars"):
                attrs += f' data-hang="{_int(ind.get("left"))}"'
            found = self._para_classes[memo] = (self.paras.name(_para_css(props, mark)), attrs)
        name, attrs = found
        inner = "".join(self.inline(para, sid, section))
        return f'<div class="p {name}"{attrs}>{inner}</div>'

    def _tab_stops(self, props: dict[str, dict[str, str]]) -> str:
        stops = []
        for xml in props.get("tabs", {}).values():
            element = etree.fromstring(xml)
            kind = element.get(f"{W}val", "left")
            if kind == "clear":
                continue
            stops.append(f"{kind}:{_int(element.get(f'{W}pos')) / 20:g}")
        return ",".join(stops)

    def inline(self, para: Any, sid: str | None, section: Section | None) -> Iterator[str]:
        """Yield the HTML of the runs of ``para`` in document order: what
        :func:`drafting.ooxml.text.paragraph_text` reads (field codes, deletions and the
        old place of moves left out), text boxes as positioned blocks of their own."""
        state = {"code": False, "page": False}
        yield from self._inline(para, sid, section, state, page_field=False)

    def _inline(
        self,
        parent: Any,
        sid: str | None,
        section: Section | None,
        state: dict[str, bool],
        *,
        page_field: bool,
    ) -> Iterator[str]:
        for node in parent:
            tag = node.tag
            if tag == f"{W}r":
                yield from self.run(node, sid, state, section, page_field=page_field)
            elif tag in _SKIPPED or not isinstance(tag, str):
                continue
            elif tag == f"{_MC}AlternateContent":
                choice = node.find(f"{_MC}Choice")
                if choice is not None:  # the Choice is shown, never both
                    yield from self._inline(choice, sid, section, state, page_field=page_field)
            elif tag in (f"{W}pict", f"{W}drawing"):
                yield from self.shape(node, section)
            else:  # hyperlink, fldSimple, ins, moveTo, smartTag, sdt, customXml…
                page = page_field or (
                    tag == f"{W}fldSimple" and "PAGE" in (node.get(f"{W}instr") or "").split()
                )
                yield from self._inline(node, sid, section, state, page_field=page)

    def run(
        self,
        run: Any,
        sid: str | None,
        state: dict[str, bool],
        section: Section | None = None,
        *,
        page_field: bool = False,
    ) -> Iterator[str]:
        rpr = run.find(f"{W}rPr")
        key = (sid, etree.tostring(rpr) if rpr is not None else b"")
        cls = self._run_classes.get(key)
        if cls is None:
            char_el = rpr.find(f"{W}rStyle") if rpr is not None else None
            char = char_el.get(f"{W}val") if char_el is not None else None
            props = {k: dict(v) for k, v in self.styles.run(sid, char).items()}
            _merge(props, rpr)
            cls = self._run_classes[key] = self.runs.name(_run_css(props))
        shapes: list[str] = []
        pieces: list[str] = []
        for child in run:
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    state["code"], state["page"] = True, False
                elif kind == "separate":
                    state["code"] = False
                elif kind == "end":
                    state["code"], state["page"] = False, False
                continue
            if tag == f"{W}instrText":
                if "PAGE" in (child.text or "").split():
                    state["page"] = True
                continue
            if state["code"]:
                continue
            if tag == f"{W}t":
                text = child.text or ""
                if not text:
                    continue
                if page_field or state["page"]:
                    pieces.append(f'<span class="pg">{escape(text)}</span>')
                else:
                    pieces.append(_latin_marked(text))
            elif tag == f"{W}tab":
                pieces.append('<span class="tab">\t</span>')
            elif tag in (f"{W}br", f"{W}cr"):
                kind = child.get(f"{W}type")
                pieces.append('<br class="pb">' if kind == "page" else "<br>")
            elif tag in (f"{W}pict", f"{W}drawing"):
                shapes.extend(self.shape(child, section))
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                for item in choice if choice is not None else ():
                    if item.tag in (f"{W}pict", f"{W}drawing"):
                        shapes.extend(self.shape(item, section))
        if pieces:
            yield f'<span class="{cls}">{"".join(pieces)}</span>'
        yield from shapes

    # -- text boxes

    def shape(self, node: Any, section: Section | None) -> Iterator[str]:
        """Yield a positioned ``div.txbx`` for each text box of a ``w:pict``/``w:drawing``."""
        for content in node.iter(f"{W}txbxContent"):
            box = self._box(content, node, section)
            inner = "".join(self.blocks(content, section))
            yield f'<div class="txbx" style="{escape(box)}">{inner}</div>'
            break

    def _box(self, content: Any, node: Any, section: Section | None) -> str:
        sect = section or Section()
        body_w = (sect.width - sect.left - sect.right) / 20
        shape = next(
            (a for a in content.iterancestors() if a.tag in (f"{_V}shape", f"{_V}rect")), None
        )
        if shape is not None:
            style = dict(
                (k.strip(), v.strip())
                for k, _, v in (item.partition(":") for item in shape.get("style", "").split(";"))
                if k.strip()
            )
            width = _length(style.get("width"), body_w)
            height = _length(style.get("height"), 0)
            top = _length(style.get("margin-top"), 0)
            if style.get("mso-position-vertical-relative") == "page":
                top -= sect.top / 20
            left = _length(style.get("margin-left"), 0)
            if style.get("mso-position-horizontal") == "center":
                left = (body_w - width) / 2
            anchor = style.get("v-text-anchor", "top")
            justify = {"bottom": "flex-end", "middle": "center"}.get(anchor, "flex-start")
            return (
                f"left:{left:.2f}pt;top:{top:.2f}pt;width:{width:.2f}pt;"
                f"height:{height:.2f}pt;justify-content:{justify}"
            )
        anchor_el = next((a for a in content.iterancestors() if a.tag == f"{_WP}anchor"), None)
        if anchor_el is not None:
            extent = anchor_el.find(f"{_WP}extent")
            width = _int(extent.get("cx")) / 12700 if extent is not None else body_w
            height = _int(extent.get("cy")) / 12700 if extent is not None else 0
            pos_v = anchor_el.find(f"{_WP}positionV")
            top = 0.0
            if pos_v is not None:
                align = pos_v.findtext(f"{_WP}align")
                offset = pos_v.findtext(f"{_WP}posOffset")
                base = pos_v.get("relativeFrom", "paragraph")
                page_h = sect.height / 20
                body_h = (sect.height - sect.top - sect.bottom) / 20
                if align == "bottom":
                    top = (body_h if base == "margin" else page_h - sect.top / 20) - height
                elif offset is not None:
                    top = _int(offset) / 12700 - (sect.top / 20 if base == "page" else 0)
            left = (body_w - width) / 2
            return f"left:{left:.2f}pt;top:{top:.2f}pt;width:{width:.2f}pt;height:{height:.2f}pt;justify-content:flex-end"
        return f"left:0;top:0;width:{body_w:.2f}pt"

    # -- tables

    def table(self, tbl: Any, section: Section | None) -> str:
        tpr = tbl.find(f"{W}tblPr")
        grid = [_int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        width_el = tpr.find(f"{W}tblW") if tpr is not None else None
        width = _int(width_el.get(f"{W}w")) if width_el is not None else sum(grid)
        if width_el is not None and width_el.get(f"{W}type") == "pct":
            width = 0
        width = width or sum(grid)
        borders: dict[str, str | None] = {}
        if tpr is not None and tpr.find(f"{W}tblBorders") is not None:
            for item in tpr.find(f"{W}tblBorders"):
                borders[item.tag[len(W) :]] = _border_css(etree.tostring(item, encoding="unicode"))
        margins = {"left": 108, "right": 108, "top": 0, "bottom": 0}
        cell_mar = tpr.find(f"{W}tblCellMar") if tpr is not None else None
        if cell_mar is not None:
            for item in cell_mar:
                name = {"start": "left", "end": "right"}.get(item.tag[len(W) :], item.tag[len(W) :])
                margins[name] = _int(item.get(f"{W}w"))
        jc = tpr.find(f"{W}jc") if tpr is not None else None
        centred = jc is not None and jc.get(f"{W}val") == "center"
        floating = tpr.find(f"{W}tblpPr") if tpr is not None else None
        rows = tbl.findall(f"{W}tr")
        spans = self._row_spans(rows)
        head: list[str] = []
        body: list[str] = []
        for r, row in enumerate(rows):
            trpr = row.find(f"{W}trPr")
            header = trpr is not None and _on_el(trpr.find(f"{W}tblHeader"))
            height_el = trpr.find(f"{W}trHeight") if trpr is not None else None
            row_style = ""
            if height_el is not None:
                value = _pt(_int(height_el.get(f"{W}val")))
                rule = height_el.get(f"{W}hRule", "atLeast")
                row_style = f' style="height:{value}"' if rule != "auto" else ""
            cells: list[str] = []
            column = 0
            for tc in row.findall(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                span = _int(_find_val(tcpr, "gridSpan"), 1) or 1
                merge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                    # covered by the cell above (rowspan); its paragraphs are kept, unseen,
                    # so that the preview holds every paragraph of the .docx
                    inner = "".join(self.blocks(tc, section))
                    cells.append(f'<td class="merged" hidden>{inner}</td>')
                    column += span
                    continue
                rowspan = spans.get((r, column), 1)
                cell_w = sum(grid[column : column + span]) or _int(_find_attr(tcpr, "tcW", "w"))
                last_row = r + rowspan >= len(rows)
                last_col = column + span >= len(grid)
                sides = {
                    "top": borders.get("top" if r == 0 else "insideH"),
                    "bottom": borders.get("bottom" if last_row else "insideH"),
                    "left": borders.get("left" if column == 0 else "insideV"),
                    "right": borders.get("right" if last_col else "insideV"),
                }
                own = tcpr.find(f"{W}tcBorders") if tcpr is not None else None
                if own is not None:
                    for item in own:
                        name = {"start": "left", "end": "right"}.get(
                            item.tag[len(W) :], item.tag[len(W) :]
                        )
                        if name in sides:
                            sides[name] = _border_css(etree.tostring(item, encoding="unicode"))
                style = [f"width:{_pt(cell_w)}"]
                style += [f"border-{k}:{v or 'none'}" for k, v in sides.items()]
                style.append(
                    "padding:"
                    + " ".join(_pt(margins[k]) for k in ("top", "right", "bottom", "left"))
                )
                valign = _find_val(tcpr, "vAlign")
                style.append(
                    f"vertical-align:{ {'center': 'middle', 'bottom': 'bottom'}.get(valign or '', 'top') }"
                )
                direction = _find_val(tcpr, "textDirection")
                if direction in ("tbRl", "tbRlV"):
                    style.append("writing-mode:vertical-rl")
                elif direction in ("btLr", "tbLrV"):
                    style.append("writing-mode:vertical-rl;transform:rotate(180deg)")
                attrs = f' colspan="{span}"' if span > 1 else ""
                attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
                inner = "".join(self.blocks(tc, section))
                cells.append(f'<td{attrs} style="{escape(";".join(style))}">{inner}</td>')
                column += span
            html = f"<tr{row_style}>{''.join(cells)}</tr>"
            (head if header and len(body) == 0 else body).append(html)
        cols = "".join(f'<col style="width:{_pt(w)}">' for w in grid)
        table_style = f"width:{_pt(width)}"
        if centred:
            table_style += ";margin-left:auto;margin-right:auto"
        attrs = ""
        if floating is not None:
            x = _int(floating.get(f"{W}tblpX"))
            y = _int(floating.get(f"{W}tblpY"))
            attrs = f' data-float="{_pt(x)},{_pt(y)}"'
        thead = f"<thead>{''.join(head)}</thead>" if head else ""
        return (
            f'<table class="t"{attrs} style="{table_style}"><colgroup>{cols}</colgroup>'
            f"{thead}<tbody>{''.join(body)}</tbody></table>"
        )

    def _row_spans(self, rows: list[Any]) -> dict[tuple[int, int], int]:
        """Return (row, grid column) → rows spanned, for cells that start a vertical merge."""
        starts: dict[int, tuple[int, int]] = {}
        spans: dict[tuple[int, int], int] = {}
        for r, row in enumerate(rows):
            column = 0
            for tc in row.findall(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                span = _int(_find_val(tcpr, "gridSpan"), 1) or 1
                merge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                if merge is not None:
                    if merge.get(f"{W}val", "continue") == "restart":
                        starts[column] = (r, column)
                        spans[(r, column)] = 1
                    elif column in starts:
                        spans[starts[column]] += 1
                else:
                    starts.pop(column, None)
                column += span
        return spans

    # -- footers

    def footer(self, rid: str) -> str:
        name = self.rels.get(rid)
        data = self.parts.get(name or "")
        if not data:
            return ""
        root = etree.fromstring(data, _PARSER)
        return "".join(self.blocks(root, None))


def _on_el(element: Any) -> bool:
    return element is not None and element.get(f"{W}val", "true") not in ("0", "false", "off")


def _find_val(parent: Any, tag: str) -> str | None:
    return _find_attr(parent, tag, "val")


def _find_attr(parent: Any, tag: str, attr: str) -> str | None:
    if parent is None:
        return None
    element = parent.find(f"{W}{tag}")
    return element.get(f"{W}{attr}") if element is not None else None


_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}


def _length(value: str | None, default: float) -> float:
    """Return a VML length (``710.65pt``, ``2cm``) in points."""
    if not value:
        return default
    match = re.fullmatch(r"(-?[\d.]+)\s*([a-z]*)", value)
    if not match:
        return default
    return float(match.group(1)) * _UNITS.get(match.group(2) or "px", 0.75)


_LATIN = re.compile(r"[\u0020-\u024f]+")


def _latin_marked(text: str) -> str:
    """Return ``text`` escaped, its Latin stretches (digits, letters) in ``span.l`` so that
    they take the run's ``w:ascii`` font, as Word draws them."""
    out: list[str] = []
    last = 0
    for match in _LATIN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<span class="l">{escape(match.group())}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


# ---------------------------------------------------------------- the document


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {
            info.filename: archive.read(info)
            for info in archive.infolist()
            if info.filename.endswith((".xml", ".rels"))
        }


def to_html(docx: bytes, title: str = "") -> str:
    """Return the .docx ``docx`` as one complete HTML document of pages (see the module)."""
    parts = _parts(docx)
    convert = _Converter(parts)
    root = etree.fromstring(parts["word/document.xml"], _PARSER)
    body = root.find(f"{W}body")
    # sections: the paragraphs up to each pPr/sectPr, then the body's own sectPr
    groups: list[tuple[list[Any], Any]] = []
    current: list[Any] = []
    for child in body if body is not None else ():
        if child.tag == f"{W}sectPr":
            continue
        current.append(child)
        sect = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else None
        if sect is not None:
            groups.append((current, sect))
            current = []
    final = body.find(f"{W}sectPr") if body is not None else None
    groups.append((current, final if final is not None else etree.Element(f"{W}sectPr")))
    # a section's type says how *it* starts; read every sectPr first
    sections: list[Section] = []
    previous: Section | None = None
    for _, sect in groups:
        previous = read_section(sect, previous)
        sections.append(previous)
    html_sections: list[str] = []
    for (elements, _), section in zip(groups, sections, strict=True):
        blocks: list[str] = []
        holder = etree.Element(f"{W}body")
        for element in elements:
            holder.append(element)
        blocks.extend(convert.blocks(holder, section))
        footers = "".join(
            f'<template data-footer="{escape(kind)}">{convert.footer(rid)}</template>'
            for kind, rid in section.footers.items()
        )
        data = (
            f'data-w="{section.width / 20:g}" data-h="{section.height / 20:g}" '
            f'data-top="{section.top / 20:g}" data-right="{section.right / 20:g}" '
            f'data-bottom="{section.bottom / 20:g}" data-left="{section.left / 20:g}" '
            f'data-footer-distance="{section.footer / 20:g}" data-type="{escape(section.kind)}"'
            + (f' data-start="{section.start}"' if section.start is not None else "")
            + (' data-title-page="1"' if section.title_page else "")
        )
        html_sections.append(
            f'<section class="sec" {data}>{footers}<div class="flow">{"".join(blocks)}</div></section>'
        )
    style = STYLE + convert.paras.rules() + convert.runs.rules()
    mirror = f' data-default-tab="{convert.default_tab / 20:g}"'
    mirror += ' data-mirror="1"' if convert.mirror else ""
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>{escape(title)}</title><style>{style}</style></head>"
        f'<body><main id="dr-source"{mirror}>{"".join(html_sections)}</main>'
        f'<div id="dr-pages"></div><script>{SCRIPT}</script></body></html>\n'
    )
