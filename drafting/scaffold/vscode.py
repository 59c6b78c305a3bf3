"""Editor support: the schemas and VS Code settings inside an office's repository.

:func:`install_vscode` writes the draft-07 editor schemas to ``.drafting/schemas/`` and
maps them in ``.vscode/settings.json`` for the YAML extension (yaml-language-server),
which then completes keys and shows the Chinese titles and descriptions offline.
:func:`modeline` is the first line our generated YAML files carry, so that the same
help works per file in any editor built on yaml-language-server.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.errors import UsageError, os_reason

SCHEMA_FOLDER = Path(".drafting") / "schemas"
"""Where the editor schemas live, relative to the repository root."""

YAML_EXTENSION = "redhat.vscode-yaml"
EDITOR_KINDS: tuple[str, ...] = ("plan", "summary", "speech", "notice", "units")

# File patterns each schema applies to when a file has no modeline of its own: the names
# our commands write (plan-2025.yaml, summary-2025.yaml …) and the unit registry.
PATTERNS: dict[str, list[str]] = {
    "plan": ["plan-*.yaml", "**/plan-*.yaml"],
    "summary": ["summary-*.yaml", "**/summary-*.yaml"],
    "speech": ["speech-*.yaml", "**/speech-*.yaml"],
    "notice": ["notice-*.yaml", "**/notice-*.yaml"],
    "units": ["units.yaml", "**/units.yaml"],
}


@dataclass(frozen=True)
class Installed:
    """What :func:`install_vscode` did: files written and files already current."""

    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def schema_path(kind: str) -> str:
    """Return the repository-relative POSIX path of the editor schema of ``kind``."""
    return (SCHEMA_FOLDER / f"{kind}.schema.json").as_posix()


def settings(existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return VS Code settings: ``existing`` with our ``yaml.schemas`` entries merged in.

    Entries the user added for other schemas are kept; ours are replaced.
    """
    result = dict(existing or {})
    mapping = result.get("yaml.schemas")
    schemas = dict(mapping) if isinstance(mapping, dict) else {}
    for kind in EDITOR_KINDS:
        schemas[f"./{schema_path(kind)}"] = PATTERNS[kind]
    result["yaml.schemas"] = schemas
    return result


def extensions(existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return ``.vscode/extensions.json`` recommending the YAML extension (merged)."""
    result = dict(existing or {})
    wanted = result.get("recommendations")
    names = [n for n in wanted if isinstance(n, str)] if isinstance(wanted, list) else []
    if YAML_EXTENSION not in names:
        names.append(YAML_EXTENSION)
    result["recommendations"] = names
    return result


def _read_json(path: Path) -> dict[str, Any] | None:
    """Return the object in ``path`` (None if absent); refuse anything we cannot keep whole."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(
            f"{path}: 无法读取（{os_reason(exc)}），未改动", code="settings-unreadable"
        ) from exc
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: 无法读取（不是 UTF-8 编码的文字），未改动", code="settings-unreadable"
        ) from exc
    deep = _too_deep(text)
    if deep is not None:
        line, col = deep
        raise UsageError(
            f"{path}:{line}:{col}: 嵌套太深（超过 {MAX_DEPTH} 层），不像 VS Code 的设置文件，未改动",
            code="settings-shape",
        )
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # VS Code allows comments and trailing commas; rewriting would drop them.
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: 这个文件含有注释或不是标准 JSON，为免丢失内容未改动；"
            f"请手工加入以下设置：\n{_dumps(settings())}",
            code="settings-jsonc",
        ) from exc
    if not isinstance(value, dict):
        raise UsageError(f"{path}:1:1: 应是一个 JSON 对象，未改动", code="settings-shape")
    return value


