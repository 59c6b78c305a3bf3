// The page of `drafting serve`: document list, editor, outline, preview, actions, git.
import './style.css';
import { api, ApiError, downloadUrl, get, token, upload } from './api.js';
import { createEditor, modelUri, monaco, replaceText, setDiagnostics, useSchema } from './editor.js';
import { renderOutline } from './outline.js';
import { ask, el, modal, notice } from './ui.js';

const KIND_NAMES = { plan: '工作要点', summary: '工作总结', speech: '讲话稿', notice: '通知', units: '单位名册' };
const FORMATS = [
  ['docx', 'Word 文档（.docx）'],
  ['pdf', 'PDF'],
  ['units', '各单位任务清单（.zip）'],
  ['tasks-xlsx', '任务分解表（Excel）'],
  ['tasks-csv', '任务分解表（CSV）'],
];
const DELAY = 300;
const DIFF_OPTIONS = {
  readOnly: true,
  automaticLayout: true,
  renderSideBySide: true,
  minimap: { enabled: false },
  wordWrap: 'on',
  unicodeHighlight: { ambiguousCharacters: false },
  hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 5 },
}; // ms after the last keystroke before check and preview run

const state = {
  root: '',
  docs: [],
  units: null,
  git: false,
  kinds: ['plan', 'summary', 'speech', 'notice'],
  open: new Map(), // path -> {path, kind, baseHash, savedText, model, isNew}
  current: null,
  diagnostics: [],
  seq: 0,
  previewScroll: new Map(), // path -> scroll top of the preview
};

const $ = (id) => document.getElementById(id);
const editor = createEditor($('editor'));
window.draftingEditor = editor; // for the browser tests and the curious
window.monaco = monaco;

// ---------------------------------------------------------------- unsaved text

const storeKey = (path) => `drafting:unsaved:${state.root}:${path}`;

/** Keep `doc`'s unsaved text on the server too (the browser's storage is per origin: a
 *  server restarted on another port would find none); drop it there once saved. */
function keepOnServer(doc, text, unchanged) {
  if (doc.serverText === (unchanged ? null : text)) return; // nothing new to tell
  doc.serverText = unchanged ? null : text;
  const headers = { 'X-Drafting-Token': token, 'Content-Type': 'application/json; charset=utf-8' };
  const q = '/api/draft?' + new URLSearchParams({ path: doc.path }).toString();
  const sent = unchanged
    ? fetch(q, { method: 'DELETE', headers, keepalive: true })
    : fetch('/api/draft', {
        method: 'PUT',
        headers,
        keepalive: text.length < 60000, // a page going away may still send a small one
        body: JSON.stringify({ path: doc.path, text, base_hash: doc.baseHash, kind: doc.kind }),
      });
  sent.catch(() => {
    doc.serverText = undefined; // try again with the next change
  });
}

function keepUnsaved(doc) {
  const text = doc.model.getValue();
  keepOnServer(doc, text, text === doc.savedText && !doc.isNew);
  try {
    if (text === doc.savedText && !doc.isNew) localStorage.removeItem(storeKey(doc.path));
    else
      localStorage.setItem(
        storeKey(doc.path),
        JSON.stringify({ text, base_hash: doc.baseHash, kind: doc.kind, saved_at: new Date().toISOString(), is_new: !!doc.isNew }),
      );
  } catch {
    /* storage full or disabled: the edit is still in the editor */
  }
}

function unsavedOf(path) {
  try {
    const raw = localStorage.getItem(storeKey(path));
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function unsavedPaths() {
  const prefix = `drafting:unsaved:${state.root}:`;
  const paths = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key && key.startsWith(prefix)) paths.push(key.slice(prefix.length));
  }
  return paths.sort();
}

// ---------------------------------------------------------------- document list

async function loadDocs() {
  const answer = await get('/api/docs');
  state.root = answer.root;
  state.docs = answer.documents || [];
  state.units = answer.units;
  state.git = !!answer.git;
  if (answer.kinds) state.kinds = answer.kinds;
  $('root').textContent = answer.root;
  $('root').title = answer.root;
  $('git-button').hidden = !state.git;
  renderDocs();
}

function counts(errors, warnings) {
  return el(
    'span',
    { class: 'counts' },
    errors ? el('span', { class: 'badge error', title: `${errors} 个错误`, text: String(errors) }) : null,
    warnings ? el('span', { class: 'badge warning', title: `${warnings} 个警告`, text: String(warnings) }) : null,
    !errors && !warnings ? el('span', { class: 'badge ok', title: '检查通过', text: '✓' }) : null,
  );
}

