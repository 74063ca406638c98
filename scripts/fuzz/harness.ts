/**
 * The fuzz harness: starts `reeflow serve` as a child process (so a crash is a process exit, not a
 * test-runner error), throws seeded hostile inputs at it over HTTP and MQTT (arbitraries.ts), and
 * checks what must hold whatever the input:
 *
 * - no process exit, no 5xx, no stack trace in any answer, every 4xx coded `{code, message}`;
 * - `/healthz` answers within the bound throughout (a probe in a worker thread, so the fuzzing
 *   thread's own work does not count) and the server's event loop never stalls past it (its
 *   `reeflow_event_loop_delay_seconds` histogram on /metrics, read once the server is ready and
 *   again after the run: start-up's own stalls do not count);
 * - the process-level guard (`reeflow_uncaught_errors_total`) is never reached;
 * - the server's peak resident memory stays under a stated bound;
 * - every good event that was acknowledged (a 2xx naming it accepted, or a PUBACK) is stored
 *   exactly once.
 *
 * Used by tests/server/fuzz.test.ts (10,000 cases in `npm test`) and scripts/fuzz.ts (longer runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import mqtt, { type MqttClient } from 'mqtt';
import {
  contentType,
  FUZZ_FACILITY,
  goodEvent,
  hostileEvent,
  hostileHeaders,
  hostileQuery,
  hostileYaml,
  invalidUtf8,
  KINDS,
  OTHER_FACILITY,
  QUERY_ROUTES,
  randomBytes,
  deepJson,
  hostileValueText,
} from './arbitraries.js';
import { rawRequest, type RawResponse } from './raw-http.js';

/** What a run promises, stated once: the test and the script assert the same bounds. */
export const FUZZ_BOUNDS = {
  /** Largest /healthz latency seen by the probe, and largest server event-loop delay, ms. */
  healthzMs: 250,
  /** Largest peak resident memory of the server process (VmHWM), MiB. */
  peakRssMiB: 1024,
} as const;

