"""The security points of issue 21, item 1: each a real request through the ASGI app.

Wrong or missing token (GET and PUT, header and query), a foreign Host (DNS rebinding
style too), a foreign Origin, path escapes (``..``, absolute, encoded, backslashes),
symlinks out of the folder (file and folder), oversized bodies (with a true, a lying and
no Content-Length), and ``.git`` out of reach.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from starlette.testclient import TestClient

from drafting.serve.guard import BODY_LIMIT, UPLOAD_LIMIT

from .serving import HEADERS, PORT, TOKEN, client, office

DOC = "plan-2023-county.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = office(tmp_path / "office")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n\tsecret = yes\n", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text("kind: plan\ntitle: 外面的文件\n", encoding="utf-8")
    return folder


@pytest.fixture
def bare(root: Path) -> Iterator[TestClient]:
    """A client that sends no token unless the test gives one."""
    with client(root, token=False) as made:
        yield made


@pytest.fixture
def api(root: Path) -> Iterator[TestClient]:
    with client(root) as made:
        yield made


# the token
@pytest.mark.parametrize("given", [None, "", "wrong", TOKEN[:-1], TOKEN + "x"])
def test_get_without_the_right_token_is_refused(bare: TestClient, given: str | None) -> None:
    headers = {} if given is None else {"X-Drafting-Token": given}
    answer = bare.get(f"/api/doc?path={DOC}", headers=headers)
    assert answer.status_code == 403
    assert answer.json()["code"] == "bad-token"
    assert "kind: plan" not in answer.text
    assert bare.get(f"/api/doc?path={DOC}&token={given or ''}").status_code == 403


def test_get_with_the_token_in_header_or_query_is_served(bare: TestClient) -> None:
    assert bare.get(f"/api/doc?path={DOC}", headers=HEADERS).status_code == 200
    answer = bare.get(f"/api/doc?path={DOC}&token={TOKEN}")
    assert answer.status_code == 200
    assert answer.json()["text"].startswith("# yaml-language-server")


def test_put_needs_the_header_never_the_query(bare: TestClient, root: Path) -> None:
    before = (root / DOC).read_bytes()
    body = {"path": DOC, "text": "kind: plan\n", "base_hash": None, "force": True}
    for url, headers in (
        ("/api/doc", {}),
        ("/api/doc", {"X-Drafting-Token": "wrong"}),
        (f"/api/doc?token={TOKEN}", {}),  # a form or a link could carry the query
    ):
        answer = bare.put(url, json=body, headers=headers)
        assert answer.status_code == 403, url
        assert answer.json()["code"] == "bad-token"
    assert (root / DOC).read_bytes() == before
    assert bare.post(f"/api/new?token={TOKEN}", json={"kind": "plan"}).status_code == 403
    assert not (root / "plan-2026.yaml").exists()


def test_index_page_embeds_the_token_only_for_the_right_one(root: Path, tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text(
        "<!doctype html><html><head><title>t</title></head><body></body></html>", "utf-8"
    )
    (static / "app.js").write_text("console.log(1)", "utf-8")
    with client(root, token=False, static=static) as made:
        page = made.get(f"/?token={TOKEN}")
        assert page.status_code == 200
        assert f'<meta name="drafting-token" content="{TOKEN}">' in page.text
        assert page.headers["referrer-policy"] == "no-referrer"
        for url in ("/", "/?token=wrong"):
            refused = made.get(url)
            assert refused.status_code == 403
            assert TOKEN not in refused.text
            assert "访问令牌" in refused.text
        assert made.get("/static/app.js").text == "console.log(1)"


# the Host header
@pytest.mark.parametrize(
    "host",
    [
        "evil.com",
        f"evil.com:{PORT}",  # DNS rebinding: a page of evil.com whose name now means 127.0.0.1
        f"127.0.0.1:{PORT + 1}",
        "127.0.0.1",
        f"127.0.0.1.evil.com:{PORT}",
        f"localhost.:{PORT}",
        f"0.0.0.0:{PORT}",
    ],
)
def test_a_foreign_host_is_refused_before_anything_else(bare: TestClient, host: str) -> None:
    answer = bare.get(f"/api/doc?path={DOC}", headers={**HEADERS, "Host": host})
    assert answer.status_code == 421
    assert answer.json()["code"] == "bad-host"
    assert bare.get(f"/?token={TOKEN}", headers={"Host": host}).status_code == 421


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"])
def test_the_loopback_names_are_served(bare: TestClient, host: str) -> None:
    answer = bare.get(f"/api/doc?path={DOC}", headers={**HEADERS, "Host": host})
    assert answer.status_code == 200


def test_a_foreign_origin_is_refused(bare: TestClient, root: Path) -> None:
    before = (root / DOC).read_bytes()
    body = {"path": DOC, "text": "kind: plan\n", "base_hash": None, "force": True}
    answer = bare.put("/api/doc", json=body, headers={**HEADERS, "Origin": "http://evil.com"})
    assert answer.status_code == 403
    assert answer.json()["code"] == "bad-origin"
    assert (root / DOC).read_bytes() == before
    same = bare.get(
        f"/api/doc?path={DOC}", headers={**HEADERS, "Origin": f"http://127.0.0.1:{PORT}"}
    )
    assert same.status_code == 200


# paths
ESCAPES = [
    "../secret.yaml",
    "sub/../../secret.yaml",
    "%2e%2e/secret.yaml",  # the query is decoded once: this arrives as ../secret.yaml
    "%2E%2E%2Fsecret.yaml",
    "..%5csecret.yaml",
    "..\\secret.yaml",
    "/etc/passwd",
    "//etc/passwd",
    "C:/Windows/win.ini",
    "C:\\Windows\\win.ini",
    "./plan-2023-county.yaml/../../secret.yaml",
    "plan-2023-county.yaml%00.txt",
]


@pytest.mark.parametrize("given", ESCAPES)
def test_a_path_out_of_the_folder_is_refused(api: TestClient, root: Path, given: str) -> None:
    answer = api.get(f"/api/doc?path={given}")
    assert answer.status_code in (400, 403), answer.text
    assert answer.json()["code"] in ("bad-path", "outside-root")
    assert "外面的文件" not in answer.text
    saved = api.put("/api/doc", json={"path": unquote(given), "text": "x: 1\n"})
    assert saved.status_code in (400, 403)
    assert (root.parent / "secret.yaml").read_text("utf-8").endswith("外面的文件\n")
    assert api.get(f"/api/download?path={given}&format=docx").status_code in (400, 403)
    assert api.get(f"/api/diff?a={DOC}&b={given}").status_code in (400, 403)


def test_a_symlink_leading_out_is_refused(api: TestClient, root: Path) -> None:
    outside = root.parent
    os.symlink(outside / "secret.yaml", root / "link.yaml")
    os.symlink(outside, root / "linked")
    for given in ("link.yaml", "linked/secret.yaml"):
        answer = api.get(f"/api/doc?path={given}")
        assert answer.status_code == 403, given
        assert answer.json()["code"] == "outside-root"
        assert "外面的文件" not in answer.text
        write = api.put("/api/doc", json={"path": given, "text": "x", "force": True})
        assert write.status_code == 403
    assert (outside / "secret.yaml").read_text("utf-8").endswith("外面的文件\n")
    assert not (outside / "new.yaml").exists()
    assert api.post("/api/new", json={"kind": "plan", "path": "linked/new.yaml"}).status_code == 403
    assert not (outside / "new.yaml").exists()
    listed = [d["path"] for d in api.get("/api/docs").json()["documents"]]
    assert "link.yaml" not in listed
    assert not any(p.startswith("linked/") for p in listed)


def test_a_symlink_inside_the_folder_is_followed(api: TestClient, root: Path) -> None:
    os.symlink(root / DOC, root / "alias.yaml")
    answer = api.get("/api/doc?path=alias.yaml")
    assert answer.status_code == 200
    assert answer.json()["path"] == DOC


@pytest.mark.parametrize("given", [".git/config", ".git/../.git/config", "sub/.git/config"])
def test_git_internals_are_out_of_reach(api: TestClient, root: Path, given: str) -> None:
    answer = api.get(f"/api/doc?path={given}")
    assert answer.status_code == 400
    assert "secret" not in answer.text
    os.symlink(root / ".git" / "config", root / "config.yaml")
    assert api.get("/api/doc?path=config.yaml").status_code == 400
    assert api.get("/static/../.git/config").status_code == 404


# body size
def test_a_body_over_the_limit_is_refused(api: TestClient, root: Path) -> None:
    before = (root / DOC).read_bytes()
    big = "x" * (BODY_LIMIT + 1)
    answer = api.put("/api/doc", json={"path": DOC, "text": big, "force": True})
    assert answer.status_code == 413
    assert answer.json()["code"] == "too-large"
    assert (root / DOC).read_bytes() == before


def test_a_lying_content_length_does_not_let_a_big_body_in(api: TestClient, root: Path) -> None:
    before = (root / DOC).read_bytes()
    big = (json.dumps({"path": DOC, "force": True, "text": "x" * (BODY_LIMIT + 10)})).encode()
    answer = api.put(
        "/api/doc",
        content=big,
        headers={"Content-Type": "application/json", "Content-Length": "100"},
    )
    assert answer.status_code == 413
    assert (root / DOC).read_bytes() == before


def test_a_chunked_body_is_counted_while_it_arrives(api: TestClient, root: Path) -> None:
    chunk = b"x" * (1024 * 1024)

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        for _ in range(BODY_LIMIT // len(chunk) + 3):
            yield chunk

    answer = api.post("/api/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["code"] == "too-large"


def test_a_body_under_the_limit_is_served(api: TestClient) -> None:
    text = "kind: plan\n# " + "x" * (BODY_LIMIT // 2) + "\n"
    answer = api.post("/api/check", json={"path": "big.yaml", "text": text})
    assert answer.status_code == 200


def test_uploads_have_their_own_larger_limit(api: TestClient, root: Path) -> None:
    data = b"a" * (BODY_LIMIT + 1024)  # over the body limit, under the upload limit
    answer = api.post("/api/import", files={"file": ("big.txt", data, "text/plain")})
    assert answer.status_code != 413
    huge = b"a" * (UPLOAD_LIMIT + 1)
    refused = api.post("/api/import", files={"file": ("huge.txt", huge, "text/plain")})
    assert refused.status_code == 413
    assert not (root / "huge.yaml").exists()
