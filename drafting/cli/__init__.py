"""The command line: a thin layer over the library. Only this module writes to the terminal.

Every message is Chinese; exit codes are :class:`~drafting.errors.ExitCode`. Heavy
modules are imported inside the commands so that start-up stays small.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from drafting import __version__
from drafting.diagnostics import one_line, shown_path
from drafting.errors import DraftingError, ExitCode, UsageError
from drafting.fsio import require_file

FORMATS = ("text", "json", "github", "gitlab")


class _ZhChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose error message is Chinese."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        self.fail(f"“{value}”无效，可选：{'、'.join(map(str, self.choices))}", param, ctx)


class _ZhIntRange(click.IntRange):
    """A closed integer range whose error messages are Chinese."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(f"“{value}”不是整数", param, ctx)
        low, high = self.min, self.max
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                allowed = f"{low} 到 {high} 之间的整数"
            elif low is not None:
                allowed = f"不小于 {low} 的整数"
            else:
                allowed = f"不大于 {high} 的整数"
            self.fail(f"{number} 超出范围，应为 {allowed}", param, ctx)
        return number


def _chinese_type(kind: click.ParamType[Any]) -> click.ParamType[Any]:
    """Return ``kind`` with Chinese error messages (click's own are English)."""
    closed = isinstance(kind, click.IntRange) and not (kind.min_open or kind.max_open or kind.clamp)
    if closed and not isinstance(kind, _ZhIntRange):
        assert isinstance(kind, click.IntRange)
        return _ZhIntRange(kind.min, kind.max)
    if type(kind) is click.Choice:
        return _ZhChoice(kind.choices, case_sensitive=kind.case_sensitive)
    return kind


# What each positional argument is, shown under “参数：” on the command's help page
# (tests/test_cli.py checks that every argument of every command has one).
ARGUMENT_HELP: dict[tuple[str, str], str] = {
    ("new", "directory"): "新仓库的文件夹（当前文件夹下的名称；不给出时询问，默认 gongwen）",
    ("check", "paths"): "要检查的 YAML 文件或文件夹；文件夹中只检查 drafting 文档",
    ("render", "paths"): "要生成的 YAML 文件或文件夹（工作要点、工作总结、讲话稿、公文）",
    ("rollover", "path"): "上一年的工作要点 YAML 文件",
    ("import", "path"): "要导入的 .docx、.doc、.wps、.rtf、.odt、.pdf、.txt 或 .md 文件",
    ("summarize", "path"): "工作要点 YAML 文件",
    ("tasks", "path"): "工作要点 YAML 文件",
    ("diff", "old"): "原来的文档（如去年的工作要点）",
    ("diff", "new"): "新的文档",
    ("lint", "paths"): "要检查的 .docx 文件或文件夹",
    ("schema", "kind"): "文档类型：plan、summary、speech、notice 或 units",
    ("serve", "folder"): "要编辑的公文仓库文件夹（默认当前文件夹）",
}


