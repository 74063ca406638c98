/**
 * A raw HTTP/1.1 client over a TCP socket, for hostile requests that `fetch` and `node:http`
 * refuse to send (invalid header bytes, lone `%` escapes, 100 KB header lines, bodies that are not
 * valid UTF-8). One connection per request (`Connection: close`); the answer is read until its
 * Content-Length, the end of a chunked body, or the server closing the socket. An event stream is
 * read up to its headers and then closed.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target as sent, e.g. `/v1/telemetry?atomic=1`; not encoded here. */
  target: string;
  /** Header lines as sent; `Host`, `Connection: close` and `Content-Length` are added. */
  headers?: readonly (readonly [string, string | Buffer])[];
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Milliseconds from connect to the complete answer. */
  ms: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Parses the status line and headers of `head` (the bytes before the blank line). */
function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status, headers };
}

/** Decodes a complete chunked body, or returns undefined while it is incomplete. */
function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return Buffer.concat(parts);
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (bytes.length < start + size + 2) return undefined;
    parts.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}

/**
 * Sends one request and resolves with the answer; rejects when the connection fails or no
 * complete answer arrives within `timeoutMs`.
 *
 * @example await rawRequest({ port, host: '127.0.0.1' }, { method: 'GET', target: '/healthz', headers: [['cookie', 'reeflow_token=%']] })
 */
export function rawRequest(
  address: { host: string; port: number },
  request: RawRequest,
  timeoutMs = 30_000,
): Promise<RawResponse> {
  const started = performance.now();
  const body =
    request.body === undefined
      ? undefined
      : Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.from(request.body);
  const lines: Buffer[] = [
    Buffer.from(
      `${request.method} ${request.target} HTTP/1.1\r\nHost: ${address.host}:${address.port}\r\nConnection: close\r\n`,
      'latin1',
    ),
  ];
  for (const [name, value] of request.headers ?? [])
    lines.push(
      Buffer.from(`${name}: `, 'latin1'),
      Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'),
      Buffer.from('\r\n'),
    );
  if (body !== undefined) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  lines.push(Buffer.from('\r\n'));
  if (body !== undefined) lines.push(body);
  return new Promise((resolve, reject) => {
    const socket = connect(address.port, address.host);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | undefined, response?: RawResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else if (response) resolve(response);
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `no complete answer to ${request.method} ${request.target.slice(0, 80)} within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    /** Resolves as soon as the answer is complete; `closed` means the server ended the connection. */
    const tryFinish = (closed: boolean): void => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf(HEADER_END);
      if (end < 0) {
        if (closed) finish(new Error(`the connection closed before an answer (${all.length} bytes read)`));
        return;
      }
      const { status, headers } = parseHead(all.subarray(0, end).toString('latin1'));
      const rest = all.subarray(end + HEADER_END.length);
      const ms = performance.now() - started;
      if ((headers['content-type'] ?? '').startsWith('text/event-stream'))
        return finish(undefined, { status, headers, body: rest, ms });
      const length = headers['content-length'];
      if (length !== undefined && rest.length >= Number(length))
        return finish(undefined, { status, headers, body: rest.subarray(0, Number(length)), ms });
      if (headers['transfer-encoding'] === 'chunked') {
        const decoded = dechunk(rest);
        if (decoded !== undefined) return finish(undefined, { status, headers, body: decoded, ms });
      }
      if (closed) finish(undefined, { status, headers, body: rest, ms });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      tryFinish(false);
    });
    socket.on('end', () => tryFinish(true));
    socket.on('close', () => tryFinish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer (413, 431) and close before it has read the whole request: the
      // write then fails with EPIPE/ECONNRESET after the answer arrived. Keep what was read.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') tryFinish(true);
      if (!settled) finish(error);
    });
    socket.on('connect', () => {
      socket.write(Buffer.concat(lines));
    });
  });
}
