"""Scaffold an office's repository (``drafting new``) from our bundled cookiecutter template.

Safety rules, each enforced here rather than trusted to the template:

- only the template shipped inside the package is used, with hooks turned off;
- every user value is checked first (one line, no control characters, units as the
  schema defines them) and passed as a private ``_`` variable, which cookiecutter never
  renders, so ``{{ 7*7 }}`` in an organisation's name appears as typed; values placed
  in YAML are written by :mod:`drafting.emit`, quoted where they need it;
- the target must stay inside the current folder: no absolute path, no ``..``, no name
  Windows reserves (``CON``, ``NUL``, ``COM1`` …) and no link leading out; and every
  file written into an existing target is resolved too, so a link inside it
  (``.vscode -> elsewhere``) cannot lead a file out (:mod:`drafting.fsio`);
- cookiecutter runs with a configuration file of our own in a temporary folder, so its
  replay file and clone cache never reach the user's home folder;
- the repository is generated in a temporary folder beside the target and moved into
  place at the end: a new target appears whole or not at all, and in an existing
  folder (only with ``force``) files that already exist are kept, never overwritten;
- a folder that cannot take the repository (read-only, no permission, disk full) gets
  a Chinese message, and nothing is left: no staging folder, no parent folder made for
  it, no file moved into an existing folder.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from drafting import __version__
from drafting.errors import ResourceError, UsageError, WriteFailed, os_reason

DEFAULT_ORG = "××单位"
DEFAULT_UNITS: tuple[str, ...] = ("办公室", "人事股", "财务股")
DEFAULT_DIR = "gongwen"

_UNIT = re.compile(r"^[^、，,；;：:\s]{1,60}$")  # common.schema.json#/$defs/unit
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{name}{n}" for name in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\]')


@dataclass(frozen=True)
class Answers:
    """The values a new repository is made from, already checked."""

    org: str
    year: int
    units: tuple[str, ...]
    install: str = ""
    """The ``pip install`` line of the CI files and README; empty: :func:`install_line`."""


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` did: the repository folder, files written and files kept."""

    root: Path
    written: tuple[Path, ...]
    kept: tuple[Path, ...]


def default_year(today: datetime.date | None = None) -> int:
    """Return the year a new repository's first plan is for: the current year."""
    return (today or datetime.date.today()).year


def check_org(value: str) -> str:
    """Return the organisation name stripped; raise :class:`UsageError` if unusable."""
    org = value.strip()
    if not org:
        raise UsageError("发文机关名称不能为空", code="bad-org")
    if _CONTROL.search(org):
        raise UsageError("发文机关名称只能是一行文字，不能含换行或控制字符", code="bad-org")
    if len(org) > 60:
        raise UsageError(f"发文机关名称太长（{len(org)} 个字，最多 60 个）", code="bad-org")
    return org


def check_year(value: int | str) -> int:
    """Return the year as an int; raise :class:`UsageError` outside 1949–2199."""
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text) or not 1949 <= int(text) <= 2199:
        raise UsageError(f"年度应是 1949 到 2199 之间的四位数字，而不是“{value}”", code="bad-year")
    return int(text)


def parse_units(value: str | Iterable[str]) -> tuple[str, ...]:
    """Return the unit names in ``value`` (a string split on 、，,；; and spaces).

    Duplicates are dropped, order is kept; raises :class:`UsageError` for an empty list
    or a name the schema would reject.
    """
    pieces = _UNIT_SEPARATORS.split(value) if isinstance(value, str) else list(value)
    units: list[str] = []
    for piece in pieces:
        name = piece.strip()
        if not name or name in units:
            continue
        if _CONTROL.search(name) or not _UNIT.match(name):
            raise UsageError(
                f"单位名称“{name}”无效：一个单位最多 60 个字，不能含标点分隔符、空格或控制字符",
                code="bad-unit",
            )
        units.append(name)
    if not units:
        raise UsageError("至少要有一个单位（股室、科室）", code="bad-unit")
    return tuple(units)


