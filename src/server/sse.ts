/**
 * Server-sent events: `openEventStream` takes over a reply and writes `event:`/`data:` frames,
 * with a comment heartbeat so proxies keep the connection open. Used for job progress; live
 * state and alerts use the same helper.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  /** Sends one event; `data` is JSON-encoded. */
  send(event: string, data: unknown, id?: string): void;
  /** Ends the stream. */
  close(): void;
  /** Called once when the stream ends, by either side. */
  onClose(listener: () => void): void;
  readonly closed: boolean;
}

/**
 * Opens an event stream on `reply` (the route must not send anything else).
 *
 * @example const stream = openEventStream(request, reply); stream.send('progress', { phase: 'solve' });
 */
export function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { heartbeatMs?: number } = {},
): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  raw.write(': reeflow event stream\n\n');
  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  request.raw.on('close', finish);
  return {
    send(event, data, id) {
      if (closed) return;
      raw.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      finish();
      raw.end();
    },
    onClose: (listener) => void listeners.push(listener),
    get closed() {
      return closed;
    },
  };
}