function renderDocs() {
  const list = $('doc-list');
  list.replaceChildren();
  const unsaved = new Set(unsavedPaths());
  const item = (path, kind, label, sub, errors, warnings) =>
    el(
      'li',
      {
        class: 'doc' + (state.current && state.current.path === path ? ' active' : ''),
        'data-path': path,
        title: path,
        onclick: () => openDoc(path, kind),
      },
      el('div', { class: 'line1' }, el('span', { class: 'kind ' + kind, text: KIND_NAMES[kind] || kind || '？' }), el('span', { class: 'title', text: label }), unsaved.has(path) ? el('span', { class: 'dot', title: '有未保存的修改', text: '●' }) : null),
      el('div', { class: 'line2' }, el('span', { class: 'path', text: sub }), counts(errors, warnings)),
    );
  const known = new Set();
  for (const d of state.docs) {
    known.add(d.path);
    list.append(item(d.path, d.kind, d.title || d.path, [d.year, d.path].filter(Boolean).join(' · '), d.errors, d.warnings));
  }
  for (const path of unsaved) {
    if (known.has(path) || (state.units && state.units.path === path)) continue;
    const kept = unsavedOf(path);
    list.append(item(path, kept && kept.kind, '（新文档，未保存）', path, 0, 0));
  }
  if (!list.children.length) list.append(el('li', { class: 'empty', text: '这个文件夹里还没有公文。点“新建”或把文件拖到页面上导入。' }));
  const units = $('units-entry');
  units.replaceChildren();
  if (state.units) {
    const u = state.units;
    units.append(item(u.path, 'units', `单位名册（${(u.names || []).length} 个单位）`, u.path, u.errors, u.warnings));
  } else units.append(el('div', { class: 'empty', text: '没有 units.yaml（单位名册）' }));
}

// ---------------------------------------------------------------- opening, switching

function kindOf(path) {
  const d = state.docs.find((x) => x.path === path);
  if (d) return d.kind;
  if (state.units && state.units.path === path) return 'units';
  return null;
}

const opening = new Map(); // path -> promise of its document, while it is being loaded

/** Open `path` in the editor (loading it once, however often it is asked for meanwhile). */
let openTicket = 0; // the latest open asked for wins, however the loads finish

async function openDoc(path, kind) {
  const ticket = ++openTicket;
  let doc = state.open.get(path);
  if (!doc) {
    if (!opening.has(path)) opening.set(path, loadDoc(path, kind).finally(() => opening.delete(path)));
    doc = await opening.get(path);
    if (!doc) return;
  }
  await useSchema(doc.kind, path, doc.model.getValue());
  if (ticket !== openTicket) return;
  showDoc(doc);
  try {
    localStorage.setItem(`drafting:last:${state.root}`, path);
  } catch {
    /* ignore */
  }
}

/** The newer of the draft kept in this browser and the one kept by the server. */
async function keptDraft(path) {
  const local = unsavedOf(path);
  let remote = null;
  try {
    remote = (await get('/api/draft', { path })).draft;
  } catch {
    /* an older server, or none: the browser's draft alone */
  }
  if (!remote) return local;
  if (local && (local.saved_at || '') >= (remote.saved_at || '')) return local;
  return { ...remote, kind: remote.kind || (local && local.kind), is_new: remote.base_hash == null, server: true };
}

