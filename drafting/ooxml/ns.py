"""The XML namespaces of a .docx, and the ISO/IEC 29500 Strict → transitional map.

Every reader and writer of OOXML in drafting takes its namespace names from here.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
"""WordprocessingML in Clark notation, the prefix of every ``w:`` tag."""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R = "{" + R_NS + "}"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
OFFICE_DOCUMENT = R_NS + "/officeDocument"

CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
"""Core properties (docProps/core.xml): ``cp:category``, ``cp:lastModifiedBy``."""
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"

STRICT = "http://purl.oclc.org/ooxml/"
"""The prefix every ISO/IEC 29500 Strict namespace starts with."""
_TRANSITIONAL = "http://schemas.openxmlformats.org/"
STRICT_NAMESPACES = {
    STRICT + strict: _TRANSITIONAL + transitional
    for strict, transitional in (
        ("wordprocessingml/main", "wordprocessingml/2006/main"),
        ("officeDocument/relationships", "officeDocument/2006/relationships"),
        ("officeDocument/math", "officeDocument/2006/math"),
        ("officeDocument/sharedTypes", "officeDocument/2006/sharedTypes"),
        ("officeDocument/customXml", "officeDocument/2006/customXml"),
        ("officeDocument/bibliography", "officeDocument/2006/bibliography"),
        ("officeDocument/extendedProperties", "officeDocument/2006/extended-properties"),
        ("officeDocument/customProperties", "officeDocument/2006/custom-properties"),
        ("officeDocument/docPropsVTypes", "officeDocument/2006/docPropsVTypes"),
        ("drawingml/main", "drawingml/2006/main"),
        ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
        ("drawingml/picture", "drawingml/2006/picture"),
        ("drawingml/chart", "drawingml/2006/chart"),
        ("drawingml/chartDrawing", "drawingml/2006/chartDrawing"),
        ("drawingml/diagram", "drawingml/2006/diagram"),
        ("drawingml/lockedCanvas", "drawingml/2006/lockedCanvas"),
        ("schemaLibrary/main", "schemaLibrary/2006/main"),
    )
}
"""ISO/IEC 29500 Strict namespace → its transitional twin (ECMA-376 Part 1, Strict and
Transitional differ in these names; the elements and attributes we read are the same)."""
