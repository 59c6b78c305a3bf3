"""Editor support: ``drafting schema --install-vscode``, ``--draft-07`` and the modeline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from drafting.check.schema import editor_schema
from drafting.cli import main
from drafting.scaffold.vscode import install_vscode, modeline

from ..conftest import EXAMPLES


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_install_writes_schemas_and_settings(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--install-vscode"]) == 0
    out = capsys.readouterr().out
    assert out.count("已写入：") == 7
    for kind in ("plan", "summary", "speech", "notice", "units"):
        written = _json(in_tmp / ".drafting" / "schemas" / f"{kind}.schema.json")
        assert written == editor_schema(kind)
        Draft7Validator.check_schema(written)
    settings = _json(in_tmp / ".vscode" / "settings.json")
    assert isinstance(settings, dict)
    mapping = settings["yaml.schemas"]
    assert mapping["./.drafting/schemas/units.schema.json"] == ["units.yaml", "**/units.yaml"]
    assert "**/plan-*.yaml" in mapping["./.drafting/schemas/plan.schema.json"]
    assert _json(in_tmp / ".vscode" / "extensions.json") == {
        "recommendations": ["redhat.vscode-yaml"]
    }
    assert main(["schema", "--install-vscode"]) == 0
    assert "没有改动" in capsys.readouterr().out


def test_install_merges_existing_settings(tmp_path: Path) -> None:
    vscode = tmp_path / ".vscode"
    vscode.mkdir()
    (vscode / "settings.json").write_text(
        json.dumps({"editor.fontSize": 16, "yaml.schemas": {"other.json": "x.yaml"}}), "utf-8"
    )
    (vscode / "extensions.json").write_text('{"recommendations": ["ms-python.python"]}', "utf-8")
    done = install_vscode(tmp_path)
    assert vscode / "settings.json" in done.written
    settings = _json(vscode / "settings.json")
    assert isinstance(settings, dict)
    assert settings["editor.fontSize"] == 16
    assert settings["yaml.schemas"]["other.json"] == "x.yaml"
    assert len(settings["yaml.schemas"]) == 6
    assert _json(vscode / "extensions.json") == {
        "recommendations": ["ms-python.python", "redhat.vscode-yaml"]
    }


def test_settings_with_comments_are_refused_and_nothing_is_written(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vscode = in_tmp / ".vscode"
    vscode.mkdir()
    original = '{\n  // 我们的设置\n  "editor.fontSize": 16,\n}\n'
    (vscode / "settings.json").write_text(original, encoding="utf-8")
    assert main(["schema", "--install-vscode"]) == 2
    err = capsys.readouterr().err
    assert ".vscode/settings.json:2:3: 这个文件含有注释" in err
    assert '"yaml.schemas"' in err  # what to add by hand
    assert (vscode / "settings.json").read_text(encoding="utf-8") == original
    assert not (in_tmp / ".drafting").exists()
    assert sorted(p.name for p in vscode.iterdir()) == ["settings.json"]


def test_schema_command_prints_either_draft(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "plan", "--draft-07"]) == 0
    assert json.loads(capsys.readouterr().out) == editor_schema("plan")
    assert main(["schema", "plan"]) == 0
    assert json.loads(capsys.readouterr().out)["$schema"].endswith("2020-12/schema")
    assert main(["schema"]) == 2
    assert main(["schema", "plan", "--install-vscode"]) == 2


def test_modeline_points_at_the_repository_schemas_from_any_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert modeline("plan", tmp_path / "plan-2025.yaml") is None
    install_vscode(tmp_path)
    assert modeline("plan", tmp_path / "plan-2025.yaml") == (
        "# yaml-language-server: $schema=.drafting/schemas/plan.schema.json"
    )
    nested = tmp_path / "2025" / "speeches"
    nested.mkdir(parents=True)
    assert modeline("speech", nested / "x.yaml") == (
        "# yaml-language-server: $schema=../../.drafting/schemas/speech.schema.json"
    )


def test_summarize_and_import_write_the_modeline_in_such_a_repository(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / ".git").mkdir()
    assert main(["schema", "--install-vscode"]) == 0
    shutil.copy(EXAMPLES / "plan-2023-county.yaml", in_tmp / "plan-2023.yaml")
    shutil.copy(EXAMPLES / "units.yaml", in_tmp / "units.yaml")
    assert main(["summarize", "plan-2023.yaml"]) == 0
    first = (in_tmp / "summary-2023.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=.drafting/schemas/summary.schema.json"
    assert main(["render", "plan-2023.yaml", "-o", "build/"]) == 0
    (in_tmp / "imported").mkdir()
    assert main(["import", "build/plan-2023.docx", "-o", "imported/plan.yaml"]) == 0
    first = (in_tmp / "imported" / "plan.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.drafting/schemas/plan.schema.json"
    capsys.readouterr()
    assert main(["check", "--strict", "imported", "plan-2023.yaml"]) == 0
