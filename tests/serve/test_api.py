"""The endpoints of the contract, each against what the command line makes of the same file:
the same .docx bytes, the same CSV, the same rollover and summary text, the same diff."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from starlette.testclient import TestClient

from drafting.cli import main

from ..conftest import ROOT
from .serving import client, office

DOC = "plan-2023-county.yaml"
INGEST = ROOT / "tests" / "ingest" / "cases" / "positive"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return office(tmp_path / "office")


@pytest.fixture
def api(root: Path) -> Iterator[TestClient]:
    with client(root) as made:
        yield made


def _cli(folder: Path, *args: str) -> int:
    """Run the command line in ``folder``; return its exit code."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        return main(list(args))
    finally:
        os.chdir(here)


# documents
def test_the_document_list(api: TestClient, root: Path) -> None:
    listed = api.get("/api/docs").json()
    assert listed["root"] == str(root.resolve())
    assert listed["git"] is False
    assert listed["kinds"] == ["plan", "summary", "speech", "notice"]
    by_path = {d["path"]: d for d in listed["documents"]}
    assert by_path[DOC] == {
        "path": DOC,
        "kind": "plan",
        "year": 2023,
        "title": "2023年县教育工作要点",
        "errors": 0,
        "warnings": 0,
    }
    assert "units.yaml" not in by_path
    assert listed["units"]["path"] == "units.yaml"
    assert listed["units"]["names"][:2] == ["办公室", "政工人事股"]
    (root / "sub").mkdir()
    (root / "sub" / "bad.yaml").write_text("kind: plan\ntitle: 坏\n", encoding="utf-8")
    (root / "other.yaml").write_text("services:\n  web: {}\n", encoding="utf-8")
    listed = {d["path"]: d for d in api.get("/api/docs").json()["documents"]}
    assert listed["sub/bad.yaml"]["errors"] >= 1
    assert "other.yaml" not in listed  # not a drafting document


def test_read_gives_the_text_and_the_hash_of_the_bytes(api: TestClient, root: Path) -> None:
    answer = api.get(f"/api/doc?path={DOC}").json()
    data = (root / DOC).read_bytes()
    assert answer == {
        "path": DOC,
        "text": data.decode("utf-8"),
        "hash": hashlib.sha256(data).hexdigest(),
        "kind": "plan",
    }
    assert api.get("/api/doc?path=missing.yaml").status_code == 404


def test_save_checks_the_base_hash(api: TestClient, root: Path) -> None:
    opened = api.get(f"/api/doc?path={DOC}").json()
    mine = opened["text"].replace("2023年县教育工作要点", "2023年全县教育工作要点")
    saved = api.put("/api/doc", json={"path": DOC, "text": mine, "base_hash": opened["hash"]})
    assert saved.status_code == 200
    assert (root / DOC).read_text("utf-8") == mine
    assert saved.json() == {"path": DOC, "hash": hashlib.sha256(mine.encode()).hexdigest()}
    # someone else writes the file; the stale hash is refused with both texts
    theirs = mine.replace("全县", "本县")
    (root / DOC).write_text(theirs, encoding="utf-8")
    stale = api.put(
        "/api/doc", json={"path": DOC, "text": mine + "# x\n", "base_hash": saved.json()["hash"]}
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict"
    assert body["disk_text"] == theirs
    assert body["disk_hash"] == hashlib.sha256(theirs.encode()).hexdigest()
    assert "修改" in body["error"]
    assert (root / DOC).read_text("utf-8") == theirs
    # the user chose "mine"
    forced = api.put("/api/doc", json={"path": DOC, "text": mine, "base_hash": None, "force": True})
    assert forced.status_code == 200
    assert (root / DOC).read_text("utf-8") == mine
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(DOC)) == [DOC]


