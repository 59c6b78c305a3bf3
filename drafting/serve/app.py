"""The Starlette app of ``drafting serve``: the index page, the bundle, and the JSON API.

:func:`create_app` wires the routes behind :class:`~drafting.serve.guard.Guard`. Every
endpoint is a thin layer over the library (the same calls the command line makes); the
work runs in Starlette's thread pool, and every error is ``{"error", "code"}`` with a
Chinese message.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafting.errors import DraftingError, InputError, WrongKind
from drafting.serve import actions, git, outline
from drafting.serve.drafts import Drafts
from drafting.serve.guard import Guard, token_equal
from drafting.serve.workspace import Conflict, Workspace, decode, diagnostic_json, digest

log = logging.getLogger("drafting.serve")

STATIC_ENV = "DRAFTING_SERVE_STATIC"
"""Environment variable naming a folder to serve the bundle from (front-end development)."""
EDITOR_KINDS = ("plan", "summary", "speech", "notice", "units")

_STATUS = {
    "bad-path": 400,
    "bad-op": 400,
    "bad-request": 400,
    "outside-root": 403,
    "not-found": 404,
    "unknown-kind": 404,
    "conflict": 409,
    "exists": 409,
    "target-exists": 409,
    "too-large": 413,
    "too-many": 507,
    "not-utf8": 422,
    "yaml": 422,
    "no-preview": 503,
    "no-libreoffice": 503,
    "soffice-missing": 503,
}
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_FORBIDDEN_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>drafting：无法打开</title></head>
<body><h1>访问令牌缺失或不正确</h1>
<p>请使用 <code>drafting serve</code> 启动时显示的完整网址（含 <code>?token=…</code>）打开本页。</p>
</body></html>
"""
_NO_BUNDLE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>drafting</title></head>
<body><h1>缺少网页编辑器的文件</h1>
<p>安装包中没有 drafting/serve/static/index.html。请重新安装 drafting-gongwen，
或在源码中运行前端构建脚本。</p></body></html>
"""


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    """Return the JSON error answer: ``{"error": message, "code": code, ...extra}``."""
    return JSONResponse({"error": message, "code": code, **extra}, status, headers=_HEADERS)


def ok(value: Any) -> JSONResponse:
    """Return ``value`` as a JSON answer that is never cached."""
    return JSONResponse(value, headers=_HEADERS)


def _from_error(exc: DraftingError) -> JSONResponse:
    if isinstance(exc, Conflict):
        disk = exc.disk
        text: str | None = None
        if disk is not None:
            try:
                text = decode(disk, "")
            except DraftingError:
                text = disk.decode("utf-8", "replace")
        return error(
            409,
            "conflict",
            exc.message,
            disk_text=text,
            disk_hash=digest(disk) if disk is not None else None,
        )
    if isinstance(exc, (InputError, WrongKind)):
        status = 422 if isinstance(exc, InputError) else 400
        shown = [diagnostic_json(d) for d in exc.diagnostics]
        return error(status, exc.code, exc.message, diagnostics=shown)
    return error(_STATUS.get(exc.code, 500 if exc.exit_code >= 70 else 400), exc.code, exc.message)


Handler = Callable[[Request], Awaitable[Response]]


def api(handler: Handler) -> Handler:
    """Wrap an endpoint so that every failure is a JSON error (never a traceback)."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except DraftingError as exc:
            return _from_error(exc)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return error(400, "bad-request", "请求内容不是有效的 JSON")
        except HTTPException as exc:  # Starlette's own, e.g. a malformed multipart body
            return error(exc.status_code, "bad-request", "请求格式有误，无法读取")
        except Exception:
            log.exception("internal error in %s", request.url.path)
            return error(500, "internal", "内部错误（这是程序缺陷，请报告）；详细信息见服务器日志")

    return endpoint


async def body(request: Request) -> dict[str, Any]:
    """Return the request's JSON object; a DraftingError (``bad-request``) otherwise."""
    raw = await request.body()
    value = json.loads(raw.decode("utf-8")) if raw else {}
    if not isinstance(value, dict):
        raise DraftingError("请求内容应是 JSON 对象", code="bad-request")
    return value


def text_of(value: dict[str, Any]) -> str:
    """Return the ``text`` field of a request, or raise ``bad-request``."""
    text = value.get("text")
    if not isinstance(text, str):
        raise DraftingError("缺少 text（文档内容）", code="bad-request")
    return text


def static_folder(static: Path | None = None) -> Path:
    """Return the folder the bundle is served from (``static``, the env override, or ours)."""
    if static is not None:
        return static
    override = os.environ.get(STATIC_ENV)
    if override:
        return Path(override)
    return Path(str(files("drafting.serve").joinpath("static")))