async function loadDoc(path, kind) {
  let doc;
  {
    let loaded;
    const kept = await keptDraft(path);
    try {
      loaded = await get('/api/doc', { path });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && kept && kept.is_new) {
        loaded = { path, text: kept.text, hash: null, kind: kept.kind };
      } else {
        notice(error.message, 'error');
        return null;
      }
    }
    doc = {
      path,
      kind: loaded.kind || kind || kindOf(path),
      baseHash: loaded.hash,
      savedText: loaded.hash ? loaded.text : '',
      isNew: !loaded.hash,
      model: null,
    };
    let text = loaded.text;
    if (kept && kept.text !== text) {
      const choice = await modal(
        '恢复未保存的修改？',
        el(
          'div',
          {},
          el('p', { text: `${path} 有一份在 ${new Date(kept.saved_at).toLocaleString('zh-CN')} 留在${kept.server ? '本机的 drafting serve 里' : '本机浏览器里'}、尚未保存的修改。` }),
          kept.base_hash && kept.base_hash !== loaded.hash ? el('p', { class: 'warn', text: '注意：这份修改之后，磁盘上的文件也改动过；恢复后保存时会让您比较两边。' }) : null,
        ),
        [
          { label: '丢弃这份修改', value: 'drop', danger: true },
          { label: '恢复修改', value: 'restore', primary: true },
        ],
        { id: 'restore' },
      );
      if (choice === 'restore') {
        text = kept.text;
        if (kept.base_hash !== undefined) doc.baseHash = kept.base_hash;
      } else if (choice === 'drop') {
        localStorage.removeItem(storeKey(path));
        api('DELETE', '/api/draft?' + new URLSearchParams({ path }).toString()).catch(() => {});
      }
    }
    doc.model = monaco.editor.createModel(text, 'yaml', modelUri(path));
    doc.model.onDidChangeContent(() => changed(doc));
    state.open.set(path, doc);
  }
  return doc;
}

function showDoc(doc) {
  if (state.current && state.current !== doc) {
    state.current.view = editor.saveViewState();
  }
  state.current = doc;
  editor.setModel(doc.model);
  if (doc.view) editor.restoreViewState(doc.view);
  editor.focus();
  document.body.classList.add('has-doc');
  renderDocs();
  updateTitle();
  schedule(0);
}

function updateTitle() {
  const doc = state.current;
  const dirty = doc && (doc.isNew || doc.model.getValue() !== doc.savedText);
  $('doc-path').textContent = doc ? doc.path : '';
  $('doc-state').textContent = !doc ? '' : doc.isNew ? '新文档，未保存' : dirty ? '有未保存的修改' : '已保存';
  $('doc-state').className = 'state ' + (!doc ? '' : dirty ? 'dirty' : 'clean');
  document.title = (dirty ? '● ' : '') + (doc ? doc.path + ' — ' : '') + 'drafting 公文编辑';
  for (const b of document.querySelectorAll('[data-needs-doc]')) b.disabled = !doc;
  for (const b of document.querySelectorAll('[data-needs-plan]')) b.disabled = !doc || doc.kind !== 'plan' || doc.isNew;
  // downloads are made from the file on disk; the unit list is no document of its own
  $('download-button').disabled = !doc || doc.isNew || doc.kind === 'units';
  $('diff-button').disabled = !doc || doc.isNew || doc.kind === 'units';
}

let timer = 0;
function changed(doc) {
  // kept in localStorage shortly after typing stops (and at once when the page goes away)
  clearTimeout(doc.keepTimer);
  doc.keepTimer = setTimeout(() => keepUnsaved(doc), 200);
  if (doc !== state.current) return;
  updateTitle();
  schedule(DELAY);
}

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(refresh, delay);
}

// ---------------------------------------------------------------- check, outline, preview

async function refresh() {
  const doc = state.current;
  if (!doc) return;
  const seq = ++state.seq;
  const body = { path: doc.path, text: doc.model.getValue() };
  const still = () => seq === state.seq && state.current === doc;
  const check = api('POST', '/api/check', body).then(
    (a) => {
      if (!still()) return;
      state.diagnostics = a.diagnostics || [];
      setDiagnostics(doc.model, state.diagnostics);
      showProblems();
    },
    (e) => still() && notice('检查失败：' + e.message, 'error'),
  );
  const outline =
    doc.kind === 'units'
      ? Promise.resolve($('outline').replaceChildren(el('p', { class: 'empty', text: '单位名册没有大纲。' })))
      : api('POST', '/api/outline', body).then(
          (a) => {
            if (!still()) return;
            renderOutline($('outline'), a, outlineActions);
            unitChoices(a.tree || []);
          },
          (e) => still() && renderOutline($('outline'), { error: e.message }, outlineActions),
        );
  let preview = Promise.resolve();
  if (doc.kind === 'units') {
    setStatus('单位名册没有页面预览');
    $('preview').srcdoc = '';
  } else if ($('preview-mode').value === 'live') {
    const unit = $('preview-unit').value;
    preview = refreshPreview(unit ? { ...body, unit } : body, still);
  }
  await Promise.allSettled([check, outline, preview]);
}

