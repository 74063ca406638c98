/**
 * Poison messages (review D1, D3): a value the schema lets through must never crash a later step.
 * An out-of-range time (past the JS date range, ±8.64e15 ms) used to throw a RangeError while the
 * rejection message was built, which killed the server from one MQTT message and made the HTTP
 * batch answer 500 with nothing stored. Now it is a coded per-event rejection on every path; a
 * handler that throws anyway is caught, counted and the message rejected; rejections are kept as
 * dead letters an admin can read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUCKETS,
  createOperateService,
  MAX_EVENT_TONNES,
  MAX_READING,
  MAX_TELEMETRY_TIME,
  TELEMETRY_KINDS,
  MIN_TELEMETRY_TIME,
  validateTelemetry,
  type OperateService,
  type OperateStore,
} from '../../src/monitor/index.js';
import { connectExternalBroker, startEmbeddedBroker } from '../../src/server/mqtt.js';
import { readAlertRules } from '../../src/server/operate.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.js';
import { dropSchema, POSTGRES_URL, postgresReachable, uniqueSchema } from '../store/services.js';
import { run } from '../cli/run.js';
import { bodyOf } from './helpers.js';
import { createOperateApp, FACILITIES, ndjson, NOW, sensor, type OperateApp } from './telemetry-helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const POSTGRES_UP = await postgresReachable();

/** Times past the JS date range, past the schema's range, or not whole milliseconds. */
const POISON_TIMES = [
  8_640_000_000_000_001,
  -8_640_000_000_000_001,
  2 ** 53 - 1,
  -(2 ** 53) + 1,
  8_640_000_000_000_000,
  MAX_TELEMETRY_TIME + 1,
];

async function openApp(): Promise<OperateApp> {
  const app = await createOperateApp();
  cleanups.push(() => app.close());
  return app;
}

