"""lxml passes over the rendered parts: font profiles and the page-grid profile."""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FONT_PROFILES: dict[str, dict[str, str]] = {
    # gbt9704.md §3.3: the de-facto office fonts (the templates are built with these).
    "gb2312": {
        "仿宋_GB2312": "仿宋_GB2312",
        "楷体_GB2312": "楷体_GB2312",
        "黑体": "黑体",
        "方正小标宋简体": "方正小标宋简体",
        "宋体": "宋体",
    },
    # Windows built-ins (the title font is a Founder font in every profile but "open").
    "windows": {
        "仿宋_GB2312": "仿宋",
        "楷体_GB2312": "楷体",
        "黑体": "黑体",
        "方正小标宋简体": "方正小标宋简体",
        "宋体": "宋体",
    },
    # Free fonts (gbt9704.md §10): Fandol family and Noto Serif CJK SC Bold for titles.
    "open": {
        "仿宋_GB2312": "FandolFang",
        "楷体_GB2312": "FandolKai",
        "黑体": "FandolHei",
        "方正小标宋简体": "Noto Serif CJK SC",
        "宋体": "FandolSong",
    },
}

PAGE_PROFILES: dict[str, dict[str, int]] = {
    # gbt9704.md §2.2: Word's 22-line grid (default) and the glyph-accurate 版心.
    "standard": {"top": 2098, "bottom": 1984, "pitch": 579},
    "strict": {"top": 1962, "bottom": 1848, "pitch": 592},
}

_SLOTS = (f"{W}ascii", f"{W}hAnsi", f"{W}eastAsia", f"{W}cs")


def _xml_parts(document: Any) -> list[Any]:
    """Return the root elements of the document, styles and footer parts."""
    roots = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            roots.append(element)
    return roots


def map_fonts(document: Any, profile: str) -> None:
    """Rename the 公文 fonts in every rFonts slot to those of ``profile``."""
    mapping = FONT_PROFILES[profile]
    for root in _xml_parts(document):
        for fonts in root.iter(f"{W}rFonts"):
            for slot in _SLOTS:
                name = fonts.get(slot)
                if name in mapping:
                    fonts.set(slot, mapping[name])
    if profile == "open":  # a heavy Song stands in for 小标宋: make the title bold
        for style in document.styles.element.iter(f"{W}style"):
            if style.get(f"{W}styleId") == "GwTitle":
                rpr = style.find(f"{W}rPr")
                bold = rpr.find(f"{W}b") if rpr is not None else None
                if bold is not None:
                    bold.attrib.pop(f"{W}val", None)


def set_page_profile(document: Any, profile: str) -> None:
    """Apply the margins and line pitch of ``profile`` to every section and style.

    A landscape (rotated) page keeps the standard whites in every profile: the strict
    profile narrows the whites above and below lines of text so that the glyphs, not
    the line boxes, fill the 版心; on a rotated page those whites are left and right of
    the text, where glyphs start at the margin itself, so the strict values put the
    附件 label and the table 2.4 mm outside the 版心.
    """
    values = PAGE_PROFILES[profile]
    old_pitch = {str(v["pitch"]) for v in PAGE_PROFILES.values()}
    for root in _xml_parts(document):
        for margin in root.iter(f"{W}pgMar"):
            if int(margin.get(f"{W}left", "0")) <= int(margin.get(f"{W}top", "0")):
                margin.set(f"{W}top", str(values["top"]))
                margin.set(f"{W}bottom", str(values["bottom"]))
        for grid in root.iter(f"{W}docGrid"):
            grid.set(f"{W}linePitch", str(values["pitch"]))
        for spacing in root.iter(f"{W}spacing"):
            if spacing.get(f"{W}line") in old_pitch and spacing.get(f"{W}lineRule") == "exact":
                spacing.set(f"{W}line", str(values["pitch"]))


def apply_profiles(document: Any, *, fonts: str | None, profile: str | None) -> None:
    """Apply the requested font and page profiles (None leaves the template as it is)."""
    if fonts is not None:
        map_fonts(document, fonts)
    if profile is not None:
        set_page_profile(document, profile)