/** Offer each unit the document names (lead or units of a task) as a task list to preview. */
function unitChoices(tree) {
  const names = new Set();
  const walk = (nodes) => {
    for (const n of nodes) {
      for (const u of [...(n.lead || []), ...(n.units || [])]) names.add(u);
      walk(n.children || []);
    }
  };
  walk(tree);
  const select = $('preview-unit');
  const chosen = select.value;
  const wanted = [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const shown = [...select.options].slice(1).map((o) => o.value);
  if (wanted.join('\n') !== shown.join('\n')) {
    select.replaceChildren(
      el('option', { value: '', text: '整份文档' }),
      ...wanted.map((u) => el('option', { value: u, text: `${u}的任务清单` })),
    );
  }
  select.value = wanted.includes(chosen) ? chosen : '';
  select.hidden = wanted.length === 0;
  if (chosen && !wanted.includes(chosen)) schedule(0); // that unit is gone: show the whole document
}

function showProblems() {
  const box = $('problems');
  const ds = state.diagnostics;
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  $('problem-count').replaceChildren(counts(errors, warnings));
  box.replaceChildren(
    ...ds.map((d) =>
      el(
        'li',
        {
          class: 'problem ' + d.severity,
          'data-code': d.code,
          'data-line': String(d.line),
          onclick: () => {
            editor.revealLineInCenter(d.line);
            editor.setPosition({ lineNumber: d.line, column: d.col || 1 });
            editor.focus();
          },
        },
        el('span', { class: 'where', text: `${d.line}:${d.col}` }),
        el('span', { class: 'msg', text: d.message }),
        el('code', { text: d.code }),
      ),
    ),
  );
}

// The preview runs sandboxed (no same origin), so it tells us its scroll by postMessage and
// is told where to scroll back to by a line put into its own page.
function withScrollKeeper(html, top) {
  // Pages are A4 wide; the pane is narrower on an office screen: zoom to fit its width.
  // It is fitted again whenever the frame changes size (shown after the page view, the
  // window resized): a frame measured while hidden has no width.
  const script = `<script>(function(){var t=${Math.round(top) || 0};function fit(){var d=document.documentElement;if(!innerWidth)return;d.style.zoom='';var w=d.scrollWidth;if(w>innerWidth+2){d.style.zoom=String((innerWidth-6)/w);d.style.overflowX='hidden'}else{d.style.overflowX=''}}addEventListener('load',function(){setTimeout(function(){fit();scrollTo(0,t)},0)});addEventListener('resize',fit);var w=0;addEventListener('scroll',function(){clearTimeout(w);w=setTimeout(function(){parent.postMessage({draftingPreviewScroll:scrollY},'*')},80)})})();</script>`;
  const at = html.search(/<\/body>/i);
  return at >= 0 ? html.slice(0, at) + script + html.slice(at) : html + script;
}

/** Where the preview of the current document was last scrolled to (for the tests). */
window.draftingPreviewScroll = () => (state.current ? state.previewScroll.get(state.current.path) ?? 0 : 0);

addEventListener('message', (event) => {
  const frame = $('preview');
  if (event.source === frame.contentWindow && event.data && typeof event.data.draftingPreviewScroll === 'number' && state.current)
    state.previewScroll.set(state.current.path, event.data.draftingPreviewScroll);
});

/** Show the live preview frame (the exact pages, laid over it, hidden). */
/** Say `text` in the preview's status line (whole in its tooltip when cut off). */
function setStatus(text, cls = '') {
  const status = $('preview-status');
  status.textContent = text;
  status.title = text;
  status.className = 'status' + (cls ? ' ' + cls : '');
}

function showLive() {
  $('pages').hidden = true;
}

async function refreshPreview(body, still) {
  setStatus('正在排版…');
  let a;
  try {
    a = await api('POST', '/api/preview', body);
  } catch (e) {
    if (still() && $('preview-mode').value === 'live') {
      setStatus('预览不可用：' + e.message, 'error');
    }
    return;
  }
  if (!still()) return;
  const live = $('preview-mode').value === 'live'; // not switched to the exact pages meanwhile
  if (live) showLive();
  if (a.html) {
    if (!live) {
      $('preview').srcdoc = withScrollKeeper(a.html, state.previewScroll.get(body.path) || 0);
      return;
    }
    $('preview').srcdoc = withScrollKeeper(a.html, state.previewScroll.get(body.path) || 0);
    setStatus(`已更新（${Math.round(a.ms || 0)} 毫秒）`, 'ok');
  } else if (live) {
    const n = (a.diagnostics || []).filter((d) => d.severity === 'error').length;
    setStatus(`有 ${n} 个错误，改正后才能预览（显示的是上一次的页面）`, 'error');
  }
}

async function exactPages() {
  const doc = state.current;
  if (!doc) return;
  setStatus('正在用 LibreOffice 排出真实页面…');
  try {
    const a = await api('POST', '/api/pageview', { path: doc.path, text: doc.model.getValue() });
    const pages = $('pages');
    pages.replaceChildren(...a.pages.map((src, i) => el('figure', {}, el('img', { src, alt: `第 ${i + 1} 页` }), el('figcaption', { text: `第 ${i + 1} 页` }))));
    pages.hidden = false; // over the live frame, which stays laid out beneath
    setStatus(`精确页面：${a.pages.length} 页（${Math.round(a.ms || 0)} 毫秒）`, 'ok');
  } catch (e) {
    setStatus(e.code === 'no-libreoffice' ? '本机没有安装 LibreOffice，无法显示精确页面；实时预览仍可用。' : '精确页面失败：' + e.message, 'error');
    $('preview-mode').value = 'live';
  }
}

// ---------------------------------------------------------------- outline edits

async function outlineEdit(op) {
  const doc = state.current;
  if (!doc) return;
  try {
    const a = await api('POST', '/api/outline/edit', { path: doc.path, text: doc.model.getValue(), op });
    replaceText(editor, a.text);
    editor.focus();
  } catch (e) {
    notice('大纲修改失败：' + e.message, 'error');
  }
}

const outlineActions = {
  edit: outlineEdit,
  reveal(line) {
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column: 1 });
    editor.focus();
  },
  unitNames: () => (state.units && state.units.names) || [],
};

