"""Semantic rules: likely mistakes that a schema cannot express.

Each rule reads a schema-valid document (plain data plus its :class:`Source`) and
yields diagnostics. Rules never raise on odd data: the schema has already run, but a
rule must stay quiet rather than crash when a field it looks at is absent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from drafting.check.load import NodePath, Source, strings
from drafting.check.registry import UnitRegistry
from drafting.diagnostics import Diagnostic, Severity
from drafting.outline import LAST_NUMERAL, group_label, section_label, typed_number

WARNING = Severity.WARNING

_END_PUNCTUATION = tuple("。，；：、！？.,;:!?")
_TITLE_YEAR = re.compile(r"((?:19|20|21)[0-9]{2})\s*年")


@dataclass(frozen=True)
class Context:
    """What a rule needs: the source, the typed data, its kind and the unit registry."""

    source: Source
    data: dict[str, Any]
    kind: str
    registry: UnitRegistry | None

    @cached_property
    def strings(self) -> list[tuple[NodePath, str]]:
        """Return every string value with its path, walked once for all the rules."""
        return list(strings(self.data))


Rule = Callable[[Context], Iterator[Diagnostic]]


def _sections(ctx: Context) -> Iterator[tuple[NodePath, dict[str, Any]]]:
    for index, section in enumerate(ctx.data.get("sections") or []):
        if isinstance(section, dict):
            yield ("sections", index), section


def _groups(ctx: Context) -> Iterator[tuple[NodePath, dict[str, Any]]]:
    for path, section in _sections(ctx):
        for index, group in enumerate(section.get("groups") or []):
            if isinstance(group, dict):
                yield (*path, "groups", index), group


def tasks(ctx: Context) -> Iterator[tuple[NodePath, dict[str, Any]]]:
    """Yield (path, task) for every task of the document, in document order."""
    for path, section in _sections(ctx):
        for index, task in enumerate(section.get("tasks") or []):
            if isinstance(task, dict):
                yield (*path, "tasks", index), task
        for gindex, group in enumerate(section.get("groups") or []):
            if not isinstance(group, dict):
                continue
            for index, task in enumerate(group.get("tasks") or []):
                if isinstance(task, dict):
                    yield (*path, "groups", gindex, "tasks", index), task


def duplicate_ids(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about an ``id`` used twice: rollover, summaries and diff rely on them."""
    seen: dict[str, int] = {}
    found = []
    for path, node in (*_sections(ctx), *_groups(ctx), *tasks(ctx)):
        ident = node.get("id")
        if isinstance(ident, str):
            found.append((ctx.source.position((*path, "id")), path, ident))
    found.sort()
    for (line, _), path, ident in found:
        if ident in seen:
            yield ctx.source.diagnostic(
                (*path, "id"),
                "duplicate-id",
                f"标识“{ident}”重复（第一次出现在第 {seen[ident]} 行），每个标识只能用一次",
                severity=WARNING,
            )
        else:
            seen[ident] = line


def title_year(ctx: Context) -> Iterator[Diagnostic]:
    """Warn when the title names years but none of them is the document's ``year``."""
    year = ctx.data.get("year")
    title = ctx.data.get("title")
    if not isinstance(year, int) or title is None:
        return
    lines = [title] if isinstance(title, str) else [t for t in title if isinstance(t, str)]
    years = [int(y) for line in lines for y in _TITLE_YEAR.findall(line)]
    if years and year not in years:
        yield ctx.source.diagnostic(
            ("title",),
            "title-year",
            f"标题中的年份（{'、'.join(map(str, years))}年）与 year: {year} 不一致",
            severity=WARNING,
        )


