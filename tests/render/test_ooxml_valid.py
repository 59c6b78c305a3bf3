"""Every .docx we ship or write validates against ECMA-376 (transitional) with no error.

Word cannot run here, but its schema can: openxml-audit is a port of the Open XML SDK's
validator (the rules Word's "repair" dialog comes from). It is checked on the bundled
templates and on what `drafting render` writes: every example, each font and page
profile, the by-unit task lists, and the attachment tables (the county plan's task
table; a summary with the completion table, which no example has).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from drafting.cli import main
from drafting.resources import KINDS

from ..conftest import EXAMPLES, ROOT, summary_with_tables

FORMATS = (FileFormat.OFFICE_2007, FileFormat.OFFICE_2019)  # ECMA-376 1st edition; Word 2019
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")
VARIANTS = {
    "default": [],
    "fonts-windows": ["--fonts", "windows"],
    "fonts-open": ["--fonts", "open"],
    "profile-strict": ["--profile", "strict"],
}


def _errors(path: Path) -> list[str]:
    """Return every validation error of ``path``, under each format, as readable lines."""
    found = []
    for file_format in FORMATS:
        result = OpenXmlValidator(file_format=file_format, max_errors=0).validate(path)
        found.extend(
            f"{path.name} [{file_format.value}] {e.part_uri} {e.path}: {e.description}"
            for e in result.errors
        )
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_templates_are_valid(kind: str) -> None:
    assert _errors(ROOT / "templates" / f"{kind}.docx") == []


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Render every example once per variant, plus the by-unit lists of the county plan."""
    made: dict[str, list[Path]] = {}
    base = tmp_path_factory.mktemp("ooxml")
    for name, extra in VARIANTS.items():
        folder = base / name
        assert main(["render", *map(str, EXAMPLE_FILES), "-o", str(folder), *extra]) == 0
        made[name] = sorted(folder.glob("*.docx"))
    county = str(EXAMPLES / "plan-2023-county.yaml")  # the example plan with units
    assert main(["render", county, "--by-unit", "-o", str(base / "by-unit")]) == 0
    made["by-unit"] = sorted((base / "by-unit").rglob("*.docx"))
    (base / "tables").mkdir()
    summary = summary_with_tables(base / "tables")
    assert main(["render", str(summary), "-o", str(base / "tables" / "summary.docx")]) == 0
    made["tables"] = [base / "tables" / "summary.docx"]
    return made


@pytest.mark.parametrize("variant", [*VARIANTS, "by-unit", "tables"])
def test_rendered_files_are_valid(variant: str, outputs: dict[str, list[Path]]) -> None:
    files = outputs[variant]
    assert len(files) >= {"by-unit": 3, "tables": 1}.get(variant, len(EXAMPLE_FILES))
    assert [error for path in files for error in _errors(path)] == []