// ---------------------------------------------------------------- saving

let saving = false;

async function save() {
  const doc = state.current;
  if (!doc || saving) return; // one save at a time (Ctrl+S pressed twice, button and key)
  saving = true;
  const text = doc.model.getValue();
  try {
    const a = await api('PUT', '/api/doc', { path: doc.path, text, base_hash: doc.baseHash, force: false });
    saved(doc, text, a.hash);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
      if (e.body.disk_text === text && e.body.disk_hash) saved(doc, text, e.body.disk_hash);
      else if (e.body.disk_hash == null) await deleted(doc, text);
      else await conflict(doc, text, e.body);
    } else notice('保存失败：' + e.message, 'error');
  } finally {
    saving = false;
  }
}

function saved(doc, text, hash) {
  doc.baseHash = hash;
  doc.savedText = text;
  doc.isNew = false;
  keepUnsaved(doc);
  updateTitle();
  notice(`已保存 ${doc.path}`, 'ok');
  loadDocs().catch(() => {});
}

/** The file was deleted on disk since it was opened: write it back with `mine` or leave it
 *  (the text stays in the editor and in the browser; nothing replaces it with nothing). */
async function deleted(doc, mine) {
  const choice = await modal(
    '文件已在磁盘上删除',
    el('p', { text: `您打开 ${doc.path} 之后，磁盘上的这个文件被删除了（或被移走）。您的内容仍在编辑器里。` }),
    [
      { label: '关闭', value: null },
      { label: '用我的内容重新创建', value: 'recreate', primary: true },
    ],
    { id: 'deleted' },
  );
  if (choice !== 'recreate') return;
  try {
    const a = await api('PUT', '/api/doc', { path: doc.path, text: mine, base_hash: null, force: false });
    saved(doc, mine, a.hash);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.code === 'conflict' && e.body.disk_hash != null) await conflict(doc, mine, e.body);
    else notice('保存失败：' + e.message, 'error');
  }
}

