#!/usr/bin/env node
// A tiny static server for the request form, on 127.0.0.1 only:
//   /        examples/request-form/      (the page)
//   /pkg/    bindings/wasm/pkg/web/      (the browser package; build it with bindings/wasm/build.sh)
// Usage: node examples/request-form/server.mjs [--port 8787]     (0 picks a free port)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const roots = [
  ['/pkg/', path.resolve(here, '../../bindings/wasm/pkg/web')],
  ['/', here],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

/** The file a URL path names, or null when it is outside the served folders. */
function resolve(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.endsWith('/')) p += 'index.html';
  for (const [prefix, dir] of roots) {
    if (!p.startsWith(prefix)) continue;
    const file = path.resolve(dir, `.${p.slice(prefix.length - 1)}`);
    return file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

/** Starts the server; resolves to `{ url, close }`. */
export function start({ port = 8787, host = '127.0.0.1' } = {}) {
  const server = createServer(async (req, res) => {
    const file = resolve(new URL(req.url, 'http://x').pathname);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(file ? 405 : 404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      ok({ url: `http://${host}:${actual}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 8787);
  const { url } = await start({ port });
  console.log(`request form: ${url}`);
}
