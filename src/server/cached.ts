/**
 * Cached JSON answers for reads that do not change (a finished plan, a loaded model): encoded
 * once, gzipped once on first demand, with an ETag so a browser's revalidation is a 304.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedBody {
  readonly etag: string;
  readonly body: Buffer;
  /** Gzipped body, computed on first use. */
  gzip(): Buffer;
}

/** Bodies smaller than this are sent as they are: gzip would cost more than it saves. */
const GZIP_MIN_BYTES = 1024;

/**
 * Encodes `value` (or JSON text) once.
 *
 * @example const cached = toCachedBody(view); return sendCached(request, reply, cached);
 */
export function toCachedBody(value: unknown): CachedBody {
  const body = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  let gzipped: Buffer | undefined;
  return { etag, body, gzip: () => (gzipped ??= gzipSync(body, { level: 6 })) };
}

const acceptsGzip = (request: FastifyRequest): boolean =>
  /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));

/** Sends a cached body: 304 when the client has it, gzip when the client takes it. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedBody): FastifyReply {
  reply.header('etag', cached.etag).header('vary', 'accept-encoding').type('application/json; charset=utf-8');
  if (request.headers['if-none-match'] === cached.etag) return reply.status(304).send();
  if (cached.body.length >= GZIP_MIN_BYTES && acceptsGzip(request))
    return reply.header('content-encoding', 'gzip').send(cached.gzip());
  return reply.send(cached.body);
}