async function conflict(doc, mine, body) {
  const box = el('div', { class: 'diffbox', id: 'conflict-diff' });
  let diff = null;
  const choice = await modal(
    '文件在磁盘上被改过了',
    el(
      'div',
      {},
      el('p', { text: `您打开 ${doc.path} 之后，磁盘上的文件被别的程序或别人改动了。左边是磁盘上的内容，右边是您的内容。请选择保留哪一份：` }),
      el('div', { class: 'diff-heads' }, el('span', { text: '磁盘上的' }), el('span', { text: '我的' })),
      box,
    ),
    [
      { label: '取消', value: null },
      { label: '采用磁盘上的', value: 'disk' },
      { label: '保留我的（覆盖磁盘上的）', value: 'mine', primary: true },
    ],
    {
      wide: true,
      id: 'conflict',
      onOpen: () => {
        diff = monaco.editor.createDiffEditor(box, DIFF_OPTIONS);
        diff.setModel({ original: monaco.editor.createModel(body.disk_text ?? '', 'yaml'), modified: monaco.editor.createModel(mine, 'yaml') });
      },
      onClose: () => {
        if (!diff) return;
        const m = diff.getModel();
        diff.dispose();
        m.original.dispose();
        m.modified.dispose();
      },
    },
  );
  if (choice === 'mine') {
    try {
      const a = await api('PUT', '/api/doc', { path: doc.path, text: mine, base_hash: body.disk_hash ?? null, force: true });
      saved(doc, mine, a.hash);
    } catch (e) {
      notice('保存失败：' + e.message, 'error');
    }
  } else if (choice === 'disk') {
    doc.baseHash = body.disk_hash ?? null;
    doc.savedText = body.disk_text ?? '';
    doc.isNew = body.disk_hash == null;
    doc.model.setValue(body.disk_text ?? '');
    keepUnsaved(doc);
    updateTitle();
    notice('已换成磁盘上的内容', 'ok');
  }
}

// ---------------------------------------------------------------- new, import

function suggestPath(kind, year) {
  const same = state.docs.filter((d) => d.kind === kind);
  const dir = same.length ? same[0].path.split('/').slice(0, -1).join('/') : '';
  const name = `${kind}-${year}.yaml`;
  return dir ? `${dir}/${name}` : name;
}

async function newDoc() {
  const year = new Date().getFullYear();
  const kind = el('select', { name: 'kind' }, state.kinds.map((k) => el('option', { value: k, text: KIND_NAMES[k] || k })));
  const yearInput = el('input', { type: 'number', name: 'year', value: String(year), min: '1990', max: '2100' });
  const path = el('input', { type: 'text', name: 'path', value: suggestPath(state.kinds[0], year) });
  const sync = () => (path.value = suggestPath(kind.value, yearInput.value || year));
  kind.addEventListener('change', sync);
  yearInput.addEventListener('input', sync);
  const body = el(
    'div',
    { class: 'form' },
    el('label', { class: 'field' }, el('span', { text: '公文种类' }), kind),
    el('label', { class: 'field' }, el('span', { text: '年度' }), yearInput),
    el('label', { class: 'field' }, el('span', { text: '保存为' }), path, el('small', { text: '相对于公文文件夹的路径' })),
  );
  const ok = await modal('新建公文', body, [
    { label: '取消', value: false },
    { label: '新建', value: true, primary: true },
  ], { id: 'new' });
  if (!ok) return;
  try {
    const a = await api('POST', '/api/new', { kind: kind.value, path: path.value.trim(), year: Number(yearInput.value) || undefined });
    await loadDocs();
    await openDoc(a.path, kind.value);
    notice(`已新建 ${a.path}`, 'ok');
  } catch (e) {
    notice('新建失败：' + e.message, 'error');
  }
}

async function importFile(file) {
  notice(`正在导入 ${file.name}…`);
  let a;
  try {
    a = await upload('/api/import', file);
  } catch (e) {
    notice('导入失败：' + e.message, 'error');
    return;
  }
  await loadDocs();
  const ds = a.diagnostics || [];
  await modal(
    `已导入 ${file.name}`,
    el(
      'div',
      { class: 'report' },
      el('p', {}, '写入了 ', el('code', { text: a.path }), '。导入报告：'),
      el('pre', { id: 'import-report', text: (a.report || []).join('\n') || '（没有需要说明的内容）' }),
      ds.length ? el('p', { text: `检查发现 ${ds.length} 个问题，打开后在编辑器中标出。` }) : el('p', { text: '检查通过。' }),
    ),
    [{ label: '打开', value: true, primary: true }],
    { id: 'import' },
  );
  await openDoc(a.path);
}

function setupDrop() {
  const overlay = $('drop');
  let depth = 0;
  addEventListener('dragenter', (e) => {
    if (!e.dataTransfer || ![...e.dataTransfer.types].includes('Files')) return;
    depth++;
    overlay.hidden = false;
  });
  addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  addEventListener('dragover', (e) => {
    if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) e.preventDefault();
  });
  addEventListener('drop', async (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    e.stopPropagation();
    depth = 0;
    overlay.hidden = true;
    for (const file of e.dataTransfer.files) await importFile(file);
  }, true);
  $('import-input').addEventListener('change', async (e) => {
    for (const file of e.target.files) await importFile(file);
    e.target.value = '';
  });
}

