"""``drafting new`` and ``schema --install-vscode``: writes stay inside the repository.

Links inside the target folder, a read-only folder, a full disk and a settings file
nested absurdly deep: each ends in a Chinese message and exit 1, with nothing written
outside the repository and no half-made repository left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import Run

NEW = ("--no-input", "--org", "××县教育局", "--year", "2025")


def _tree(folder: Path) -> dict[str, str]:
    """Return every entry under ``folder`` (links not followed) with what it is."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
        found[path.relative_to(folder).as_posix()] = kind
    return found


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder for ``drafting new``, beside a folder ``outside`` it."""
    (tmp_path / "outside").mkdir()
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# (case, link inside the repository, where it points relative to tmp_path)
LINKS = [
    (".vscode to a folder outside", ".vscode", "outside"),
    (".drafting to a folder outside", ".drafting", "outside"),
    (".drafting/schemas to a folder outside", ".drafting/schemas", "outside"),
    (".vscode dangling, outside", ".vscode", "outside/not-yet"),
    ("settings.json to a file outside", ".vscode/settings.json", "outside/settings.json"),
    (".github to a folder outside", ".github", "outside"),
]


def _link(repo: Path, name: str, points_to: Path) -> None:
    link = repo / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(points_to, target_is_directory=not points_to.suffix)


@pytest.mark.parametrize(("case", "name", "points_to"), LINKS, ids=[c for c, _, _ in LINKS])
def test_new_force_refuses_a_link_out_of_the_repository(
    case: str, name: str, points_to: str, work: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    repo = work / "repo"
    repo.mkdir()
    _link(repo, name, work.parent / points_to)
    before = _tree(repo)
    result = run("new", "repo", "--force", *NEW)
    if name.endswith(".json"):  # an existing entry, even a dangling link, is kept, not followed
        assert result.code == 0 and f"  repo/{name}\n" in result.out, result.out + result.err
        assert _tree(work.parent / "outside") == {}
        assert (repo / name).is_symlink()
        return
    assert result.code == 1, result.out + result.err
    assert "经链接指向" in result.err and "之外" in result.err and "未做任何改动" in result.err
    assert _tree(work.parent / "outside") == {}
    assert _tree(repo) == before  # not even the files the link does not concern


@pytest.mark.parametrize(
    ("case", "name", "points_to"),
    [c for c in LINKS if c[1] != ".github"],
    ids=[c for c, n, _ in LINKS if n != ".github"],
)
def test_install_vscode_refuses_a_link_out_of_the_repository(
    case: str, name: str, points_to: str, work: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    repo = work / "repo"
    repo.mkdir()
    _link(repo, name, work.parent / points_to)
    before = _tree(repo)
    result = run("schema", "--install-vscode", "--dir", repo)
    assert result.code == 1, result.out + result.err
    assert "经链接指向" in result.err and "未做任何改动" in result.err
    assert _tree(work.parent / "outside") == {}
    assert _tree(repo) == before


def test_a_link_that_stays_inside_the_repository_is_followed(work: Path, run: Run) -> None:
    repo = work / "repo"
    (repo / "editor").mkdir(parents=True)
    (repo / ".vscode").symlink_to("editor", target_is_directory=True)
    assert run("schema", "--install-vscode", "--dir", repo).code == 0
    assert sorted(p.name for p in (repo / "editor").iterdir()) == [
        "extensions.json",
        "settings.json",
    ]
    assert run("new", "repo", "--force", *NEW).code == 0
    assert (repo / "plan-2025.yaml").is_file()
    assert _tree(work.parent / "outside") == {}


# ---- a folder we may not write, a full disk ----------------------------------------

_FAULTS = {
    "read-only folder": (errno.EROFS, "只读"),
    "no permission": (errno.EACCES, "没有权限"),
    "disk full": (errno.ENOSPC, "磁盘空间不足"),
}


def _fail_under(
    monkeypatch: pytest.MonkeyPatch, folder: Path, number: int, *, after: int = 0
) -> None:
    """Make the ``after``-th and later file or folder creations under ``folder`` fail.

    Both creation calls the scaffold reaches are covered: ``os.mkdir`` (our staging
    folder, cookiecutter's folders) and ``os.open`` (every file, ``tempfile`` and
    ``open()`` alike, through ``io.open``'s opener).
    """
    import builtins
    import io

    count = [0]
    prefix = str(folder.resolve())

    def hit(path: object) -> None:
        name = os.fspath(path) if isinstance(path, str | os.PathLike) else ""
        if os.path.abspath(name).startswith(prefix):
            count[0] += 1
            if count[0] > after:
                raise OSError(number, os.strerror(number), name)

    real_mkdir, real_open, real_io_open = os.mkdir, os.open, io.open

    def mkdir(path: object, *args: object, **kw: object) -> None:
        hit(path)
        real_mkdir(path, *args, **kw)  # type: ignore[arg-type]

    def os_open(path: object, flags: int, *args: object, **kw: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            hit(path)
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    def io_open(file: object, mode: str = "r", *args: object, **kw: object) -> object:
        if any(m in mode for m in "wax+"):
            hit(file)
        return real_io_open(file, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(builtins, "open", io_open)


@pytest.mark.parametrize("after", [0, 3, 12], ids=["at once", "while staging", "later"])
@pytest.mark.parametrize("fault", list(_FAULTS))
def test_new_on_a_folder_that_cannot_take_it_says_why_and_leaves_nothing(
    fault: str, after: int, work: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    number, reason = _FAULTS[fault]
    _fail_under(monkeypatch, work, number, after=after)
    result = run("new", "a/b/repo", *NEW)
    monkeypatch.undo()
    assert result.code == 1, result.out + result.err
    assert reason in result.err and "未做任何改动" in result.err, result.err
    assert "a/b/repo" in result.err and ".drafting-new-" not in result.err, result.err
    assert _tree(work) == {}  # no staging folder, not even the parents it made


@pytest.mark.parametrize("fault", list(_FAULTS))
def test_new_force_in_a_folder_that_cannot_take_it_keeps_it_as_it_was(
    fault: str, work: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    repo = work / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "README.md").write_text("我们自己的说明\n", encoding="utf-8")
    before = _tree(repo)
    number, reason = _FAULTS[fault]
    _fail_under(monkeypatch, work, number)
    result = run("new", "repo", "--force", *NEW)
    monkeypatch.undo()
    assert result.code == 1 and reason in result.err, result.out + result.err
    assert _tree(repo) == before
    assert (repo / "README.md").read_text(encoding="utf-8") == "我们自己的说明\n"


def test_new_force_undoes_its_moves_when_one_fails(
    work: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The staged files are moved one by one: a failure half-way takes the moved ones back."""
    repo = work / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("我们自己的说明\n", encoding="utf-8")
    before = _tree(repo)
    real_replace = os.replace
    moved: list[str] = []

    def replace(source: object, target: object) -> None:
        if str(target).startswith(str(repo)) and ".drafting-new-" not in str(target):
            if len(moved) == 5:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            moved.append(str(target))
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    result = run("new", "repo", "--force", *NEW)
    monkeypatch.undo()
    assert len(moved) == 5
    assert result.code == 1 and "磁盘空间不足" in result.err, result.out + result.err
    assert _tree(repo) == before


@pytest.mark.parametrize("after", [0, 2, 5, 8])
def test_install_vscode_on_a_full_disk_takes_back_what_it_wrote(
    after: int, work: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    (work / "plan-2025.yaml").write_text("kind: plan\n", encoding="utf-8")
    before = _tree(work)
    _fail_under(monkeypatch, work, errno.ENOSPC, after=after)
    result = run("schema", "--install-vscode")
    monkeypatch.undo()
    assert result.code == 1, result.out + result.err
    assert result.out == "" and "写入" in result.err, result.out + result.err
    assert _tree(work) == before  # no schema, no empty .drafting/schemas or .vscode


def test_new_in_a_folder_it_may_not_list_says_so(
    work: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    (work / "repo").mkdir()

    def iterdir(self: Path) -> object:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = run("new", "repo", "--force", *NEW)
    monkeypatch.undo()
    assert result.code == 1, result.out + result.err
    assert "无法读取文件夹" in result.err and "没有权限" in result.err, result.err
    assert _tree(work) == {"repo": "dir"}


def _namespaces() -> bool:
    """Return True when ``unshare -rm`` can give us a private mount namespace."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs none $d"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _namespaces(), reason="needs unshare -rm and tmpfs (Linux)")
@pytest.mark.parametrize(
    ("case", "prepare", "reason"),
    [
        ("real full disk", "head -c 60000 /dev/zero > fill 2>/dev/null;", "磁盘空间不足"),
        ("real read-only mount", "mount -o remount,ro none .;", "只读"),
    ],
    ids=["full", "read-only"],
)
def test_new_on_a_real_tmpfs_that_cannot_take_it(case: str, prepare: str, reason: str) -> None:
    """The same, on a real 64 KiB tmpfs in a private mount namespace (no root needed)."""
    with tempfile.TemporaryDirectory() as folder:
        script = (
            f"mount -t tmpfs -o size=64k none {folder} && cd {folder} && {prepare} "
            f"{sys.executable} -m drafting new repo {' '.join(NEW)}; echo rc=$?; "
            "ls -A | grep -v '^fill$'; exit 0"
        )
        done = subprocess.run(
            ["unshare", "-rm", "sh", "-c", script],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr, done.stderr
    assert done.stdout.strip().splitlines() == ["rc=1"], done.stdout + done.stderr
    assert reason in done.stderr and "未做任何改动" in done.stderr, done.stderr


def test_a_file_where_a_folder_belongs_is_named_in_chinese(work: Path, run: Run) -> None:  # type: ignore[no-untyped-def]
    repo = work / "repo"
    repo.mkdir()
    (repo / ".vscode").write_text("不是文件夹\n", encoding="utf-8")
    before = _tree(repo)
    made = run("new", "repo", "--force", *NEW)
    assert made.code == 1 and "路径中有一项是文件而不是文件夹，未做任何改动" in made.err, made.err
    assert _tree(repo) == before
    installed = run("schema", "--install-vscode", "--dir", repo)
    assert installed.code == 2, installed.out + installed.err
    assert "无法读取（路径中有一项是文件而不是文件夹），未改动" in installed.err, installed.err
    assert _tree(repo) == before and "Errno" not in made.err + installed.err


def test_a_settings_file_not_in_utf8_is_named_in_chinese(work: Path, run: Run) -> None:  # type: ignore[no-untyped-def]
    (work / ".vscode").mkdir()
    (work / ".vscode" / "settings.json").write_bytes('{"编辑器": 1}'.encode("gbk"))
    result = run("schema", "--install-vscode")
    assert result.code == 2 and "不是 UTF-8 编码的文字" in result.err, result.err
    assert "codec" not in result.err and not (work / ".drafting").exists()


# ---- settings.json nested absurdly deep ------------------------------------------


@pytest.mark.parametrize(
    ("case", "text", "where"),
    [
        ("arrays 100,000 deep", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "1:70"),
        ("objects 100,000 deep", '{"a":' * 100_000 + "1" + "}" * 100_000, "1:321"),
        ("deep after a string with brackets", '{"[\\"[[": "]]]",\n "b": ' + "[" * 300, "2:70"),
    ],
    ids=["arrays", "objects", "after a string"],
)
@pytest.mark.parametrize("name", ["settings.json", "extensions.json"])
def test_a_settings_file_nested_too_deep_is_refused_with_its_place(
    name: str, case: str, text: str, where: str, work: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    settings = work / ".vscode" / name
    settings.parent.mkdir()
    settings.write_text(text, encoding="utf-8")
    result = run("schema", "--install-vscode")
    assert result.code == 2, result.out + result.err  # as a settings file with comments
    assert f"{settings.relative_to(work)}:{where}: " in result.err, result.err
    assert "嵌套太深" in result.err and "未改动" in result.err, result.err
    assert settings.read_text(encoding="utf-8") == text
    assert not (work / ".drafting").exists()