def install_line(spec: str | None = None) -> str:
    """Return the checked ``pip install`` line for ``--install-from`` ``spec`` (None: ours).

    Raises :class:`UsageError` for a spec that is not one line of printable text or
    cannot be quoted for every shell (see :func:`drafting.scaffold.distribution.install_command`).
    """
    from drafting.scaffold.distribution import install_command

    if spec is not None and (_CONTROL.search(spec) or "`" in spec):
        raise UsageError(
            "安装来源只能是一行文字，不能含换行、控制字符或 `", code="bad-install-from"
        )
    return install_command(spec)


def check_directory(name: str, base: Path) -> Path:
    """Return the folder ``name`` inside ``base``; refuse names that could escape it.

    Refused: an empty name, an absolute path or drive, a ``..`` part, control
    characters, characters or names Windows does not allow in a file name (the
    repository is meant to be cloned on office PCs), and a path that resolves outside
    ``base`` through a link.
    """
    if not name.strip():
        raise UsageError("文件夹名不能为空", code="bad-dir")
    if _CONTROL.search(name):
        raise UsageError("文件夹名不能含换行或控制字符", code="bad-dir")
    windows = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or windows.drive or windows.root:
        raise UsageError(f"文件夹名“{name}”是绝对路径；请给出当前文件夹下的名称", code="bad-dir")
    parts = [p for p in re.split(r"[\\/]", name) if p not in ("", ".")]
    for part in parts:
        if part == "..":
            raise UsageError(f"文件夹名“{name}”含有“..”，会跑到当前文件夹之外", code="bad-dir")
        if _WINDOWS_FORBIDDEN.search(part) or part != part.rstrip(" ."):
            raise UsageError(
                f'文件夹名“{part}”含有 Windows 不允许的字符（< > : " | ? * 或结尾的点、空格）',
                code="bad-dir",
            )
        if part.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
            raise UsageError(f"“{part}”是 Windows 保留的设备名，不能用作文件夹名", code="bad-dir")
    root = base.resolve()
    target = root.joinpath(*parts).resolve()
    if target != root and not target.is_relative_to(root):
        raise UsageError(f"文件夹“{name}”经链接指向当前文件夹之外，已拒绝", code="bad-dir")
    if target.exists() and not target.is_dir():
        raise UsageError(f"“{name}”已存在，而且不是文件夹", code="bad-dir")
    return target


def context(answers: Answers) -> dict[str, str]:
    """Return the template's private variables for ``answers`` (all strings, all escaped).

    Everything placed in a YAML file is written by :mod:`drafting.emit`, the writer of
    every YAML file we make.
    """
    from drafting.emit import flow_list, modeline, scalar
    from drafting.scaffold.vscode import schema_path

    units = answers.units
    install = answers.install or install_line()
    pick = [units[i % len(units)] for i in range(3)]
    return {
        "_dir": "repo",
        "_org": answers.org,
        "_org_yaml": scalar(answers.org),
        "_year": str(answers.year),
        "_units_text": "、".join(units),
        "_units_yaml": "\n".join(f"  - {scalar(u, item=True)}" for u in units),
        "_units_t1": flow_list([pick[0]]),
        "_units_t2": flow_list([pick[1]]),
        "_units_t3": flow_list(list(dict.fromkeys([pick[2], pick[0]]))),
        "_version": __version__,
        "_install": install,
        "_install_yaml": scalar(install),
        "_modeline_plan": modeline(schema_path("plan")),
        "_modeline_units": modeline(schema_path("units")),
    }


def _template_dir() -> Path:
    from drafting.resources import data_dir

    entry = data_dir("templates").joinpath("new")
    if not isinstance(entry, Path) or not (entry / "cookiecutter.json").is_file():
        raise ResourceError("安装不完整：找不到仓库模板 templates/new", code="resource")
    return entry


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def _render(answers: Answers, staging: Path) -> Path:
    """Run cookiecutter into ``staging``; return the generated repository folder."""
    from cookiecutter.main import cookiecutter  # type: ignore[import-untyped]

    from drafting.emit import document

    config = staging / "cookiecutter-config.yaml"
    folders = {"cookiecutters_dir": str(staging / "cache"), "replay_dir": str(staging / "replay")}
    config.write_text(document(folders), encoding="utf-8")
    result = cookiecutter(
        str(_template_dir()),
        no_input=True,
        extra_context=context(answers),
        output_dir=str(staging / "out"),
        config_file=str(config),
        accept_hooks=False,
    )
    return Path(result)


