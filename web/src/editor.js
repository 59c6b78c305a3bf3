// Monaco with the YAML language (monaco-yaml, the same yaml-language-server VS Code runs)
// and our editor schemas from /api/schema/KIND: completion and the Chinese hover text.
// Only the editor core, its features and the YAML colouring are bundled (no TypeScript,
// CSS, HTML or JSON services): the bundle stays a few MB.
import 'monaco-editor/nls/lang/zh-cn.js';
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/register.all.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import { createWebWorker } from 'monaco-editor/internal/common/workers.js';
import { configureMonacoYaml } from 'monaco-yaml';
import { get } from './api.js';

self.MonacoEnvironment = {
  getWorker(_moduleId, label) {
    const name = label === 'yaml' ? 'yaml.worker.js' : 'editor.worker.js';
    return new Worker('/static/' + name, { name: label });
  },
};

// monaco-yaml 5.5 (through monaco-worker-manager) calls editor.createWebWorker with a
// label and createData, the form Monaco 0.57 keeps for its own language workers in
// internal/common/workers.js; its public createWebWorker now wants a Worker. Hand
// monaco-yaml the label form.
const monacoForYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker } };

const yaml = configureMonacoYaml(monacoForYaml, {
  enableSchemaRequest: false, // offline: every schema comes from the local server, inline
  hover: true,
  completion: true,
  validate: false, // the diagnostics are `drafting check`'s own (Chinese, our codes)
  format: false,
  schemas: [],
});

const schemas = new Map(); // kind -> schema object
const entries = new Map(); // uri -> {kind, fileMatch}

function refreshSchemas() {
  const list = [];
  for (const [uri, { kind, fileMatch }] of entries) {
    const schema = schemas.get(kind);
    if (schema) list.push({ uri, fileMatch: [...fileMatch], schema });
  }
  yaml.update({ schemas: list });
}

/** Return the file URI of the document at the POSIX `path` (FOLDER is the root `/`). */
export function modelUri(path) {
  return monaco.Uri.file('/' + path);
}

/** The schema URI a `# yaml-language-server: $schema=…` first line names, resolved as
 *  yaml-language-server resolves it, so that our inline schema answers for it. */
function modelineUri(text, path) {
  const m = /^#\s+(?:yaml-language-server\s*:|\$schema:).*?\$schema(?:=|:\s*)(\S+)/m.exec(
    text.split('\n', 3).join('\n'),
  );
  if (!m) return null;
  let target = m[1].split('#')[0];
  if (/^(file:|https?:)/.test(target)) return target;
  const dir = ('/' + path).split('/').slice(0, -1);
  const parts = target.startsWith('/') ? [] : [...dir];
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece && piece !== '.') parts.push(piece);
  }
  target = '/' + parts.filter(Boolean).join('/');
  return monaco.Uri.file(target).toString();
}

/** Load the editor schema of `kind` (once) and apply it to the document at `path`. */
export async function useSchema(kind, path, text) {
  if (!kind) return;
  if (!schemas.has(kind)) {
    try {
      schemas.set(kind, await get('/api/schema/' + encodeURIComponent(kind)));
    } catch {
      return; // no schema: the editor still works, without completion
    }
  }
  const file = modelUri(path).toString();
  const canonical = `file:///.drafting/schemas/${kind}.schema.json`;
  const add = (uri, match) => {
    const entry = entries.get(uri) || { kind, fileMatch: new Set() };
    entry.kind = kind;
    if (match) entry.fileMatch.add(match);
    entries.set(uri, entry);
  };
  add(canonical, file);
  const named = modelineUri(text || '', path);
  if (named && named !== canonical) add(named, null);
  refreshSchemas();
}

/** Create the editor in `element`. */
export function createEditor(element) {
  return monaco.editor.create(element, {
    automaticLayout: true,
    language: 'yaml',
    model: null,
    minimap: { enabled: false },
    fontSize: 14,
    fontFamily: '"Noto Sans Mono CJK SC", "Sarasa Mono SC", Consolas, "DejaVu Sans Mono", monospace',
    wordWrap: 'on',
    wrappingIndent: 'indent',
    tabSize: 2,
    insertSpaces: true,
    quickSuggestions: { other: true, comments: false, strings: true },
    renderWhitespace: 'boundary',
    scrollBeyondLastLine: false,
    fixedOverflowWidgets: true,
    hover: { enabled: true, delay: 300 },
    // Chinese text is full of full-width punctuation (：，（）); do not box it as "ambiguous".
    unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
  });
}

const severities = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/** Show `diagnostics` (the /api/check shape) on `model` as markers with our codes. */
export function setDiagnostics(model, diagnostics) {
  const lines = model.getLineCount();
  const markers = diagnostics.map((d) => {
    const line = Math.min(Math.max(d.line || 1, 1), lines);
    const col = Math.max(d.col || 1, 1);
    let endLine = Math.min(Math.max(d.end_line || line, line), lines);
    let endCol = d.end_col || 0;
    if (endLine === line && endCol <= col) {
      endCol = model.getLineMaxColumn(line);
      if (endCol <= col) endCol = col + 1;
    }
    return {
      severity: severities[d.severity] || monaco.MarkerSeverity.Error,
      code: d.code,
      message: d.message,
      source: 'drafting check',
      startLineNumber: line,
      startColumn: col,
      endLineNumber: endLine,
      endColumn: endCol,
    };
  });
  monaco.editor.setModelMarkers(model, 'drafting', markers);
}

/** Replace the whole text of `editor`'s model by `text` as one undoable edit of only the
 *  changed middle (common start and end kept), so the cursor stays where it was. */
export function replaceText(editor, text) {
  const model = editor.getModel();
  const old = model.getValue();
  if (old === text) return;
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old[start] === text[start]) start++;
  let end = 0;
  while (
    end < max - start &&
    old[old.length - 1 - end] === text[text.length - 1 - end]
  )
    end++;
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(old.length - end);
  const range = new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column);
  editor.pushUndoStop();
  // Without an end cursor state Monaco moves the cursors with the edit (tracked ranges).
  editor.executeEdits('drafting-outline', [{ range, text: text.slice(start, text.length - end) }]);
  editor.pushUndoStop();
}

export { monaco };
