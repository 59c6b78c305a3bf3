"""``check.open_document``: check → model, the one way commands get a Document."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.check import Checker, open_document
from drafting.errors import InputError, UsageError, WrongKind

from ..conftest import EXAMPLES


def test_a_valid_document_opens_with_its_model_and_warnings() -> None:
    opened = open_document(EXAMPLES / "plan-2024-wujin.yaml")
    assert opened.document.kind == "plan"
    assert opened.document.year == 2024
    assert opened.source.data["kind"] == "plan"
    assert all(d.severity.name != "ERROR" for d in opened.diagnostics)


def test_a_document_with_errors_raises_input_error_with_every_diagnostic(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text("kind: plan\ntitle: x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_document(bad)
    assert caught.value.diagnostics
    assert caught.value.diagnostics == Checker().check_file(bad).diagnostics


def test_another_kind_raises_wrong_kind_a_usage_error() -> None:
    with pytest.raises(WrongKind) as caught:
        open_document(EXAMPLES / "speech-2024-guanwei.yaml", kinds=("plan",))
    assert isinstance(caught.value, UsageError)
    assert caught.value.code == "not-a-plan"
    assert caught.value.kind == "speech"
    assert caught.value.message.endswith("不是工作要点（kind: plan）")


def test_the_unit_registry_is_never_a_document() -> None:
    with pytest.raises(WrongKind) as caught:
        open_document(EXAMPLES / "units.yaml")
    assert caught.value.kind == "units"
    assert caught.value.code == "not-a-document"