def _move_into(source: Path, target: Path) -> tuple[list[Path], list[Path]]:
    """Move every file under ``source`` to ``target`` unless it exists there; return both lists.

    Every file to be written is checked first (:func:`~drafting.fsio.confined`): a link
    inside ``target`` (``.vscode -> elsewhere``) that would take one outside refuses the
    whole move before anything is moved. When a move fails (a full disk), the files
    already moved and the folders made for them are taken back out, so ``target`` is
    left as it was; the error is raised again.
    """
    from drafting.fsio import check_confined

    moves: list[tuple[Path, Path]] = []
    kept: list[Path] = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        dest = target / path.relative_to(source)
        if dest.exists() or dest.is_symlink():
            kept.append(dest)
        else:
            moves.append((path, dest))
    check_confined(target, (dest for _, dest in moves))
    written: list[Path] = []
    made: list[Path] = []
    try:
        for path, dest in moves:
            made.extend(_make_folders(dest.parent))
            os.replace(path, dest)
            written.append(dest)
    except OSError:
        for dest in reversed(written):
            with contextlib.suppress(OSError):
                dest.unlink()
        _remove_folders(made)
        raise
    return written, kept


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    missing.reverse()
    for each in missing:
        each.mkdir()
    return missing


def _remove_folders(made: Sequence[Path]) -> None:
    """Remove the folders in ``made`` (from :func:`_make_folders`), innermost first, if empty."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _failed(target: Path, exc: BaseException) -> WriteFailed:
    """Return the error for a repository ``target`` that could not be made because of ``exc``."""
    cause = exc if isinstance(exc, OSError) else exc.__cause__
    why = os_reason(cause) if isinstance(cause, OSError) else str(exc)
    return WriteFailed(f"无法在 {target} 中生成仓库：{why}，未做任何改动", code="new-failed")


def generate(answers: Answers, target: Path, *, force: bool = False) -> Generated:
    """Create the office repository for ``answers`` in ``target`` (from :func:`check_directory`).

    Returns what was written and, in an existing folder, which files were kept as they
    were. Raises :class:`UsageError` for a non-empty ``target`` without ``force``,
    :class:`~drafting.errors.OutsideRoot` when a link inside ``target`` leads a file
    outside it, and :class:`~drafting.fsio.WriteFailed` when the folder cannot take the
    repository (read-only, no permission, disk full): then nothing is left behind, not
    even the parent folders made for it.
    """
    from drafting.scaffold.vscode import install_vscode

    try:
        empty = _is_empty(target)
    except OSError as exc:  # a folder we may not even list
        raise WriteFailed(
            f"无法读取文件夹 {target}：{os_reason(exc)}，未做任何改动",
            code="new-failed",
        ) from exc
    if not empty and not force:
        raise UsageError(
            f"{target} 不是空文件夹，未做任何改动；确需在其中补全仓库文件请加 --force"
            "（已有的文件保持不变）",
            code="target-not-empty",
        )
    new = not target.exists()
    parent = target.parent if new else target
    made: list[Path] = []
    try:
        made = _make_folders(parent)
        staging = Path(tempfile.mkdtemp(prefix=".drafting-new-", dir=parent))
    except OSError as exc:
        _remove_folders(made)
        raise _failed(target, exc) from exc
    try:
        repo = _render(answers, staging)
        install_vscode(repo)
        if new:
            os.rename(repo, target)  # the whole repository appears at once
            written = sorted(p for p in target.rglob("*") if p.is_file())
            kept: list[Path] = []
        else:
            written, kept = _move_into(repo, target)
    except (OSError, WriteFailed) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(made)
        raise _failed(target, exc) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(made)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return Generated(target, tuple(written), tuple(kept))