MAX_DEPTH = 64
"""Deepest nesting of ``[`` and ``{`` we read in a settings file (VS Code's need a few)."""
# A whole string (escapes included; the unrolled form is as fast as json.loads), or a bracket.
_JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Return the 1-based line and column of the first bracket deeper than :data:`MAX_DEPTH`.

    Returns None when the text nests no deeper. Brackets inside strings do not count.
    Checked before :func:`json.loads`, whose recursion would otherwise end in a
    RecursionError on a file nested 100,000 deep.
    """
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                index = token.start()
                return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
        elif char in "]}":
            depth -= 1
    return None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def install_vscode(root: Path) -> Installed:
    """Write the editor schemas and VS Code settings into the repository at ``root``.

    Returns the files written and those already current. Existing settings are merged
    (other keys kept); a settings file with comments is refused with a
    :class:`~drafting.errors.UsageError` rather than rewritten without them. A file
    that a link (``.drafting -> elsewhere``) would put outside ``root`` is refused with
    :class:`~drafting.errors.OutsideRoot` before anything is read or written. When a
    write fails (a full disk), the files and folders this call created are removed
    again and the :class:`~drafting.fsio.WriteFailed` is raised.
    """
    from drafting.check.schema import editor_schema
    from drafting.errors import WriteFailed
    from drafting.fsio import atomic_write, check_confined

    if not root.is_dir():
        raise UsageError(f"找不到文件夹：{root}", code="not-found")
    vscode = root / ".vscode"
    files = [root / schema_path(kind) for kind in EDITOR_KINDS]
    check_confined(root, [*files, vscode / "settings.json", vscode / "extensions.json"])
    planned: list[tuple[Path, str]] = []
    for kind, file in zip(EDITOR_KINDS, files, strict=True):
        planned.append((file, _dumps(editor_schema(kind))))
    planned.append(
        (vscode / "settings.json", _dumps(settings(_read_json(vscode / "settings.json"))))
    )
    planned.append(
        (vscode / "extensions.json", _dumps(extensions(_read_json(vscode / "extensions.json"))))
    )
    written: list[Path] = []
    unchanged: list[Path] = []
    created: list[Path] = []  # files and folders that did not exist: taken back on failure
    for path, text in planned:  # everything is read and checked before anything is written
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current == text:
            unchanged.append(path)
            continue
        missing = [f for f in (path, path.parent, *path.parent.parents) if not f.exists()]
        try:
            atomic_write(path, text.encode("utf-8"))
        except WriteFailed:
            _take_back([*created, *reversed(missing)])
            raise
        created.extend(reversed(missing))
        written.append(path)
    return Installed(tuple(written), tuple(unchanged))


def _take_back(created: list[Path]) -> None:
    """Remove what a failed install created (outermost first in ``created``), newest first."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()  # only when empty: a folder someone filled meanwhile stays
            else:
                path.unlink()


def find_schema_folder(start: Path) -> Path | None:
    """Return the ``.drafting/schemas`` folder governing ``start`` (a file), if any.

    Looked for like ``units.yaml``: in the file's folder, then each parent, up to and
    including the root of the git repository.
    """
    folder = start.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FOLDER).is_dir():
            return candidate / SCHEMA_FOLDER
        if (candidate / ".git").exists():
            return None
    return None


def schema_reference(kind: str, target: Path) -> str | None:
    """Return the path of the editor schema of ``kind`` relative to a file at ``target``.

    The path is relative to the file, so it works on every clone. Returns None when the
    repository has no editor schemas (``drafting schema --install-vscode``).
    """
    folder = find_schema_folder(target)
    if folder is None or not (folder / f"{kind}.schema.json").is_file():
        return None
    relative = os.path.relpath(folder / f"{kind}.schema.json", target.resolve().parent)
    return Path(relative).as_posix()


def modeline(kind: str, target: Path) -> str | None:
    """Return the yaml-language-server modeline for a ``kind`` file written to ``target``.

    Returns None when the repository has no editor schemas (see :func:`schema_reference`).
    """
    from drafting.emit import modeline as line

    reference = schema_reference(kind, target)
    return None if reference is None else line(reference)
