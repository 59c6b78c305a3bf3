"""The cache of template work (docxtpl's XML clean-up, Jinja's compiled code).

It is an optimisation only: the output is the same with the cache cold, warm, off,
damaged or unwritable, and a cache folder that another user could write is not used.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.check import check_paths
from drafting.model import from_data
from drafting.render import docx as render_module
from drafting.render import sandbox
from drafting.render.cache import cache_folder
from drafting.render.docx import render
from drafting.render.package import package

from ..conftest import EXAMPLES


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Forget the cache folder and the environment chosen so far in this process."""

    def forget() -> None:
        cache_folder.cache_clear()
        sandbox.environment.cache_clear()

    forget()
    yield monkeypatch
    forget()


def _rendered() -> bytes:
    checked = check_paths([str(EXAMPLES / "plan-2023-county.yaml")]).files[0]
    return package(render(from_data(checked.kind, checked.data)))  # fixed zip timestamps


def _use(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("DRAFTING_CACHE_DIR", value)
    cache_folder.cache_clear()
    sandbox.environment.cache_clear()


def test_output_is_the_same_cold_warm_and_off(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _use(fresh, "")
    assert cache_folder() is None
    off = _rendered()
    folder = tmp_path / "cache"
    _use(fresh, str(folder))
    cold = _rendered()
    entries = sorted(p.name for p in folder.rglob("*") if p.is_file())
    assert any(n.endswith(".txt") for n in entries)  # docxtpl's clean-up of each part
    assert any(n.startswith("__jinja2_") for n in entries)  # Jinja's compiled code
    assert any((folder / "tags").iterdir())  # the values each part shows
    _use(fresh, str(folder))  # as a new process would: nothing in memory
    warm = _rendered()
    assert off == cold == warm
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_damaged_entries_are_computed_again(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _use(fresh, str(folder))
    expected = _rendered()
    damaged = [p for p in folder.rglob("*") if p.is_file()]
    for path in damaged:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # truncated, as by a full disk
    _use(fresh, str(folder))
    assert _rendered() == expected
    text_entries = [p for p in damaged if p.suffix == ".txt"]
    assert text_entries and all(len(p.read_bytes()) > 64 for p in text_entries)
    for path in damaged:
        path.write_bytes(b"\x00garbage")
    _use(fresh, str(folder))
    assert _rendered() == expected


def test_unusable_folders_turn_the_cache_off(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    expected = _rendered()
    a_file = tmp_path / "file"
    a_file.write_text("x")
    _use(fresh, str(a_file / "cache"))  # cannot be created
    assert cache_folder() is None
    assert _rendered() == expected

    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    _use(fresh, str(link))  # a symlink could point anywhere
    assert cache_folder() is None

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    _use(fresh, str(shared))  # ours but open to others: made private, then used
    assert cache_folder() == shared
    assert shared.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_a_folder_of_another_user_is_not_used(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 12345, 12345)
    _use(fresh, str(theirs))
    assert cache_folder() is None


def test_unwritable_cache_still_renders(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    expected = _rendered()
    folder = tmp_path / "cache"
    _use(fresh, str(folder))

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "read-only")

    fresh.setattr(tempfile, "mkstemp", refuse)  # our entries
    fresh.setattr(tempfile, "NamedTemporaryFile", refuse)  # Jinja's entries
    assert _rendered() == expected
    assert [p for p in folder.rglob("*") if p.is_file()] == []


def test_code_compiled_by_a_differently_checked_environment_is_not_reused(
    fresh: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An upgrade that adds operator checks must not run code compiled without them."""
    from tests.adversarial.test_render_input import _template_with

    template = _template_with(tmp_path, "t.docx", "{% set s = 'x' * 17000000 %}ok")
    checked = check_paths([str(EXAMPLES / "plan-2023-county.yaml")]).files[0]
    doc = from_data(checked.kind, checked.data)
    options = render_module.RenderOptions(template=template)
    folder = str(tmp_path / "cache")
    fresh.setattr(sandbox.Bounded, "intercepted_binops", frozenset())  # an older drafting
    _use(fresh, folder)
    assert render(doc, options)  # compiled and cached with '*' inline
    assert any(p.name.startswith("__jinja2_") for p in (tmp_path / "cache").rglob("*"))
    fresh.undo()
    _use(fresh, folder)
    with pytest.raises(render_module.TemplateProblem, match="生成的内容过大"):
        render(doc, options)