async function openOperate(): Promise<{ store: OperateStore; operate: OperateService }> {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-poison-'));
  const store = openSqliteStore({ dataDir: dir });
  const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
  cleanups.push(async () => {
    await operate.drain();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, operate };
}

/** A plain aedes broker on a free port, standing in for an external broker such as Mosquitto. */
async function startPlainBroker(): Promise<string> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    await new Promise<void>((done) => server.close(() => done()));
    await new Promise<void>((done) => broker.close(() => done()));
  });
  return `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function connect(url: string, options: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
  cleanups.push(() => client.endAsync(true));
  return client;
}

const maintenance = (id: string, start: number, end?: number): Record<string, unknown> => ({
  id,
  kind: 'maintenance',
  facility: 'sep-b',
  time: NOW - 60_000,
  asset: 'pump-3',
  type: 'planned',
  start,
  ...(end === undefined ? {} : { end }),
});

describe('poison times', () => {
  it('the schema accepts epoch ms and ISO times from 2000 to the end of year 9999 only, each outside value a coded TELEMETRY_BAD_TIME', () => {
    expect(MIN_TELEMETRY_TIME).toBe(Date.UTC(2000, 0, 1));
    expect(MAX_TELEMETRY_TIME).toBe(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    const options = { now: NOW, maxFutureMs: Number.MAX_SAFE_INTEGER };
    expect(validateTelemetry(sensor('edge', 1, MAX_TELEMETRY_TIME), options).ok).toBe(true);
    expect(validateTelemetry({ ...sensor('iso', 1), time: '9999-12-31T23:59:59.999Z' }, options).ok).toBe(
      true,
    );
    for (const time of [
      ...POISON_TIMES,
      MIN_TELEMETRY_TIME - 1,
      '1999-12-31T23:59:59Z',
      '9999-12-31T23:59:59-01:00',
      '0000-01-01T00:00:00Z',
    ]) {
      const result = validateTelemetry(sensor('x', 1, time as number), options);
      expect(result.ok ? 'accepted' : result.rejection.code, String(time)).toBe('TELEMETRY_BAD_TIME');
    }
  });

  it('an out-of-range time in an NDJSON or JSON batch is a coded rejection and the good events beside it are stored', async () => {
    const { app, store } = await openApp();
    const events = [
      sensor('good-1', 1),
      ...POISON_TIMES.map((time, i) => sensor(`bad-${i}`, 1, time)),
      maintenance('bad-start', 8_640_000_000_000_001),
      maintenance('bad-end', NOW - 120_000, -8_640_000_000_000_001),
      sensor('good-2', 2),
    ];
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(events),
    });
    expect(answer.statusCode).toBe(200);
    const body = bodyOf(answer);
    expect(body).toMatchObject({ received: events.length, accepted: 2, rejected: events.length - 2 });
    const errors = body['errors'] as { index: number; id: string; code: string; message: string }[];
    expect(errors.map((e) => [e.id, e.code])).toEqual(
      events.slice(1, -1).map((e) => [e['id'], 'TELEMETRY_BAD_TIME']),
    );
    expect(errors[0]?.message).toContain('8640000000000001');

    const array = await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([sensor('good-3', 3), sensor('bad-a', 1, 8_640_000_000_000_001)]),
    });
    expect(array.statusCode).toBe(200);
    expect(bodyOf(array)).toMatchObject({
      accepted: 1,
      rejected: 1,
      errors: [{ index: 1, id: 'bad-a', code: 'TELEMETRY_BAD_TIME' }],
    });
    expect([...(await store.telemetry.has(['good-1', 'good-2', 'good-3', 'bad-0', 'bad-a']))].sort()).toEqual(
      ['good-1', 'good-2', 'good-3'],
    );
  });

  it('an out-of-range time over the embedded MQTT broker is a coded rejection, acknowledged, and the broker keeps serving', async () => {
    const { store, operate } = await openOperate();
    const broker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1' });
    cleanups.push(() => broker.close());
    const device = await connect(broker.url);
    const errors: string[] = [];
    await device.subscribeAsync('reeflow-errors/v1/sep-b/#', { qos: 1 });
    device.on('message', (_topic, payload) =>
      errors.push((JSON.parse(payload.toString()) as { code: string }).code),
    );
    for (const time of POISON_TIMES)
      await device.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor(`bad-${time}`, 1, time)), {
        qos: 1,
      });
    await device.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('after', 1)), { qos: 1 });
    expect(await store.telemetry.has(['after'])).toEqual(new Set(['after']));
    await expect.poll(() => errors.length).toBe(POISON_TIMES.length);
    expect(new Set(errors)).toEqual(new Set(['TELEMETRY_BAD_TIME']));
    expect(broker.describe()).toMatchObject({
      messages: POISON_TIMES.length + 1,
      stored: 1,
      rejected: POISON_TIMES.length,
    });
  });

  it('a poison message through the --mqtt bridge is acknowledged and counted once, never delivered again to the persistent session', async () => {
    const url = await startPlainBroker();
    const first = await openOperate();
    const bridge = await connectExternalBroker(first.operate, { url, clientId: 'poison-bridge' });
    const publisher = await connect(url);
    await publisher.publishAsync(
      'reeflow/v1/sep-b/sensor',
      JSON.stringify(sensor('poison', 1, 8_640_000_000_000_001)),
      { qos: 1 },
    );
    await publisher.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('good-1', 1)), { qos: 1 });
    await expect.poll(() => first.store.telemetry.count()).toBe(1);
    expect(bridge.describe()).toMatchObject({ messages: 2, stored: 1, rejected: 1 });
    expect(first.operate.stats.rejectedByCode).toEqual({ TELEMETRY_BAD_TIME: 1 });
    await bridge.close();

    // The same persistent session again: only the message published since arrives.
    await publisher.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('good-2', 2)), { qos: 1 });
    const again = await connectExternalBroker(first.operate, { url, clientId: 'poison-bridge' });
    cleanups.push(() => again.close());
    await expect.poll(() => first.store.telemetry.count()).toBe(2);
    expect(again.describe()).toMatchObject({ messages: 1, stored: 1, rejected: 0 });
  });

  it('an out-of-range time in a CSV row is a coded rejection with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-poison-csv-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'readings.csv');
    writeFileSync(
      file,
      [
        'id,kind,facility,time,asset,tag,value,unit',
        `c1,sensor,baotou-separation,${Date.UTC(2026, 2, 1)},p,t,1,u`,
        'c2,sensor,baotou-separation,8640000000000001,p,t,1,u',
        'c3,sensor,baotou-separation,99999999999999999999,p,t,1,u',
        `c4,sensor,baotou-separation,${Date.UTC(2026, 2, 1, 1)},p,t,1,u`,
      ].join('\n'),
    );
    const result = await run(['ingest', file, '--data-dir', join(dir, 'store'), '--model', 'data/two-base']);
    expect(result.stdout).toContain('4 events read, 2 stored, 0 already stored, 2 rejected');
    expect(result.stderr).toContain('readings.csv:3: TELEMETRY_BAD_TIME (c2)');
    expect(result.stderr).toContain('readings.csv:4: TELEMETRY_BAD_TIME (c3)');
    expect(result.code).toBe(1);
  });

  it('a CSV file broken mid-way (an unclosed quote) is a coded INGEST_BAD_CSV naming its line, and the rows before it are stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-poison-csv-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'broken.csv');
    writeFileSync(
      file,
      [
        'id,kind,facility,time,asset,tag,value,unit',
        `c1,sensor,baotou-separation,${Date.UTC(2026, 2, 1)},p,t,1,u`,
        '"c2,sensor,baotou-separation',
        '',
      ].join('\n'),
    );
    const dataDir = join(dir, 'store');
    const result = await run(['ingest', file, '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`INGEST_BAD_CSV: ${file}:3: Quote Not Closed`);
    const store = openSqliteStore({ dataDir });
    expect(await store.telemetry.has(['c1'])).toEqual(new Set(['c1']));
    await store.close();
  });

  it('a handler that throws on the embedded broker or the bridge rejects that message as TELEMETRY_INTERNAL, acknowledged, and the next one is stored', async () => {
    const { store, operate } = await openOperate();
    // A fault planted in the handler's path: parsing a payload that says "explode" throws.
    const faulty: OperateService = Object.create(operate) as OperateService;
    Object.defineProperty(faulty, 'parseText', {
      value: (text: string) => {
        if (text.includes('explode')) throw new Error('planted handler fault');
        return operate.parseText(text);
      },
    });
    const broker = await startEmbeddedBroker(faulty, { port: 0, host: '127.0.0.1' });
    cleanups.push(() => broker.close());
    const device = await connect(broker.url);
    await device.publishAsync(
      'reeflow/v1/sep-b/sensor',
      JSON.stringify({ ...sensor('boom-1', 1), source: 'explode' }),
      { qos: 1 },
    );
    await device.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('fine-1', 1)), { qos: 1 });
    expect(await store.telemetry.has(['boom-1', 'fine-1'])).toEqual(new Set(['fine-1']));
    expect(broker.describe()).toMatchObject({ messages: 2, stored: 1, rejected: 1 });

    const url = await startPlainBroker();
    const bridge = await connectExternalBroker(faulty, { url, clientId: 'faulty-bridge' });
    cleanups.push(() => bridge.close());
    const publisher = await connect(url);
    await publisher.publishAsync(
      'reeflow/v1/sep-b/sensor',
      JSON.stringify({ ...sensor('boom-2', 1), source: 'explode' }),
      { qos: 1 },
    );
    await publisher.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('fine-2', 1)), { qos: 1 });
    await expect.poll(() => store.telemetry.has(['fine-2'])).toEqual(new Set(['fine-2']));
    expect(bridge.describe()).toMatchObject({ messages: 2, stored: 1, rejected: 1 });
    expect(operate.stats.rejectedByCode).toEqual({ TELEMETRY_INTERNAL: 2 });
    expect(operate.deadLetters().letters.map((l) => [l.transport, l.where, l.code])).toEqual([
      ['mqtt', 'reeflow/v1/sep-b/sensor', 'TELEMETRY_INTERNAL'],
      ['mqtt', 'reeflow/v1/sep-b/sensor', 'TELEMETRY_INTERNAL'],
    ]);
  });
});

describe('empty bodies', () => {
  it('an empty POST /v1/telemetry, with or without a content type, is answered with counts or a coded 415, never a 500', async () => {
    const { app } = await openApp();
    const answers = [];
    for (const headers of [
      {},
      { 'content-type': 'application/json' },
      { 'content-type': 'application/x-ndjson' },
      { 'content-type': 'application/xml' },
    ]) {
      const answer = await app.inject({
        method: 'POST',
        url: '/v1/telemetry',
        headers,
        payload: Buffer.alloc(0),
      });
      answers.push([answer.statusCode, bodyOf(answer)['code'] ?? bodyOf(answer)['received']]);
    }
    expect(answers).toEqual([
      [200, 0],
      [200, 0],
      [200, 0],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
    ]);
  });
});

describe('dead letters', () => {
  it('GET /v1/telemetry/rejections shows the counters by code and the newest rejected payloads, bounded and truncated', async () => {
    const { app } = await openApp();
    const bad = Array.from({ length: 150 }, (_, i) => sensor(`bad-${i}`, 1, 8_640_000_000_000_001));
    await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson([
        sensor('good', 1),
        ...bad,
        '{"id": "cut',
        JSON.stringify({ ...sensor('long', 1), source: 'x'.repeat(2000) }),
      ]),
    });
    const answer = await app.inject({ method: 'GET', url: '/v1/telemetry/rejections' });
    expect(answer.statusCode).toBe(200);
    const body = bodyOf(answer) as {
      rejected: number;
      rejectedByCode: Record<string, number>;
      limit: number;
      recent: {
        where: string;
        code: string;
        id?: string;
        payload: string;
        truncated: boolean;
        transport: string;
      }[];
    };
    expect(body.rejected).toBe(152);
    expect(body.rejectedByCode).toEqual({
      TELEMETRY_BAD_TIME: 150,
      TELEMETRY_MALFORMED_JSON: 1,
      TELEMETRY_INVALID: 1,
    });
    expect(body.limit).toBe(100);
    expect(body.recent).toHaveLength(100);
    const [newest, second, third] = body.recent;
    expect(newest).toMatchObject({
      transport: 'http',
      where: 'POST /v1/telemetry [152]',
      code: 'TELEMETRY_INVALID',
      id: 'long',
      truncated: true,
    });
    expect(newest?.payload).toHaveLength(512);
    expect(second).toMatchObject({
      where: 'POST /v1/telemetry [151]',
      code: 'TELEMETRY_MALFORMED_JSON',
      payload: '{"id": "cut',
      truncated: false,
    });
    expect(third).toMatchObject({
      where: 'POST /v1/telemetry [150]',
      code: 'TELEMETRY_BAD_TIME',
      id: 'bad-149',
      payload: JSON.stringify(bad[149]),
    });
    expect(body.recent.at(-1)).toMatchObject({ id: 'bad-52' });
  });
});

/**
 * Events at every edge the schema allows go through the whole pipeline of a store: parsed, stored,
 * folded into the live state, judged by the default rules, aggregated. Nothing may throw (over
 * MQTT, a batch the store refuses is never acknowledged, so it would come back forever).
 */
async function ingestEdgeValues(store: OperateStore, numRuns: number): Promise<void> {
  const { rules } = await readAlertRules(mkdtempSync(join(tmpdir(), 'reeflow-edges-rules-')));
  // The clock at the end of year 9999, so every time the schema takes is in the past.
  const now = MAX_TELEMETRY_TIME;
  const operate = createOperateService({ store, clock: () => now, facilities: FACILITIES, rules });
  const time = fc.constantFrom(
    MIN_TELEMETRY_TIME,
    MIN_TELEMETRY_TIME + 1,
    NOW,
    MAX_TELEMETRY_TIME - 1,
    MAX_TELEMETRY_TIME,
    '2000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '2026-03-10T00:00:00-23:59',
  );
  // At and past the largest tonnes and readings (past them: refused, as a sum of them would overflow in PostgreSQL).
  const amount = fc.constantFrom(
    0,
    -0,
    5e-324,
    1,
    MAX_EVENT_TONNES,
    MAX_EVENT_TONNES * 1.5,
    1.7976931348623157e308,
  );
  const reading = fc.constantFrom(
    0,
    -0,
    5e-324,
    MAX_READING,
    -MAX_READING,
    Number.MAX_SAFE_INTEGER,
    -1.7976931348623157e308,
  );
  const name = fc.constantFrom(
    'p',
    'x'.repeat(128),
    '稀土-😀',
    '__proto__',
    'constructor',
    'toString',
    'a|b',
    'NaN',
  );
  // Some of these the schema refuses (control characters, a lone surrogate): they must be refused, not stored half-way.
  const text = fc.constantFrom(
    'u',
    'y'.repeat(256),
    '"quoted" \\ nul\u0000',
    'tab\tand\nnewline',
    '😀',
    '__proto__',
    'lone\ud800',
  );
  const id = fc.string({ minLength: 1, maxLength: 8 });
  const facility = fc.constantFrom(...FACILITIES);
  const event = fc.oneof(
    fc.record({
      id,
      kind: fc.constant('production'),
      facility,
      time,
      process: name,
      material: name,
      tonnes: amount,
      inputs: fc.dictionary(fc.oneof(name, text), amount, { maxKeys: 3 }),
    }),
    fc.record({ id, kind: fc.constant('inventory'), facility, time, material: name, tonnes: amount }),
    fc.record({
      id,
      kind: fc.constant('shipment'),
      facility,
      time,
      shipment: name,
      status: fc.constantFrom('departed', 'arrived'),
      from: name,
      to: name,
      material: name,
      tonnes: amount,
      route: text,
    }),
    fc.record({
      id,
      kind: fc.constant('assay'),
      facility,
      time,
      lot: name,
      material: name,
      analyte: text,
      value: reading,
      unit: text,
      method: text,
    }),
    fc.record({
      id,
      kind: fc.constant('sensor'),
      facility,
      time,
      asset: name,
      tag: text,
      value: reading,
      unit: text,
      process: name,
      source: text,
    }),
    fc
      .record({
        id,
        kind: fc.constant('maintenance'),
        facility,
        time,
        asset: name,
        type: fc.constantFrom('planned', 'unplanned', 'inspection'),
        start: time,
        process: name,
        availability: fc.constantFrom(0, 1, 0.5, -0),
      })
      .chain((m) =>
        fc
          .constantFrom(undefined, m.start, MAX_TELEMETRY_TIME)
          .map((end) =>
            end === undefined || (typeof end === 'number' && typeof m.start === 'number' && end < m.start)
              ? m
              : { ...m, end },
          ),
      ),
  );
  let accepted = 0;
  let serial = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), async (raws) => {
      const events = raws.flatMap((raw) => {
        serial += 1;
        const result = operate.parseText(JSON.stringify({ ...raw, id: `e${serial}-${raw.id}` }));
        return result.ok ? [result.event] : [];
      });
      accepted += events.length;
      await operate.ingest(events);
      await operate.evaluate();
      JSON.stringify(operate.live.snapshot(now));
    }),
    { numRuns, seed: 31 },
  );
  await operate.drain();
  for (const bucket of Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]) {
    for (const kind of TELEMETRY_KINDS)
      await store.telemetry.aggregate({
        kind,
        bucket,
        from: MAX_TELEMETRY_TIME - 86_400_000,
        to: MAX_TELEMETRY_TIME + 1,
      });
  }
  expect(accepted).toBeGreaterThan(numRuns);
  expect(await store.telemetry.count()).toBe(accepted);
}

describe('values at the edges of the schema', () => {
  it('every event the schema accepts goes through SQLite, the live state, the rules and the aggregates without a throw', async () => {
    const { store } = await openOperate();
    await ingestEdgeValues(store, 300);
  });

  it.skipIf(!POSTGRES_UP)(
    'every event the schema accepts is stored by PostgreSQL (a NUL in a label was refused by the store, so the batch failed forever)',
    async () => {
      const schema = uniqueSchema('reeflow_edges');
      const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
      cleanups.push(async () => {
        await store.close();
        await dropSchema(schema);
      });
      await ingestEdgeValues(store, 100);
    },
  );
});
