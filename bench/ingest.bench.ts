// npm run bench:ingest — sustained telemetry ingestion: events/s and acknowledgement latency
// (p50/p99) into SQLite and PostgreSQL over HTTP NDJSON and MQTT QoS 1, with the raw better-sqlite3
// insert rate of the same table as the ceiling, measured in the same run. The server (app + store +
// embedded broker) runs in this process; the load comes from a child process on loopback. Each line
// also gives the server's CPU time per event, which other work on a shared machine disturbs far
// less than events/s, and the share of the raw ceiling by that measure.
//
//   npm run bench:ingest                  # 5 s per scenario
//   BENCH_SECONDS=10 npm run bench:ingest
//   BENCH_CONNECTIONS=2 npm run bench:ingest   # HTTP load connections (default 4)
//   (load child) tsx bench/ingest.bench.ts load-http URL SECONDS [RATE]  |  load-mqtt URL SECONDS
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import {
  createOperateService,
  toSeries,
  type OperateStore,
  type TelemetryEvent,
} from '../src/monitor/index.js';
import { createApp } from '../src/server/app.js';
import { createModelRegistry } from '../src/server/models.js';
import { startEmbeddedBroker } from '../src/server/mqtt.js';
import { createSolver } from '../src/solver/index.js';
import { openPostgresStore, openSqliteStore } from '../src/store/index.js';
import { startCheckpointer } from '../src/store/sqlite/checkpointer.js';

const POSTGRES_URL = process.env['REEFLOW_TEST_DATABASE'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const BATCH = 2000;
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 4);
const MQTT_WINDOW = 2000;
// Acknowledgement latencies count from this long after the load starts: the load child's first
// requests include its own start-up (connections, JIT), which is not the server's sustained latency.
// Events/s still count the whole run. BENCH_WARMUP_MS=0 counts every acknowledgement.
const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 1000);

interface LoadResult {
  events: number;
  seconds: number;
  latencies: number[];
  /** CPU time of the server process (all its threads) per event stored, µs: steadier than events/s on a shared machine. */
  cpuPerEvent?: number;
  /** CPU time of the load child per event, µs: what the load took from the same two cores. */
  clientCpuPerEvent?: number;
}

/** A ceiling: events/s and CPU µs per event of raw inserts. */
interface Ceiling {
  rate: number;
  cpuPerEvent: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
}

/** One sensor reading; ids are unique per run and sequence. */
function reading(run: string, n: number, time: number): TelemetryEvent {
  return {
    v: 1,
    id: `${run}-${n}`,
    kind: 'sensor',
    facility: `site-${n % 16}`,
    time,
    asset: `pump-${n % 64}`,
    tag: 'vibration-rms',
    value: (n % 1000) / 100,
    unit: 'mm/s',
  };
}

/**
 * `JSON.stringify(reading(run, n, time))` written out, for the HTTP load child: building and
 * serialising an object per event cost the child about a third of the CPU it took (it shares the
 * machine's two cores with the server). main() checks the two give the same text.
 */
function readingLine(run: string, n: number, time: number): string {
  return `{"v":1,"id":"${run}-${n}","kind":"sensor","facility":"site-${n % 16}","time":${time},"asset":"pump-${n % 64}","tag":"vibration-rms","value":${(n % 1000) / 100},"unit":"mm/s"}`;
}

// ---------------------------------------------------------------- load generator (child process)

async function loadHttp(url: string, seconds: number, rate: number | undefined): Promise<LoadResult> {
  const run = `h${process.pid}`;
  let n = 0;
  const latencies: number[] = [];
  let events = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (connection: number): Promise<void> => {
    // Paced mode: batches of 100 every 10 ms per connection share the target rate.
    const batch = rate === undefined ? BATCH : 100;
    const interval = rate === undefined ? 0 : (batch * CONNECTIONS * 1000) / rate;
    let next = performance.now() + connection * (interval / CONNECTIONS);
    while (performance.now() < end) {
      if (interval > 0) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((done) => setTimeout(done, wait));
        next += interval;
      }
      const now = Date.now();
      let body = '';
      for (let i = 0; i < batch; i += 1) body += `${readingLine(run, n++, now)}\n`;
      const t0 = performance.now();
      const response = await fetch(`${url}/v1/telemetry`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body,
      });
      const result = (await response.json()) as { accepted: number };
      if (t0 - start >= WARMUP_MS) latencies.push(performance.now() - t0);
      events += result.accepted;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => worker(c)));
  return { events, seconds: (performance.now() - start) / 1000, latencies };
}

