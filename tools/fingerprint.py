"""Print a SHA-256 for every file the CLI makes from the examples and samples.

Run it on two commits and compare the lists to show that a restructure changed no
output byte (issue 18): every example rendered with each font and profile choice and
per unit, the task table in each format, the summary skeleton, the rollover, and the
import of every sample and of every rendered plan,
and a new office repository.

    PYTHONPATH=<checkout> python3 tools/fingerprint.py > hashes.txt

The package is taken from the import path, so the same script measures any checkout.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLES = ROOT.parent / "shared" / "samples"


def _run(*args: str | Path, cwd: Path) -> int:
    """Run ``drafting ARGS`` with this interpreter; return its exit status."""
    command = [sys.executable, "-m", "drafting", *map(str, args)]
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=os.environ)
    return done.returncode


def _digest(path: Path) -> str:
    """Return the SHA-256 of PATH; for .xlsx, of its parts without openpyxl's clock time."""
    if path.suffix != ".xlsx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as book:
        for name in sorted(book.namelist()):
            if name != "docProps/core.xml":  # created/modified: the time of the run
                digest.update(name.encode() + b"\0" + book.read(name))
    return digest.hexdigest()


def _digests(folder: Path) -> list[str]:
    """Return ``sha256  relative/path`` lines for every file under FOLDER, sorted."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            lines.append(f"{_digest(path)}  {path.relative_to(folder).as_posix()}")
    return lines


def main() -> int:
    """Make every output in a temporary folder and print its digests; return 0."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        source = out / "examples"
        shutil.copytree(EXAMPLES, source)
        status: list[str] = []
        for fonts in ("gb2312", "windows", "open"):
            for profile in ("standard", "strict"):
                target = out / f"render-{fonts}-{profile}"
                code = _run(
                    "render", source, "-o", target, "--fonts", fonts, "--profile", profile, cwd=out
                )
                status.append(f"render {fonts} {profile}: {code}")
        plans = sorted(source.glob("plan-*.yaml"))
        for plan in plans:
            code = _run("render", plan, "-o", out / "by-unit", "--by-unit", cwd=out)
            status.append(f"render --by-unit {plan.name}: {code}")
            for fmt in ("csv", "md", "json", "xlsx"):
                target = out / "tasks" / f"{plan.stem}.{fmt}"
                target.parent.mkdir(exist_ok=True)
                code = _run("tasks", plan, "--format", fmt, "-o", target, cwd=out)
                status.append(f"tasks {plan.name} {fmt}: {code}")
            target = source / f"summary-from-{plan.stem}.yaml"
            status.append(
                f"summarize {plan.name}: {_run('summarize', plan, '-o', target, cwd=out)}"
            )
            target = out / "rollover" / f"{plan.stem}.yaml"
            target.parent.mkdir(exist_ok=True)
            status.append(f"rollover {plan.name}: {_run('rollover', plan, '-o', target, cwd=out)}")
        imports = sorted((out / "render-gb2312-standard").glob("*.docx"))
        imports += sorted(p for p in SAMPLES.glob("[0-9]*") if p.suffix in {".txt", ".docx"})
        (out / "import").mkdir()
        for document in imports:
            target = out / "import" / f"{document.parent.name}-{document.stem}.yaml"
            code = _run("import", document, "-o", target, cwd=out)
            status.append(f"import {document.name}: {code}")
            if code == 2:  # several documents in one page: take each in turn
                for part in range(1, 31):
                    target = target.with_name(f"{document.stem}-{part}.yaml")
                    code = _run("import", document, "--part", str(part), "-o", target, cwd=out)
                    status.append(f"import {document.name} --part {part}: {code}")
                    if code != 0:
                        break
        code = _run(
            "new",
            "new",
            "--org",
            "××县教育局",
            "--year",
            "2025",
            "--units",
            "办公室、人事股、基础教育股",
            "--no-input",
            cwd=out,
        )
        status.append(f"new: {code}")
        for line in status:
            print(f"# {line}")
        for line in _digests(out):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