export interface FuzzServer {
  host: string;
  port: number;
  mqttPort: number;
  pid: number;
  tokens: { admin: string; device: string; otherDevice: string; analyst: string };
  /** stdout and stderr so far. */
  output(): string;
  /** Undefined while the process runs; its exit code or signal once it has exited. */
  exit(): string | undefined;
  /** Resolves with the exit code or signal when the process exits. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** Runs the CLI to completion and resolves with its stdout (rejects on a non-zero exit). */
function runCli(root: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/reeflow.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`reeflow ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

async function createToken(root: string, dataDir: string, role: string, scope?: string): Promise<string> {
  const out = await runCli(root, [
    'token',
    'create',
    '--role',
    role,
    '--data-dir',
    dataDir,
    '--json',
    ...(scope === undefined ? [] : ['--scope', scope]),
  ]);
  return (JSON.parse(out) as { token: string }).token;
}

/**
 * Starts `reeflow serve <model>` with auth on, free ports and no rate limit, and resolves once it
 * listens on HTTP and MQTT.
 */
export async function startFuzzServer(options: {
  root: string;
  dataDir: string;
  model: string;
}): Promise<FuzzServer> {
  const { root, dataDir } = options;
  // One after the other: each `token create` rewrites tokens.json, so concurrent ones lose tokens.
  const admin = await createToken(root, dataDir, 'admin');
  const device = await createToken(root, dataDir, 'device', `facility=${FUZZ_FACILITY}`);
  const otherDevice = await createToken(root, dataDir, 'device', `facility=${OTHER_FACILITY}`);
  const analyst = await createToken(root, dataDir, 'analyst');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'bin/reeflow.js'),
      'serve',
      options.model,
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--data-dir',
      dataDir,
      '--rate-limit',
      '0',
      '--log-level',
      'warn',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } },
  );
  let output = '';
  let exit: string | undefined;
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve((exit = signal ?? String(code)))),
  );
  const listening = await new Promise<{ port: number; mqttPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer): void => {
      // Keep the first 64 KB and the last 64 KB: the log of a long run must not grow without bound.
      output = (output + chunk.toString()).slice(-131_072);
      const http = /serving on http:\/\/[^:\s]+:(\d+)/.exec(output);
      const broker = /MQTT broker \(embedded\) on mqtt:\/\/[^:\s]+:(\d+)/.exec(output);
      if (http?.[1] && broker?.[1]) {
        clearTimeout(timer);
        resolve({ port: Number(http[1]), mqttPort: Number(broker[1]) });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    host: '127.0.0.1',
    ...listening,
    pid: child.pid ?? 0,
    tokens: { admin, device, otherDevice, analyst },
    output: () => output,
    exit: () => exit,
    exited,
    stop: async () => {
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The probe's findings: how many /healthz answers, the slowest, and any that failed. */
export interface ProbeStats {
  probes: number;
  maxMs: number;
  failures: string[];
}

/** Plain JavaScript for the probe's worker thread: GET /healthz every 20 ms, one at a time, on a kept-alive connection. */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const stats = { probes: 0, maxMs: 0, failures: [] };
let stopped = false;
function probe() {
  if (stopped) return;
  const started = performance.now();
  const request = http.get({ host: workerData.host, port: workerData.port, path: '/healthz', agent, timeout: 5000 }, (response) => {
    response.resume();
    response.on('end', () => {
      const ms = performance.now() - started;
      stats.probes += 1;
      if (ms > stats.maxMs) stats.maxMs = ms;
      if (response.statusCode !== 200 && stats.failures.length < 20) stats.failures.push('status ' + response.statusCode);
      setTimeout(probe, 20);
    });
  });
  request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
  request.on('error', (error) => {
    if (stats.failures.length < 20) stats.failures.push(error.message);
    setTimeout(probe, 20);
  });
}
parentPort.on('message', (message) => {
  if (message === 'stop') { stopped = true; agent.destroy(); }
  parentPort.postMessage(stats);
});
probe();
`;

/** Starts the /healthz probe in a worker thread; `stop` ends it and resolves with its stats. */
export function startHealthProbe(server: { host: string; port: number }): {
  read(): Promise<ProbeStats>;
  stop(): Promise<ProbeStats>;
} {
  const worker = new Worker(PROBE_SOURCE, {
    eval: true,
    workerData: { host: server.host, port: server.port },
  });
  const ask = (message: string): Promise<ProbeStats> =>
    new Promise((resolve) => {
      worker.once('message', (stats: ProbeStats) => resolve(stats));
      worker.postMessage(message);
    });
  return {
    read: () => ask('read'),
    stop: async () => {
      const stats = await ask('stop');
      await worker.terminate();
      return stats;
    },
  };
}

/** What every answer must be, whatever the input. Returns the problem, or undefined. */
export function checkAnswer(response: RawResponse): string | undefined {
  const text = response.body.toString('utf8');
  if (!(response.status >= 100 && response.status < 600))
    return `no HTTP status line (got ${response.status})`;
  if (response.status >= 500 && response.status !== 503) return `${response.status}: ${text.slice(0, 300)}`;
  if (/\n\s+at .+[:(]\d+:\d+\)?/.test(text) || /node_modules|\/src\/[a-z-/]+\.ts/.test(text))
    return `a stack trace or source path in the answer: ${text.slice(0, 300)}`;
  if (response.status >= 400) {
    if (!(response.headers['content-type'] ?? '').startsWith('application/json'))
      return `${response.status} without a JSON body (content-type '${response.headers['content-type'] ?? ''}'): ${text.slice(0, 200)}`;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `${response.status} whose body is not JSON: ${text.slice(0, 200)}`;
    }
    const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
    if (
      typeof code !== 'string' ||
      !/^[A-Z][A-Z0-9_]+$/.test(code) ||
      typeof message !== 'string' ||
      message.length === 0
    )
      return `${response.status} without {code, message}: ${text.slice(0, 200)}`;
    if (response.status === 503 && code === 'INTERNAL') return `503 INTERNAL: ${text.slice(0, 200)}`;
  }
  return undefined;
}

/** Counts of one run, by family and status; printed by the script, asserted by the test. */
export interface FuzzTally {
  cases: Record<string, number>;
  statuses: Record<string, number>;
  goodSent: number;
  goodAcknowledged: Set<string>;
  /** The slowest answer per family, ms. */
  slowest: Record<string, number>;
}

export function createTally(): FuzzTally {
  return { cases: {}, statuses: {}, goodSent: 0, goodAcknowledged: new Set(), slowest: {} };
}

function count(tally: FuzzTally, family: string, status: string, ms = 0): void {
  tally.cases[family] = (tally.cases[family] ?? 0) + 1;
  tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
  if (ms > (tally.slowest[family] ?? 0)) tally.slowest[family] = ms;
}

function fail(family: string, problem: string, input: string): never {
  throw new Error(`${family}: ${problem}\n  input: ${input.slice(0, 500)}`);
}

export interface FuzzContext {
  server: FuzzServer;
  tally: FuzzTally;
  /** A prefix of good-event ids, unique to the run. */
  runId: string;
  now: number;
  /** Event-loop ticks later than the bound before the run (start-up), from `waitUntilReady`. */
  readyStalls: number;
}

/**
 * Resolves once `/readyz` answers 200 (the default model is loaded: start-up's own work is done),
 * with the event-loop ticks later than the bound so far, which the run's check subtracts.
 */
export async function waitUntilReady(server: FuzzServer, timeoutMs = 60_000): Promise<number> {
  const address = { host: server.host, port: server.port };
  const until = performance.now() + timeoutMs;
  for (;;) {
    const ready = await rawRequest(address, { method: 'GET', target: '/readyz' });
    if (ready.status === 200) break;
    if (performance.now() > until || server.exit() !== undefined)
      throw new Error(
        `the server is not ready: ${ready.status} ${ready.body.toString('utf8').slice(0, 300)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return stallsOver(
    (await rawRequest(address, { method: 'GET', target: '/metrics' })).body.toString('utf8'),
    FUZZ_BOUNDS.healthzMs / 1000,
  );
}

/** One HTTP request checked by `checkAnswer`; failures name the family and the input. */
async function request(
  context: FuzzContext,
  family: string,
  init: Parameters<typeof rawRequest>[1],
  describe: string,
): Promise<RawResponse> {
  let response: RawResponse;
  try {
    response = await rawRequest({ host: context.server.host, port: context.server.port }, init);
  } catch (error) {
    fail(
      family,
      `no answer (${error instanceof Error ? error.message : String(error)}); server exit: ${context.server.exit() ?? 'running'}`,
      describe,
    );
  }
  const problem = checkAnswer(response);
  if (problem !== undefined) fail(family, problem, describe);
  count(context.tally, family, String(response.status), response.ms);
  return response;
}

let goodCounter = 0;
/** A fresh good event, counted as sent. */
function nextGood(context: FuzzContext, variant: number): { id: string; text: string } {
  goodCounter += 1;
  context.tally.goodSent += 1;
  return goodEvent(`good-${context.runId}-${goodCounter}`, context.now, goodCounter, variant);
}

// ---------------------------------------------------------------------------------------------
// HTTP telemetry bodies

const telemetryCase = (now: number) =>
  fc.record({
    format: fc.constantFrom('ndjson', 'ndjson', 'array', 'object', 'raw'),
    contentType,
    rightType: fc.boolean(),
    atomic: fc.constantFrom('', '', '', '?atomic=1', '?atomic=maybe'),
    lines: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.nat({ max: 1000 }).map((variant) => ({ good: variant })) },
        { weight: 4, arbitrary: hostileEvent(now).map((bytes) => ({ bytes })) },
        { weight: 1, arbitrary: randomBytes.map((bytes) => ({ bytes })) },
        { weight: 1, arbitrary: hostileValueText.map((text) => ({ bytes: Buffer.from(text) })) },
      ),
      { minLength: 1, maxLength: 30 },
    ),
  });

/** Whether the server reads an NDJSON line as blank (skipped, no index): its text, decoded as the server does, trims to nothing. */
const isBlankLine = (bytes: Buffer): boolean => new TextDecoder('utf-8').decode(bytes).trim().length === 0;

/**
 * POST /v1/telemetry with a mix of good and hostile events. A good event counts as acknowledged
 * only where the answer says so without doubt: in NDJSON (hostile lines have no newline of their
 * own, so the i-th non-blank line is index i), a 200 whose errors list is complete and does not
 * name its line; an array or single object of good events only, a 200 with no rejection. Good
 * events in other bodies are sent but not counted (a hostile element can shift an array's indices).
 */
export function telemetryProperty(context: FuzzContext) {
  return fc.asyncProperty(telemetryCase(context.now), async (input) => {
    const counted = new Map<number, string>();
    const sent = input.format === 'object' ? input.lines.slice(0, 1) : input.lines;
    let index = 0;
    const parts = sent.map((line) => {
      if ('bytes' in line) {
        const bytes =
          input.format === 'ndjson'
            ? Buffer.from(line.bytes.map((b) => (b === 0x0a ? 0x20 : b)))
            : line.bytes;
        if (input.format !== 'ndjson' || !isBlankLine(bytes)) index += 1;
        return bytes;
      }
      const event = nextGood(context, line.good);
      counted.set(index, event.id);
      index += 1;
      return Buffer.from(event.text);
    });
    const allGood = sent.every((line) => 'good' in line);
    const body =
      input.format === 'array'
        ? Buffer.concat([
            Buffer.from('['),
            ...parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(','), p])),
            Buffer.from(']'),
          ])
        : input.format === 'object'
          ? (parts[0] ?? Buffer.from('{}'))
          : input.format === 'raw'
            ? Buffer.concat(parts)
            : Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]));
    const type = input.rightType
      ? input.format === 'ndjson'
        ? 'application/x-ndjson'
        : 'application/json'
      : input.contentType;
    const response = await request(
      context,
      'http-telemetry',
      {
        method: 'POST',
        target: `/v1/telemetry${input.atomic}`,
        headers: [
          ['Authorization', `Bearer ${context.server.tokens.admin}`],
          ...(type === '' ? [] : [['Content-Type', type] as [string, string]]),
        ],
        body,
      },
      `${type} ${input.atomic} ${body.toString('utf8').slice(0, 400)}`,
    );
    if (response.status !== 200) return;
    const result = JSON.parse(response.body.toString('utf8')) as {
      errors: { index?: number }[];
      rejected: number;
      received: number;
    };
    const clear =
      input.format === 'ndjson'
        ? result.errors.length === result.rejected
        : (input.format === 'array' || input.format === 'object') && allGood && result.rejected === 0;
    if (!clear) return;
    const rejectedAt = new Set(result.errors.map((e) => e.index));
    for (const [at, id] of counted)
      if (at < result.received && !rejectedAt.has(at)) context.tally.goodAcknowledged.add(id);
  });
}

// ---------------------------------------------------------------------------------------------
// MQTT

export interface MqttClients {
  device: MqttClient;
  admin: MqttClient;
  close(): Promise<void>;
}

export async function connectMqttClients(server: FuzzServer, runId: string): Promise<MqttClients> {
  const url = `mqtt://${server.host}:${server.mqttPort}`;
  const device = await mqtt.connectAsync(url, {
    clientId: `fuzz-device-${runId}`,
    username: 'device',
    password: server.tokens.device,
    reconnectPeriod: 200,
    clean: true,
  });
  const admin = await mqtt.connectAsync(url, {
    clientId: `fuzz-admin-${runId}`,
    username: 'admin',
    password: server.tokens.admin,
    reconnectPeriod: 200,
    clean: true,
  });
  return {
    device,
    admin,
    close: async () => {
      await Promise.all([device.endAsync(true), admin.endAsync(true)]);
    },
  };
}

/** Resolves when a QoS 1 publish is acknowledged; fails the case when no PUBACK comes within `ms` or the server exits first. */
function publishAcked(
  server: FuzzServer,
  client: MqttClient,
  topic: string,
  payload: Buffer,
  ms = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no PUBACK within ${ms} ms`)), ms);
    void server.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${exit}) before the PUBACK`));
    });
    client.publish(topic, payload, { qos: 1 }, (error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    });
  });
}

