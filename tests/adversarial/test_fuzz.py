"""Fuzzing with a time budget: the YAML reader and the .docx importer never crash.

Each target gets mutated inputs from hypothesis; any outcome other than a result or a
:class:`~drafting.errors.DraftingError` (which always names a place) is a failure.
``DRAFTING_FUZZ_EXAMPLES`` raises the number of inputs for a longer run (CI: 150).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.check import Checker
from drafting.errors import DraftingError
from drafting.ingest.extract import extract
from drafting.ingest.recognise import recognise

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BUDGET = settings(
    max_examples=int(os.environ.get("DRAFTING_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=False,
)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.integers(0, 3))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == 0 and data:
            data[at] = draw(st.integers(0, 255))
        elif action == 1:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == 2:
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"&a ",
                        b"*a",
                        b"!!str ",
                        b"- ",
                        b": ",
                        b"\t",
                        b"{",
                        b"[",
                        b'"',
                        b"\n  ",
                        b"\xff",
                    ]
                )
            )
    return bytes(data)


_YAML_SEEDS = [p.read_bytes() for p in EXAMPLES]


@BUDGET
@given(data=mutated(_YAML_SEEDS))
def test_fuzz_check(data: bytes, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "doc.yaml"
    path.write_bytes(data)
    checked = Checker().check_file(path)
    for diagnostic in checked.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.col >= 1


def _rendered_seeds() -> list[bytes]:
    from drafting.check import Checker
    from drafting.model import from_data
    from drafting.render.docx import render
    from drafting.render.package import package

    seeds = []
    for name in ("plan-2023-county.yaml", "speech-2024-guanwei.yaml"):
        checked = Checker().check_file(ROOT / "examples" / name)
        assert checked.kind is not None
        seeds.append(package(render(from_data(checked.kind, checked.data))))
    return seeds


_DOCX_SEEDS = _rendered_seeds()


@st.composite
def mutated_docx(draw: st.DrawFn) -> bytes:
    """Mutate the XML inside a valid package (and sometimes the zip bytes themselves)."""
    seed = draw(st.sampled_from(_DOCX_SEEDS))
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    name = draw(
        st.sampled_from(
            [
                "word/document.xml",
                "docProps/core.xml",
                "word/_rels/document.xml.rels",
                "[Content_Types].xml",
            ]
        )
    )
    parts[name] = draw(mutated([parts[name]]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, value in parts.items():
            archive.writestr(key, value)
    data = out.getvalue()
    if draw(st.booleans()):
        data = draw(mutated([data]))
    return data


@BUDGET
@given(data=mutated_docx())
def test_fuzz_import(data: bytes, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "doc.docx"
    path.write_bytes(data)
    try:
        recognise(extract(path))
    except DraftingError as exc:  # PartError too: a page of several documents needs --part
        assert exc.message
