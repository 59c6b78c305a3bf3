"""The files in schemas/, as published, work in the JSON Schema tools people run.

check-jsonschema, python-jsonschema (with a ``referencing`` registry) and ajv-cli (in
its default strict mode, with ajv-formats for ``format: date``) each validate every
example against ``schemas/<kind>.schema.json`` offline, and reject broken documents.
Network access is cut off for check-jsonschema and python-jsonschema so that a
reference to a host, which worked only inside drafting, fails here too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from ..conftest import EXAMPLES, ROOT
from ..node_tools import ajv, required

SCHEMAS = ROOT / "schemas"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _kind(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return str(data["kind"])


# Documents each tool must reject, one per kind of rule: a pattern, a format, an
# unknown key and a shared definition reached through common.schema.json.
BROKEN: dict[str, str] = {
    "doc-number": (
        "kind: plan\ntitle: 要点\nyear: 2024\ndoc_number: 某教发[2024]1号\n"
        "sections:\n  - title: 一\n"
    ),
    "date": 'kind: speech\ntitle: 讲话\ndate: "2024-02-30"\nbody:\n  - 同志们好。\n',
    # Valid but for the date: ajv-formats takes year 0000, render cannot write it (17.9).
    "date-year-zero": (
        'kind: plan\ntitle: 要点\nyear: 2024\ndate: "0000-01-01"\nsections:\n  - title: 一\n'
    ),
    "unknown-key": "kind: plan\ntitle: 要点\nyear: 2024\nsection:\n  - title: 一\n",
    "unit-separator": "kind: units\nunits:\n  - 办公室、人事股\n",
}


def _broken_files(folder: Path) -> list[tuple[str, Path]]:
    files = []
    for name, text in BROKEN.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append((name, path))
    return files


def _offline_env(tmp_path: Path) -> dict[str, str]:
    """Return an environment whose Python cannot open a network connection."""
    site = tmp_path / "offline"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(
        "import socket\n"
        "def _refuse(*args, **kwargs):\n"
        "    raise OSError('network access is disabled in this test')\n"
        "socket.socket.connect = _refuse\n"
        "socket.create_connection = _refuse\n"
        "socket.getaddrinfo = _refuse\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return env


def _check_jsonschema() -> list[str]:
    found = shutil.which("check-jsonschema")
    if found is None:
        if required():
            raise RuntimeError("check-jsonschema is not installed: pip install '.[test]'")
        pytest.skip("check-jsonschema is not installed: pip install '.[test]'")
    return [found]


def test_check_jsonschema_validates_every_example_offline(tmp_path: Path) -> None:
    env = _offline_env(tmp_path)
    by_kind: dict[str, list[str]] = {}
    for path in EXAMPLE_FILES:
        by_kind.setdefault(_kind(path), []).append(str(path))
    assert set(by_kind) == {"plan", "summary", "speech", "notice", "units"}
    for kind, files in by_kind.items():
        run = subprocess.run(
            [*_check_jsonschema(), "--schemafile", str(SCHEMAS / f"{kind}.schema.json"), *files],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,  # relative references must not depend on the working folder
        )
        assert run.returncode == 0, run.stdout + run.stderr


def test_check_jsonschema_rejects_broken_documents_offline(tmp_path: Path) -> None:
    env = _offline_env(tmp_path)
    for name, path in _broken_files(tmp_path):
        kind = _kind(path)
        run = subprocess.run(
            [*_check_jsonschema(), "--schemafile", str(SCHEMAS / f"{kind}.schema.json"), str(path)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert run.returncode == 1, (name, run.stdout + run.stderr)
        assert "Schema validation errors" in run.stdout + run.stderr, (name, run.stdout)


def test_check_jsonschema_accepts_the_schema_files_as_2020_12(tmp_path: Path) -> None:
    run = subprocess.run(
        [*_check_jsonschema(), "--check-metaschema", *map(str, sorted(SCHEMAS.glob("*.json")))],
        capture_output=True,
        text=True,
        env=_offline_env(tmp_path),
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _from_disk(uri: str) -> Resource[Any]:
    """Retrieve a schema the way referencing's documentation shows: files only."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
    return Resource.from_contents(json.loads(Path(unquote(parts.path)).read_text("utf-8")))


def _python_jsonschema(kind: str) -> Draft202012Validator:
    """Return a validator as a python-jsonschema user builds one from the schema files.

    The schema is reached through its file URI; every other file is retrieved from
    disk relative to it, and nothing from the network.
    """
    path = SCHEMAS / f"{kind}.schema.json"
    Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    registry: Registry[Any] = Registry(retrieve=_from_disk)  # type: ignore[call-arg]
    return Draft202012Validator(
        {"$ref": path.as_uri()},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_python_jsonschema_validates_every_example(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in _python_jsonschema(_kind(path)).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_python_jsonschema_rejects_broken_documents(name: str) -> None:
    data = yaml.safe_load(BROKEN[name])
    assert list(_python_jsonschema(data["kind"]).iter_errors(data))


def test_python_jsonschema_finds_common_by_its_id() -> None:
    """The other way to fill a registry: ``resource @ registry`` files it under $id."""
    common = Resource.from_contents(
        json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))
    )
    registry: Registry[Any] = common @ Registry()
    schema = json.loads((SCHEMAS / "units.schema.json").read_text(encoding="utf-8"))
    check = Draft202012Validator(schema, registry=registry)
    assert check.is_valid(yaml.safe_load((EXAMPLES / "units.yaml").read_text(encoding="utf-8")))
    assert not check.is_valid(yaml.safe_load(BROKEN["unit-separator"]))


def _ajv(kind: str, data: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``ajv validate`` in its default (strict) mode on the published files."""
    command = [
        *ajv(),
        "validate",
        "--spec=draft2020",
        "-c",
        "ajv-formats",
        "-s",
        str(SCHEMAS / f"{kind}.schema.json"),
        "-r",
        str(SCHEMAS / "common.schema.json"),
    ]
    for path in data:
        command += ["-d", str(path)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd)


def test_ajv_validates_every_example_in_strict_mode(tmp_path: Path) -> None:
    by_kind: dict[str, list[Path]] = {}
    for path in EXAMPLE_FILES:
        by_kind.setdefault(_kind(path), []).append(path)
    for kind, files in by_kind.items():
        run = _ajv(kind, files, tmp_path)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "strict mode" not in run.stdout + run.stderr
        assert run.stdout.count(" valid") == len(files), run.stdout


def test_ajv_rejects_broken_documents(tmp_path: Path) -> None:
    for name, path in _broken_files(tmp_path):
        run = _ajv(_kind(path), [path], tmp_path)
        assert run.returncode == 1, (name, run.stdout + run.stderr)
        assert f"{path} invalid" in run.stdout + run.stderr, (name, run.stdout + run.stderr)


def test_ajv_accepts_what_drafting_schema_prints(tmp_path: Path) -> None:
    """``drafting schema plan`` prints the bundled schema: it is as portable as the files."""
    printed = subprocess.run(
        [sys.executable, "-m", "drafting", "schema", "plan"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    bundled = tmp_path / "plan.json"
    bundled.write_text(printed, encoding="utf-8")
    files = [p for p in EXAMPLE_FILES if _kind(p) == "plan"]
    command = [*ajv(), "validate", "--spec=draft2020", "-c", "ajv-formats", "-s", str(bundled)]
    for path in files:
        command += ["-d", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
