"""The one paragraph reader: lint and import read the same text for the same paragraph."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from drafting.ingest.extract import extract
from drafting.lint import read
from drafting.ooxml.ns import W_NS
from drafting.ooxml.package import open_package

_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)

PARAGRAPHS = {
    "page-break": '<w:r><w:t>一、总体要求</w:t><w:br w:type="page"/><w:t>续</w:t></w:r>',
    "tab-and-line-break": "<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:cr/></w:r>",
    "field-code-in-w-t": (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>HYPERLINK "x"</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>链接</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ),
    "tracked-changes": (
        '<w:ins w:id="1" w:author="a"><w:r><w:t>新</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="4" w:author="a"><w:r><w:t>移来</w:t></w:r></w:moveTo>'
    ),
    "simple-field": '<w:fldSimple w:instr=" DATE "><w:r><w:t>2025年1月</w:t></w:r></w:fldSimple>',
}


def _docx(tmp_path: Path, runs: str) -> Path:
    document = f'<w:document xmlns:w="{W_NS}"><w:body><w:p>{runs}</w:p></w:body></w:document>'
    target = tmp_path / "one.docx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return target


@pytest.mark.parametrize("runs", PARAGRAPHS.values(), ids=PARAGRAPHS.keys())
def test_lint_and_import_read_the_same_paragraph_text(runs: str, tmp_path: Path) -> None:
    # Lint wrote a page break as nothing and read a field code typed as w:t, where import
    # wrote "\n" and skipped the code (issue 18: one paragraph reader, ooxml.text).
    target = _docx(tmp_path, runs)
    with open_package(target) as package:
        linted = [p.text for p in read(package).paras]
    imported = [line.text for line in extract(target).lines]
    assert linted == imported


def test_the_reader_skips_codes_and_removed_text(tmp_path: Path) -> None:
    runs = PARAGRAPHS["field-code-in-w-t"] + PARAGRAPHS["tracked-changes"]
    assert [line.text for line in extract(_docx(tmp_path, runs)).lines] == ["链接新移来"]