def test_save_of_a_new_file_never_overwrites(api: TestClient, root: Path) -> None:
    made = api.put(
        "/api/doc", json={"path": "sub/new.yaml", "text": "kind: plan\n", "base_hash": None}
    )
    assert made.status_code == 200
    assert (root / "sub" / "new.yaml").read_text("utf-8") == "kind: plan\n"
    again = api.put("/api/doc", json={"path": "sub/new.yaml", "text": "x: 1\n", "base_hash": None})
    assert again.status_code == 409
    assert again.json()["disk_text"] == "kind: plan\n"
    assert (root / "sub" / "new.yaml").read_text("utf-8") == "kind: plan\n"
    gone = api.put("/api/doc", json={"path": "deleted.yaml", "text": "x", "base_hash": "0" * 64})
    assert gone.status_code == 409
    assert gone.json()["disk_text"] is None
    assert not (root / "deleted.yaml").exists()
    assert api.put("/api/doc", json={"path": "notes.txt", "text": "x"}).status_code == 400


def test_save_keeps_a_bom(api: TestClient, root: Path) -> None:
    (root / "bom.yaml").write_bytes(b"\xef\xbb\xbfkind: plan\n")
    opened = api.get("/api/doc?path=bom.yaml").json()
    assert opened["text"] == "kind: plan\n"
    api.put(
        "/api/doc",
        json={"path": "bom.yaml", "text": "kind: plan\n# 改\n", "base_hash": opened["hash"]},
    )
    assert (root / "bom.yaml").read_bytes() == b"\xef\xbb\xbfkind: plan\n# \xe6\x94\xb9\n"


def test_bad_requests_are_json_errors(api: TestClient) -> None:
    for answer in (
        api.put("/api/doc", content=b"{not json", headers={"Content-Type": "application/json"}),
        api.put("/api/doc", json=[1, 2]),
        api.post("/api/check", json={"path": DOC}),
        api.get("/api/schema/nothing"),
        api.get(f"/api/download?path={DOC}&format=exe"),
        api.get("/api/nothing"),
        api.post(
            "/api/import",
            content=b"--x\r\nbroken",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        ),
        api.post("/api/import", json={"file": "a.docx"}),
        api.delete(f"/api/doc?path={DOC}"),
    ):
        assert 400 <= answer.status_code < 500
        body = answer.json()
        assert set(body) >= {"error", "code"}
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"])


def test_no_bundle_is_a_404_not_a_crash(root: Path, tmp_path: Path) -> None:
    with client(root, static=tmp_path / "not-built") as made:
        assert made.get("/static/app.js").status_code == 404