// ---------------------------------------------------------------- actions

function showDownloads() {
  const doc = state.current;
  if (!doc) return;
  const dirty = doc.isNew || doc.model.getValue() !== doc.savedText;
  const formats = doc.kind === 'plan' ? FORMATS : FORMATS.slice(0, 2);
  modal(
    '下载',
    el(
      'div',
      {},
      dirty ? el('p', { class: 'warn', text: '注意：下载的是磁盘上已保存的版本，尚未保存的修改不在其中。请先保存（Ctrl+S）。' }) : null,
      el('ul', { class: 'downloads' }, formats.map(([f, label]) => el('li', {}, el('a', { href: downloadUrl(doc.path, f), download: '', 'data-format': f, text: label })))),
    ),
    null,
    { id: 'downloads' },
  );
}

async function cycle(action) {
  const doc = state.current;
  if (!doc) return;
  try {
    const a = await api('POST', '/api/' + action, { path: doc.path });
    if (state.open.has(a.path) || state.docs.some((d) => d.path === a.path)) {
      notice(`${a.path} 已经存在，未覆盖；已打开现有文件`, 'info');
      await openDoc(a.path);
      return;
    }
    const kind = action === 'summarize' ? 'summary' : 'plan';
    const created = { path: a.path, kind, baseHash: null, savedText: '', isNew: true, model: null };
    created.model = monaco.editor.createModel(a.text, 'yaml', modelUri(a.path));
    created.model.onDidChangeContent(() => changed(created));
    state.open.set(a.path, created);
    keepUnsaved(created);
    await useSchema(kind, a.path, a.text);
    showDoc(created);
    notice(`${action === 'summarize' ? '总结初稿' : '下一年度的要点'}已生成为 ${a.path}（尚未保存，检查后按 Ctrl+S 保存）`, 'ok');
  } catch (e) {
    notice((action === 'summarize' ? '生成总结' : '换年') + '失败：' + e.message, 'error');
  }
}

async function compare() {
  const doc = state.current;
  if (!doc) return;
  const others = state.docs.filter((d) => d.path !== doc.path && d.kind === doc.kind);
  if (!others.length) {
    notice('没有同类的另一份公文可以对比', 'info');
    return;
  }
  const pick = el('select', { name: 'other' }, others.map((d) => el('option', { value: d.path, text: `${d.year || ''} ${d.title || d.path}` })));
  const ok = await modal('对比两份公文', el('label', { class: 'field' }, el('span', { text: `把 ${doc.path} 与哪一份对比？` }), pick), [
    { label: '取消', value: false },
    { label: '对比', value: true, primary: true },
  ]);
  if (!ok) return;
  const other = pick.value;
  // The older year on the left, as `drafting diff OLD NEW` reads.
  const yearOf = (p) => (state.docs.find((d) => d.path === p) || {}).year || 0;
  const [a, b] = yearOf(other) <= yearOf(doc.path) ? [other, doc.path] : [doc.path, other];
  let result, left, right;
  try {
    [result, left, right] = await Promise.all([get('/api/diff', { a, b }), get('/api/doc', { path: a }), get('/api/doc', { path: b })]);
  } catch (e) {
    notice('对比失败：' + e.message, 'error');
    return;
  }
  const box = el('div', { class: 'diffbox' });
  let diff = null;
  await modal(
    `对比：${a} → ${b}`,
    el(
      'div',
      {},
      el('div', { class: 'diff-heads' }, el('span', { text: a }), el('span', { text: b })),
      box,
      el('details', { open: true }, el('summary', { text: `drafting diff 的结果（${(result.changes || []).length} 处变化）` }), el('pre', { class: 'difftext', id: 'diff-text', text: result.text || '（没有变化）' })),
    ),
    null,
    {
      wide: true,
      id: 'diff',
      onOpen: () => {
        diff = monaco.editor.createDiffEditor(box, DIFF_OPTIONS);
        diff.setModel({ original: monaco.editor.createModel(left.text, 'yaml'), modified: monaco.editor.createModel(right.text, 'yaml') });
      },
      onClose: () => {
        const m = diff && diff.getModel();
        if (diff) diff.dispose();
        if (m) {
          m.original.dispose();
          m.modified.dispose();
        }
      },
    },
  );
}

