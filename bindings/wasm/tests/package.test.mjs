// The npm package as a stranger gets it: `npm pack`, the tarball installed into a scratch
// project under a temporary folder, then imported from an ES module, from `require`, from
// TypeScript, and through an esbuild bundle run in headless Chromium (playwright-core
// driving Debian's /usr/bin/chromium). Needs a build (build.sh) first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');
const repoRoot = path.resolve(pkgDir, '../..');
const bin = (name) => path.join(pkgDir, 'node_modules', '.bin', name);
const CHROMIUM = process.env.PLAUDIT_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs a command; a failure says what it printed. */
function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed:\n${e.stdout}${e.stderr}`);
  }
}

/** The workspace version in the root Cargo.toml (`[workspace.package] version`). */
function workspaceVersion() {
  const cargo = readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8');
  const section = cargo.split('[workspace.package]')[1] ?? '';
  return /^version\s*=\s*"([^"]+)"/m.exec(section)?.[1];
}

// One advocate, one policy: the same answers are expected from every entry point.
const ADVOCATE = {
  id: 'adv-1', customer_since: '2020-01-01', health_score: 91, nps: 10,
  has_measurable_outcome: true,
};
const PROBE = `
const engine = new Engine(POLICY);
const e = engine.eligibility(${JSON.stringify(ADVOCATE)}, '2026-03-01');
let thrown;
try { parseRequest({ id: 'r', kind: 'nope' }); } catch (err) { thrown = err; }
const result = {
  fingerprint: engine.fingerprint,
  eligible: e.eligible,
  readiness: e.readiness.score,
  plauditError: thrown instanceof PlauditError && thrown instanceof Error,
  code: thrown && thrown.code,
};`;

test('the npm package packs, installs and imports from ESM, require, TypeScript and a bundle',
  { timeout: 240_000 }, async (t) => {
    assert.ok(existsSync(path.join(pkgDir, 'pkg/cjs/plaudit_wasm.js')), 'run build.sh first');
    const scratch = mkdtempSync(path.join(tmpdir(), 'plaudit-npm-'));
    t.after(() => rmSync(scratch, { recursive: true, force: true }));

    const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    await t.test('the manifest is publishable, with types first in every export', () => {
      assert.equal(manifest.private, undefined);
      assert.equal(manifest.name, 'plaudit');
      assert.equal(manifest.version, workspaceVersion());
      assert.equal(manifest.license, 'Apache-2.0');
      assert.ok(manifest.repository?.url, 'repository');
      const branches = [];
      const walk = (node) => {
        if (node && typeof node === 'object') {
          const keys = Object.keys(node);
          if (keys.includes('types')) branches.push(keys);
          for (const k of keys) walk(node[k]);
        }
      };
      walk(manifest.exports);
      assert.ok(branches.length >= 5);
      for (const keys of branches) assert.equal(keys[0], 'types', JSON.stringify(keys));
    });

    // PLAUDIT_NPM_TARBALL checks a tarball made already (scripts/release.sh's dist/ one).
    let tarball = process.env.PLAUDIT_NPM_TARBALL;
    let files;
    if (tarball) {
      files = run('tar', ['-tzf', tarball]).split('\n').filter(Boolean)
        .map((f) => f.replace(/^package\//, ''));
    } else {
      const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], pkgDir));
      tarball = path.join(scratch, packed.filename);
      files = packed.files.map((f) => f.path);
    }
    await t.test('the tarball holds the four builds and the licence, nothing else', () => {
      for (const build of ['web', 'bundler', 'node', 'cjs']) {
        for (const f of ['plaudit_wasm.js', 'plaudit_wasm_bg.wasm', 'plaudit_wasm.d.ts']) {
          assert.ok(files.includes(`pkg/${build}/${f}`), `pkg/${build}/${f}`);
        }
      }
      for (const f of ['package.json', 'README.md', 'LICENSE', 'pkg/cjs/package.json']) {
        assert.ok(files.includes(f), f);
      }
      const stray = files.filter((f) => f.endsWith('.stamp') || /^(src|tests|bench|js|build)\//.test(f));
      assert.deepEqual(stray, []);
    });

    const app = path.join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'),
      JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);

    const node = (file, text) => {
      writeFileSync(path.join(app, file), text);
      return JSON.parse(run(process.execPath, [file], app));
    };
    const esm = node('probe.mjs', `import { Engine, PlauditError, parseRequest } from 'plaudit';
