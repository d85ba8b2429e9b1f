// Every code block of this package's README runs: each `js` block as its own module (or
// CommonJS script when it uses `require`) in a scratch folder where `plaudit` resolves to
// this package through its `exports`, and the `ts` block through `tsc`. The browser block
// runs in Node with a `fetch` that reads `file:` URLs, as a browser fetches next to the
// module. `text` blocks are shown, not run. Needs a build (build.sh) first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');

/** The fenced blocks of a Markdown text: `{ lang, body }`. */
export function blocks(markdown) {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

/** Runs a command; a failure says what it printed. */
function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed:\n${e.stdout}${e.stderr}`);
  }
}

const FETCH_FILE = `import { readFile } from 'node:fs/promises';
const fetchNet = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = input instanceof URL ? input : new URL(String(input));
  if (url.protocol !== 'file:') return fetchNet(input, init);
  return new Response(await readFile(url), { headers: { 'content-type': 'application/wasm' } });
};
`;

test('the fence reader finds each block', () => {
  assert.deepEqual(blocks('a\n```js\nx()\n```\n```ts\nlet y = 1;\n```\n'),
    [{ lang: 'js', body: 'x()\n' }, { lang: 'ts', body: 'let y = 1;\n' }]);
});

test('every code block of the README runs', { timeout: 120_000 }, async (t) => {
  const all = blocks(readFileSync(path.join(pkgDir, 'README.md'), 'utf8'));
  const langs = new Set(all.map((b) => b.lang));
  assert.deepEqual([...langs].filter((l) => !['js', 'ts', 'text'].includes(l)), [],
    'every block is js or ts (run) or text (shown)');
  const scratch = mkdtempSync(path.join(tmpdir(), 'plaudit-readme-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(path.join(scratch, 'node_modules'));
  symlinkSync(pkgDir, path.join(scratch, 'node_modules', 'plaudit'), 'dir');
  writeFileSync(path.join(scratch, 'fetch-file.mjs'), FETCH_FILE);

  const js = all.filter((b) => b.lang === 'js');
  assert.ok(js.length >= 4);
  for (const [i, { body }] of js.entries()) {
    await t.test(`js block ${i + 1}`, () => {
      const commonjs = /\brequire\(/.test(body) && !/^import /m.test(body);
      const file = path.join(scratch, `block${i + 1}.${commonjs ? 'cjs' : 'mjs'}`);
      writeFileSync(file, body);
      const printed = run(process.execPath, ['--import', './fetch-file.mjs', file], scratch);
      // `console.log(...);   // what it prints`: the comment is what it prints.
      const promised = [...body.matchAll(/console\.log\(.*\);\s*\/\/\s*(.+)$/gm)].map((m) => m[1].trim());
      assert.deepEqual(printed.trim().split('\n').filter(Boolean), promised);
    });
  }
  const ts = all.filter((b) => b.lang === 'ts');
  await t.test('ts blocks type-check', () => {
    const files = ts.map(({ body }, i) => {
      writeFileSync(path.join(scratch, `block${i + 1}.mts`), `${body}\nexport {};\n`);
      return `block${i + 1}.mts`;
    });
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true,
        noEmit: true, noUnusedLocals: false, target: 'es2022', lib: ['es2022', 'esnext.disposable', 'dom'], types: [] },
      files,
    }));
    run(path.join(pkgDir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], scratch);
  });
});