class _ZhFormatter(click.HelpFormatter):
    """Help pages with full-width colons after every heading, as in “用法：”."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class _Context(click.Context):
    formatter_class = _ZhFormatter


class _Chinese:
    """What every command of ours shares: Chinese help pages and Chinese type errors."""

    context_class: type[click.Context] = _Context

    def localise(self) -> None:
        """Give every parameter a type whose errors are Chinese."""
        for param in self.params:  # type: ignore[attr-defined]
            param.type = _chinese_type(param.type)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        arguments = [
            (p.make_metavar(ctx), ARGUMENT_HELP.get((ctx.info_name or "", p.name or ""), ""))
            for p in params
            if isinstance(p, click.Argument)
        ]
        if arguments:
            with formatter.section("参数"):
                formatter.write_dl(arguments)
        rows = [
            r
            for p in params
            if not isinstance(p, click.Argument) and (r := p.get_help_record(ctx)) is not None
        ]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [
                (n, c)
                for n in self.list_commands(ctx)
                if (c := self.get_command(ctx, n)) is not None and not c.hidden
            ]
            if commands:
                with formatter.section("命令"):
                    formatter.write_dl([(n, c.get_short_help_str(60)) for n, c in commands])


class _Command(_Chinese, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.localise()


class _Group(_Chinese, click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.localise()

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Commands are listed by :meth:`format_options`."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Resolve like click, but refuse an unknown command in Chinese with the closest one."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            guess = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            hint = f"，是不是 {guess[0]}？" if guess else ""
            raise click.UsageError(f"没有这个命令：{name}{hint}", ctx)
        return super().resolve_command(ctx, args)


_HELP = {"help_option_names": ["-h", "--help"]}


@click.group(
    cls=_Group,
    context_settings=_HELP,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]…",
    help="把年度公文保存为 YAML，检查并生成标准格式的 Word 文档。",
)
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="drafting",
    message="%(prog)s %(version)s",
    help="显示版本号并退出",
)
@click.help_option("-h", "--help", help="显示帮助并退出")
def cli() -> None:
    """The ``drafting`` command group."""


@cli.command(
    options_metavar="[选项]",
    help="新建本单位的公文仓库：单位名册、第一份工作要点、编辑器设置、提交前检查和 GitHub/GitLab 自动检查。",
)
@click.argument("directory", required=False, metavar="[文件夹]")
@click.option("--org", metavar="名称", help="发文机关，即本单位全称")
@click.option("--year", metavar="年度", help="第一份工作要点的年度（默认今年）")
@click.option("--units", metavar="单位、…", help="各股室、科室，用顿号或逗号分隔")
@click.option("--no-input", is_flag=True, help="不逐项询问，未给出的项用默认值")
@click.option(
    "--install-from",
    metavar="来源",
    help="CI 和说明中安装 drafting 的来源（pip install 之后的内容：内部镜像的 --index-url 和包名、"
    "wheel 文件或 git 地址）；默认从公共软件包索引安装本版本",
)
@click.option("--force", is_flag=True, help="允许在非空文件夹中补全仓库文件（已有的文件保持不变）")
@click.help_option("-h", "--help", help="显示帮助并退出")
def new(
    directory: str | None,
    org: str | None,
    year: str | None,
    units: str | None,
    no_input: bool,
    install_from: str | None,
    force: bool,
) -> int:
    """Ask for what is missing, then scaffold the repository; print what was written."""
    from drafting.scaffold import repository as scaffold

    def ask(given: str | None, label: str, default: str, convert: Any) -> Any:
        if given is not None:
            return convert(given)
        if no_input:
            return convert(default)
        while True:
            raw = click.prompt(label, default=default, prompt_suffix="：")
            try:
                return convert(raw)
            except UsageError as exc:
                click.echo(f"错误：{exc.message}", err=True)

    install = scaffold.install_line(install_from)
    answers = scaffold.Answers(
        install=install,
        org=ask(org, "发文机关（本单位全称）", scaffold.DEFAULT_ORG, scaffold.check_org),
        year=ask(year, "第一份工作要点的年度", str(scaffold.default_year()), scaffold.check_year),
        units=ask(
            units,
            "各股室、科室（用顿号分隔）",
            "、".join(scaffold.DEFAULT_UNITS),
            scaffold.parse_units,
        ),
    )
    base = Path.cwd()
    target = ask(
        directory, "仓库文件夹名", scaffold.DEFAULT_DIR, lambda v: scaffold.check_directory(v, base)
    )
    done = scaffold.generate(answers, target, force=force)
    shown = os.path.relpath(done.root, base)
    click.echo(f"已在 {shown} 中生成 {len(done.written)} 个文件。")
    if done.kept:
        click.echo("以下文件已存在，保持不变：")
        for path in done.kept:
            click.echo(f"  {os.path.relpath(path, base)}")
    click.echo("下一步：")
    if shown != ".":
        from drafting.shell import quote

        click.echo(f"  cd {quote(shown)}")
    click.echo(f"  修改 plan-{answers.year}.yaml，然后运行 drafting check . 检查")
    click.echo("  drafting render . -o build/   生成 Word 文档")
    click.echo("  详见其中的 README.md")
    return ExitCode.OK


@cli.command(
    options_metavar="[选项]", help="检查 YAML 文档（文件或文件夹）：格式、必填项和常见错误。"
)
@click.argument("paths", nargs=-1, required=True, metavar="路径…")
@click.option(
    "--format",
    "fmt",
    type=_ZhChoice(FORMATS),
    default="text",
    help="输出格式：text（文字，默认）、json、github（GitHub 注释）、gitlab（GitLab 代码质量报告）",
)
@click.option("--strict", is_flag=True, help="把警告也当作错误")
@click.option(
    "--documents-only",
    is_flag=True,
    help="列出的文件也只检查 drafting 文档（有已知的 kind 或模式注释），其他 YAML 跳过"
    "（供 pre-commit 钩子使用；文件夹中的文件总是这样筛选）",
)
@click.help_option("-h", "--help", help="显示帮助并退出")
def check(paths: tuple[str, ...], fmt: str, strict: bool, documents_only: bool) -> int:
    """Run ``check_paths`` and print its diagnostics; return the exit code."""
    from drafting.check import check_paths
    from drafting.report import REPORTERS, summary

    report = check_paths(paths, strict=strict, documents_only=documents_only)
    out = REPORTERS[fmt](report.diagnostics)
    if out:
        click.echo(out, nl=False)
    if fmt == "text":
        click.echo(summary(len(report.files), report.errors, report.warnings), err=True)
        if report.skipped:
            click.echo(
                f"跳过了 {report.skipped} 个不是 drafting 文档的 YAML 文件"
                "（没有已知的 kind，也没有模式注释）",
                err=True,
            )
    return ExitCode.INVALID if report.errors else ExitCode.OK


@cli.command(
    options_metavar="[选项]", help="先检查，再生成符合 GB/T 9704-2012 的 Word 文档（可选 PDF）。"
)
@click.argument("paths", nargs=-1, required=True, metavar="路径…")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="输出",
    help="输出文件（单个输入时可为 .docx）或文件夹；默认与 YAML 文件同目录同名",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    metavar="模板.docx",
    help="使用本单位自己的 Word 模板",
)
@click.option(
    "--fonts",
    type=_ZhChoice(("gb2312", "windows", "open")),
    help="字体方案：gb2312（仿宋_GB2312 等，默认）、windows（仿宋、楷体）、open（免费字体）",
)
@click.option(
    "--profile",
    type=_ZhChoice(("standard", "strict")),
    help="版心方案：standard（28.95 磅行距，默认）、strict（29.6 磅，精确撑满版心）",
)
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    metavar="N",
    help="同时生成的进程数（默认 1）",
)
@click.option("--by-unit", is_flag=True, help="按责任单位各生成一份任务清单")
@click.option("--force", is_flag=True, help="覆盖已被手工修改或正在打开的文件（原文件另存为 .bak）")
@click.help_option("-h", "--help", help="显示帮助并退出")
def render(
    paths: tuple[str, ...],
    output: Path | None,
    template: Path | None,
    fonts: str | None,
    profile: str | None,
    pdf: bool,
    jobs: int,
    by_unit: bool,
    force: bool,
) -> int:
    """Check, then render every document; print what was written (and progress on a terminal)."""
    from contextlib import nullcontext

    from drafting.cli.progress import TerminalProgress, wanted
    from drafting.errors import Interrupted
    from drafting.render.batch import Settings, render_paths
    from drafting.report import text

    settings = Settings(output, template, fonts, profile, pdf, jobs, by_unit, force)
    shown = TerminalProgress() if wanted() else None
    try:
        with shown if shown is not None else nullcontext():
            report = render_paths(paths, settings, shown)
    except Interrupted as exc:
        for path in exc.written:
            click.echo(f"已生成：{path}")
        done = (
            f"以上 {len(exc.written)} 个文件已完成，其余未生成"
            if exc.written
            else "没有生成任何文件"
        )
        click.echo(f"{exc.message}：{done}（已有的文件未改动）。", err=True)
        return exc.exit_code
    if report.check.diagnostics:
        click.echo(text(report.check.diagnostics), nl=False)
    if report.check.errors:
        click.echo(f"有 {report.check.errors} 个错误，未生成任何文件。", err=True)
        return ExitCode.INVALID
    for path in report.written:
        click.echo(f"已生成：{shown_path(str(path))}")
    for failure in report.failures:
        click.echo(f"错误：{failure}", err=True)
    if report.internal:
        return ExitCode.INTERNAL
    return ExitCode.INVALID if report.failures else ExitCode.OK


@cli.command(
    options_metavar="[选项]",
    help="把去年的工作要点滚动为新一年的 YAML：年份、日期、文号、时限前移，注释和格式不变，正文中的旧年份列出待复核。",
)
@click.argument("path", type=click.Path(path_type=Path), metavar="工作要点.yaml")
@click.option(
    "--year", type=click.IntRange(1900, 2199), metavar="年份", help="新的年度（默认为原年度加 1）"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="输出",
    help="新文件（默认把文件名中的年份换成新年份）",
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件（原文件另存为 .bak）")
@click.help_option("-h", "--help", help="显示帮助并退出")
def rollover(path: Path, year: int | None, output: Path | None, force: bool) -> int:
    """Roll a plan forward and report what changed and what to review."""
    from drafting.cycle.rollover import rollover_file
    from drafting.errors import InputError
    from drafting.report import text

    require_file(path)
    try:
        result = rollover_file(path, year, output, force=force)
    except InputError as exc:
        click.echo(text(exc.diagnostics), nl=False)
        click.echo("有错误，未生成新文件。", err=True)
        return ExitCode.INVALID
    rolled, shown = result.rolled, shown_path(str(result.target))
    click.echo(f"已生成：{shown}（{rolled.old_year} → {rolled.new_year}）")
    if result.backup is not None:
        click.echo(f"原文件已另存为：{shown_path(str(result.backup))}")
    click.echo(f"已修改 {len(rolled.changes)} 处：")
    for change in rolled.changes:
        click.echo(
            f"  {shown}:{change.line}:{change.col}: "
            + one_line(f"{change.field}：{change.old} → {change.new}")
        )
    if rolled.reviews:
        click.echo(f"请复核正文中的 {len(rolled.reviews)} 处年份（未自动修改）：")
        for review in rolled.reviews:
            click.echo(
                f"  {shown}:{review.line}:{review.col}: "
                + one_line(f"{review.field}：“{review.found}” 见“…{review.context}…”")
            )
    else:
        click.echo("正文中没有需要复核的年份。")
    if result.diagnostics:
        click.echo(text(result.diagnostics), nl=False)
    return ExitCode.OK


@cli.command(
    "import",
    options_metavar="[选项]",
    help="把已有的 Word（.docx）、文本（.txt/.md）或 PDF（有文字层的）文档导入为 YAML："
    "识别标题、各级标题、任务、责任单位和完成时限，删去网页杂项并逐条报告。"
    ".doc、.wps、.rtf、.odt 需要安装 LibreOffice，先转换为 .docx 再导入。",
)
@click.argument("path", type=click.Path(path_type=Path), metavar="文档")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="输出",
    help="YAML 文件或文件夹（默认与原文件同名，扩展名 .yaml）",
)
@click.option(
    "--kind",
    type=click.Choice(["plan", "summary", "speech", "notice"]),
    help="文档类型：plan、summary、speech 或 notice（通知等公文）；默认按标题判断：要点/计划、总结、讲话；有版头、标题以文种结尾的为公文",
)
@click.option(
    "--part", type=click.IntRange(min=1), metavar="N", help="一个网页含多篇文档时，导入第 N 篇"
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件（原文件另存为 .bak）")
@click.option(
    "--format",
    "fmt",
    type=_ZhChoice(FORMATS),
    default="text",
    help="报告格式：text（文字，默认）、json、github（GitHub 注释）、gitlab（GitLab 代码质量报告）；"
    "非 text 时报告写到标准输出，其余提示写到标准错误",
)
@click.help_option("-h", "--help", help="显示帮助并退出")
def import_(
    path: Path, output: Path | None, kind: str | None, part: int | None, force: bool, fmt: str
) -> int:
    """Import a Word or text document as YAML; report through the ``--format`` reporter.

    Text: the report on stderr and the file written on stdout, as always. json, github
    and gitlab: the diagnostics on stdout, every other line on stderr.
    """
    from drafting.errors import InputError
    from drafting.ingest.importer import (
        import_file,
        recognised_line,
        report_diagnostics,
        report_lines,
    )
    from drafting.report import REPORTERS

    require_file(path)
    machine = fmt != "text"
    try:
        imported = import_file(path, output, kind=kind, part=part, force=force)
    except InputError as exc:
        click.echo(REPORTERS[fmt](exc.diagnostics), nl=False, err=not machine)
        click.echo("导入失败（文件无法读取，或导入结果未通过检查），未生成文件。", err=True)
        return ExitCode.INVALID
    if machine:
        click.echo(recognised_line(path, imported), err=True)
        click.echo(REPORTERS[fmt](report_diagnostics(imported)), nl=False)
    else:
        click.echo("\n".join(report_lines(path, imported)), err=True)
    click.echo(
        f"已生成：{shown_path(str(imported.target))}（请核对后用 drafting check 检查）", err=machine
    )
    if imported.backup is not None:
        click.echo(f"原文件已另存为：{shown_path(str(imported.backup))}", err=machine)
    return ExitCode.OK


@cli.command(
    options_metavar="[选项]",
    help="由工作要点生成年终总结的框架：各部分和任务对应排好，完成情况留空待填。",
)
@click.argument("path", type=click.Path(path_type=Path), metavar="工作要点.yaml")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="输出",
    help="总结文件（默认与工作要点同目录）",
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件（原文件另存为 .bak）")
@click.help_option("-h", "--help", help="显示帮助并退出")
def summarize(path: Path, output: Path | None, force: bool) -> int:
    """Write the summary skeleton of a plan."""
    from drafting.cycle.summarize import summarize_file
    from drafting.errors import InputError
    from drafting.report import text

    require_file(path)
    try:
        target = summarize_file(path, output, force=force)
    except InputError as exc:
        click.echo(text(exc.diagnostics), nl=False)
        click.echo("有错误，未生成总结。", err=True)
        return ExitCode.INVALID
    click.echo(f"已生成：{shown_path(str(target))}（填写各项 result 后用 drafting check 检查）")
    return ExitCode.OK


@cli.command(
    options_metavar="[选项]",
    help="列出工作要点的责任清单：每项任务的序号、所属部分、牵头单位、责任单位和完成时限。",
)
@click.argument("path", type=click.Path(path_type=Path), metavar="工作要点.yaml")
@click.option("--unit", metavar="单位", help="只列出该单位的任务")
@click.option(
    "--role",
    type=_ZhChoice(("any", "lead", "member")),
    default="any",
    help="与 --unit 合用：any（牵头或参与，默认）、lead（牵头）、member（参与）；"
    "未写 lead 的任务由列第一位的单位牵头",
)
@click.option(
    "--format",
    "fmt",
    type=_ZhChoice(("table", "csv", "md", "json", "xlsx")),
    default="table",
    help="输出格式：table（默认）、csv、md、json、xlsx（需用 -o 指定文件）",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), metavar="输出", help="写入文件而不是屏幕"
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件（原文件另存为 .bak）")
@click.help_option("-h", "--help", help="显示帮助并退出")
def tasks(
    path: Path, unit: str | None, role: str, fmt: str, output: Path | None, force: bool
) -> int:
    """Print or write the responsibility ledger of a plan."""
    from drafting.cycle.ledger import open_ledger, screen_text, write_ledger
    from drafting.errors import InputError
    from drafting.report import text

    require_file(path)
    try:
        ledger = open_ledger(path, unit, role)
    except InputError as exc:
        click.echo(text(exc.diagnostics), nl=False)
        return ExitCode.INVALID
    if unit is not None and not ledger.rows:
        click.echo(f"“{unit}”在这份工作要点中没有任务。", err=True)
    if output is None:
        click.echo(screen_text(ledger, fmt), nl=False)
        return ExitCode.OK
    kept = write_ledger(ledger, fmt, output, force=force)
    click.echo(f"已生成：{output}（{len(ledger.rows)} 项任务）")
    if kept is not None:
        click.echo(f"原文件已另存为：{kept}")
    return ExitCode.OK


@cli.command(
    "diff",
    options_metavar="[选项]",
    help="比较两份文档的任务：新增、删除、调整部分、文字改动、责任单位和完成时限变化（年份差异不计）。",
)
@click.argument("old", type=click.Path(path_type=Path), metavar="旧.yaml")
@click.argument("new", type=click.Path(path_type=Path), metavar="新.yaml")
@click.option(
    "--format",
    "fmt",
    type=_ZhChoice(("text", "md", "json")),
    default="text",
    help="输出格式：text（文字，默认）、md（Markdown 表格）、json",
)
@click.help_option("-h", "--help", help="显示帮助并退出")
def diff_command(old: Path, new: Path, fmt: str) -> int:
    """Print the changes; exit 0 when equal and 1 when different (like diff)."""
    from drafting.check import Checker, open_document
    from drafting.cycle.diff import FORMATS, diff
    from drafting.errors import InputError, WrongKind
    from drafting.report import text

    checker = Checker()
    docs = []
    for path in (old, new):
        require_file(path)
        try:
            docs.append(open_document(path, checker=checker).document)
        except (InputError, WrongKind) as exc:
            click.echo(text(exc.diagnostics), nl=False)
            click.echo(f"{path} 有错误，无法比较。", err=True)
            return ExitCode.USAGE
    changes = diff(docs[0], docs[1])
    click.echo(FORMATS[fmt](changes), nl=False)
    return ExitCode.INVALID if changes else ExitCode.OK


@cli.command(
    options_metavar="[选项]",
    help="按 GB/T 9704-2012 逐段检查任意 Word 文档（.docx 文件或文件夹），不修改原文件。",
)
@click.argument("paths", nargs=-1, required=True, metavar="路径…")
@click.option(
    "--format",
    "fmt",
    type=_ZhChoice(FORMATS),
    default="text",
    help="输出格式：text（文字，默认）、json、github（GitHub 注释）、gitlab（GitLab 代码质量报告）",
)
@click.option(
    "--profile",
    type=_ZhChoice(("any", "standard", "strict")),
    default="any",
    help="版心方案：any（两种都接受，默认）、只接受 standard（28.95 磅行距）或 strict（29.6 磅）",
)
@click.option("--strict", is_flag=True, help="把警告也当作错误")
@click.option("--rules", "list_rules", is_flag=True, help="列出全部规则及其代码后退出")
@click.help_option("-h", "--help", help="显示帮助并退出")
def lint(paths: tuple[str, ...], fmt: str, profile: str, strict: bool, list_rules: bool) -> int:
    """Run ``lint_paths`` and print its diagnostics; return the exit code."""
    from drafting.lint import RULES, lint_paths
    from drafting.report import REPORTERS, summary

    if list_rules:
        for code, (severity, text) in RULES.items():
            click.echo(f"{code:28} {severity.label}  {text}")
        return ExitCode.OK
    report = lint_paths(paths, profile=None if profile == "any" else profile, strict=strict)
    out = REPORTERS[fmt](report.diagnostics)
    if out:
        click.echo(out, nl=False)
    if fmt == "text":
        click.echo(summary(report.files, report.errors, report.warnings), err=True)
    return ExitCode.INVALID if report.errors else ExitCode.OK


@cli.command(
    options_metavar="[选项]",
    help="输出某类文档的 JSON Schema（plan、summary、speech、notice 或 units），已合并共用定义；"
    "或用 --install-vscode 为 VS Code 安装模式文件和设置。",
)
@click.argument(
    "kind",
    type=_ZhChoice(("plan", "summary", "speech", "notice", "units")),
    required=False,
    metavar="[类型]",
)
@click.option("--draft-07", "draft_07", is_flag=True, help="输出供编辑器使用的 draft-07 版本")
@click.option(
    "--install-vscode",
    is_flag=True,
    help="把模式文件写入 .drafting/schemas/，并在 .vscode/settings.json 中登记（供 YAML 插件补全和提示）",
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("."),
    metavar="文件夹",
    help="--install-vscode 的目标仓库（默认当前文件夹）",
)
@click.help_option("-h", "--help", help="显示帮助并退出")
def schema(kind: str | None, draft_07: bool, install_vscode: bool, folder: Path) -> int:
    """Print the bundled schema of ``kind``, or install the editor schemas and settings."""
    import json

    if install_vscode:
        if kind or draft_07:
            raise UsageError("--install-vscode 不与类型或 --draft-07 同用", code="usage")
        from drafting.scaffold.vscode import install_vscode as install

        done = install(folder)
        for path in done.written:
            click.echo(f"已写入：{shown_path(str(path))}")
        if not done.written:
            click.echo("编辑器设置已是最新，没有改动。")
        return ExitCode.OK
    if kind is None:
        raise UsageError(
            "请指定类型（plan、summary、speech、notice 或 units），或用 --install-vscode"
        )
    from drafting.check.schema import bundled, editor_schema

    value = editor_schema(kind) if draft_07 else bundled(kind)
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))
    return ExitCode.OK


@cli.command(
    options_metavar="[选项]",
    help="在浏览器中编辑本文件夹的公文：带补全和检查的编辑器、大纲、实时页面预览、下载和提交。"
    "只在本机（127.0.0.1）提供服务，网址带随机令牌。",
)
@click.argument("folder", required=False, default=".", metavar="[文件夹]")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    metavar="端口",
    help="监听的端口；0 表示自动选择空闲端口（默认先试 8765，被占用时自动选择）",
)
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器，只显示网址")
@click.option(
    "--host",
    metavar="地址",
    default="127.0.0.1",
    help="监听的地址（默认 127.0.0.1，只有本机可以访问）；改为其他地址时局域网中的电脑也能连接，请慎用",
)
@click.help_option("-h", "--help", help="显示帮助并退出")
def serve(folder: str, port: int | None, no_browser: bool, host: str) -> int:
    """Start the local web app on ``folder``; stop cleanly on Ctrl-C."""
    from drafting.scaffold.distribution import install_command
    from drafting.serve.server import missing_module

    missing = missing_module()
    if missing is not None:
        click.echo(
            f"错误：drafting serve 需要 Python 模块 {missing}，但没有安装。请运行：\n"
            f"  {install_command()}\n重新安装 drafting-gongwen（它会一并安装网页服务所需的软件包）。",
            err=True,
        )
        return ExitCode.USAGE
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(f"找不到文件夹：{folder}", code="not-a-folder")
    from drafting import signals
    from drafting.serve.server import bind, is_loopback, run

    bound = bind(host, port)
    try:
        with signals.stopping():  # Ctrl-C from here on stops cleanly, even before uvicorn runs
            if not is_loopback(host):
                click.echo(
                    f"警告：服务监听在 {host} 上，同一网络中的其他电脑也能连接（仍需网址中的令牌）。"
                    "只在确有需要时这样做。",
                    err=True,
                )
            click.echo(f"drafting serve 已启动，正在编辑：{root.resolve()}")
            click.echo(f"请在浏览器中打开：{bound.url}")
            click.echo("（网址中含访问令牌，请勿发给他人。）按 Ctrl-C 停止。")
            sys.stdout.flush()
            if not no_browser:
                import webbrowser

                try:
                    opened = webbrowser.open(bound.url)
                except webbrowser.Error:
                    opened = False
                if not opened:
                    click.echo(
                        "未能自动打开浏览器（本机没有可用的浏览器），请手动打开上面的网址。",
                        err=True,
                    )
            run(root, bound)
    except KeyboardInterrupt:
        pass
    finally:
        bound.sock.close()
    click.echo("drafting serve 已停止。")
    return ExitCode.OK


def _param_name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """Return how the command line spells ``param``: ``-j / --jobs`` or its metavar."""
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    if param is not None and ctx is not None:
        return param.make_metavar(ctx)
    return param.human_readable_name if param is not None else ""


def _usage_message(exc: click.UsageError) -> str:
    """Return click's usage error ``exc`` in Chinese."""
    if isinstance(exc, click.NoSuchOption):
        hint = f"，是不是 {exc.possibilities[0]}？" if exc.possibilities else ""
        return f"没有这个选项：{exc.option_name}{hint}"
    if isinstance(exc, click.MissingParameter):
        return f"缺少参数 {_param_name(exc.param, exc.ctx)}"
    if isinstance(exc, click.BadParameter):
        return f"{_param_name(exc.param, exc.ctx)}：{exc.message}"
    if isinstance(exc, click.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"选项 {exc.option_name} 后面要给出一个值"
        if "does not take a value" in exc.message:
            return f"选项 {exc.option_name} 不带值，请去掉“=”及其后的内容"
        return f"选项 {exc.option_name} 用法有误"
    message = exc.format_message()
    if message.startswith("Got unexpected extra argument"):
        return "多余的参数：" + message.split("(", 1)[-1].rstrip(")")
    return message


class _NeverRaised(click.UsageError):
    """Stands in for click's NoArgsIsHelpError on click < 8.2, which has none."""


_NoArgsIsHelp: type[click.UsageError] = getattr(click.exceptions, "NoArgsIsHelpError", _NeverRaised)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code (never raises)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="drafting", standalone_mode=False)
    except _NoArgsIsHelp as exc:  # a bare `drafting`: the help page, not an error
        if exc.ctx is not None:
            click.echo(exc.ctx.get_help(), err=True)
        return ExitCode.USAGE
    except click.UsageError as exc:
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
        click.echo(f"错误：{_usage_message(exc)}", err=True)
        click.echo("用 drafting --help 查看帮助。", err=True)
        return ExitCode.USAGE
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        return ExitCode.INVALID
    except DraftingError as exc:
        click.echo(f"错误：{exc.message}", err=True)
        return int(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"错误：{exc.format_message()}", err=True)
        return exc.exit_code
    except (BrokenPipeError, KeyboardInterrupt):
        return ExitCode.INVALID
    except Exception as exc:  # a bug: say so plainly, never a bare traceback
        if os.environ.get("DRAFTING_DEBUG"):
            raise
        click.echo(f"内部错误（这是程序缺陷，请报告）：{type(exc).__name__}: {exc}", err=True)
        click.echo("设置环境变量 DRAFTING_DEBUG=1 后重试可看到详细信息。", err=True)
        return ExitCode.INTERNAL
    if isinstance(result, int):
        return result
    return ExitCode.OK
