"""Long batches as a user at a terminal meets them: progress shown, Ctrl-C obeyed at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def test_ctrl_c_inside_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafting.write import atomic_write

    target = tmp_path / "plan.pdf"
    target.write_bytes(b"before")

    def pressed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", pressed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"after" * 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]
    assert target.read_bytes() == b"before"
