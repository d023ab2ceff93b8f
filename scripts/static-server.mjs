#!/usr/bin/env node
// A small static file server on 127.0.0.1, for the examples and the
// shipping tests. Each mount maps a URL prefix to a folder, so a test can
// put the page and the bundle under a deep sub-path (/blog/posts/...) and
// prove that nothing is looked up relative to the site's root.
//
//   node scripts/static-server.mjs [port]   serves the repo at
//     http://127.0.0.1:<port>/ (default 8080): open /examples/blog-post.html
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm', // needed by WebAssembly.instantiateStreaming
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path names under mounts, or undefined. */
function fileFor(mounts, pathname) {
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const root = resolve(dir);
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      // A malformed escape (/%E0%A4%A): no such file; must not end the
      // server, which would otherwise throw from its request handler.
      return undefined;
    }
    let file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      if (statSync(file).isFile()) return file;
    } catch {
      // Not under this mount; try the next.
    }
  }
  return undefined;
}

/**
 * Starts a server on 127.0.0.1 (port 0 picks a free one). `mounts` is a
 * list of [urlPrefix, folder], longest prefix first. `headers` are added
 * to every file served (a Content-Security-Policy, say). Resolves to
 * {origin, requests, close}; `requests` lists {path, status} as served.
 */
export function serveStatic(mounts, port = 0, { headers = {} } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = req.method === 'GET' ? fileFor(mounts, pathname) : undefined;
    const status = file ? 200 : 404;
    requests.push({ path: pathname, status });
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
      ...headers,
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      done({
        origin: `http://127.0.0.1:${bound}`,
        requests,
        // Chromium keeps its connections open after the page closes, and
        // close() alone waited for them (about 110 s per server here).
        close: () =>
          new Promise((closed) => {
            server.close(closed);
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const port = Number(process.argv[2] ?? 8080);
  const { origin } = await serveStatic([['/', root]], port);
  console.log(`Serving ${root} at ${origin}/`);
  console.log(`Blog post example: ${origin}/examples/blog-post.html`);
}