/** Raw bytes on the MQTT port: a garbage stream, or a CONNECT followed by garbage. The broker must close or ignore it. */
function rawMqtt(server: FuzzServer, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(server.mqttPort, server.host);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, 200);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => socket.write(bytes));
  });
}

const mqttCase = (now: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.nat({ max: 1000 }).map((variant) => ({ type: 'good' as const, variant })) },
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant('hostile' as const),
        kind: fc.constantFrom(...KINDS),
        asAdmin: fc.boolean(),
        payload: fc.oneof(
          { weight: 5, arbitrary: hostileEvent(now) },
          { weight: 1, arbitrary: randomBytes },
          { weight: 1, arbitrary: invalidUtf8 },
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('foreign' as const),
        kind: fc.constantFrom(...KINDS),
        payload: hostileEvent(now),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('raw' as const),
        bytes: fc.oneof(
          randomBytes,
          fc.constant(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f])),
          fc.constant(Buffer.from([0x30, 0x05, 0x00, 0x03, 0x61])),
        ),
      }),
    },
  );

/**
 * MQTT publishes: good events and hostile payloads on telemetry topics (device and admin tokens),
 * a device writing for another facility, and raw bytes on the MQTT port. Every QoS 1 publish on a
 * telemetry topic must be acknowledged, rejected or not.
 */