class Server:
    """The state of one app: the folder, the token, and the page view (made on first use)."""

    def __init__(self, root: Path, token: str, static: Path) -> None:
        self.workspace = Workspace(root)
        self.token = token
        self.static = static
        self.pages: actions.Pages = actions.Pages(self.workspace)
        self.drafts = Drafts(self.workspace.root)

    def _draft_path(self, given: object) -> str:
        """Return the API path of ``given`` once it is confined to the folder (may not exist)."""
        return self.workspace.relative(self.workspace.resolve(given, must_exist=False))

    async def index(self, request: Request) -> Response:
        given = request.query_params.get("token")
        if given is None or not token_equal(given, self.token):
            return HTMLResponse(_FORBIDDEN_PAGE, 403, headers=_HEADERS)
        page = self.static / "index.html"
        try:
            source = await run_in_threadpool(page.read_text, encoding="utf-8")
        except OSError:
            return HTMLResponse(_NO_BUNDLE, 500, headers=_HEADERS)
        meta = f'<meta name="drafting-token" content="{html.escape(self.token)}">'
        head = source.find("<head>")
        source = source[: head + 6] + meta + source[head + 6 :] if head >= 0 else meta + source
        return HTMLResponse(source, headers={**_HEADERS, "X-Frame-Options": "DENY"})

    # documents
    async def docs(self, request: Request) -> Response:
        ws = self.workspace
        entries, units, names = await run_in_threadpool(ws.documents)
        listed = (
            None
            if units is None
            else {
                "path": units.path,
                "names": names,
                "errors": units.errors,
                "warnings": units.warnings,
            }
        )
        return ok(
            {
                "root": str(ws.root),
                "documents": [
                    {
                        "path": e.path,
                        "kind": e.kind,
                        "year": e.year,
                        "title": e.title,
                        "errors": e.errors,
                        "warnings": e.warnings,
                    }
                    for e in entries
                ],
                "units": listed,
                "git": await run_in_threadpool(git.is_repo, ws.root),
                "kinds": ["plan", "summary", "speech", "notice"],
            }
        )

    async def get_doc(self, request: Request) -> Response:
        given = request.query_params.get("path")
        path, data = await run_in_threadpool(self.workspace.read, given)
        text = decode(data, str(given))
        kind = actions.kind_of(text)
        return ok(
            {
                "path": self.workspace.relative(path),
                "text": text,
                "hash": digest(data),
                "kind": kind,
            }
        )

    async def put_doc(self, request: Request) -> Response:
        value = await body(request)
        base = value.get("base_hash")
        if base is not None and not isinstance(base, str):
            raise DraftingError("base_hash 应是文字或 null", code="bad-request")
        saved = await run_in_threadpool(
            self.workspace.save,
            value.get("path"),
            text_of(value),
            base,
            force=value.get("force") is True,
        )
        with contextlib.suppress(DraftingError, OSError):  # saved: the draft is done with
            self.drafts.delete(self._draft_path(value.get("path")))
        return ok({"path": value.get("path"), "hash": saved})

    # drafts kept by the server (outlive the browser's per-origin storage)
    async def get_draft(self, request: Request) -> Response:
        path = self._draft_path(request.query_params.get("path"))
        return ok({"draft": await run_in_threadpool(self.drafts.get, path)})

    async def put_draft(self, request: Request) -> Response:
        value = await body(request)
        path = self._draft_path(value.get("path"))
        base = value.get("base_hash")
        kind = value.get("kind")
        if base is not None and not isinstance(base, str):
            raise DraftingError("base_hash 应是文字或 null", code="bad-request")
        saved_at = await run_in_threadpool(
            self.drafts.put, path, text_of(value), base, kind if isinstance(kind, str) else None
        )
        return ok({"path": path, "saved_at": saved_at})

    async def delete_draft(self, request: Request) -> Response:
        path = self._draft_path(request.query_params.get("path"))
        await run_in_threadpool(self.drafts.delete, path)
        return ok({"path": path})

    async def check(self, request: Request) -> Response:
        value = await body(request)
        found = await run_in_threadpool(
            actions.check_text, self.workspace, value.get("path"), text_of(value)
        )
        return ok({"diagnostics": [diagnostic_json(d) for d in found]})

    async def schema(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in EDITOR_KINDS:
            return error(404, "unknown-kind", f"没有“{kind}”这种文档类型的模式")
        from drafting.check.schema import editor_schema

        return ok(await run_in_threadpool(editor_schema, kind))

    async def preview(self, request: Request) -> Response:
        value = await body(request)
        started = time.perf_counter()
        unit = value.get("unit")
        if unit is not None and (not isinstance(unit, str) or not unit.strip()):
            raise DraftingError("unit（单位名称）应为非空文字", code="bad-request")
        made = await run_in_threadpool(
            actions.preview, self.workspace, value.get("path"), text_of(value), unit
        )
        ms = (time.perf_counter() - started) * 1000
        return ok({**made, "ms": round(ms, 1)})

    async def outline(self, request: Request) -> Response:
        value = await body(request)
        try:
            nodes = await run_in_threadpool(outline.tree, text_of(value))
        except DraftingError as exc:
            if exc.code != "yaml":
                raise
            return ok({"error": exc.message, "code": exc.code})
        return ok({"tree": nodes})

    async def outline_edit(self, request: Request) -> Response:
        value = await body(request)
        op = value.get("op")
        if not isinstance(op, dict):
            raise DraftingError("缺少 op（大纲操作）", code="bad-op")
        return ok({"text": await run_in_threadpool(outline.edit, text_of(value), op)})

    # actions
    async def new(self, request: Request) -> Response:
        value = await body(request)
        made = await run_in_threadpool(
            actions.new_document,
            self.workspace,
            value.get("kind"),
            value.get("path"),
            value.get("year"),
        )
        return ok(made)

    async def import_(self, request: Request) -> Response:
        async with request.form(max_files=1, max_fields=4, max_part_size=1024 * 1024) as form:
            upload = form.get("file")
            wanted = form.get("path")
            if upload is None or isinstance(upload, str):
                raise DraftingError("缺少要导入的文件（file）", code="bad-request")
            data = await upload.read()
            name = upload.filename or "导入.docx"
        made = await run_in_threadpool(
            actions.import_upload,
            self.workspace,
            name,
            data,
            wanted if isinstance(wanted, str) and wanted else None,
        )
        return ok(made)

    async def download(self, request: Request) -> Response:
        params = request.query_params
        name, data, media = await run_in_threadpool(
            actions.download, self.workspace, params.get("path"), params.get("format")
        )
        return Response(
            data,
            media_type=media,
            headers={**_HEADERS, "Content-Disposition": actions.disposition(name)},
        )

    async def rollover(self, request: Request) -> Response:
        value = await body(request)
        made = await run_in_threadpool(
            actions.rollover, self.workspace, value.get("path"), value.get("year")
        )
        return ok(made)

    async def summarize(self, request: Request) -> Response:
        value = await body(request)
        return ok(await run_in_threadpool(actions.summarize, self.workspace, value.get("path")))

    async def diff(self, request: Request) -> Response:
        params = request.query_params
        made = await run_in_threadpool(
            actions.diff, self.workspace, params.get("a"), params.get("b")
        )
        return ok(made)

    async def git_status(self, request: Request) -> Response:
        return ok(await run_in_threadpool(git.status, self.workspace))

    async def git_commit(self, request: Request) -> Response:
        value = await body(request)
        made = await run_in_threadpool(
            git.commit, self.workspace, value.get("message"), value.get("paths")
        )
        return ok({"commit": made})

    async def pageview(self, request: Request) -> Response:
        value = await body(request)
        started = time.perf_counter()
        pages = await run_in_threadpool(self.pages.render, value.get("path"), text_of(value))
        ms = (time.perf_counter() - started) * 1000
        return ok({"pages": pages, "ms": round(ms, 1)})


class _Static(StaticFiles):
    """The bundle; a folder that is not there (the front end not built) gives 404, not 500."""

    async def check_config(self) -> None:
        if self.directory is not None and not os.path.isdir(self.directory):
            raise HTTPException(404)
        await super().check_config()


async def _http_error(request: Request, exc: Exception) -> Response:
    """Answer Starlette's own 404 and 405 as the API answers every error, under /api."""
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        message = "没有这个接口" if exc.status_code == 404 else "该接口不接受这种请求方法"
        return error(
            exc.status_code, "not-found" if exc.status_code == 404 else "bad-method", message
        )
    return Response(str(exc.detail), exc.status_code, headers=_HEADERS)


def create_app(
    root: Path, token: str, *, static: Path | None = None, hosts: tuple[str, ...] = ()
) -> Guard:
    """Return the ASGI app serving ``root`` to whoever holds ``token``.

    ``static`` is the bundle folder (default: ``DRAFTING_SERVE_STATIC`` or the packaged
    ``drafting/serve/static``); ``hosts`` are Host names allowed besides the loopback
    ones (the address given with ``--host``). The page view's LibreOffice, if started,
    is stopped when the app shuts down.
    """
    server = Server(root, token, static_folder(static))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await run_in_threadpool(server.pages.close)

    def route(path: str, handler: Handler, method: str = "GET") -> Route:
        return Route(path, api(handler), methods=[method])

    routes = [
        Route("/", server.index, methods=["GET"]),
        route("/api/docs", server.docs),
        route("/api/doc", server.get_doc),
        route("/api/doc", server.put_doc, "PUT"),
        route("/api/draft", server.get_draft),
        route("/api/draft", server.put_draft, "PUT"),
        route("/api/draft", server.delete_draft, "DELETE"),
        route("/api/check", server.check, "POST"),
        route("/api/schema/{kind}", server.schema),
        route("/api/preview", server.preview, "POST"),
        route("/api/outline", server.outline, "POST"),
        route("/api/outline/edit", server.outline_edit, "POST"),
        route("/api/new", server.new, "POST"),
        route("/api/import", server.import_, "POST"),
        route("/api/download", server.download),
        route("/api/rollover", server.rollover, "POST"),
        route("/api/summarize", server.summarize, "POST"),
        route("/api/diff", server.diff),
        route("/api/git", server.git_status),
        route("/api/git/commit", server.git_commit, "POST"),
        route("/api/pageview", server.pageview, "POST"),
        Mount("/static", _Static(directory=server.static, check_dir=False), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: _http_error, 405: _http_error},
    )
    app.state.server = server
    guarded = Guard(app, token, hosts=hosts)
    return guarded
