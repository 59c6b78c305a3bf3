"""Coverage-guided fuzzing with atheris (libFuzzer): the YAML reader and the .docx importer.

    pip install atheris
    python fuzz/run.py check  -max_total_time=600      # the reader and checker
    python fuzz/run.py import -max_total_time=600      # the .docx importer

The seeds are the examples (and, for import, the examples rendered); a finding is any
exception other than a :class:`~drafting.errors.DraftingError`, which libFuzzer saves as
``crash-*`` in the current folder. Extra libFuzzer flags pass through. The suite in
``tests/adversarial/test_fuzz.py`` does the same with hypothesis on a budget, in CI.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(
    tempfile.mkdtemp(prefix="drafting-fuzz-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None)
)

with atheris.instrument_imports(include=["drafting", "yaml"]):
    from drafting.check import Checker
    from drafting.errors import DraftingError
    from drafting.ingest.extract import extract
    from drafting.ingest.recognise import recognise


def check_one(data: bytes) -> None:
    """Check ``data`` as a document; every diagnostic must have a place."""
    path = SCRATCH / "doc.yaml"
    path.write_bytes(data)
    for diagnostic in Checker().check_file(path).diagnostics:
        if diagnostic.line < 1 or diagnostic.col < 1:
            raise AssertionError(f"diagnostic without a place: {diagnostic}")


def import_one(data: bytes) -> None:
    """Import ``data`` as a .docx; only DraftingError may leave."""
    path = SCRATCH / "doc.docx"
    path.write_bytes(data)
    try:
        recognise(extract(path))
    except DraftingError:  # PartError too: a page of several documents needs --part
        pass


PARTS = (
    "word/document.xml",
    "docProps/core.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
)


def mutate_docx(data: bytes, max_size: int, seed: int) -> bytes:
    """Mutate one XML part inside the package (libFuzzer mutates what the zip hides)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {i.filename: archive.read(i) for i in archive.infolist()}
    except Exception:
        return atheris.Mutate(data, max_size)
    name = PARTS[seed % len(PARTS)]
    if seed % 7 == 0 or name not in parts:  # now and then the zip bytes themselves
        return atheris.Mutate(data, max_size)
    part = parts.get(name, b"")
    parts[name] = atheris.Mutate(part, max(len(part) * 2, 64))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, value in parts.items():
            archive.writestr(key, value)
    mutated = out.getvalue()
    return mutated if len(mutated) <= max_size else atheris.Mutate(data, max_size)


def _seed_corpus(target: str) -> Path:
    folder = ROOT / "fuzz" / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for example in examples:
        if target == "check":
            (folder / example.name).write_bytes(example.read_bytes())
            continue
        from drafting.model import from_data
        from drafting.render.docx import render
        from drafting.render.package import package

        checked = Checker().check_file(example)
        if checked.kind in ("plan", "summary", "speech") and checked.ok:
            docx = package(render(from_data(checked.kind, checked.data)))
            (folder / (example.stem + ".docx")).write_bytes(docx)
    return folder


def main() -> None:
    """Run the target named by the first argument; the rest go to libFuzzer."""
    if len(sys.argv) < 2 or sys.argv[1] not in ("check", "import"):
        sys.exit("usage: python fuzz/run.py check|import [libFuzzer flags]")
    target = sys.argv.pop(1)
    corpus = _seed_corpus(target)
    args = [sys.argv[0], "-max_len=262144", *sys.argv[1:], str(corpus)]
    if target == "check":
        atheris.Setup(args, check_one)
    else:
        atheris.Setup(args, import_one, custom_mutator=mutate_docx)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
