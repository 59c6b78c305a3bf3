// Build the browser side of `drafting serve` into drafting/serve/static/ (npm run build).
// Three bundles, as monaco-yaml's README asks: the page (app.js + app.css + the codicon
// font), Monaco's editor worker and the YAML language worker, each a classic script the
// page loads from the local server. Minified, no source maps, no legal comments, no hashes
// in names: the same sources and lockfile give the same bytes, and manifest.json records
// the sha256 of both so a test can tell a stale bundle.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const out = join(root, 'drafting', 'serve', 'static');

// monaco-worker-manager (under monaco-yaml) imports monaco-editor/esm/vs/…, a path the
// package's own exports map no longer lets through; resolve it to the file itself.
const monacoEsm = {
  name: 'monaco-esm-paths',
  setup(build) {
    build.onResolve({ filter: /^monaco-editor\/esm\/vs\// }, (args) => ({
      path: join(here, 'node_modules', args.path),
    }));
  },
};

const common = {
  plugins: [monacoEsm],
  bundle: true,
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  target: ['chrome100', 'firefox100', 'safari15'],
  format: 'iife',
  logLevel: 'warning',
  charset: 'utf8',
  define: { 'process.env.NODE_ENV': '"production"' },
};

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function posix(path) {
  return relative(root, path).split('\\').join('/');
}

/** Every file the bundle is made from (besides node_modules, pinned by the lockfile). */
export function sources() {
  const files = [join(here, 'build.mjs'), join(here, 'package.json')];
  for (const name of readdirSync(join(here, 'src')).sort()) files.push(join(here, 'src', name));
  return files;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  ...common,
  entryPoints: { app: join(here, 'src', 'main.js') },
  outdir: out,
  assetNames: '[name]',
  loader: { '.ttf': 'file' },
  publicPath: '/static',
});
await esbuild.build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/editor/editor.worker.js',
    'yaml.worker': 'monaco-yaml/yaml.worker.js',
  },
  outdir: out,
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));

const outputs = {};
for (const name of readdirSync(out).sort()) {
  const path = join(out, name);
  outputs[name] = { sha256: sha256(path), bytes: readFileSync(path).length };
}
const manifest = {
  comment: 'Made by web/build.mjs (npm run build); tests/serve/test_web_build.py checks it.',
  lockfile: { [posix(join(here, 'package-lock.json'))]: sha256(join(here, 'package-lock.json')) },
  sources: Object.fromEntries(sources().map((p) => [posix(p), sha256(p)])),
  outputs,
};
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
let total = 0;
for (const { bytes } of Object.values(outputs)) total += bytes;
console.log(`drafting/serve/static: ${Object.keys(outputs).length} files, ${total} bytes`);
