"""The distribution as pip builds and installs it: its name, what the wheel ships, install lines."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

import drafting
from drafting import __version__
from drafting.scaffold import distribution

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NAME = PYPROJECT["project"]["name"]


def _pip(*args: str, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    """Run pip without the machine's pip configuration (its extra indexes and find-links)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run(
        [python, "-m", "pip", *args], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from this checkout (as ``pip install .`` does)."""
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("*.whl")
    return found


def test_the_distribution_name_is_not_the_stranger_on_the_index() -> None:
    """``drafting`` on the public index is an unrelated project (0.0.1–0.2.4)."""
    assert NAME == distribution.DISTRIBUTION
    assert NAME.replace("_", "-").lower() != "drafting"
    assert PYPROJECT["project"]["scripts"] == {"drafting": "drafting.cli:main"}


def test_the_wheel_has_the_name_and_ships_py_typed(wheel: Path) -> None:
    assert wheel.name.startswith(f"{NAME.replace('-', '_')}-{__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        headers = archive.read(meta).decode("utf-8").split("\n\n", 1)[0].splitlines()
    assert f"Name: {NAME}" in headers and f"Version: {__version__}" in headers
    assert {"drafting/__init__.py", "drafting/py.typed"} <= names
    assert "drafting/templates/new/cookiecutter.json" in names


def test_an_installed_wheel_writes_install_lines_pip_resolves_to_itself(
    wheel: Path, tmp_path: Path
) -> None:
    """Install the wheel in a venv, run its ``drafting new``, and hand each line to pip.

    The venv sees the machine's packages too, so another installed ``drafting`` (an
    editable checkout) is there as well and must not be taken for the running copy.
    """
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = str(bindir / "python")
    done = _pip("install", "--no-deps", "--no-index", str(wheel), python=python)
    assert done.returncode == 0, done.stdout + done.stderr
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    new = subprocess.run(
        [python, "-m", "drafting", "new", "office", "--no-input", "--org", "××局"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert new.returncode == 0, new.stdout + new.stderr
    repo = work / "office"
    workflow = yaml.safe_load((repo / ".github/workflows/drafting.yml").read_text("utf-8"))
    steps = workflow["jobs"]["drafting"]["steps"]
    (github,) = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    job = yaml.safe_load((repo / ".gitlab-ci.yml").read_text("utf-8"))["drafting"]
    (gitlab,) = [c for c in job["script"] if "pip install" in c]
    readme = (repo / "README.md").read_text("utf-8")
    assert github == gitlab == f'python -m pip install "{NAME}=={__version__}"'
    assert github in readme
    words = shlex.split(github)
    assert words[:4] == ["python", "-m", "pip", "install"]
    resolved = _pip(
        "install", "--dry-run", "--no-deps", "--no-index", "--ignore-installed",
        "--find-links", str(wheel.parent), *words[4:],
    )  # fmt: skip
    assert resolved.returncode == 0, resolved.stdout + resolved.stderr
    assert f"Would install {NAME}-{__version__}" in resolved.stdout


def test_the_install_line_comes_from_the_distribution_that_is_this_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An installed copy of this code names itself; another ``drafting`` package does not."""
    import importlib.metadata as metadata

    ours = Path(drafting.__file__).resolve()
    stranger = tmp_path / "site" / "drafting" / "__init__.py"
    stranger.parent.mkdir(parents=True)
    stranger.write_text("")

    def fake(name: str, version: str, init: Path) -> Any:
        record = metadata.PackagePath("drafting/__init__.py")
        return SimpleNamespace(
            files=[metadata.PackagePath("drafting/cli.py"), record],
            locate_file=lambda _: init,
            metadata={"Name": name},
            version=version,
        )

    dists = {"drafting": fake("drafting", "0.2.4", stranger)}
    monkeypatch.setattr(metadata, "packages_distributions", lambda: {"drafting": list(dists)})
    monkeypatch.setattr(metadata, "distribution", lambda n: dists[n])
    assert distribution.installed() == distribution.Release(NAME, __version__)
    dists["Drafting-Gongwen"] = fake("Drafting-Gongwen", "9.8.7", ours)
    assert distribution.installed() == distribution.Release("Drafting-Gongwen", "9.8.7")
    assert distribution.install_command() == 'python -m pip install "Drafting-Gongwen==9.8.7"'


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        (None, f'python -m pip install "{NAME}=={__version__}"'),
        ("./wheels/drafting_gongwen-0.1.0-py3-none-any.whl",
         "python -m pip install ./wheels/drafting_gongwen-0.1.0-py3-none-any.whl"),
        ("git+https://git.example.cn/office/drafting.git@v0.1.0",
         "python -m pip install git+https://git.example.cn/office/drafting.git@v0.1.0"),
        ("--index-url https://pypi.example.cn/simple drafting-gongwen>=0.1,<0.2",
         'python -m pip install --index-url https://pypi.example.cn/simple "drafting-gongwen>=0.1,<0.2"'),
        ('"D:/软件 包/drafting_gongwen-0.1.0-py3-none-any.whl"',
         'python -m pip install "D:/软件 包/drafting_gongwen-0.1.0-py3-none-any.whl"'),
    ],
)  # fmt: skip
def test_install_commands(spec: str | None, line: str) -> None:
    assert distribution.install_command(spec) == line
    assert shlex.split(line)[4:] == (shlex.split(spec) if spec else [f"{NAME}=={__version__}"])


CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
STRANGER = re.compile(r"pip3? install (?:-\S+ )*[\"']?drafting(?:[=<>~!\[\"' ]|$)", re.M)


def _released() -> list[str]:
    """The versions CHANGELOG.md has entries for, newest first (“## 0.1.0（2026-12-01）”)."""
    return re.findall(r"^## (\d+\.\d+\.\d+)（\d{4}-\d\d-\d\d）$", CHANGELOG, re.M)


def test_the_changelog_starts_with_this_version() -> None:
    assert _released()[:1] == [__version__]
    assert (ROOT / "CHANGELOG.md").name in PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"][
        "include"
    ]


def test_every_rev_the_docs_show_is_this_versions_tag() -> None:
    """pre-commit fetches the hook by tag: the README and the hook file show ``v<version>``."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    revs = re.findall(r"^[ #]*rev: (\S+)", README + hooks, re.M)
    assert revs and set(revs) == {f"v{__version__}"}


def test_no_text_tells_users_to_install_the_stranger() -> None:
    texts = {"README.md": README, "CHANGELOG.md": CHANGELOG}
    for path in (ROOT / "templates" / "new").rglob("*"):
        if path.is_file():
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    assert [name for name, text in texts.items() if STRANGER.search(text)] == []
    assert STRANGER.search('python -m pip install "drafting==0.1.0"')  # the old line
    assert not STRANGER.search('python -m pip install "drafting-gongwen==0.1.0"')


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_every_version_tag_has_a_changelog_entry() -> None:
    tags = subprocess.run(
        ["git", "tag", "--list", "v*"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    assert {t.removeprefix("v") for t in tags if re.fullmatch(r"v\d+\.\d+\.\d+", t)} <= set(
        _released()
    )
