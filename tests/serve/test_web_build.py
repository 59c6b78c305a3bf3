"""The built front end in drafting/serve/static/ is the one its sources and lockfile make.

``npm run build`` in web/ writes the bundle and a manifest of the sha256 of every source
file and of the lockfile; a source edited without rebuilding (or a bundle edited by hand)
fails here, so CI never ships a stale page. The page loads nothing from the network.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
STATIC = ROOT / "drafting" / "serve" / "static"
MANIFEST = STATIC / "manifest.json"
FILES = ("index.html", "app.js", "app.css", "editor.worker.js", "yaml.worker.js", "codicon.ttf")
PINNED = ("esbuild", "monaco-editor", "monaco-yaml")
# The whole bundle is 5.9 MB today (app.js 4.1 MB: the Monaco core and its features, the
# YAML colouring, no TypeScript/CSS/HTML/JSON services; yaml.worker.js 1.1 MB). 8 MiB
# leaves room for a Monaco update; more means something unneeded got bundled.
MAX_TOTAL = 8 * 1024 * 1024
MAX_APP = 6 * 1024 * 1024
# A script, worker, fetch or import whose address is on another host (http:, https:, //).
LOADS = re.compile(
    r"""(?:importScripts|new\s+Worker|new\s+SharedWorker|fetch|import|loadScript)\s*\(\s*["'`](?:https?:)?//"""
    r"""|(?:src|href)\s*=\s*["'`](?:https?:)?//|XMLHttpRequest[^;]{0,80}["'`]https?://"""
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(MANIFEST.read_text("utf-8"))
    return data


def source_files() -> list[str]:
    files = [WEB / "build.mjs", WEB / "package.json", *sorted((WEB / "src").iterdir())]
    return [p.relative_to(ROOT).as_posix() for p in files if p.is_file()]


def test_manifest_names_every_source_with_its_hash() -> None:
    recorded = manifest()["sources"]
    assert sorted(recorded) == sorted(source_files()), (
        "web/ 的源文件与 manifest 不符：请 npm run build"
    )
    stale = [name for name, digest in recorded.items() if sha256(ROOT / name) != digest]
    assert not stale, f"这些源文件改过而未重新构建（cd web && npm ci && npm run build）：{stale}"


def test_manifest_matches_the_lockfile() -> None:
    assert manifest()["lockfile"] == {"web/package-lock.json": sha256(WEB / "package-lock.json")}


def test_bundle_files_are_the_ones_built() -> None:
    outputs = manifest()["outputs"]
    on_disk = sorted(p.name for p in STATIC.iterdir() if p.name != "manifest.json")
    assert sorted(outputs) == on_disk
    for name in FILES:
        assert name in outputs, name
    for name, entry in outputs.items():
        assert isinstance(entry, dict)
        path = STATIC / name
        assert entry["sha256"] == sha256(path), f"{name} 与构建结果不同（被手工改过？）"
        assert entry["bytes"] == path.stat().st_size


def test_bundle_size_is_bounded() -> None:
    total = sum(p.stat().st_size for p in STATIC.iterdir())
    assert total <= MAX_TOTAL, total
    assert (STATIC / "app.js").stat().st_size <= MAX_APP
    # and it is a real build, not an empty stub
    assert (STATIC / "app.js").stat().st_size > 1_000_000
    assert (STATIC / "yaml.worker.js").stat().st_size > 200_000


def test_versions_are_pinned_exactly_and_locked() -> None:
    package = json.loads((WEB / "package.json").read_text("utf-8"))
    lock = json.loads((WEB / "package-lock.json").read_text("utf-8"))
    deps = package["dependencies"]
    assert sorted(deps) == sorted(PINNED)
    for name in PINNED:
        assert re.fullmatch(r"\d+\.\d+\.\d+", deps[name]), (name, deps[name])
        assert lock["packages"][f"node_modules/{name}"]["version"] == deps[name]
    assert lock["packages"][""]["dependencies"] == deps
    assert package["scripts"]["build"] == "node build.mjs"


def test_page_loads_only_from_the_local_server() -> None:
    html = (STATIC / "index.html").read_text("utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    assert refs and all(r.startswith(("/static/", "data:")) for r in refs), refs
    for ref in (r for r in refs if r.startswith("/static/")):
        assert (STATIC / ref.removeprefix("/static/")).is_file(), ref
    css = (STATIC / "app.css").read_text("utf-8")
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)", css)
    assert "/static/codicon.ttf" in urls
    assert all(u.startswith(("/static/", "data:", "#")) for u in urls), sorted(set(urls))
    assert "@import" not in css
    for name in ("app.js", "editor.worker.js", "yaml.worker.js", "index.html"):
        text = (STATIC / name).read_text("utf-8")
        found = LOADS.findall(text)
        assert not found, (name, found)
    app = (STATIC / "app.js").read_text("utf-8")
    for worker in ("editor.worker.js", "yaml.worker.js"):
        assert worker in app


def test_load_pattern_catches_a_remote_load() -> None:
    """The pattern above is not blind: each kind of remote load is found."""
    for bad in (
        'importScripts("https://cdn.example/x.js")',
        "new Worker('//cdn.example/w.js')",
        "fetch(`http://cdn.example/s.json`)",
        '<script src="https://cdn.example/m.js">',
    ):
        assert LOADS.search(bad), bad


def test_bundle_is_not_ignored_by_git_so_the_wheel_ships_it() -> None:
    """hatch puts every file of the package that git does not ignore into the wheel."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("没有 git 或不是 git 仓库")
    names = [str(STATIC / n) for n in (*FILES, "manifest.json")]
    ignored = subprocess.run(
        [git, "check-ignore", *names], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.stdout == "", ignored.stdout
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'packages = ["drafting"]' in pyproject


def test_the_wheel_ships_the_bundle(tmp_path: Path) -> None:
    """``pip wheel`` of this checkout carries every bundle file, byte for byte."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name.removeprefix("drafting/serve/static/"): archive.read(name)
            for name in archive.namelist()
            if name.startswith("drafting/serve/static/")
        }
    assert sorted(shipped) == sorted(p.name for p in STATIC.iterdir())
    for name, data in shipped.items():
        assert data == (STATIC / name).read_bytes(), name