async function loadMqtt(url: string, seconds: number): Promise<LoadResult> {
  const run = `m${process.pid}`;
  const client = await mqtt.connectAsync(url, { clientId: run, clean: true });
  const latencies: number[] = [];
  let events = 0;
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await new Promise<void>((done) => {
    let inFlight = 0;
    let scheduled = false;
    // Refill as acknowledgements arrive, so the window stays full (sustained load, not bursts of half a window).
    const refill = (): void => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        pump();
      });
    };
    const pump = (): void => {
      while (inFlight < MQTT_WINDOW && performance.now() < end) {
        const event = reading(run, n++, Date.now());
        const t0 = performance.now();
        inFlight += 1;
        client.publish(`reeflow/v1/${event.facility}/sensor`, JSON.stringify(event), { qos: 1 }, (error) => {
          inFlight -= 1;
          if (!error) {
            events += 1;
            if (t0 - start >= WARMUP_MS) latencies.push(performance.now() - t0);
          }
          if (performance.now() >= end && inFlight === 0) done();
          else refill();
        });
      }
    };
    pump();
  });
  const result = { events, seconds: (performance.now() - start) / 1000, latencies };
  await client.endAsync();
  return result;
}

// ---------------------------------------------------------------- server side (this process)

async function runChild(args: string[]): Promise<LoadResult> {
  const cpu = process.cpuUsage();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'ingest.bench.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`load child ${args.join(' ')} exited with ${code}`);
  const used = process.cpuUsage(cpu);
  const result = JSON.parse(out) as LoadResult;
  return { ...result, cpuPerEvent: (used.user + used.system) / Math.max(1, result.events) };
}

function report(name: string, result: LoadResult, ceiling?: Ceiling): void {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const rate = result.events / result.seconds;
  const cpu = result.cpuPerEvent ?? NaN;
  console.log(
    `${name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} events/s   ack p50 ${percentile(sorted, 0.5).toFixed(1).padStart(6)} ms  p99 ${percentile(sorted, 0.99).toFixed(1).padStart(6)} ms   CPU ${cpu.toFixed(1).padStart(5)} µs/event` +
      `   load ${(result.clientCpuPerEvent ?? NaN).toFixed(1)} µs/event` +
      (ceiling
        ? `   ${((rate / ceiling.rate) * 100).toFixed(0)}% of raw events/s, ${((ceiling.cpuPerEvent / cpu) * 100).toFixed(0)}% of raw by CPU`
        : ''),
  );
}

function reportCeiling(name: string, ceiling: Ceiling): void {
  console.log(
    `${name.padEnd(44)} ${Math.round(ceiling.rate).toLocaleString('en-US').padStart(9)} events/s${' '.repeat(36)}CPU ${ceiling.cpuPerEvent.toFixed(1).padStart(5)} µs/event`,
  );
}

/** The ceiling: prepared inserts into the same table, 4096 rows per transaction, no HTTP, no parsing, no validation. */
async function rawSqlite(dir: string): Promise<Ceiling> {
  const store = openSqliteStore({ dataDir: dir });
  await store.close();
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dir, 'reeflow.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoints off the inserting thread, as the store does, so the ceiling is not lowered by them.
  const checkpointer = startCheckpointer(db, { file: join(dir, 'reeflow.db') });
  const insert = db.prepare(
    'INSERT INTO telemetry (id, facility, kind, time, series, value, received, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const write = db.transaction((events: TelemetryEvent[]) => {
    for (const e of events) {
      const { series, value } = toSeries(e);
      insert.run(e.id, e.facility, e.kind, e.time, series, value, e.time, JSON.stringify(e));
    }
  });
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    const now = Date.now();
    const batch = Array.from({ length: 4096 }, () => reading('raw', n++, now));
    write(batch);
  }
  const rate = n / ((performance.now() - start) / 1000);
  const used = process.cpuUsage(cpu);
  await checkpointer.stop();
  db.close();
  return { rate, cpuPerEvent: (used.user + used.system) / n };
}