const POLICY = '[fatigue]\\nannual_cap = 4\\n';   // TOML: the Node builds read it
${PROBE}
console.log(JSON.stringify(result));`);
    await t.test('ESM import (Node build)', () => {
      assert.match(esm.fingerprint, /^sha256:[0-9a-f]{16}$/);
      assert.equal(esm.eligible, true);
      assert.equal(esm.plauditError, true);
      assert.equal(esm.code, 'invalid_value');
    });
    await t.test('require (CommonJS build) answers as the ES module', () => {
      const cjs = node('probe.cjs', `const { Engine, PlauditError, parseRequest } = require('plaudit');
const POLICY = '[fatigue]\\nannual_cap = 4\\n';
${PROBE}
console.log(JSON.stringify(result));`);
      assert.deepEqual(cjs, esm);
      const sub = node('sub.cjs', `const n = require('plaudit/node');
console.log(JSON.stringify(typeof n.Engine));`);
      assert.equal(sub, 'function');
    });

    await t.test('TypeScript resolves the types through the exports', () => {
      // check.cts resolves through `require`, check.mts through `import`.
      for (const ext of ['cts', 'mts']) {
        writeFileSync(path.join(app, `check.${ext}`), `import { Engine, type Eligibility } from 'plaudit';
const e: Eligibility = new Engine().eligibility(${JSON.stringify(ADVOCATE)}, '2026-03-01');
const ok: boolean = e.eligible;
// @ts-expect-error: eligibility needs a date
new Engine().eligibility(${JSON.stringify(ADVOCATE)});
export { ok };
`);
      }
      writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true,
          noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022', 'esnext.disposable', 'dom'], types: [] },
        files: ['check.cts', 'check.mts'],
      }));
      run(bin('tsc'), ['-p', 'tsconfig.json'], app);
    });

    await t.test('an esbuild bundle of the browser build runs in Chromium', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async () => {
      writeFileSync(path.join(app, 'entry.js'), `import init, { Engine, PlauditError, parseRequest } from 'plaudit';
import wasmUrl from 'plaudit/web/plaudit_wasm_bg.wasm';   // esbuild's file loader copies it
await init({ module_or_path: wasmUrl });
const POLICY = { fatigue: { annual_cap: 4 } };              // the browser build takes objects or JSON
${PROBE}
window.plauditResult = result;
`);
      run(bin('esbuild'), ['entry.js', '--bundle', '--format=esm', '--platform=browser',
        '--loader:.wasm=file', '--outdir=dist', '--log-level=warning'], app);
      writeFileSync(path.join(app, 'dist/index.html'),
        '<!doctype html><meta charset="utf-8"><script type="module" src="./entry.js"></script>');
      const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
      const server = http.createServer((req, res) => {
        const file = path.join(app, 'dist', path.normalize(new URL(req.url, 'http://x').pathname));
        if (!file.startsWith(path.join(app, 'dist')) || !existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
        res.end(readFileSync(file));
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
      try {
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
        await page.waitForFunction(() => window.plauditResult, null, { timeout: 30_000 });
        const inBrowser = await page.evaluate(() => window.plauditResult);
        assert.deepEqual(errors, []);
        // The same rules decide in the browser: the same fingerprint for the same policy
        // written as an object instead of TOML, the same answers.
        assert.deepEqual(inBrowser, esm);
      } finally {
        await browser.close();
        server.close();
      }
    });
  });
