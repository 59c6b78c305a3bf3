"""红头 rules: the 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, red line), the
主送机关, 附件说明, 署名 and 成文日期, 附注 — each checked only when the document has it.

The elements are found in any .docx by text pattern and position (the 版头 is what
stands above the 发文字号 line at the top of page 1), and judged by style and direct
formatting alike. Positions are read from what a .docx states: alignment, indents, tab
stops; text widths are estimates (:mod:`~drafting.lint.props`), so a position passes
within half a character. What needs a layout — the 标志's 35 mm from the 版心 top, the
red line's 4 mm under the 字号, the 署名 on the same page as the body — is left to
``tools/measure_pdf.py``, which measures the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from drafting.gbt9704 import A4, BODY_SIZE, MARGIN_TOLERANCE, font_role
from drafting.lint.props import (
    Line,
    borders,
    drawn_lines,
    em,
    first_start,
    is_red,
    run_color,
    tab_stops,
    text_runs,
    width,
)
from drafting.lint.read import Doc, Para
from drafting.lint.registry import Finding
from drafting.ooxml.ns import W
from drafting.ooxml.package import twips

_COPY = re.compile(r"^[0-9０-９]{1,10}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(?:([★☆*＊·])(.*))?$")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_NUMBER = re.compile(r"[\[【［(（〔﹝][0-9]{4}[\]】］)）〕﹞]第?[0-9]+号")
_TITLE_WORDS = re.compile(r"关于|的(通知|请示|报告|函|意见|决定|批复|通报|纪要)$")
DATE_LINE = re.compile(r"^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日$")
CN_DATE_LINE = re.compile(
    r"^[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$"
)
_NOTE_ITEM = re.compile(r"^([0-9]+)[.．]")
_END_PUNCT = "。；，、.;,:：！？!?"
_RANK = {"copy": 0, "secrecy": 1, "urgency": 2, "letterhead": 3, "issuer": 4, "number": 4}
_NAMES = {
    "copy": "份号",
    "secrecy": "密级和保密期限",
    "urgency": "紧急程度",
    "letterhead": "发文机关标志",
    "issuer": "签发人",
    "number": "发文字号",
}
TOLERANCE = 160  # half a 3号 character, in twips: what an estimated width may be off
MM = 57  # one millimetre in twips, rounded up


def squeeze(text: str) -> str:
    """Return ``text`` without any whitespace (tabs, spaces, full-width spaces)."""
    return re.sub(r"\s+", "", text)


def text_width(doc: Doc) -> int:
    """Return the 版心 width of the first section in twips (8845 when unknown or when
    the page is not A4 portrait: page-size reports that, positions are judged on A4)."""
    if doc.sections:
        props = doc.sections[0].props
        size, margin = props.find(f"{W}pgSz"), props.find(f"{W}pgMar")
        if size is not None and margin is not None:
            page = twips(size.get(f"{W}w")) or 0
            left = twips(margin.get(f"{W}left")) or 0
            right = twips(margin.get(f"{W}right")) or 0
            if abs(page - A4[0]) <= MARGIN_TOLERANCE and page - left - right > 0:
                return page - left - right
    return 8845


def flush_left(para: Para) -> bool:
    """Return True for a left-aligned paragraph whose first line starts at the edge (顶格)."""
    return para.fmt.jc == "left" and abs(first_start(para)) <= 20 and para.fmt.left <= 20


def _font_roles(para: Para, start: int = 0, end: int | None = None) -> set[str | None]:
    """Return the font roles of the CJK characters [start, end) of ``para``."""
    roles: set[str | None] = set()
    offset = 0
    for text, fmt in para.runs:
        for ch in text:
            if start <= offset and (end is None or offset < end) and ord(ch) > 0x2E80:
                roles.add(font_role(fmt.cjk_font))
            offset += 1
    return roles


def _sizes(para: Para) -> set[int]:
    return {fmt.size or 20 for text, fmt in para.runs if text.strip()}


@dataclass
class Head:
    """The 版头 found at the top of page 1: each paragraph with its role, in order."""

    items: list[tuple[str, Para]] = field(default_factory=list)
    end: int = 0  # number of the last paragraph of the 版头 (0: none)

    def of(self, role: str) -> list[Para]:
        """Return the paragraphs of ``role``."""
        return [para for name, para in self.items if name == role]


def _number_line(text: str, issuers: bool) -> bool:
    """Return True for a 发文字号 line (with 签发人 or, after a 签发人 line, more names)."""
    match = _NUMBER.search(text)
    if match is None or match.start() > 16:
        return False
    rest = text[match.end() :]
    return not rest or rest.startswith("签发人") or (issuers and len(rest) <= 12)


def _role(doc: Doc, para: Para, text: str) -> str:
    """Return the 版头 role of a non-blank paragraph above the 发文字号."""
    if _COPY.match(text):
        return "copy"
    if _SECRECY.match(text):
        return "secrecy"
    if _URGENCY.match(text):
        return "urgency"
    if "签发人" in text:
        return "issuer"
    title_like = _TITLE_WORDS.search(text) or "标题" in doc.styles.name(para.style)
    return "title" if title_like and not para.in_table else "letterhead"


def _marked(doc: Doc, para: Para, text: str) -> bool:
    """Return True for a 发文机关标志 without a 发文字号 under it: red, or “…文件”."""
    return text.endswith("文件") or any(is_red(run_color(doc, para, r)) for r in text_runs(para))


def find_head(doc: Doc) -> Head:
    """Return the 版头 of ``doc`` (empty when the document has none)."""
    head = Head()
    lines = [(p, squeeze(p.text)) for p in doc.paras[:60] if p.text.strip()][:16]
    issuers = False
    number_at = -1
    for index, (_, text) in enumerate(lines):
        if "签发人" in text and not _NUMBER.search(text):
            issuers = True
            continue
        if _number_line(text, issuers):
            number_at = index
            while number_at + 1 < len(lines) and _number_line(lines[number_at + 1][1], issuers):
                number_at += 1
            break
    if number_at < 0:
        for para, text in lines:
            role = _role(doc, para, text)
            if role in ("copy", "secrecy", "urgency") or (
                role == "letterhead" and _marked(doc, para, text)
            ):
                head.items.append((role, para))
                continue
            break
    else:
        for para, text in lines[: number_at + 1]:
            number = _NUMBER.search(text) is not None and _number_line(text, True)
            head.items.append(("number" if number else _role(doc, para, text), para))
            if number and "签发人" in text:  # 字号 and 签发人 on one line
                head.items.append(("issuer", para))
    head.end = head.items[-1][1].number if head.items else 0
    return head


def _copy_rules(doc: Doc, head: Head) -> Iterator[Finding]:
    first = next((p for p in doc.paras if p.text.strip()), None)
    for para in head.of("copy"):
        text = squeeze(para.text)
        if not re.fullmatch("[0-9]{6}", text):
            yield Finding(
                "copy-number", para.number, f"份号“{text}”应为 6 位阿拉伯数字（如“000018”）"
            )
        if para is not first:
            yield Finding("copy-number", para.number, "份号应在版心左上角第 1 行")
        if not flush_left(para):
            yield Finding("copy-number", para.number, "份号应顶格编排")


def _black_rules(head: Head, role: str, code: str) -> Iterator[Finding]:
    """Yield the 黑体, 3号 and 顶格 findings of the 密级 or 紧急程度 paragraphs."""
    name = _NAMES[role]
    for para in head.of(role):
        roles = _font_roles(para)
        if roles != {"hei"}:
            yield Finding(code, para.number, f"{name}应用 3 号黑体")
        elif _sizes(para) != {BODY_SIZE}:
            yield Finding(code, para.number, f"{name}应用 3 号字（16 磅）")
        if not flush_left(para):
            yield Finding(code, para.number, f"{name}应顶格编排")
        match = _SECRECY.match(squeeze(para.text))
        if role == "secrecy" and match and match.group(2) and match.group(2) != "★":
            yield Finding(
                code, para.number, f"密级和保密期限之间用“★”，不用“{match.group(2)}”，如“机密★1年”"
            )


def _order_rules(head: Head) -> Iterator[Finding]:
    highest = -1
    last = ""
    for role, para in head.items:
        if role == "title":
            yield Finding(
                "header-order", para.number, "标题应在发文字号和红色分隔线之下，不在版头中"
            )
            continue
        rank = _RANK[role]
        if rank < highest:
            yield Finding(
                "header-order",
                para.number,
                f"{_NAMES[role]}应在{_NAMES[last]}之前（版头依次为份号、密级和保密期限、"
                "紧急程度、发文机关标志、发文字号）",
            )
        elif rank > highest:
            highest, last = rank, role


def _letterhead_rules(doc: Doc, head: Head) -> Iterator[Finding]:
    marks = head.of("letterhead")
    for para in marks:
        runs = list(text_runs(para))
        colours = {run_color(doc, para, run) for run in runs}
        if runs and not all(is_red(c) for c in colours):
            shown = "、".join(sorted(c for c in colours if not is_red(c)))
            yield Finding(
                "letterhead", para.number, f"发文机关标志应为红色（FF0000），这里是 {shown}"
            )
        if para.fmt.jc != "center" and not (para.in_table and para.fmt.jc == "distribute"):
            yield Finding("letterhead", para.number, "发文机关标志应居中排布")
        if _font_roles(para) - {"xbs", "song"}:  # a 宋 face stands in where 小标宋 is missing
            yield Finding("letterhead-font", para.number, "发文机关标志推荐用小标宋体")
        small = [s for s in _sizes(para) if s <= BODY_SIZE]
        if small:
            yield Finding(
                "letterhead-font",
                para.number,
                f"发文机关标志字号 {min(small) / 2:g} 磅，应大于正文的 3 号字",
            )
    if len(marks) > 1:
        alone = [p for p in marks if squeeze(p.text) == "文件" and not p.in_table]
        if alone:
            yield Finding(
                "letterhead", alone[0].number, "联合行文时“文件”二字置于发文机关名称右侧，上下居中"
            )
        repeated = [
            p for p in marks if squeeze(p.text).endswith("文件") and squeeze(p.text) != "文件"
        ]
        if len(repeated) > 1:
            yield Finding("letterhead", repeated[1].number, "联合行文时“文件”二字只排一次")


def _default_tab(doc: Doc) -> int:
    node = doc.settings.find(f"{W}defaultTabStop") if doc.settings is not None else None
    value = twips(node.get(f"{W}val")) if node is not None else None
    return value or 420


def line_end(doc: Doc, para: Para, start: float, *, gaps: bool = True) -> tuple[float, list[float]]:
    """Return where the text of a left-aligned ``para`` ends, and where each tab-separated
    piece starts, placing tabs at its stops (explicit, hanging, default); ``gaps`` as in
    :func:`~drafting.lint.props.width`."""
    stops = tab_stops(doc, para)
    default = _default_tab(doc)
    pos = start
    starts = [pos]
    pieces = para.text.split("\t")
    offset = 0
    for index, piece in enumerate(pieces):
        piece_width = width(para.runs, offset, offset + len(piece), gaps=gaps)
        offset += len(piece) + 1
        if index:
            after = [(kind, stop) for kind, stop in stops if stop > pos + 1]
            if para.fmt.left > pos + 1 and not any(stop < para.fmt.left for _, stop in after):
                after.insert(0, ("left", para.fmt.left))
            kind, stop = after[0] if after else ("left", (int(pos) // default + 1) * default)
            if kind == "right":
                pos = max(stop - piece_width, pos)
            elif kind == "center":
                pos = max(stop - piece_width / 2, pos)
            else:
                pos = stop
            starts.append(pos)
        pos += piece_width
    return pos, starts


def _number_rules(doc: Doc, head: Head) -> Iterator[Finding]:
    issuers = head.of("issuer")
    for para in head.of("number"):
        match = _NUMBER.search(squeeze(para.text))
        end = para.text.find("号") + 1 if match else len(para.text)
        if _font_roles(para, 0, end) - {"fangsong"} or _sizes(para) != {BODY_SIZE}:
            yield Finding("doc-number", para.number, "发文字号用 3 号仿宋")
        if issuers:
            _, starts = line_end(doc, para, first_start(para))
            lead = len(para.text) - len(para.text.lstrip("\t \u3000"))
            indent = starts[1] if para.text.startswith("\t") else first_start(para)
            indent += width(para.runs, 0, lead) if not para.text.startswith("\t") else 0
            if para.fmt.jc != "left" or abs(indent - em(para.runs)) > TOLERANCE:
                yield Finding(
                    "doc-number",
                    para.number,
                    f"有签发人时发文字号居左空一字，这里空 {indent / em(para.runs):.1f} 字",
                )
        elif para.fmt.jc != "center" or abs(para.fmt.left - para.fmt.right) > TOLERANCE:
            yield Finding("doc-number", para.number, "发文字号应居中排布")


def _issuer_rules(doc: Doc, head: Head, body_width: int) -> Iterator[Finding]:
    for para in head.of("issuer"):
        text = para.text
        label = text.find("签发人")
        colon = label + 3
        if text[colon : colon + 1] != "：":
            yield Finding("issuer", para.number, "“签发人”后标全角冒号“：”")
        if _font_roles(para, label, colon + 1) - {"fangsong"}:
            yield Finding("issuer", para.number, "“签发人：”用 3 号仿宋")
        if _font_roles(para, colon + 1) - {"kai"}:
            yield Finding("issuer", para.number, "签发人姓名用 3 号楷体")
        end: float = body_width - para.fmt.right
        if para.fmt.jc != "right":
            end, _ = line_end(doc, para, first_start(para))
        space = (body_width - end) / em(para.runs)
        if abs(body_width - end - em(para.runs)) > TOLERANCE:
            yield Finding("issuer", para.number, f"签发人姓名应居右空一字，这里空 {space:.1f} 字")


def _line_findings(
    lines: Sequence[Line], body_width: int, number: int, code: str, what: str
) -> Iterator[Finding]:
    line = lines[0]
    if not is_red(line.color):
        yield Finding(code, number, f"{what}应为红色，这里是 {line.color}（{line.source}）")
    if line.length is not None and abs(line.length - body_width) > MM:
        yield Finding(
            code,
            number,
            f"{what}应与版心等宽（{body_width / 56.69:.0f} mm），这里 {line.length / 56.69:.0f} mm",
        )


def red_line(doc: Doc, anchor: Para, body_width: int) -> list[Line]:
    """Return the lines under ``anchor``: its bottom border, the top border or lines of
    the next two paragraphs, lines drawn in it."""
    found: list[Line] = []
    after = [p for p in doc.paras if p.number > anchor.number][:2]

    def span(para: Para) -> int | None:
        return None if para.in_table else body_width - para.fmt.left - para.fmt.right

    bottom = borders(doc, anchor).get("bottom")
    if bottom is not None:
        found.append(Line("段落边框", bottom.size, bottom.color, span(anchor)))
    found.extend(drawn_lines(anchor))
    for para in after:
        sides = borders(doc, para)
        if "top" in sides:
            found.append(Line("段落边框", sides["top"].size, sides["top"].color, span(para)))
        if not para.text.strip() and "bottom" in sides:
            found.append(Line("段落边框", sides["bottom"].size, sides["bottom"].color, span(para)))
        found.extend(drawn_lines(para))
    return found


def _red_line_rules(doc: Doc, head: Head, body_width: int) -> Iterator[Finding]:
    if not head.of("letterhead"):
        return
    anchors = head.of("number") or head.of("letterhead")
    anchor = anchors[-1]
    lines = red_line(doc, anchor, body_width)
    if not lines:
        yield Finding("red-line", anchor.number, "发文字号之下应有红色分隔线（与版心等宽）")
        return
    yield from _line_findings(lines, body_width, anchor.number, "red-line", "红色分隔线")


def _after(doc: Doc, number: int) -> list[Para]:
    return [p for p in doc.paras if p.number > number and p.text.strip() and not p.in_table]


def _addressee_rules(doc: Doc, head: Head) -> Iterator[Finding]:
    following = _after(doc, head.end)
    if len(following) < 2:
        return
    para = following[1]
    text = squeeze(para.text)
    if text[-1:] not in (":", "：") or "。" in text or len(text) > 80 or para.page_start:
        return
    if text.endswith(":"):
        yield Finding("addressee", para.number, "主送机关末尾用全角冒号“：”")
    if not flush_left(para):
        yield Finding("addressee", para.number, "主送机关应顶格编排（回行仍顶格）")


@dataclass(frozen=True)
class _Placed:
    """A line of the 署名 block: where it starts and ends (twips from the 版心's left)."""

    para: Para
    start: float
    end: float

    @property
    def middle(self) -> float:
        """Return the horizontal middle."""
        return (self.start + self.end) / 2


def place(doc: Doc, para: Para, body_width: int, *, gaps: bool = True) -> _Placed:
    """Return where the one-line ``para`` sits by its alignment, indents and text width
    (``gaps`` as in :func:`~drafting.lint.props.width`)."""
    text = width(para.runs, gaps=gaps)
    fmt = para.fmt
    if fmt.jc == "right":
        right_end = body_width - fmt.right
        return _Placed(para, right_end - text, right_end)
    if fmt.jc == "center":
        middle = (fmt.left + body_width - fmt.right) / 2
        return _Placed(para, middle - text / 2, middle + text / 2)
    start = first_start(para)
    end, _ = line_end(doc, para, start, gaps=gaps)
    return _Placed(para, start, end)


def dates(doc: Doc, skip: set[int]) -> Iterator[tuple[Para, list[Para]]]:
    """Yield each 成文日期 paragraph with the 署名 lines right above it (maybe none)."""
    paras = [p for p in doc.paras if not p.in_table]
    for index, para in enumerate(paras):
        text = squeeze(para.text)
        if para.number in skip or para.fmt.jc == "center":
            continue
        if not (DATE_LINE.match(text) or CN_DATE_LINE.match(text)):
            continue
        names: list[Para] = []
        for before in reversed(paras[max(index - 6, 0) : index]):
            name = squeeze(before.text)
            if not name or len(name) > 30 or name[-1] in _END_PUNCT or name.startswith("附件"):
                break
            if "签发人" in name or before.number in skip:
                names = []
                break
            names.insert(0, before)
        yield para, names


def _chars(value: float, unit: int) -> str:
    return f"{value / unit:.1f}"


def _placed_right(
    doc: Doc, date: Para, names: list[Para], body_width: int, unit: int, gaps: bool
) -> tuple[bool, float, float, float]:
    """Return whether the 署名 block fits §7.3.5.1 or §7.3.5.2 with text widths estimated
    with or without the autospace gaps, and the white right of the block, the date's shift
    from the 署名 and the white right of the date (twips)."""
    day = place(doc, date, body_width, gaps=gaps)
    orgs = [place(doc, p, body_width, gaps=gaps) for p in names]
    rightmost = max([day.end, *(o.end for o in orgs)])
    shift = day.start - min(o.start for o in orgs)
    plain = abs(body_width - rightmost - 2 * unit) <= TOLERANCE
    plain = plain and abs(shift - 2 * unit) <= TOLERANCE
    sealed = abs(body_width - day.end - 4 * unit) <= TOLERANCE
    sealed = sealed and all(abs(o.middle - day.middle) <= TOLERANCE for o in orgs)
    return plain or sealed, body_width - rightmost, shift, body_width - day.end


def _signature_rules(doc: Doc, skip: set[int], body_width: int) -> Iterator[Finding]:
    # LibreOffice widens “2025年3月12日” by 3.3 pt at each digit/年月日 boundary, a layout
    # made in Word without autospacing does not: a block placed for either one passes.
    for date, names in dates(doc, skip):
        if not names:
            continue
        unit = em(date.runs)
        fits, right, shift, date_right = _placed_right(doc, date, names, body_width, unit, True)
        if fits or _placed_right(doc, date, names, body_width, unit, False)[0]:
            continue
        yield Finding(
            "signature",
            date.number,
            f"署名和成文日期的位置不符：右空 {_chars(right, unit)} 字、"
            f"日期首字比署名首字右移 {_chars(shift, unit)} 字（不加盖印章应为右空二字、"
            f"右移二字）；日期右空 {_chars(date_right, unit)} 字（加盖印章应为"
            "右空四字，署名居中于日期之上）",
        )


def _notes(doc: Doc, skip: set[int]) -> Iterator[tuple[Para, list[Para]]]:
    """Yield each 附件说明: its first paragraph and the numbered lines that follow it."""
    paras = [p for p in doc.paras if not p.in_table]
    for index, para in enumerate(paras):
        text = squeeze(para.text)
        if para.number in skip or para.page_start or not re.match("附件[:：].", text):
            continue
        items = [para]
        for nxt in paras[index + 1 :]:
            if not _NOTE_ITEM.match(squeeze(nxt.text)):
                break
            items.append(nxt)
        yield para, items


def _note_number(text: str) -> tuple[int | None, str]:
    """Return the item number of a 附件说明 line and its name."""
    text = squeeze(re.sub("^附件[:：]", "", text))
    match = _NOTE_ITEM.match(text)
    if match is None:
        return None, text
    return int(match.group(1)), text[match.end() :]


def _attachment_note_rules(doc: Doc, skip: set[int], body_width: int) -> Iterator[Finding]:
    for first, items in _notes(doc, skip):
        unit = em(first.runs)
        if squeeze(first.text)[2] != "：":
            yield Finding("attachment-note", first.number, "附件说明写作“附件：”（全角冒号）")
        if first.fmt.jc != "left" or abs(first_start(first) - 2 * unit) > TOLERANCE:
            yield Finding("attachment-note", first.number, "附件说明“附件：”应左空二字编排")
        numbers = [_note_number(p.text)[0] for p in items]
        if len(items) > 1 and numbers != list(range(1, len(items) + 1)):
            shown = "、".join(str(n) for n in numbers)
            yield Finding(
                "attachment-note", first.number, f"多个附件用“1.”“2.”依次编号，这里是 {shown}"
            )
        number_start = first_start(first) + width(first.runs, 0, 3)
        for para in items:
            _, name = _note_number(para.text)
            if name[-1:] in _END_PUNCT:
                yield Finding("attachment-note", para.number, f"附件名称后不加标点“{name[-1]}”")
            if para is not first and abs(first_start(para) - number_start) > TOLERANCE:
                yield Finding("attachment-note", para.number, "附件顺序号应与上一行的顺序号对齐")
            yield from _hanging(doc, para, body_width, unit)


def _hanging(doc: Doc, para: Para, body_width: int, unit: int) -> Iterator[Finding]:
    """Report a 附件说明 line whose wrapped lines do not align with its name's first
    character (checked when the estimate says it wraps)."""
    end, starts = line_end(doc, para, first_start(para))
    if end <= body_width - para.fmt.right:
        return
    prefix = re.match(r"^\s*(附件\s*[:：])?\s*([0-9]+\s*[.．])?\s*", para.text)
    size = prefix.end() if prefix else 0
    if "\t" in para.text[:size]:
        name_start = starts[1]
    else:
        name_start = first_start(para) + width(para.runs, 0, size)
    if abs(name_start - para.fmt.left) > TOLERANCE:
        yield Finding(
            "attachment-note",
            para.number,
            "附件名称回行时应与上一行附件名称的首字对齐（悬挂缩进）",
        )


_LABEL = re.compile(r"^附件([0-9]*)[:：]?$")


def _attachment_count_rules(doc: Doc, skip: set[int]) -> Iterator[Finding]:
    labels: dict[int, Para] = {}
    for para in doc.paras:
        match = _LABEL.match(squeeze(para.text))
        if match and para.page_start and not para.in_table:
            labels[int(match.group(1) or 1)] = para
    for first, items in _notes(doc, skip):
        if not labels:
            continue  # bound apart from the body (§7.3.7): nothing to count here
        want = set(range(1, len(items) + 1))
        missing = sorted(want - set(labels))
        extra = sorted(set(labels) - want)
        if missing:
            shown = "、".join(f"附件{n}" if len(items) > 1 else "附件" for n in missing)
            yield Finding(
                "attachment-count",
                first.number,
                f"附件说明列了 {len(items)} 个附件，文中没有{shown}",
            )
        for number in extra:
            yield Finding(
                "attachment-count",
                labels[number].number,
                f"附件{number}不在附件说明中（附件说明列了 {len(items)} 个）",
            )
        if len(items) > 1 and 1 in labels and squeeze(labels[1].text) == "附件":
            yield Finding("attachment-count", labels[1].number, "有多个附件时附件标识写作“附件1”")
        return


def _note_rules(doc: Doc, skip: set[int]) -> Iterator[Finding]:
    for date, _ in dates(doc, skip):
        following = [p for p in _after(doc, date.number) if p.number not in skip][:1]
        if not following or following[0].page_start:
            continue
        para = following[0]
        text = squeeze(para.text)
        unit = em(para.runs)
        if text[:1] in "(（" and text[-1:] in ")）":
            if text[0] != "（" or text[-1] != "）":
                yield Finding("note", para.number, "附注用全角圆括号“（）”")
        elif "此件" in text or "联系人" in text:
            yield Finding("note", para.number, "附注加圆括号，如“（此件公开发布）”")
        else:
            continue
        if para.fmt.jc != "left" or abs(first_start(para) - 2 * unit) > TOLERANCE:
            yield Finding("note", para.number, "附注应居左空二字编排")


def head_rules(doc: Doc, head: Head) -> Iterator[Finding]:
    """Yield the findings of the 版头 elements and the 主送机关."""
    body_width = text_width(doc)
    yield from _order_rules(head)
    yield from _copy_rules(doc, head)
    yield from _black_rules(head, "secrecy", "secrecy")
    yield from _black_rules(head, "urgency", "urgency")
    yield from _letterhead_rules(doc, head)
    yield from _number_rules(doc, head)
    yield from _issuer_rules(doc, head, body_width)
    yield from _red_line_rules(doc, head, body_width)
    if head.items:
        yield from _addressee_rules(doc, head)


def close_rules(doc: Doc, skip: set[int]) -> Iterator[Finding]:
    """Yield the findings of the 附件说明, 署名和成文日期 and 附注."""
    body_width = text_width(doc)
    yield from _attachment_note_rules(doc, skip, body_width)
    yield from _attachment_count_rules(doc, skip)
    yield from _signature_rules(doc, skip, body_width)
    yield from _note_rules(doc, skip)
