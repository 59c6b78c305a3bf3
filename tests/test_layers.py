"""The layers of docs/architecture.md hold: import-linter's contracts in pyproject.toml,
and an AST scan for the one rule imports cannot show (only the command line prints).

Each check is also run against a copy of the package with one violation put in, so that a
contract that could not fail (a typo in a module name, a tool that is not looking) fails here.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "drafting"
RUN = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package under ``root``; return the finished process."""
    return subprocess.run(
        [sys.executable, "-c", RUN, str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        check=False,
    )


def test_the_layer_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") >= 6


VIOLATIONS = {
    # module (under drafting/) -> the import added to it, and a contract it breaks
    # (contracts are transitive: fsio importing render breaks every layer that uses fsio)
    "check/load.py": ("import lxml.etree", "check reads YAML only"),
    "lint/__init__.py": ("import drafting.render.passes", "lint judges any .docx"),
    "model.py": ("import drafting.outline", "the model imports nothing of ours"),
    "cycle/diff.py": ("import click", "only the command line talks to the terminal"),
    "ooxml/package.py": ("import drafting.lint", "ooxml reads packages"),
    "fsio.py": ("import drafting.render.package", "shared modules stay below the flows"),
    "cycle/ledger.py": ("import drafting.serve.app", "serve sits on top of the flows"),
    "serve/outline.py": ("import click", "only the command line talks to the terminal"),
}


@pytest.mark.parametrize("module", sorted(VIOLATIONS))
def test_each_contract_catches_its_violation(module: str, tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "drafting", ignore=shutil.ignore_patterns("__pycache__"))
    line, contract = VIOLATIONS[module]
    target = tmp_path / "drafting" / module
    target.write_text(target.read_text("utf-8") + f"\n{line}  # noqa\n", "utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout


TERMINAL = {("sys", "stdout"), ("sys", "stderr"), ("sys", "__stdout__"), ("sys", "__stderr__")}


def _talks_to_terminal(source: str) -> list[int]:
    """Return the line numbers where ``source`` prints or touches the standard streams."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if called and node.func.id in {"print", "input", "breakpoint"}:  # type: ignore[attr-defined]
            lines.append(node.lineno)  # type: ignore[attr-defined]
        stream = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        if stream and (node.value.id, node.attr) in TERMINAL:  # type: ignore[attr-defined]
            lines.append(node.lineno)  # type: ignore[attr-defined]
    return lines


def _library_modules(package: Path) -> list[Path]:
    return sorted(
        path
        for path in package.rglob("*.py")
        if "cli" not in path.relative_to(package).parts[:1] and "_validators" not in path.parts
    )


def test_only_the_cli_prints() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for path in _library_modules(PACKAGE)
        if (lines := _talks_to_terminal(path.read_text("utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "statement", ["print('x')", "sys.stderr.write('x')", "out = sys.stdout", "input()"]
)
def test_the_print_scan_sees_each_way_of_printing(statement: str) -> None:
    assert _talks_to_terminal(f"import sys\n\ndef f():\n    {statement}\n") == [4]