def missing_units(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about plan tasks without units when other tasks of the plan name them."""
    if ctx.kind != "plan":
        return
    all_tasks = list(tasks(ctx))
    if not any(t.get("units") or t.get("lead") for _, t in all_tasks):
        return
    label = ctx.data.get("units_label") or "责任单位"
    for path, task in all_tasks:
        if not task.get("units") and not task.get("lead"):
            yield ctx.source.diagnostic(
                path,
                "missing-units",
                f"这项任务没有写{label}（units），而本文档的其他任务都写了",
                severity=WARNING,
            )


def unit_names(ctx: Context) -> Iterator[Diagnostic]:
    """Check unit names against the office registry, and lead/units overlaps."""
    for path, task in tasks(ctx):
        lead = [u for u in task.get("lead") or [] if isinstance(u, str)]
        for field in ("lead", "units"):
            for index, unit in enumerate(task.get(field) or []):
                if not isinstance(unit, str):
                    continue
                where = (*path, field, index)
                if field == "units" and unit in lead:
                    yield ctx.source.diagnostic(
                        where,
                        "unit-repeated",
                        f"“{unit}”已列为牵头单位，不必再列为责任单位",
                        severity=WARNING,
                    )
                if ctx.registry is not None and not ctx.registry.knows(unit):
                    guess = ctx.registry.suggest(unit)
                    hint = f"，是不是“{guess}”？" if guess else ""
                    yield ctx.source.diagnostic(
                        where,
                        "unknown-unit",
                        f"单位“{unit}”不在单位名册 {ctx.registry.display} 中{hint}",
                        severity=WARNING,
                    )


def _texts(ctx: Context) -> Iterator[tuple[NodePath, Any]]:
    """Yield every heading and first paragraph that an outline number would precede."""
    for path, section in _sections(ctx):
        yield (*path, "title"), section.get("title")
    for path, group in _groups(ctx):
        yield (*path, "title"), group.get("title")
    for path, task in tasks(ctx):
        if task.get("title") is not None:
            yield (*path, "title"), task.get("title")
        else:
            body = task.get("text", task.get("result"))
            field = "text" if "text" in task else "result"
            if isinstance(body, list):
                yield (*path, field, 0), body[0] if body else None
            else:
                yield (*path, field), body
        for index, item in enumerate(task.get("items") or []):
            text = item.get("title") if isinstance(item, dict) else item
            suffix = ("title",) if isinstance(item, dict) else ()
            yield (*path, "items", index, *suffix), text


def typed_numbers(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about outline numbers typed into the text: the renderer adds them."""
    for path, text in _texts(ctx):
        if isinstance(text, str) and (number := typed_number(text)):
            yield ctx.source.diagnostic(
                path,
                "typed-number",
                f"文字开头的“{number}”像是手写的编号：编号由程序生成，请删除",
                severity=WARNING,
            )


def heading_punctuation(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about final punctuation on a stand-alone 一、 or （一） heading."""
    heads = [(path, node) for path, node in _sections(ctx)]
    heads += [(path, node) for path, node in _groups(ctx) if node.get("text") is None]
    for path, node in heads:
        title = node.get("title")
        if isinstance(title, str) and title.rstrip().endswith(_END_PUNCTUATION):
            yield ctx.source.diagnostic(
                (*path, "title"),
                "heading-punctuation",
                f"独立成行的标题末尾不加标点，请删除“{title.rstrip()[-1]}”",
                severity=WARNING,
            )


def outline_shape(ctx: Context) -> Iterator[Diagnostic]:
    """Reject a section that has both groups and tasks: their order would be a guess."""
    for path, section in _sections(ctx):
        if section.get("groups") and section.get("tasks"):
            yield ctx.source.diagnostic(
                (*path, "tasks"),
                "mixed-outline",
                "同一部分中不能同时有 groups 和 tasks：请把任务放进分组，或去掉分组",
                key=True,
            )
        elif ctx.kind == "plan" and not (
            section.get("groups") or section.get("tasks") or section.get("text")
        ):
            yield ctx.source.diagnostic(
                path,
                "empty-section",
                "这一部分没有任何内容（text、groups 或 tasks）",
                severity=WARNING,
            )


def outline_numbers(ctx: Context) -> Iterator[Diagnostic]:
    """Refuse a 1000th section or group: Chinese outline numbers end at 九百九十九."""
    lists: list[tuple[NodePath, Any, str, Callable[[int], str]]] = [
        (("sections",), ctx.data.get("sections"), "部分", section_label)
    ]
    lists += [
        ((*path, "groups"), s.get("groups"), "分组", group_label) for path, s in _sections(ctx)
    ]
    for path, nodes, what, label in lists:
        if isinstance(nodes, list) and len(nodes) > LAST_NUMERAL:
            yield ctx.source.diagnostic(
                (*path, LAST_NUMERAL),
                "too-many-headings",
                f"{what}最多 {LAST_NUMERAL} 个（编号从“{label(1)}”到“{label(LAST_NUMERAL)}”），"
                f"这里有 {len(nodes)} 个：请拆分文档或合并{what}",
            )


def signature_fields(ctx: Context) -> Iterator[Diagnostic]:
    """A signature needs the organisation and the date it prints."""
    if ctx.kind == "speech":
        return
    wanted = ctx.data.get("signature", ctx.kind == "summary")
    if wanted is not True:
        return
    missing = [f for f in ("org", "date") if not ctx.data.get(f)]
    if missing:
        path: NodePath = ("signature",) if "signature" in ctx.data else ()
        yield ctx.source.diagnostic(
            path,
            "signature-incomplete",
            f"文末署名需要 {' 和 '.join(missing)}：请补上，或写 signature: false",
            key=True,
        )


def gb2312_coverage(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about characters that 仿宋_GB2312 and 楷体_GB2312 (the default fonts) lack."""
    from drafting.gbt9704 import missing

    for path, text in ctx.strings:
        chars = [ch for ch in missing(text) if not _INVISIBLE.match(ch)]  # invisible-char's
        if chars:
            shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in chars)
            yield ctx.source.diagnostic(
                path,
                "gb2312-missing",
                f"{shown}不在 GB2312 字库中，用仿宋_GB2312 等字体打印会是空白："
                "请改用常用写法，或用 --fonts windows 生成",
                severity=WARNING,
            )


_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_INVISIBLE_NAMES = {
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", "零宽字符"),
    **dict.fromkeys("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e", "文字方向控制符"),
    **dict.fromkeys("\u2066\u2067\u2068\u2069", "文字方向控制符"),
    **dict.fromkeys("\u2061\u2062\u2063\u2064", "不可见的数学符号"),
}


def invisible_chars(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about zero-width and bidi control characters: invisible, yet they change text.

    A right-to-left override can make “2024” display as “4202”; a zero-width space makes
    two titles that look the same compare different in ``diff`` and ``rollover``.
    """
    for path, text in ctx.strings:
        found = dict.fromkeys(_INVISIBLE.findall(text))
        if found:
            shown = "、".join(f"U+{ord(ch):04X}（{_INVISIBLE_NAMES[ch]}）" for ch in found)
            yield ctx.source.diagnostic(
                path,
                "invisible-char",
                f"含有看不见的字符 {shown}，会改变文字的显示或比较结果，请删除"
                "（常见于从网页或聊天软件复制的文字）",
                severity=WARNING,
            )


_COMMENT_AFTER_VALUE = re.compile(r"[ \t]#\S")


def hash_comment(ctx: Context) -> Iterator[Diagnostic]:
    """Warn when a `` #`` right after unquoted text made the rest of the line a comment.

    ``title: 推进 #3 号工程`` reads as “推进” plus a comment. A deliberate comment is
    written with a space after ``#`` (``year: 2025  # 年度``), so only ``#`` followed
    directly by text is reported.
    """
    text = ctx.source.text
    for path, value in ctx.strings:
        mark = ctx.source.marks.get(path)
        if mark is None or not mark.plain or mark.end < 0:
            continue
        line_end = text.find("\n", mark.end)
        rest = text[mark.end : line_end if line_end >= 0 else len(text)]
        if _COMMENT_AFTER_VALUE.match(rest):
            dropped = rest.strip()
            yield ctx.source.diagnostic(
                path,
                "hash-comment",
                f"“{value}”后面的“{dropped}”被当作注释丢掉了：如果它是正文的一部分，"
                "请把整段文字用双引号括起来",
                severity=WARNING,
            )


def plan_links(ctx: Context) -> Iterator[Diagnostic]:
    """For a summary with ``plan``: references must exist, and every plan task be covered.

    Empty results are :func:`missing_results`'s, whether or not an item has a reference.
    """
    if ctx.kind != "summary" or not isinstance(ctx.data.get("plan"), str):
        return
    from pathlib import Path, PurePosixPath, PureWindowsPath

    from drafting.check.load import load
    from drafting.errors import InputError
    from drafting.fsio import boundary

    written: str = ctx.data["plan"]
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).drive:
        yield ctx.source.diagnostic(
            ("plan",),
            "plan-absolute",
            f"plan 应写成相对于本总结所在文件夹的路径（如 plan-2025.yaml），不能是绝对路径：{written}",
        )
        return
    folder = Path(ctx.source.path).parent
    plan_path = folder / written
    root = boundary(folder)
    if not plan_path.resolve().is_relative_to(root):
        where = "本仓库" if (root / ".git").exists() else "本总结所在文件夹"
        yield ctx.source.diagnostic(
            ("plan",),
            "plan-outside",
            f"plan 指向了{where}之外的文件：{written}；只能引用{where}内的工作要点",
        )
        return
    try:
        plan = load(plan_path).data
    except InputError:
        yield ctx.source.diagnostic(
            ("plan",), "plan-unreadable", f"找不到或无法读取对应的工作要点：{plan_path}"
        )
        return
    ids: dict[str, str] = {}
    for _, task in tasks(Context(ctx.source, plan, "plan", None)):
        if isinstance(task.get("id"), str):
            ids[task["id"]] = str(task.get("title") or task["id"])
    referenced = set()
    for path, task in tasks(ctx):
        ref = task.get("plan_ref")
        if not isinstance(ref, str):
            continue
        referenced.add(ref)
        if ref not in ids:
            yield ctx.source.diagnostic(
                (*path, "plan_ref"), "unknown-plan-ref", f"工作要点中没有标识为“{ref}”的任务"
            )
    for ref in ids.keys() - referenced:
        yield ctx.source.diagnostic(
            ("plan",),
            "plan-task-missing",
            f"工作要点中的任务“{ids[ref]}”（{ref}）在总结中没有对应条目",
            severity=WARNING,
        )


def missing_results(ctx: Context) -> Iterator[Diagnostic]:
    """A summary item whose ``result`` is still empty, with or without a ``plan_ref``.

    An item written as ``result:`` with nothing after it (as ``drafting summarize``
    leaves every item), or one that names a plan task but has no result, is not filled
    in yet. An item with only a title is a finished one-sentence item, not a gap.
    """
    if ctx.kind != "summary":
        return
    for path, task in tasks(ctx):
        if "result" not in task and not isinstance(task.get("plan_ref"), str):
            continue
        if task.get("result") not in (None, "", []):
            continue
        name = task.get("title") or task.get("plan_ref")
        what = f"任务“{name}”" if isinstance(name, str) and name else "这一项"
        yield ctx.source.diagnostic(
            (*path, "result"),  # or the item, when it has no result key
            "missing-result",
            f"{what}还没有填写完成情况（result）",
            severity=WARNING,
            key=True,
        )


def completion_units(ctx: Context) -> Iterator[Diagnostic]:
    """A summary asking for the completion table should say who is responsible."""
    if ctx.kind != "summary" or "completion-table" not in (ctx.data.get("attachments") or ()):
        return
    if not any(task.get("units") for _, task in tasks(ctx)):
        yield ctx.source.diagnostic(
            ("attachments",),
            "completion-table-units",
            "任务完成情况统计表按事项的责任单位（units）统计，但没有任何事项写了 units",
            severity=WARNING,
        )


_TABLES = {"task-table": "重点工作任务分解表", "completion-table": "任务完成情况统计表"}


def empty_attachments(ctx: Context) -> Iterator[Diagnostic]:
    """A table attachment of a document without tasks would have no rows: it is left out."""
    asked = [a for a in ctx.data.get("attachments") or () if isinstance(a, str) and a in _TABLES]
    if asked and not any(True for _ in tasks(ctx)):
        for name in asked:
            yield ctx.source.diagnostic(
                ("attachments",),
                "empty-attachment",
                f"文档中没有任何任务，附件“{_TABLES[name]}”没有内容，生成时将略去",
                severity=WARNING,
            )


UPWARD = ("请示", "报告")
"""The 上行文 genres (kept in step with drafting.model.UPWARD_GENRES; check loads no model)."""


def notice_genre(ctx: Context) -> Iterator[Diagnostic]:
    """What the 文种 asks of a notice: the title names it; 请示 and 报告 are 上行文 with
    签发人; a 请示 gives 联系人 and 电话 in its 附注 (GB/T 9704 §7.2.6, §7.3.6)."""
    if ctx.kind != "notice":
        return
    genre = ctx.data.get("genre") or "通知"
    title = ctx.data.get("title")
    last = title if isinstance(title, str) else title[-1] if isinstance(title, list) else ""
    if isinstance(last, str) and not last.rstrip().endswith(genre):
        yield ctx.source.diagnostic(
            ("title",), "title-genre", f"标题应以文种“{genre}”结尾", severity=WARNING
        )
    if genre in UPWARD and not ctx.data.get("issuers"):
        yield ctx.source.diagnostic(
            ("genre",),
            "issuers-missing",
            f"{genre}是上行文，应标注签发人：请写 issuers（签发人姓名列表）",
        )
    if ctx.data.get("issuers") and genre not in UPWARD:
        yield ctx.source.diagnostic(
            ("issuers",),
            "issuers-downward",
            f"签发人只用于上行文（请示、报告），{genre}一般不标注；确需标注时保留即可",
            severity=WARNING,
        )
    note = ctx.data.get("note") or ""
    if genre == "请示" and not ("联系人" in note and "电话" in note):
        yield ctx.source.diagnostic(
            ("note",) if "note" in ctx.data else ("genre",),
            "note-contact",
            "请示应在附注中注明联系人的姓名和电话，如“（联系人：张三，电话：1234567）”",
            key="note" not in ctx.data,
        )
    addressee = ctx.data.get("addressee") or ""
    if genre == "请示" and "、" in addressee:
        yield ctx.source.diagnostic(
            ("addressee",),
            "addressee-several",
            "请示一般只写一个主送机关，需要同时送其他机关的用抄送（imprint.cc）",
            severity=WARNING,
        )


def notice_seal(ctx: Context) -> Iterator[Diagnostic]:
    """A 签发人签名章 needs the signer's 职务 and name; they mean nothing without it."""
    if ctx.kind != "notice":
        return
    signer = ctx.data.get("seal") == "signer"
    given = [k for k in ("signer_title", "signer_name") if ctx.data.get(k)]
    if signer and len(given) < 2:
        missing = [k for k in ("signer_title", "signer_name") if k not in given]
        yield ctx.source.diagnostic(
            ("seal",),
            "signer-incomplete",
            f"加盖签发人签名章（seal: signer）需要 {' 和 '.join(missing)}",
            key=True,
        )
    elif not signer:
        for key in given:
            yield ctx.source.diagnostic(
                (key,),
                "signer-unused",
                f"{key} 只在加盖签发人签名章（seal: signer）时编排，现在不会印出",
                key=True,
            )
    imprint = ctx.data.get("imprint") or {}
    if imprint.get("addressee") and not ctx.data.get("addressee"):
        yield ctx.source.diagnostic(
            ("imprint", "addressee"),
            "imprint-addressee",
            "imprint.addressee 要把主送机关移入版记，但没有写主送机关（addressee）",
        )


ENCLOSED_KINDS = {"plan": "task-table", "summary": "completion-table", "speech": None}
"""The kinds of YAML document a notice may attach, and the generated part each has."""

PART_NAMES = {"task-table": "重点工作任务分解表", "completion-table": "任务完成情况统计表"}
"""The name of each generated part, as its table's title ends."""


def notice_attachments(ctx: Context) -> Iterator[Diagnostic]:
    """Every 附件 of a notice is a usable file in the notice's folder tree: one of our
    plans, summaries or speeches (without errors; ``part`` one it generates), or a .docx.

    This is the one place that judges an attachment: ``render`` trusts it, so that a
    missing or unusable file is reported at its entry (file:line:col) before any work.
    """
    if ctx.kind != "notice":
        return
    from pathlib import Path, PurePosixPath, PureWindowsPath

    folder = Path(ctx.source.path).parent
    listed: dict[str, set[str | None]] = {}
    for entry in ctx.data.get("attachments") or ():
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            listed.setdefault(entry["path"], set()).add(entry.get("part"))
    for index, entry in enumerate(ctx.data.get("attachments") or ()):
        written = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(written, str):
            continue
        where = ("attachments", index, "path")
        if PurePosixPath(written).is_absolute() or PureWindowsPath(written).drive:
            yield ctx.source.diagnostic(
                where, "attachment-absolute", f"附件应写成相对于本文件的路径：{written}"
            )
            continue
        path = folder / written
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            yield ctx.source.diagnostic(
                where,
                "attachment-outside",
                f"附件 {written} 在本文件所在文件夹之外（或经链接指向外面）；"
                "请把附件放在本文件的文件夹或其子文件夹中",
            )
            continue
        if not path.is_file():
            yield ctx.source.diagnostic(where, "attachment-missing", f"找不到附件文件：{written}")
            continue
        problem = (
            _docx_problem(path)
            if written.lower().endswith(".docx")
            else _yaml_problem(path, entry.get("part"), listed.get(written, set()))
        )
        if problem is not None:
            code, message, severity = problem
            at_part = code in ("attachment-part", "attachment-part-empty")
            node = ("attachments", index, "part") if at_part else where
            yield ctx.source.diagnostic(node, code, f"附件 {written}：{message}", severity=severity)


def _docx_problem(path: Any) -> tuple[str, str, Severity] | None:
    """Return why the .docx at ``path`` cannot be attached, or None (a Word package)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except OSError as exc:
        return "attachment-unreadable", f"无法读取（{exc.strerror or exc}）", Severity.ERROR
    except (zipfile.BadZipFile, ValueError):
        return (
            "attachment-not-docx",
            "不是 Word 文档（.docx）；.doc、.wps 请先在 Word 或 WPS 中另存为 .docx",
            Severity.ERROR,
        )
    if "word/document.xml" not in names:
        return "attachment-not-docx", "不是 Word 文档（缺少 word/document.xml）", Severity.ERROR
    return None


def _yaml_problem(
    path: Any, part: str | None, parts: set[str | None]
) -> tuple[str, str, Severity] | None:
    """Return why the YAML document at ``path`` cannot be attached (with ``part``), or
    None. ``parts`` are all the parts the notice attaches of that file."""
    from drafting.check.load import load
    from drafting.errors import InputError

    try:
        source = load(path)
    except InputError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else None
        reason = f"{first.message}（第 {first.line} 行）" if first else "无法读取"
        return "attachment-unreadable", reason, Severity.ERROR
    kind = source.data.get("kind") if isinstance(source.data, dict) else None
    if kind not in ENCLOSED_KINDS:
        shown = f"kind: {kind}" if isinstance(kind, str) else "没有 kind"
        return (
            "attachment-kind",
            f"只能附上工作要点、工作总结或讲话稿（plan、summary、speech），而它是 {shown}",
            Severity.ERROR,
        )
    if part is not None and ENCLOSED_KINDS[kind] != part:
        own = ENCLOSED_KINDS[kind]
        hint = f"，{kind} 只有 {own}" if own else f"，{kind} 没有可附上的表格"
        return "attachment-part", f"part: {part} 不适用于这类文档{hint}", Severity.ERROR
    from drafting.check import Checker

    checked = Checker().check_file(path)
    errors = [d for d in checked.diagnostics if d.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        return (
            "attachment-invalid",
            f"有 {len(errors)} 处错误，请先改正（第一处：第 {first.line} 行 {first.message}）",
            Severity.ERROR,
        )
    data = checked.data if isinstance(checked.data, dict) else {}
    if part is not None and not _has_tasks(data):
        return (
            "attachment-part-empty",
            f"没有任何任务，{PART_NAMES[part]}会是空表",
            Severity.ERROR,
        )
    own_parts = [a for a in data.get("attachments") or () if a in PART_NAMES]
    if part is None:
        left_out = [a for a in own_parts if a not in parts]
        if left_out:
            names = "、".join(PART_NAMES[a] for a in left_out)
            return (
                "attachment-part-unlisted",
                f"它自己的附件（{names}）不会随正文印出；如需附上，请另列一项"
                f"（path 相同，part: {left_out[0]}），它会有自己的附件编号",
                WARNING,
            )
    return None


def _has_tasks(data: dict[str, Any]) -> bool:
    """Return True when the document ``data`` has a task in any section or group."""
    for section in data.get("sections") or ():
        if not isinstance(section, dict):
            continue
        if section.get("tasks"):
            return True
        for group in section.get("groups") or ():
            if isinstance(group, dict) and group.get("tasks"):
                return True
    return False


def issued_alone(ctx: Context) -> Iterator[Diagnostic]:
    """A plan or summary with a 发文字号 is issued as its own document: its 版头 needs
    the issuing organ (the 发文机关标志)."""
    if ctx.kind in ("plan", "summary") and ctx.data.get("doc_number") and not ctx.data.get("org"):
        yield ctx.source.diagnostic(
            ("doc_number",),
            "doc-number-org",
            "有发文字号的文档按公文版头编排，需要发文机关（org）作发文机关标志",
        )


RULES: tuple[Rule, ...] = (
    outline_shape,
    outline_numbers,
    duplicate_ids,
    title_year,
    missing_units,
    unit_names,
    typed_numbers,
    heading_punctuation,
    signature_fields,
    gb2312_coverage,
    plan_links,
    missing_results,
    completion_units,
    invisible_chars,
    hash_comment,
    empty_attachments,
    notice_genre,
    notice_seal,
    notice_attachments,
    issued_alone,
)
"""Every rule, in the order they run."""


def apply(ctx: Context) -> list[Diagnostic]:
    """Run every rule over a schema-valid document and return the diagnostics."""
    return [diag for rule in RULES for diag in rule(ctx)]
