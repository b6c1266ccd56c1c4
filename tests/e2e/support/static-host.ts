/**
 * A plain static host for the built app (dist/, which the Playwright web server builds): no COOP/COEP, no CSP or
 * cache headers, just files with their types, on a free port of 127.0.0.1 (a secure context, so service workers
 * run). `swSuffix` appends text to sw.js, the way a new deploy changes it.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** A running static host. */
export interface StaticHost {
  /** "http://127.0.0.1:<port>/". */
  url: string;
  /** Appended to sw.js from the next request on. */
  swSuffix: string;
  close(): Promise<void>;
}

/** Serves `root` (default: the repository's dist/) until `close()`. */
export async function startStaticHost(root = path.resolve('dist')): Promise<StaticHost> {
  const host: StaticHost = { url: '', swSuffix: '', close: async () => {} };
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        const text = pathname === '/sw.js' && host.swSuffix ? Buffer.concat([body, Buffer.from(host.swSuffix)]) : body;
        response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        response.end(text);
      },
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static host has no port');
  host.url = `http://127.0.0.1:${address.port}/`;
  host.close = () => new Promise((resolve) => server.close(() => resolve()));
  return host;
}
