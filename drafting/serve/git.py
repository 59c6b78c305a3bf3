"""The served folder's git repository: status, diff and commit through the ``git`` program.

Every call runs ``git`` as a child process with a time limit, in the served folder, with
paths given after ``--`` and confined to the folder first, so that a commit takes exactly
the files the user ticked (never ``git add -A``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from drafting.errors import DraftingError, UsageError
from drafting.serve.workspace import Workspace

TIME_LIMIT = 20.0
"""Seconds one git command may take."""
DIFF_LIMIT = 2 * 1024 * 1024
"""The largest diff text returned, in characters (the rest is cut)."""
_STATUS = {
    "M": "modified",
    "A": "added",
    "D": "deleted",
    "R": "renamed",
    "C": "copied",
    "?": "untracked",
    "U": "conflict",
    "T": "modified",
}


def _git(root: Path, *args: str, check: bool = True) -> str:
    """Return the output of ``git args`` run in ``root``; DraftingError on failure."""
    binary = shutil.which("git")
    if binary is None:
        raise DraftingError("找不到 git 程序，无法显示改动或提交", code="no-git")
    try:
        done = subprocess.run(
            [binary, "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            timeout=TIME_LIMIT,
            check=False,
            stdin=subprocess.DEVNULL,
            env=_environment(),
        )
    except subprocess.TimeoutExpired:
        raise DraftingError(f"git 在 {TIME_LIMIT:.0f} 秒内没有完成", code="git-timeout") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"退出码 {done.returncode}"
        raise DraftingError(f"git {args[0]} 失败：{message}", code="git-failed")
    return done.stdout.decode("utf-8", "replace")


def _environment() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C.UTF-8"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def is_repo(root: Path) -> bool:
    """Return True when ``root`` is inside a git work tree (and git is installed)."""
    if shutil.which("git") is None:
        return False
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() == "true"
    except DraftingError:
        return False


def status(ws: Workspace) -> dict[str, Any]:
    """Return ``{"repo", "branch", "changes": [{"path", "status"}], "diff"}`` of the folder."""
    root = ws.root
    if not is_repo(root):
        return {"repo": False, "branch": None, "changes": [], "diff": ""}
    branch = _git(root, "rev-parse", "--abbrev-ref", "HEAD", check=False).strip() or None
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    out = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    changes = []
    records = out.split("\0")
    index = 0
    while index < len(records):
        record = records[index]
        index += 1
        if len(record) < 4:
            continue
        code, name = record[:2], record[3:]
        if code[0] in "RC":
            index += 1  # the old name follows
        letter = code.strip()[:1] or "M"
        real = (top / name).resolve()
        if not real.is_relative_to(root):
            continue
        shown = real.relative_to(root).as_posix()
        if any(p.startswith(".") for p in real.relative_to(root).parts):
            continue
        changes.append({"path": shown, "status": _STATUS.get(letter, "modified")})
    has_head = _git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip() != ""
    diff = _git(root, "diff", "HEAD", "--", ".") if has_head else ""
    if len(diff) > DIFF_LIMIT:
        diff = diff[:DIFF_LIMIT] + "\n…（改动过长，以下从略）\n"
    return {"repo": True, "branch": branch, "changes": changes, "diff": diff}


def commit(ws: Workspace, message: object, paths: object) -> str:
    """Commit exactly ``paths`` (inside the folder) with ``message``; return the new sha."""
    if not isinstance(message, str) or not message.strip():
        raise UsageError("请填写提交说明", code="bad-request")
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise UsageError("请选择要提交的文件", code="bad-request")
    root = ws.root
    if not is_repo(root):
        raise UsageError("所服务的文件夹不在 git 仓库中", code="not-a-repo")
    names = []
    for given in paths:
        real = ws.resolve(given, must_exist=False)
        names.append(real.relative_to(root).as_posix())
    _git(root, "add", "-A", "--", *names)
    _git(root, "commit", "-q", "-m", message.strip(), "--", *names)
    return _git(root, "rev-parse", "HEAD").strip()
