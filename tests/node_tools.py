"""The npm clients the tests drive: ajv-cli and yaml-language-server.

.ci/run installs them with ``npm ci --prefix .ci/node`` (versions pinned in
.ci/node/package-lock.json). Where they are absent a test using them is skipped, unless
DRAFTING_REQUIRE_PDF or CI is set (as in CI): there a missing client is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

from .conftest import ROOT

NODE_MODULES = ROOT / ".ci" / "node" / "node_modules"


def required() -> bool:
    """Return True when a missing client must fail the run instead of skipping."""
    return bool(os.environ.get("DRAFTING_REQUIRE_PDF") or os.environ.get("CI"))


def node_tool(package: str, script: str) -> list[str]:
    """Return the command that runs ``script`` of npm ``package`` with node.

    Skips the calling test when node or the package is missing (fails in CI).
    """
    node = shutil.which("node")
    entry = NODE_MODULES / package / script
    if node is None or not entry.is_file():
        message = f"{package} is not installed: npm ci --prefix .ci/node"
        if required():
            raise RuntimeError(message + " (CI or DRAFTING_REQUIRE_PDF is set)")
        pytest.skip(message)
    return [node, str(entry)]


def ajv() -> list[str]:
    """Return the ajv-cli command (``ajv validate …`` follows)."""
    return node_tool("ajv-cli", "dist/index.js")


def yaml_language_server() -> list[str]:
    """Return the command that starts yaml-language-server on stdio."""
    return [*node_tool("yaml-language-server", "bin/yaml-language-server"), "--stdio"]