export function mqttProperty(context: FuzzContext, clients: MqttClients) {
  return fc.asyncProperty(mqttCase(context.now), async (input) => {
    const started = performance.now();
    let describe = '';
    try {
      if (input.type === 'good') {
        const event = nextGood(context, input.variant);
        describe = event.text;
        const kind = (JSON.parse(event.text) as { kind: string }).kind;
        await publishAcked(
          context.server,
          clients.device,
          `reeflow/v1/${FUZZ_FACILITY}/${kind}`,
          Buffer.from(event.text),
        );
        context.tally.goodAcknowledged.add(event.id);
      } else if (input.type === 'hostile') {
        describe = input.payload.toString('utf8');
        await publishAcked(
          context.server,
          input.asAdmin ? clients.admin : clients.device,
          `reeflow/v1/${FUZZ_FACILITY}/${input.kind}`,
          input.payload,
        );
      } else if (input.type === 'foreign') {
        describe = `device → ${OTHER_FACILITY}: ${input.payload.toString('utf8')}`;
        await publishAcked(
          context.server,
          clients.device,
          `reeflow/v1/${OTHER_FACILITY}/${input.kind}`,
          input.payload,
        );
      } else {
        describe = `raw ${input.bytes.toString('hex').slice(0, 200)}`;
        await rawMqtt(context.server, input.bytes);
      }
    } catch (error) {
      fail(
        'mqtt',
        `${error instanceof Error ? error.message : String(error)}; server exit: ${context.server.exit() ?? 'running'}`,
        describe,
      );
    }
    count(context.tally, 'mqtt', input.type, performance.now() - started);
  });
}