def test_schema_is_the_editor_schema(api: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    main(["schema", "plan", "--draft-07"])
    expected = json.loads(capsys.readouterr().out)
    answer = api.get("/api/schema/plan").json()
    assert answer == expected
    assert answer["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert api.get("/api/schema/units").status_code == 200


# outline over HTTP
def test_outline_and_edit(api: TestClient) -> None:
    text = api.get(f"/api/doc?path={DOC}").json()["text"]
    tree = api.post("/api/outline", json={"path": DOC, "text": text}).json()["tree"]
    assert tree[0]["children"][0]["title"] == "认真学习宣传贯彻党的二十大精神。"
    op = {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "deadline", "value": "全年"}
    edited = api.post("/api/outline/edit", json={"path": DOC, "text": text, "op": op}).json()[
        "text"
    ]
    assert edited.count("\n") == text.count("\n") + 1
    broken = api.post("/api/outline", json={"path": DOC, "text": "a: [\n"}).json()
    assert broken["code"] == "yaml" and "tree" not in broken
    bad = api.post("/api/outline/edit", json={"path": DOC, "text": text, "op": {"op": "x"}})
    assert bad.status_code == 400 and bad.json()["code"] == "bad-op"


@pytest.mark.parametrize("depth", [300, 5000])
def test_outline_refuses_deep_nesting_before_parsing(api: TestClient, depth: int) -> None:
    # the check's depth guard, not ruamel's recursion (a RecursionError, 16 s at 5000)
    deep = "kind: plan\nx: " + "[" * depth + "]" * depth + "\n"
    op = {"op": "add", "parent": [], "type": "section", "index": 0, "title": "新部分"}
    for url, extra in (("/api/outline", {}), ("/api/outline/edit", {"op": op})):
        answer = api.post(url, json={"path": DOC, "text": deep, **extra})
        assert answer.status_code == 400, (url, answer.text)
        assert answer.json()["code"] == "too-deep"
        assert "嵌套" in answer.json()["error"]
    checked = api.post("/api/check", json={"path": DOC, "text": deep}).json()["diagnostics"]
    assert [d["code"] for d in checked] == ["too-deep"]


def test_drafts_are_kept_outside_the_folder_and_dropped_on_save(
    api: TestClient, root: Path, tmp_path: Path
) -> None:
    from drafting.serve.drafts import folder_for

    assert api.get(f"/api/draft?path={DOC}").json() == {"draft": None}
    disk = api.get(f"/api/doc?path={DOC}").json()
    mine = disk["text"] + "# 未保存的一行\n"
    put = api.put("/api/draft", json={"path": DOC, "text": mine, "base_hash": disk["hash"]})
    assert put.status_code == 200, put.text
    got = api.get(f"/api/draft?path={DOC}").json()["draft"]
    assert got["text"] == mine and got["base_hash"] == disk["hash"]
    assert got["saved_at"] == put.json()["saved_at"]
    # in the user's cache folder, keyed by the folder; nothing written inside the folder
    kept = folder_for(root)
    assert os.environ["XDG_CACHE_HOME"] in str(kept) and len(list(kept.glob("*.json"))) == 1
    assert not kept.is_relative_to(root.resolve())
    assert all("未保存的一行" not in p.read_text("utf-8", "replace") for p in root.rglob("*.yaml"))
    # a new document's draft (no file yet) is fine; saving drops the draft
    assert api.put("/api/draft", json={"path": "新.yaml", "text": "a: 1\n"}).status_code == 200
    saved = api.put("/api/doc", json={"path": DOC, "text": mine, "base_hash": disk["hash"]})
    assert saved.status_code == 200
    assert api.get(f"/api/draft?path={DOC}").json() == {"draft": None}
    assert api.delete("/api/draft?path=新.yaml").status_code == 200
    assert api.get("/api/draft?path=新.yaml").json() == {"draft": None}


def test_drafts_are_confined_token_guarded_and_bounded(api: TestClient, root: Path) -> None:
    for bad in ("../outside.yaml", "/etc/passwd", ".git/config"):
        answer = api.put("/api/draft", json={"path": bad, "text": "x"})
        assert answer.status_code in (400, 403), (bad, answer.text)
        assert api.get("/api/draft", params={"path": bad}).status_code in (400, 403)
    (root / "out").symlink_to("/tmp")
    assert api.put("/api/draft", json={"path": "out/x.yaml", "text": "x"}).status_code in (400, 403)
    headers = {"X-Drafting-Token": "wrong"}
    assert (
        api.put("/api/draft", json={"path": DOC, "text": "x"}, headers=headers).status_code == 403
    )
    assert api.get(f"/api/draft?path={DOC}", headers=headers).status_code == 403
    assert api.delete(f"/api/draft?path={DOC}", headers=headers).status_code == 403
    big = "字" * (2 * 1024 * 1024)  # 6 MiB of UTF-8: over the body limit
    assert api.put("/api/draft", json={"path": DOC, "text": big}).status_code == 413
    assert api.get(f"/api/draft?path={DOC}").json() == {"draft": None}


# downloads: the same bytes the command line writes
def test_download_docx_is_what_render_writes(api: TestClient, root: Path, tmp_path: Path) -> None:
    answer = api.get(f"/api/download?path={DOC}&format=docx")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''plan-2023-county.docx" in answer.headers["content-disposition"]
    assert _cli(root, "render", DOC, "-o", str(tmp_path / "cli.docx")) == 0
    assert answer.content == (tmp_path / "cli.docx").read_bytes()
    (tmp_path / "web.docx").write_bytes(answer.content)
    assert _cli(root, "lint", str(tmp_path / "web.docx")) == 0


def test_download_notice_with_attachments(api: TestClient, root: Path, tmp_path: Path) -> None:
    name = "notice-2025-issue-plan.yaml"
    answer = api.get(f"/api/download?path={name}&format=docx")
    assert answer.status_code == 200, answer.text
    assert _cli(root, "render", name, "-o", str(tmp_path / "cli.docx")) == 0
    assert answer.content == (tmp_path / "cli.docx").read_bytes()


def test_download_units_zip_is_what_render_by_unit_writes(
    api: TestClient, root: Path, tmp_path: Path
) -> None:
    answer = api.get(f"/api/download?path={DOC}&format=units")
    assert answer.status_code == 200
    assert "%E5%90%84%E5%8D%95%E4%BD%8D.zip" in answer.headers["content-disposition"]
    out = tmp_path / "by-unit"
    out.mkdir()
    assert _cli(root, "render", DOC, "--by-unit", "-o", str(out)) == 0
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(p.name for p in out.iterdir())
        for name in names:
            assert archive.read(name) == (out / name).read_bytes(), name


def test_download_task_tables_are_what_tasks_writes(
    api: TestClient, root: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    csv = api.get(f"/api/download?path={DOC}&format=tasks-csv")
    assert csv.status_code == 200
    _cli(root, "tasks", DOC, "--format", "csv")
    assert csv.content == capsysbinary.readouterr().out
    assert csv.content.startswith(b"\xef\xbb\xbf")
    xlsx = api.get(f"/api/download?path={DOC}&format=tasks-xlsx")
    assert _cli(root, "tasks", DOC, "--format", "xlsx", "-o", str(tmp_path / "t.xlsx")) == 0
    ours = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    theirs = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [list(r) for r in ours.values] == [list(r) for r in theirs.values]
    assert ours.max_row > 5
    speech = api.get("/api/download?path=speech-2024-guanwei.yaml&format=tasks-csv")
    assert speech.status_code == 400 and speech.json()["code"] == "not-a-plan"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_download_pdf(api: TestClient, tmp_path: Path) -> None:
    answer = api.get(f"/api/download?path={DOC}&format=pdf")
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith(b"%PDF")
    (tmp_path / "web.pdf").write_bytes(answer.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "web.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "2023年县教育工作要点" in text.replace(" ", "")


def test_download_of_a_document_with_errors_says_so(api: TestClient, root: Path) -> None:
    (root / "bad.yaml").write_text("kind: plan\ntitle: 坏\nyear: 2024\n", encoding="utf-8")
    answer = api.get("/api/download?path=bad.yaml&format=docx")
    assert answer.status_code == 422
    assert answer.json()["diagnostics"][0]["line"] >= 1


# the yearly cycle: the text the command line would write, not written
def test_rollover_is_the_text_rollover_writes(api: TestClient, root: Path, tmp_path: Path) -> None:
    answer = api.post("/api/rollover", json={"path": DOC}).json()
    assert answer["path"] == "plan-2024-county.yaml"
    assert not (root / "plan-2024-county.yaml").exists()
    assert _cli(root, "rollover", DOC, "-o", str(tmp_path / "r.yaml")) == 0
    assert answer["text"] == (tmp_path / "r.yaml").read_text("utf-8")
    later = api.post("/api/rollover", json={"path": DOC, "year": 2030}).json()
    assert later["path"] == "plan-2030-county.yaml" and "year: 2030" in later["text"]
    assert api.post("/api/rollover", json={"path": "speech-2024-guanwei.yaml"}).status_code == 400


def test_summarize_is_the_text_summarize_writes(api: TestClient, root: Path) -> None:
    answer = api.post("/api/summarize", json={"path": DOC}).json()
    assert answer["path"] == "summary-2023-county.yaml"
    assert not (root / answer["path"]).exists()
    assert _cli(root, "summarize", DOC) == 0
    assert answer["text"] == (root / "summary-2023-county.yaml").read_text("utf-8")
    again = api.post("/api/summarize", json={"path": DOC}).json()
    assert again["path"] == "summary-2023-county-2.yaml"  # the suggested path is free


def test_diff_is_what_diff_prints(
    api: TestClient, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rolled = api.post("/api/rollover", json={"path": DOC}).json()
    text = rolled["text"].replace("抓好宣传教育全覆盖", "抓好宣传教育")
    api.put("/api/doc", json={"path": rolled["path"], "text": text, "base_hash": None})
    answer = api.get(f"/api/diff?a={DOC}&b={rolled['path']}").json()
    _cli(root, "diff", DOC, rolled["path"])
    assert answer["text"] == capsys.readouterr().out
    assert answer["changes"] and answer["changes"][0]["kind"] == "reworded"
    assert set(answer["changes"][0]) == {"kind", "where", "old", "new"}


# new and import
@pytest.mark.parametrize("kind", ["plan", "summary", "speech", "notice"])
def test_new_document_of_each_kind_checks_clean(api: TestClient, root: Path, kind: str) -> None:
    made = api.post("/api/new", json={"kind": kind, "year": 2026})
    assert made.status_code == 200, made.text
    path = made.json()["path"]
    assert path == f"{kind}-2026.yaml"
    data = (root / path).read_bytes()
    assert made.json()["hash"] == hashlib.sha256(data).hexdigest()
    diagnostics = api.post("/api/check", json={"path": path, "text": data.decode()}).json()
    assert [d for d in diagnostics["diagnostics"] if d["severity"] == "error"] == []
    assert f"kind: {kind}" in data.decode()
    again = api.post("/api/new", json={"kind": kind, "year": 2026})
    assert again.status_code == 409
    assert (root / path).read_bytes() == data


def test_new_plan_takes_the_units_and_org_of_units_yaml(api: TestClient, root: Path) -> None:
    made = api.post("/api/new", json={"kind": "plan", "path": "plans/p.yaml", "year": 2027}).json()
    text = (root / "plans" / "p.yaml").read_text("utf-8")
    assert made["path"] == "plans/p.yaml"
    assert "org: ××县教育局" in text
    assert "办公室" in text and "{{" not in text
    assert api.post("/api/new", json={"kind": "memo"}).status_code == 400


def test_import_writes_what_the_command_line_writes(
    api: TestClient, root: Path, tmp_path: Path
) -> None:
    source = INGEST / "docx-styles" / "source.docx"
    data = source.read_bytes()
    answer = api.post("/api/import", files={"file": ("要点.docx", data)})
    assert answer.status_code == 200, answer.text
    made = answer.json()
    assert made["path"] == "要点.yaml"
    written = (root / "要点.yaml").read_bytes()
    assert made["hash"] == hashlib.sha256(written).hexdigest()
    copy = root / "cli" / "要点.docx"
    copy.parent.mkdir()
    copy.write_bytes(data)
    assert _cli(root, "import", "cli/要点.docx", "-o", "cli/要点.yaml") == 0
    assert written == (root / "cli" / "要点.yaml").read_bytes()
    assert made["report"][0].startswith("要点.docx：识别为")
    again = api.post("/api/import", files={"file": ("要点.docx", data)}).json()
    assert again["path"] == "要点-2.yaml"  # never over the first
    named = api.post("/api/import", files={"file": ("要点.docx", data)}, data={"path": "要点.yaml"})
    assert named.status_code == 409
    assert (root / "要点.yaml").read_bytes() == written
    wrong = api.post("/api/import", files={"file": ("a.exe", b"MZ")})
    assert wrong.status_code == 400 and wrong.json()["code"] == "import-type"


# git
def test_import_error_names_the_uploaded_file_not_the_temporary_copy(api: TestClient) -> None:
    files = {"file": ("坏文件.docx", b"PK\x03\x04garbage", "application/octet-stream")}
    answer = api.post("/api/import", files=files)
    assert answer.status_code == 422
    message = answer.json()["error"]
    assert message.startswith("坏文件.docx:1:1: ") and "docx-corrupt" in message
    assert "drafting-import-" not in answer.text and "/tmp" not in answer.text


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_status_and_commit_of_the_listed_paths_only(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "init")
    for key, value in (
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.org"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.org"),
    ):
        monkeypatch.setenv(key, value)
    with client(root) as api:
        assert api.get("/api/docs").json()["git"] is True
        clean = api.get("/api/git").json()
        assert clean["repo"] is True and clean["changes"] == [] and clean["diff"] == ""
        opened = api.get(f"/api/doc?path={DOC}").json()
        api.put(
            "/api/doc",
            json={"path": DOC, "text": opened["text"] + "# 改\n", "base_hash": opened["hash"]},
        )
        api.post("/api/new", json={"kind": "speech", "year": 2026})
        status = api.get("/api/git").json()
        assert {(c["path"], c["status"]) for c in status["changes"]} == {
            (DOC, "modified"),
            ("speech-2026.yaml", "untracked"),
        }
        assert "+# 改" in status["diff"]
        done = api.post("/api/git/commit", json={"message": "改要点", "paths": [DOC]}).json()
        assert done["commit"] == _git(root, "rev-parse", "HEAD").strip()
        assert _git(root, "show", "--name-only", "--format=%s", "HEAD").split() == ["改要点", DOC]
        left = api.get("/api/git").json()["changes"]
        assert left == [{"path": "speech-2026.yaml", "status": "untracked"}]
        refused = api.post("/api/git/commit", json={"message": "x", "paths": ["../outside.yaml"]})
        assert refused.status_code == 400
        assert api.post("/api/git/commit", json={"message": "", "paths": [DOC]}).status_code == 400


def test_git_in_a_folder_that_is_no_repository(api: TestClient) -> None:
    assert api.get("/api/git").json() == {"repo": False, "branch": None, "changes": [], "diff": ""}


# preview and page view (drafting.preview arrives from its own branch)
def test_preview(api: TestClient) -> None:
    text = api.get(f"/api/doc?path={DOC}").json()["text"]
    answer = api.post("/api/preview", json={"path": DOC, "text": text})
    try:
        import drafting.preview  # noqa: F401
    except ImportError:
        assert answer.status_code == 503 and answer.json()["code"] == "no-preview"
        pytest.skip("drafting.preview is not in this tree yet")
    body = answer.json()
    assert answer.status_code == 200
    assert body["html"].lower().startswith("<!doctype html")
    assert body["diagnostics"] == [] and body["ms"] > 0
    broken = api.post(
        "/api/preview", json={"path": DOC, "text": text.replace("kind: plan", "kind: plna")}
    ).json()
    assert broken["html"] is None and broken["diagnostics"][0]["code"] == "unknown-kind"


def test_preview_of_one_units_task_list(api: TestClient) -> None:
    text = api.get(f"/api/doc?path={DOC}").json()["text"]
    whole = api.post("/api/preview", json={"path": DOC, "text": text}).json()["html"]
    tree = api.post("/api/outline", json={"path": DOC, "text": text}).json()["tree"]

    def units(nodes: list[dict[str, object]]) -> set[str]:
        found: set[str] = set()
        for node in nodes:
            found |= set(node.get("lead") or []) | set(node.get("units") or [])  # type: ignore[call-overload]
            found |= units(node.get("children") or [])  # type: ignore[arg-type]
        return found

    unit = sorted(units(tree))[0]
    answer = api.post("/api/preview", json={"path": DOC, "text": text, "unit": unit})
    assert answer.status_code == 200
    html = answer.json()["html"]
    assert unit in html and html != whole and len(html) < len(whole)
    stranger = api.post("/api/preview", json={"path": DOC, "text": text, "unit": "无此单位"})
    assert stranger.status_code == 400 and "无此单位" in stranger.json()["error"]
    empty = api.post("/api/preview", json={"path": DOC, "text": text, "unit": " "})
    assert empty.status_code == 400 and empty.json()["code"] == "bad-request"


def test_pageview(api: TestClient) -> None:
    text = api.get(f"/api/doc?path={DOC}").json()["text"]
    answer = api.post("/api/pageview", json={"path": DOC, "text": text})
    try:
        from drafting.preview.pageview import PageView  # noqa: F401
    except ImportError:
        assert answer.status_code == 503 and answer.json()["code"] == "no-preview"
        pytest.skip("drafting.preview is not in this tree yet")
    if shutil.which("soffice") is None:
        assert answer.status_code == 503 and answer.json()["code"] == "no-libreoffice"
        return
    pages = answer.json()["pages"]
    assert pages and all(p.startswith("data:image/png;base64,") for p in pages)
