"""Package: rendered .docx bytes re-zipped reproducibly, with our content hash.

Fixed timestamps and member order make the same document give the same bytes on every
run; the hash in the custom properties (:data:`drafting.fsio.HASH_NAME`) lets the writer
tell our untouched output from a file someone edited (:func:`drafting.fsio.is_untouched`).
The organisation goes there too (:data:`drafting.fsio.ORG_NAME`): ``drafting import`` reads
it back from that property, never from the core properties' author, which is whoever's
Word last saved the file.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from drafting.fsio import CUSTOM, HASH_NAME, ORG_NAME, content_hash

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CT_CUSTOM = (
    '<Override PartName="/docProps/custom.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
)
_REL_CUSTOM = (
    '<Relationship Id="rIdDraftingCustom" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
)


_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def _custom_xml(value: str, org: str = "") -> bytes:
    """Return docProps/custom.xml: our content hash, and the issuing organisation (``org``,
    when the document names one) for ``drafting import`` to read back."""
    named = (
        f'<property fmtid="{_FMTID}" pid="3" name="{ORG_NAME}">'
        f"<vt:lpwstr>{escape(org)}</vt:lpwstr></property>"
        if org
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{_FMTID}" pid="2" name="{HASH_NAME}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property>{named}</Properties>"
    ).encode()


def _org(parts: dict[str, bytes]) -> str:
    """Return the organisation render wrote as the document's author ("" for none: render
    writes "drafting" when the document names no org)."""
    core = parts.get("docProps/core.xml")
    if core is None:
        return ""
    creator = ElementTree.fromstring(core).find(_CREATOR)
    text = (creator.text or "").strip() if creator is not None else ""
    return "" if text == "drafting" else text


def package(docx: bytes) -> bytes:
    """Return ``docx`` re-zipped with fixed timestamps and our content hash."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts.pop(CUSTOM, None)
    types = parts["[Content_Types].xml"].decode()
    if "/docProps/custom.xml" not in types:
        parts["[Content_Types].xml"] = types.replace("</Types>", _CT_CUSTOM + "</Types>").encode()
    rels = parts["_rels/.rels"].decode()
    if "custom-properties" not in rels:
        parts["_rels/.rels"] = rels.replace(
            "</Relationships>", _REL_CUSTOM + "</Relationships>"
        ).encode()
    parts[CUSTOM] = _custom_xml(content_hash(parts), _org(parts))
    order = ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return buffer.getvalue()