const GIT_STATUS = {
  modified: '修改',
  added: '新增',
  deleted: '删除',
  renamed: '改名',
  copied: '复制',
  untracked: '未跟踪',
  conflict: '冲突',
};

async function gitPanel() {
  let g;
  try {
    g = await get('/api/git');
  } catch (e) {
    notice('读取 git 状态失败：' + e.message, 'error');
    return;
  }
  if (!g.repo) {
    notice('这个文件夹不是 git 仓库', 'info');
    return;
  }
  const boxes = g.changes.map((c) => el('input', { type: 'checkbox', value: c.path, checked: true }));
  const message = el('input', { type: 'text', name: 'message', placeholder: '例如：填写办公室的三项任务' });
  const diffText = el('pre', { class: 'difftext' });
  for (const line of (g.diff || '').split('\n')) {
    const cls = line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    diffText.append(el('span', { class: cls, text: line + '\n' }));
  }
  const body = el(
    'div',
    { class: 'git' },
    el('p', { text: `分支：${g.branch || '（无）'}` }),
    g.changes.length
      ? el('ul', { class: 'changes' }, g.changes.map((c, i) => el('li', {}, el('label', {}, boxes[i], el('span', { class: 'st', text: GIT_STATUS[c.status] || c.status }), el('code', { text: c.path })))))
      : el('p', { text: '没有未提交的改动。' }),
    g.diff ? el('details', { open: true }, el('summary', { text: '改了什么' }), diffText) : null,
    g.changes.length ? el('label', { class: 'field' }, el('span', { text: '提交说明' }), message) : null,
  );
  const ok = await modal('版本记录（git）', body, g.changes.length ? [
    { label: '关闭', value: false },
    {
      label: '提交所选文件',
      value: true,
      primary: true,
      check: () => {
        if (!message.value.trim()) {
          message.focus();
          message.classList.add('invalid');
          return false;
        }
        return true;
      },
    },
  ] : null, { wide: true, id: 'git' });
  if (!ok) return;
  const paths = boxes.filter((b) => b.checked).map((b) => b.value);
  try {
    const a = await api('POST', '/api/git/commit', { message: message.value.trim(), paths });
    notice(`已提交 ${a.commit.slice(0, 8)}`, 'ok');
  } catch (e) {
    notice('提交失败：' + e.message, 'error');
  }
}

// ---------------------------------------------------------------- start

function wire() {
  $('new-button').addEventListener('click', newDoc);
  $('save-button').addEventListener('click', save);
  $('download-button').addEventListener('click', showDownloads);
  $('rollover-button').addEventListener('click', () => cycle('rollover'));
  $('summarize-button').addEventListener('click', () => cycle('summarize'));
  $('diff-button').addEventListener('click', compare);
  $('git-button').addEventListener('click', gitPanel);
  $('preview-mode').addEventListener('change', (e) => (e.target.value === 'pages' ? exactPages() : schedule(0)));
  $('preview-unit').addEventListener('change', () => {
    if ($('preview-mode').value === 'pages') $('preview-mode').value = 'live';
    schedule(0);
  });
  $('preview-toggle').addEventListener('click', () => {
    // a narrow screen shows the editor or the preview; the preview laid out while it had
    // no width is laid out again now that it is shown
    if (document.body.classList.toggle('show-preview') && $('preview-mode').value === 'live') schedule(0);
  });
  $('reload-docs').addEventListener('click', () => loadDocs().catch((e) => notice(e.message, 'error')));
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, save);
  addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      save();
    }
  });
  editor.onDidChangeCursorPosition((e) => ($('cursor').textContent = `第 ${e.position.lineNumber} 行，第 ${e.position.column} 列`));
  // No "leave the page?" question: unsaved text is in localStorage and offered back.
  const flush = () => {
    for (const doc of state.open.values()) {
      clearTimeout(doc.keepTimer);
      keepUnsaved(doc);
    }
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  setupDrop();
}

async function start() {
  wire();
  updateTitle();
  if (!token) {
    notice('页面地址里缺少口令（token）。请用 drafting serve 打印的完整地址打开。', 'error');
    return;
  }
  try {
    await loadDocs();
  } catch (e) {
    notice(e.message, 'error');
    return;
  }
  const wanted = new URLSearchParams(location.search).get('open');
  const last = wanted || localStorage.getItem(`drafting:last:${state.root}`);
  if (last && (state.docs.some((d) => d.path === last) || (state.units && state.units.path === last) || unsavedOf(last))) await openDoc(last);
}

start();