// ---------------------------------------------------------------------------------------------
// Model upload and validate

const modelCase = fc.record({
  route: fc.constantFrom('validate', 'validate', 'validate', 'upload'),
  id: fc.oneof(
    fc.constantFrom('fuzz', 'two-base', 'world', '', '..', 'a/b', '%00'),
    fc.integer({ min: 100, max: 6_000 }).map((n) => 'm'.repeat(n)),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => encodeURIComponent(s)),
  ),
  body: fc.oneof(
    {
      weight: 4,
      arbitrary: hostileYaml.map((text) => ({ type: 'application/yaml', bytes: Buffer.from(text) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 1, max: 120_000 })
        .chain((depth) =>
          fc
            .constantFrom('array' as const, 'object' as const)
            .map((kind) => ({ type: 'application/json', bytes: Buffer.from(deepJson(depth, kind)) })),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .jsonValue({ maxDepth: 4 })
        .map((value) => ({ type: 'application/json', bytes: Buffer.from(JSON.stringify(value)) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(randomBytes, invalidUtf8, contentType)
        .map(([bytes, bad, type]) => ({ type, bytes: Buffer.concat([bytes, bad]) })),
    },
  ),
});

/** POST /v1/models/validate and POST /v1/models with hostile YAML and JSON documents. */
export function modelProperty(context: FuzzContext) {
  return fc.asyncProperty(modelCase, async (input) => {
    const target = input.route === 'validate' ? '/v1/models/validate' : `/v1/models?id=${input.id}`;
    const token = input.route === 'validate' ? context.server.tokens.analyst : context.server.tokens.admin;
    await request(
      context,
      'models',
      {
        method: 'POST',
        target,
        headers: [
          ['Authorization', `Bearer ${token}`],
          ...(input.body.type === '' ? [] : [['Content-Type', input.body.type] as [string, string]]),
        ],
        body: input.body.bytes,
      },
      `${target.slice(0, 100)} ${input.body.type} ${input.body.bytes.length} bytes: ${input.body.bytes.toString('utf8').slice(0, 300)}`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Headers, cookies and query strings

const PUBLIC_ROUTES = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/v1/openapi.json',
  '/v1/telemetry/schema',
  '/v1/session',
]);
const EVENT_ROUTES = [
  '/v1/live/events',
  '/v1/alerts/events',
  '/v1/plans/none/events',
  '/v1/simulations/none/events',
];

const headerCase = fc.record({
  route: fc.constantFrom(...QUERY_ROUTES, ...EVENT_ROUTES),
  headers: hostileHeaders,
  withToken: fc.boolean(),
});

/**
 * Any route with hostile Authorization, Cookie and other headers. Public routes never answer 401
 * or 403, whatever token or cookie comes with them.
 */
export function headerProperty(context: FuzzContext) {
  return fc.asyncProperty(headerCase, async (input) => {
    const headers: [string, string][] = [
      ...(input.withToken
        ? [['Authorization', `Bearer ${context.server.tokens.analyst}`] as [string, string]]
        : []),
      ...input.headers,
    ];
    const describe = `GET ${input.route} ${JSON.stringify(headers.map(([k, v]) => [k, v.slice(0, 100)]))}`;
    const response = await request(
      context,
      'headers',
      { method: 'GET', target: input.route, headers },
      describe,
    );
    // A public route never asks for a token, whatever token or cookie came with the request (it may
    // still refuse a request that is not valid HTTP or whose headers are too large: 400, 431).
    if (PUBLIC_ROUTES.has(input.route) && (response.status === 401 || response.status === 403))
      fail(
        'headers',
        `public route answered ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`,
        describe,
      );
  });
}

const queryCase = fc.record({
  route: fc.constantFrom(...QUERY_ROUTES),
  query: hostileQuery,
  method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'DELETE', 'OPTIONS', 'FUZZ'),
});

/** Every readable route with hostile query strings (admin token), and odd methods. */
export function queryProperty(context: FuzzContext) {
  return fc.asyncProperty(queryCase, async (input) => {
    const target = `${input.route}?${input.query}`;
    if (input.method === 'HEAD') {
      // A HEAD answer has no body to check; only its status must not be a 5xx.
      const response = await rawRequest(
        { host: context.server.host, port: context.server.port },
        { method: 'HEAD', target, headers: [['Authorization', `Bearer ${context.server.tokens.admin}`]] },
      );
      if (response.status >= 500) fail('query', `HEAD answered ${response.status}`, target);
      count(context.tally, 'query', String(response.status), response.ms);
      return;
    }
    await request(
      context,
      'query',
      { method: input.method, target, headers: [['Authorization', `Bearer ${context.server.tokens.admin}`]] },
      `${input.method} ${target}`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// After the run

/** A metric's value from the exposition text, or undefined when the server does not expose it. */
export function metricValue(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/**
 * How many event-loop ticks ran later than `bound` seconds, from the `reeflow_event_loop_delay_seconds`
 * histogram: its count less its `le` bucket at the bound (a bucket boundary of the histogram).
 */
export function stallsOver(text: string, bound: number): number {
  const count = metricValue(text, 'reeflow_event_loop_delay_seconds_count') ?? 0;
  const within = metricValue(text, `reeflow_event_loop_delay_seconds_bucket{le="${bound}"}`) ?? 0;
  return count - within;
}

/** Peak resident memory of a process in MiB (Linux `VmHWM`). */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export interface FuzzVerdict {
  problems: string[];
  probe: ProbeStats;
  eventLoopMaxMs: number | undefined;
  /** Event-loop ticks later than the bound during the run. */
  eventLoopStalls: number;
  uncaught: number | undefined;
  peakRssMiB: number;
  stored: number;
}

/** Checks the bounds after a run: alive, probe, event loop, guard, memory, acknowledged events stored once. */
export async function verifyRun(context: FuzzContext, probe: ProbeStats): Promise<FuzzVerdict> {
  const { server } = context;
  const problems: string[] = [];
  if (server.exit() !== undefined)
    problems.push(`the server exited (${server.exit() ?? ''}):\n${server.output().slice(-3000)}`);
  if (probe.failures.length > 0)
    problems.push(`/healthz failed ${probe.failures.length} times: ${probe.failures.slice(0, 5).join('; ')}`);
  if (probe.maxMs > FUZZ_BOUNDS.healthzMs)
    problems.push(
      `/healthz took ${probe.maxMs.toFixed(0)} ms at worst; the bound is ${FUZZ_BOUNDS.healthzMs} ms`,
    );
  const address = { host: server.host, port: server.port };
  const auth: [string, string][] = [['Authorization', `Bearer ${server.tokens.admin}`]];
  const metrics = (await rawRequest(address, { method: 'GET', target: '/metrics' })).body.toString('utf8');
  const eventLoopMax = metricValue(metrics, 'reeflow_event_loop_delay_max_seconds');
  const eventLoopMaxMs = eventLoopMax === undefined ? undefined : eventLoopMax * 1000;
  if (metricValue(metrics, 'reeflow_event_loop_delay_seconds_count') === undefined)
    problems.push('/metrics has no reeflow_event_loop_delay_seconds histogram');
  const stalls = stallsOver(metrics, FUZZ_BOUNDS.healthzMs / 1000) - context.readyStalls;
  if (stalls > 0)
    problems.push(
      `the server's event loop ran ${stalls} ticks later than ${FUZZ_BOUNDS.healthzMs} ms during the run (its longest delay since start: ${eventLoopMaxMs?.toFixed(0) ?? '?'} ms)`,
    );
  const uncaught = metricValue(metrics, 'reeflow_uncaught_errors_total');
  if (uncaught === undefined) problems.push('/metrics has no reeflow_uncaught_errors_total');
  else if (uncaught !== 0)
    problems.push(
      `the process-level guard caught ${uncaught} errors; see the server log:\n${server.output().slice(-3000)}`,
    );
  const rss = peakRssMiB(server.pid);
  if (rss > FUZZ_BOUNDS.peakRssMiB)
    problems.push(`peak resident memory ${rss.toFixed(0)} MiB; the bound is ${FUZZ_BOUNDS.peakRssMiB} MiB`);
  const listing = await rawRequest(address, {
    method: 'GET',
    target: `/v1/telemetry?facility=${FUZZ_FACILITY}&limit=100000`,
    headers: auth,
  });
  const seen = new Map<string, number>();
  for (const { event } of (
    JSON.parse(listing.body.toString('utf8')) as { events: { event: { id: string } }[] }
  ).events)
    seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
  const missing = [...context.tally.goodAcknowledged].filter((id) => seen.get(id) !== 1);
  if (missing.length > 0)
    problems.push(
      `${missing.length} acknowledged good events are not stored exactly once, e.g. ${missing
        .slice(0, 5)
        .map((id) => `${id} ×${seen.get(id) ?? 0}`)
        .join(', ')}`,
    );
  const twice = [...seen].filter(([, n]) => n > 1);
  if (twice.length > 0)
    problems.push(
      `${twice.length} ids are stored more than once, e.g. ${twice
        .slice(0, 5)
        .map(([id]) => id)
        .join(', ')}`,
    );
  return {
    problems,
    probe,
    eventLoopMaxMs,
    eventLoopStalls: stalls,
    uncaught,
    peakRssMiB: rss,
    stored: [...seen.keys()].filter((id) => id.startsWith(`good-${context.runId}-`)).length,
  };
}

/** How many cases each family gets out of `total`: the share each input surface deserves. */
export function splitCases(
  total: number,
): Record<'telemetry' | 'mqtt' | 'models' | 'headers' | 'query', number> {
  return {
    telemetry: Math.round(total * 0.3),
    mqtt: Math.round(total * 0.3),
    models: Math.round(total * 0.08),
    headers: Math.round(total * 0.16),
    query: Math.round(total * 0.16),
  };
}
