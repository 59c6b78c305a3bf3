// The HTTP API of `drafting serve` (docs: /work contract, drafting/serve). Every call carries
// the page's token in the X-Drafting-Token header; downloads carry it in the query.

const meta = document.querySelector('meta[name="drafting-token"]');

/** The token the server embedded in the page (or, failing that, the one in the address). */
export const token =
  (meta && meta.getAttribute('content')) || new URLSearchParams(location.search).get('token') || '';

/** An answer with status 4xx/5xx: `message` is the server's Chinese text, `code` its code. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `服务器返回错误（HTTP ${status}）`);
    this.status = status;
    this.code = (body && body.code) || 'http-' + status;
    this.body = body || {};
  }
}

async function answer(response) {
  let body = null;
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Call `method path` with `body` as JSON; return the JSON answer or throw ApiError. */
export async function api(method, path, body) {
  const init = { method, headers: { 'X-Drafting-Token': token }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json; charset=utf-8';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, { error: '连不上本机的 drafting serve（它是否已经关闭？）', code: 'offline' });
  }
  return answer(response);
}

/** POST a file as multipart `file` (and optional `path`); return the JSON answer. */
export async function upload(path, file, target) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (target) form.append('path', target);
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'X-Drafting-Token': token },
      body: form,
    });
  } catch {
    throw new ApiError(0, { error: '连不上本机的 drafting serve（它是否已经关闭？）', code: 'offline' });
  }
  return answer(response);
}

/** The address that downloads `path` as `format` (the token in the query: a plain link). */
export function downloadUrl(path, format) {
  const q = new URLSearchParams({ path, format, token });
  return '/api/download?' + q.toString();
}

/** `GET path` with the query `params`. */
export function get(path, params) {
  const q = params ? '?' + new URLSearchParams(params).toString() : '';
  return api('GET', path + q);
}
