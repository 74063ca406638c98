/**
 * The dashboard: `web/dist` (built by `npm run build:web`) served as static files at `/`. Public
 * like the health probes: the page itself holds no data, its API calls carry their own auth.
 * Hashed assets are cached for a year; `index.html` never, so a new build shows at once.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the built dashboard lives: `web/dist` at the package root (from src/ or dist/ alike). */
export const WEB_DIST_DIR = resolve(import.meta.dirname, '../../../web/dist');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Asset names as Vite writes them: no slashes, no `..`. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const NOT_BUILT =
  'The reeflow dashboard is not built. Run `npm run build:web` and reload; the API is at /v1 (see /v1/openapi.json).\n';

async function sendFile(reply: FastifyReply, path: string, cache: string): Promise<FastifyReply> {
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return reply.status(404).type('text/plain; charset=utf-8').send('not found\n');
  }
  return reply
    .type(TYPES[extname(path)] ?? 'application/octet-stream')
    .header('cache-control', cache)
    .send(body);
}

/**
 * Registers `GET /` (index.html) and `GET /assets/:name` from `dir` (default WEB_DIST_DIR). A route
 * module like the others; it needs no dependencies.
 */
export function registerWebRoutes(app: FastifyInstance, _deps?: unknown, dir: string = WEB_DIST_DIR): void {
  app.get('/', { config: { public: true } }, async (_request, reply) => {
    let html: Buffer;
    try {
      html = await readFile(join(dir, 'index.html'));
    } catch {
      return reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    }
    return reply
      .type(TYPES['.html'] ?? 'text/html')
      .header('cache-control', 'no-cache')
      .send(html);
  });
  app.get<{ Params: { name: string } }>(
    '/assets/:name',
    { config: { public: true } },
    async (request, reply) => {
      const { name } = request.params;
      if (!ASSET_NAME.test(name) || name.includes('..'))
        return reply.status(404).type('text/plain; charset=utf-8').send('not found\n');
      return sendFile(reply, join(dir, 'assets', name), 'public, max-age=31536000, immutable');
    },
  );
}