async function serve(store: OperateStore): Promise<{ url: string; mqttUrl: string; close(): Promise<void> }> {
  const operate = createOperateService({ store, clock: Date.now });
  const app = createApp({
    models: createModelRegistry([]),
    createSolver: () => createSolver('highs'),
    store,
    operate,
    rateLimit: false,
    bodyLimit: 64 * 1024 * 1024,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const broker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1' });
  return {
    url,
    mqttUrl: broker.url,
    close: async () => {
      await broker.close();
      await app.close();
    },
  };
}

/** The three scenarios: name and load-child arguments. */
function scenarioArgs(server: { url: string; mqttUrl: string }): [string, string[]][] {
  return [
    [`HTTP NDJSON, ${CONNECTIONS}×${BATCH}-event batches`, ['load-http', server.url, String(SECONDS)]],
    ['HTTP NDJSON paced at 10,000 events/s', ['load-http', server.url, String(SECONDS), '10000']],
    [`MQTT QoS 1, ${MQTT_WINDOW} in flight`, ['load-mqtt', server.mqttUrl, String(SECONDS)]],
  ];
}

/**
 * Runs each scenario against its own server and a fresh store, so one scenario's backlog (a WAL
 * hundreds of MB long after the saturating run, still being checkpointed) does not land in the
 * next one's latencies.
 */
async function runScenarios(
  label: string,
  openStore: (scenario: number) => Promise<OperateStore>,
): Promise<[string, LoadResult][]> {
  const results: [string, LoadResult][] = [];
  const names = scenarioArgs({ url: '', mqttUrl: '' }).map(([name]) => name);
  for (const [i, name] of names.entries()) {
    const store = await openStore(i);
    const server = await serve(store);
    try {
      const [, args] = scenarioArgs(server)[i] as [string, string[]];
      results.push([`${label}: ${name}`, await runChild(args)]);
    } finally {
      await server.close();
      await store.close();
    }
  }
  return results;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'load-http' || mode === 'load-mqtt') {
    const [url = '', seconds = '5', rate] = process.argv.slice(3);
    const cpu = process.cpuUsage();
    const result =
      mode === 'load-http'
        ? await loadHttp(url, Number(seconds), rate === undefined ? undefined : Number(rate))
        : await loadMqtt(url, Number(seconds));
    const used = process.cpuUsage(cpu);
    process.stdout.write(
      JSON.stringify({
        ...result,
        clientCpuPerEvent: (used.user + used.system) / Math.max(1, result.events),
      }),
    );
    return;
  }
  const sample = reading('check', 12_345, Date.UTC(2026, 0, 1));
  if (readingLine('check', 12_345, sample.time) !== JSON.stringify(sample))
    throw new Error('readingLine no longer writes what JSON.stringify(reading(…)) does; make them agree');
  console.log(
    `ingest benchmark: ${SECONDS} s per scenario (ack latencies after the first ${WARMUP_MS} ms), Node ${process.version}, load from a child process on loopback`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-bench-ingest-'));
  try {
    // The ceiling is measured before and after the SQLite scenarios (a shared machine's load drifts); the higher one counts.
    const before = await rawSqlite(join(dir, 'raw-before'));
    reportCeiling('SQLite raw better-sqlite3 insert (ceiling)', before);
    const results = await runScenarios('SQLite', async (i) =>
      openSqliteStore({ dataDir: join(dir, `served-${i}`) }),
    );
    const after = await rawSqlite(join(dir, 'raw-after'));
    reportCeiling('SQLite raw insert again, after the scenarios', after);
    const ceiling = {
      rate: Math.max(before.rate, after.rate),
      cpuPerEvent: Math.min(before.cpuPerEvent, after.cpuPerEvent),
    };
    for (const [name, result] of results) report(name, result, ceiling);

    const schema = `reeflow_bench_${process.pid}`;
    let reachable = true;
    const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
    try {
      await admin.connect();
    } catch {
      reachable = false;
    }
    if (!reachable) console.log(`PostgreSQL at ${POSTGRES_URL} unreachable: skipped`);
    else {
      try {
        const results = await runScenarios('PostgreSQL', (i) =>
          openPostgresStore({ connectionString: POSTGRES_URL, schema: `${schema}_${i}` }),
        );
        for (const [name, result] of results) report(name, result);
      } finally {
        for (let i = 0; i < scenarioArgs({ url: '', mqttUrl: '' }).length; i += 1)
          await admin.query(`DROP SCHEMA IF EXISTS ${schema}_${i} CASCADE`);
        await admin.end();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
